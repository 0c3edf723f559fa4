/**
 * `npm run bench`: this package against n8n's HTTP Request node, in a real n8n (the newest supported,
 * 2.41.3 on Node 24, unless `npm run bench -- --n8n oldest` asks for 2.8.4) against the
 * project's MetaAccess simulator, with the rate-limit window shortened (10 requests per 2 s by
 * default) and the credential's Requests per Minute set to match. Prints a table as it goes,
 * writes test/bench/RESULTS.md and test/bench/chart.svg, and exits non-zero when a correctness check of the
 * package fails (items missing, wrong device results, trigger events lost or duplicated). A missed
 * performance target is reported, not failed.
 *
 * Environment (optional): BENCH_WINDOW_MS (default 2000), BENCH_SKIP_PACED=1 (leave out the
 * "requests spaced" HTTP Request rows, the longest part), BENCH_BUDGET_MINUTES (default 35: later
 * optional parts are skipped rather than overrun it), BENCH_ONLY=a-10,b-50,d,d-hours,d-webhook,diff,virtual
 * (development: run only those parts; the results files are still written; d-hours, the trigger over
 * hours in virtual time, and d-webhook, the webhook trigger in n8n, also run with d).
 */
import './lib/preferTs';
import { BENCH_ARGS, BENCH_RUNTIME, inProcessN8nCoreVersion } from './lib/n8nLine';

import os from 'node:os';

import { installCleanup, SimFixture, stopAllChildren } from '../lab';
import { runBursts } from './lib/bursts';
import { pacedEstimateMs } from './lib/cases';
import type { Floor } from './lib/case';
import { runAside } from './lib/aside';
import type { Case } from './lib/case';
import type { DiffCostResult } from './lib/diffCost';
import { MINUTE_MS, type FleetHoursResult } from './lib/fleetHours';
import { fleetHoursProblems, formatDelay, type WebhookResult } from './lib/fleetHoursReport';
import { scanRequestFloor, type RateRule } from './lib/floor';
import { report } from './lib/report';
import { tableCells } from './lib/results';
import {
	BUDGET_MS,
	LIMIT,
	REQUESTS_PER_MINUTE,
	settings,
	SKIP_PACED,
	SPEED_UP,
	TRIGGER_DEVICES,
	WEBHOOK_PUSHES,
	wanted,
	WINDOW_MS,
} from './lib/settings';
import { prepareN8n, type BenchN8n } from './lib/setup';
import { runTriggerWorkload, type TriggerWorkload } from './lib/triggerWorkload';
import { PACKAGE_WAYS, type MachineInfo, type Row } from './lib/types';
import { pushDirect, runWebhookPushes } from './lib/webhookPush';
import { HTTP_REQUEST_VERSION } from './lib/workflows';
import { measureCase } from './lib/workloads';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const log = (line: string) => console.log(`[bench ${elapsed()}] ${line}`);

function machineInfo(): MachineInfo {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		ramGb: os.totalmem() / 1024 ** 3,
		node: process.version,
		os: `${os.type()} ${os.release()} (${os.arch()})`,
		n8n: 'unknown (not started yet)',
		n8nCore: inProcessN8nCoreVersion(),
		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
	};
}

function printRow(row: Row) {
	const cells = tableCells(row);
	log(
		`  → ${cells[1]}: ${cells[2]} requests, ${cells[3]} × 429, failed ${cells[4]}, wall ${cells[5]} (node ${cells[6]}), ` +
			`floor ${cells[7]} req / ${cells[8]}, ratios ${cells[9]} / ${cells[10]}${row.problems.length ? `  PROBLEMS: ${row.problems.join('; ')}` : ''}`,
	);
}

/** Inside the trigger: what a complete scan of 100,000 devices costs the trigger node (process CPU time, so measured aside). */
async function diffCost(
	aside: Promise<DiffCostResult>,
	problems: string[],
): Promise<DiffCostResult> {
	const diff = await aside;
	problems.push(...diff.problems);
	log(
		`Inside the trigger, a complete scan of 100,000 devices: CPU median ${diff.medianCpuMs.toFixed(1)} ms (${diff.cpuMs.map((v) => v.toFixed(0)).join(', ')}), heap growth median ${diff.medianHeapGrowthMb.toFixed(1)} MB; ` +
			`static data ${diff.stateBytes.map((entry) => `${entry.bytesPerDevice.toFixed(1)} B/device at ${entry.devices}`).join(', ')}`,
	);
	return diff;
}

/** (d) the webhook way: changes pushed, as MetaAccess pushes them, to the webhook trigger in n8n. */
async function webhookPushes(bench: BenchN8n, rule: RateRule): Promise<WebhookResult> {
	log(
		`(d) webhook: ${WEBHOOK_PUSHES} changes pushed, as MetaAccess pushes them, to the webhook trigger in n8n`,
	);
	bench.context.fixture.shape({ devices: TRIGGER_DEVICES, rateLimit: rule });
	const webhook = await runWebhookPushes({
		server: bench.server,
		fixture: bench.context.fixture,
		workflowId: bench.webhook!.workflowId,
		setup: bench.webhook!.setup,
		devices: TRIGGER_DEVICES,
		pushes: WEBHOOK_PUSHES,
		push: pushDirect,
		log,
	});
	log(
		`  → webhook: ${webhook.pushes} pushes, ${webhook.executions} executions, ${webhook.apiRequests} API requests, ` +
			`push → start median ${formatDelay(webhook.medianDelayMs)}, worst ${formatDelay(webhook.worstDelayMs)}; wrong key: ${webhook.wrongKeyStatus}, ${webhook.wrongKeyExecutions} executions`,
	);
	return webhook;
}

async function main(): Promise<number> {
	const machine = machineInfo();
	const rule: RateRule = { limit: LIMIT, windowMs: WINDOW_MS };
	const problems: string[] = [];
	const skipped: string[] = [];
	const rows: Row[] = [];
	let fixture: SimFixture | undefined;
	let bench: BenchN8n | undefined;
	installCleanup(async () => {
		await stopAllChildren(5000);
		await fixture?.close();
	});

	if (BENCH_ARGS.length > 0)
		throw new Error(
			`Unknown option ${BENCH_ARGS[0]}. Options: --n8n oldest|newest (settings go in environment variables: see test/bench/run.ts)`,
		);
	log(
		`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb.toFixed(1)} GB, Node ${machine.node}; the ${BENCH_RUNTIME} n8n (n8n-core ${machine.n8nCore} in this process)`,
	);
	log(
		`Rate limit: ${LIMIT} requests per ${WINDOW_MS / 1000} s window (the real 60 s, ${SPEED_UP}× faster); credential Requests per Minute ${REQUESTS_PER_MINUTE}; ` +
			`HTTP Request node v${HTTP_REQUEST_VERSION}, Retry On Fail: ${settings.retry.maxTries} tries, ${settings.retry.waitBetweenTriesMs} ms apart (5 s real)`,
	);

	let diff: DiffCostResult | undefined;
	let triggerFixture: SimFixture | undefined;
	try {
		// Measured in a process of its own (CPU time), beside n8n's setup.
		const diffAside = wanted('diff') ? runAside('diff') : undefined;
		fixture = await SimFixture.start(TRIGGER_DEVICES);
		log(`Simulator at ${fixture.url}`);
		bench = await prepareN8n(fixture, rule, log);
		machine.n8n = bench.home.runtime.label;
		if (diffAside) diff = await diffCost(diffAside, problems);
		const floors = new Map<string, Floor>();
		const measure = async (kase: Case) => {
			log(`${kase.workload} — ${kase.wayLabel}`);
			const row = await measureCase(bench!.context, kase, floors);
			rows.push(row);
			printRow(row);
			if (PACKAGE_WAYS.includes(row.way))
				problems.push(
					...row.problems.map((problem) => `${row.workload} [${row.wayLabel}]: ${problem}`),
				);
		};

		// (a)–(c), this package and the HTTP Request node, alone: short runs feel a busy machine.
		for (const kase of bench.cases.filter((c) => c.way !== 'httpPaced')) await measure(kase);

		// Side by side, parts that mostly wait or do not depend on the machine: the careful user's
		// spaced HTTP Request (within the time budget); (d) the trigger, on a simulator of its own;
		// (d) over hours, full scan and delta in virtual time, in a process of its own; the workloads
		// in virtual time (Filters, the compliance report, the Log Trigger's day) in another.
		const hoursAside = wanted('d') || wanted('d-hours') ? runAside('hours') : Promise.resolve([]);
		const virtualAside = wanted('virtual') ? runAside('virtual') : Promise.resolve([]);
		const paced = async () => {
			for (const kase of bench!.cases.filter((c) => c.way === 'httpPaced')) {
				const estimate = pacedEstimateMs(kase);
				if (SKIP_PACED) {
					skipped.push(`${kase.workload} [${kase.wayLabel}] (BENCH_SKIP_PACED=1)`);
					continue;
				}
				if (Date.now() - started + estimate > BUDGET_MS) {
					skipped.push(
						`${kase.workload} [${kase.wayLabel}] (about ${Math.round(estimate / 1000)} s, over the time budget)`,
					);
					log(
						`Skipping ${kase.workload} [${kase.wayLabel}]: about ${Math.round(estimate / 1000)} s would overrun the budget`,
					);
					continue;
				}
				kase.timeoutMs = estimate * 2 + 60_000;
				await measure(kase);
			}
		};
		const triggerPart = async (): Promise<TriggerWorkload> => {
			const notMeasured = {
				requests: scanRequestFloor(TRIGGER_DEVICES),
				ms: NaN,
				detail: 'not measured',
			};
			if (!wanted('d')) return { runs: [], rows: [], floor: notMeasured };
			triggerFixture = await SimFixture.start(TRIGGER_DEVICES);
			const workload = await runTriggerWorkload(triggerFixture, rule, log);
			for (const run of workload.runs) problems.push(...run.problems);
			workload.rows.forEach(printRow);
			return workload;
		};
		const [trigger] = await Promise.all([triggerPart(), paced()]);
		const hours: FleetHoursResult[] = await hoursAside;
		const virtual = await virtualAside;
		for (const section of virtual) problems.push(...section.problems);

		// (d) the webhook way, and (e), (f): many executions at once on one account, in one process
		// and in queue mode (alone again: they measure delays and bursts).
		const webhook = bench.webhook ? await webhookPushes(bench, rule) : undefined;
		problems.push(...fleetHoursProblems(hours, webhook, MINUTE_MS));
		const bursts = await runBursts(bench, rule, floors.get('a-10')?.n8nMs ?? 0, printRow);
		for (const row of bursts)
			problems.push(...row.problems.map((problem) => `${row.workload}: ${problem}`));

		await report(
			{
				machine,
				rows,
				trigger,
				hours,
				webhook,
				virtual,
				bursts,
				diff,
				skipped,
				problems,
				runSeconds: (Date.now() - started) / 1000,
			},
			log,
		);
	} catch (error) {
		problems.push(
			`the benchmark could not run to its end: ${(error as Error).stack ?? String(error)}`,
		);
	} finally {
		await stopAllChildren(5000);
		await bench?.home.dispose().catch(() => undefined);
		await fixture?.close().catch(() => undefined);
		await triggerFixture?.close().catch(() => undefined);
	}
	if (problems.length) {
		console.error('\nCorrectness checks FAILED:');
		for (const problem of problems) console.error(`  - ${problem}`);
		return 1;
	}
	log('All correctness checks passed.');
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
