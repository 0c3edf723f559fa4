/**
 * (f) Bursts of webhook executions on one account in n8n queue mode (Redis, PostgreSQL, n8n main
 * and 4 workers at n8n's default concurrency of 10; test/lab/queueBurst.ts), each execution
 * exempting its own 40 devices in 4 requests: bursts of 20 and 40 with 4 workers, then with 2 (two
 * stopped), then 20 with one worker left busy, each with and without X-RateLimit headers. One
 * deployment throughout: the workers keep what they learned, as long-running workers do.
 *
 * Correctness checks of every row (a failure fails the benchmark): no execution failed, no item
 * lost, every worker that took executions had every request accepted in the end. The share
 * targets (429s per accepted request, time against the floor; `SHARE_TARGETS` per mode) and no
 * worker refused for over one and a half windows at a stretch are figures: each row says whether
 * it met them (they measure timing, which a loaded machine changes).
 */
import {
	N8nHome,
	queueEnv,
	sleep,
	startQueueDeployment,
	startQueueServices,
	type CredentialImport,
	type SimFixture,
} from '../../lab';
import { BURST_DEVICES, burstWorkflow, runBurst, type BurstOutcome } from '../../lab/queueBurst';
import type { RateRule } from './floor';
import type { Row } from './types';

/** What each row aims at: at most `rejected` 429s per accepted request, within `time`× the floor. */
export const SHARE_TARGETS = {
	headers: { rejected: 0.05, time: 1.15 },
	noHeaders: { rejected: 0.12, time: 1.45 },
};
const BURSTS = [20, 40];
const FLEET = Math.max(...BURSTS) * BURST_DEVICES;

function shareRow(outcome: BurstOutcome, workers: number, headers: boolean, rule: RateRule): Row {
	const targets = headers ? SHARE_TARGETS.headers : SHARE_TARGETS.noHeaders;
	const perAccepted = outcome.rejected / Math.max(1, outcome.accepted);
	const problems: string[] = [];
	if (outcome.failed > 0) problems.push(`${outcome.failed} executions did not succeed`);
	if (outcome.lostItems > 0) problems.push(`${outcome.lostItems} devices without their result`);
	const timeRatio = outcome.spanMs / outcome.floorMs;
	const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
	const busy = outcome.workers.filter((share) => share.executions > 0);
	const longestRefusedMs = Math.max(0, ...busy.map((share) => share.longestRefusedMs));
	const targetNote = `targets: ≤ ${targets.rejected} rejected per accepted ${met(perAccepted <= targets.rejected)}, ≤ ${targets.time}× the floor ${met(timeRatio <= targets.time)} (${timeRatio.toFixed(2)}×), no worker refused for over 1.5 windows at a stretch ${met(longestRefusedMs <= 1.5 * rule.windowMs)} (${(longestRefusedMs / 1000).toFixed(1)} s)`;
	outcome.workers.forEach((share, w) => {
		if (share.executions > 0 && share.accepted !== share.executions * 4)
			problems.push(
				`worker ${w + 1} not served: ${share.accepted} of ${share.executions * 4} accepted, refused for ${share.longestRefusedMs} ms at a stretch`,
			);
	});
	const windows = Math.ceil(outcome.accepted / rule.limit) - 1;
	const mode = headers ? 'with X-RateLimit headers' : 'without headers';
	return {
		group: 'f',
		workload: `(f) ${outcome.executions} webhook executions at once, queue mode, ${workers === 1 ? '1 busy worker of 4' : `${workers} workers`}, ${mode}`,
		short: `Q${workers}×${outcome.executions}${headers ? '' : '-'}`,
		way: 'package',
		wayLabel: 'package, Batch Size 10',
		devices: outcome.executions * BURST_DEVICES,
		requests: outcome.accepted + outcome.rejected,
		rateLimited: outcome.rejected,
		failedItems: outcome.lostItems,
		wallMs: outcome.spanMs,
		floorRequests: outcome.executions * 4,
		floorMs: outcome.floorMs,
		floorDetail: `${windows} × ${rule.windowMs / 1000} s (first request to last)`,
		status: outcome.failed === 0 ? 'success' : 'error',
		problems,
		notes: [
			`${outcome.rejected} × 429 (${perAccepted.toFixed(3)} per accepted request); per worker: ${outcome.workers
				.filter((share) => share.executions > 0)
				.map((share) => `${share.executions} executions, ${share.rejected} × 429`)
				.join('; ')}`,
			targetNote,
		],
		// Several executions share the account: left out of the single-execution targets.
		shared: true,
	};
}

/** The (f) rows on the newest n8n, one deployment of 4 workers, then 2, then 1. */
export async function runQueueShareRows(options: {
	credential: CredentialImport;
	fixture: SimFixture;
	rule: RateRule;
	runtime: 'oldest' | 'newest';
	log: (line: string) => void;
}): Promise<Row[]> {
	const { fixture, rule, log } = options;
	const rows: Row[] = [];
	const services = await startQueueServices(log);
	const home = await N8nHome.create('bench-queue', { runtime: options.runtime, log });
	let deployment: Awaited<ReturnType<typeof startQueueDeployment>> | undefined;
	try {
		home.useEnvironment(queueEnv(services));
		await home.importCredential(options.credential);
		// Max Wait on Rate Limit: the default 120 s, scaled with the window.
		const workflowId = await home.importWorkflow(
			burstWorkflow(options.credential, {
				maxWaitOnRateLimit: Math.max(1, Math.round((120 * rule.windowMs) / 60_000)),
			}),
		);
		deployment = await startQueueDeployment(home, services, 4, log);
		await deployment.main.activate(workflowId);
		const seen = new Set<string>();
		for (const [workers, bursts] of [
			[4, BURSTS],
			[2, BURSTS],
			[1, [BURSTS[0]]],
		] as const) {
			// Workers stopped while idle: the others carry on with what they learned.
			while (deployment.workers.filter((worker) => worker.running).length > workers)
				await deployment.workers
					.filter((worker) => worker.running)
					.at(-1)!
					.stop('SIGTERM', 20_000);
			for (const executions of bursts)
				for (const headers of [true, false]) {
					const shape = { devices: FLEET, rateLimit: { ...rule, headers } };
					fixture.shape(shape);
					await sleep(rule.windowMs + 200);
					fixture.shape(shape);
					const outcome = await runBurst(deployment, fixture, {
						workflowId,
						executions,
						rule,
						seen,
					});
					const row = shareRow(outcome, workers, headers, rule);
					log(
						`  ${row.workload}: ${row.notes[0]}; ${(outcome.spanMs / 1000).toFixed(1)} s, floor ${outcome.floorMs / 1000} s`,
					);
					rows.push(row);
				}
		}
	} finally {
		await deployment?.stop();
		await home.dispose();
		await services.stop();
	}
	return rows;
}
