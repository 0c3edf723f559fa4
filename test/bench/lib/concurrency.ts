/**
 * Many executions at once on one account: (e) 1, 10, 20 and 50 executions started together in
 * one n8n process, and (f) bursts of webhook executions in n8n queue mode with 2 and 4 workers
 * (Redis and PostgreSQL, test/lab/queueMode.ts). Each execution exempts 40 devices in 4 requests
 * (Batch Size 10). Rows: requests, 429s, failed items, and the burst's time against the floor
 * (the windows the limit imposes on all the burst's requests, plus n8n's own part).
 */
import { randomUUID } from 'node:crypto';

import {
	N8nHome,
	nodeOutput,
	queueEnv,
	sleep,
	startQueueDeployment,
	startQueueServices,
	type CredentialImport,
	type N8nServer,
} from '../../lab';
import type { Workflow as BuiltWorkflow } from '../../../examples/builder';
import type { RateRule } from './floor';
import type { Row } from './types';
import { NODE, packagePerformAction, type Workflow } from './workflows';

export const DEVICES_PER_EXECUTION = 40;
export const BATCH_SIZE = 10;
const REQUESTS_PER_EXECUTION = DEVICES_PER_EXECUTION / BATCH_SIZE;

export function concurrencyWorkflow(
	hwids: readonly string[],
	credential: { id: string; name: string },
): Workflow {
	return packagePerformAction(
		'bench (e): one of many executions at once, 40 devices',
		hwids.slice(0, DEVICES_PER_EXECUTION),
		credential,
		BATCH_SIZE,
	);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Execution = any;

/** What a burst of executions did, from their data and the simulator's log. */
function burstRow(
	group: 'e' | 'f',
	label: string,
	short: string,
	executions: Execution[],
	expected: number,
	log: { requests: Array<{ status: number | null; time: string }> },
	rule: RateRule,
	n8nMs: number,
): Row {
	const requests = log.requests.length;
	const rateLimited = log.requests.filter((request) => request.status === 429).length;
	let failedItems = expected * DEVICES_PER_EXECUTION;
	const problems: string[] = [];
	const notes: string[] = [];
	const finished = executions.filter((execution) => execution?.status === 'success');
	if (finished.length !== expected)
		problems.push(`${expected - finished.length} of ${expected} executions did not succeed`);
	failedItems -= finished
		.map(
			(execution) =>
				nodeOutput(execution, NODE.package).filter(
					(item) => item.json.success !== undefined && !item.json.error,
				).length,
		)
		.reduce((sum, count) => sum + count, 0);
	const started = Math.min(...executions.map((execution) => Date.parse(execution?.startedAt)));
	const stopped = Math.max(...executions.map((execution) => Date.parse(execution?.stoppedAt)));
	const floorRequests = expected * REQUESTS_PER_EXECUTION;
	const windows = Math.ceil(floorRequests / rule.limit) - 1;
	if (rateLimited > 0)
		notes.push(
			`${rateLimited} × 429 (${(rateLimited / Math.max(1, requests - rateLimited)).toFixed(2)} per accepted request), waited out`,
		);
	return {
		group,
		workload: label,
		short,
		way: 'package',
		wayLabel: 'package, Batch Size 10',
		devices: expected * DEVICES_PER_EXECUTION,
		requests,
		rateLimited,
		failedItems,
		wallMs: stopped - started,
		floorRequests,
		floorMs: n8nMs + windows * rule.windowMs,
		floorDetail: `n8n ${n8nMs.toFixed(0)} ms + ${windows} × ${rule.windowMs / 1000} s`,
		floorN8nMs: n8nMs,
		status: finished.length === expected ? 'success' : 'error',
		problems,
		notes,
		// Several executions share the account: left out of the single-execution targets.
		shared: true,
	};
}

/** (e) `executions` manual runs of the workflow started at once in one n8n process. */
export async function runInOneProcess(
	server: N8nServer,
	workflowId: string,
	executions: number,
	readLog: () => { requests: Array<{ status: number | null; time: string }> },
	rule: RateRule,
	n8nMs: number,
): Promise<Row> {
	const runs = await Promise.all(
		Array.from(
			{ length: executions },
			async () => await server.runManually(workflowId).catch(() => undefined),
		),
	);
	return burstRow(
		'e',
		`(e) ${executions} executions at once, one process`,
		`1P×${executions}`,
		runs,
		executions,
		readLog(),
		rule,
		n8nMs,
	);
}

const WEBHOOK_PATH = 'metaaccess-bench-burst';

function webhookWorkflow(
	hwids: readonly string[],
	credential: { id: string; name: string },
): BuiltWorkflow {
	const base = packagePerformAction(
		'bench (f): queue-mode burst',
		hwids.slice(0, DEVICES_PER_EXECUTION),
		credential,
		BATCH_SIZE,
	);
	const webhook = {
		id: randomUUID(),
		webhookId: randomUUID(),
		name: NODE.start,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0] as [number, number],
		parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
	};
	return {
		...base,
		id: 'opswatBenchQueueBurst',
		nodes: base.nodes.map((node) => (node.name === NODE.start ? webhook : node)),
		meta: {},
		tags: [],
	} as unknown as BuiltWorkflow;
}

/**
 * (f) A burst of `executions` webhook calls to n8n in queue mode with `workers` workers (n8n's
 * default concurrency of 10 each), on its own Redis and PostgreSQL.
 */
export async function runQueueBursts(
	options: {
		workerCounts: number[];
		executions: number;
		credential: CredentialImport;
		hwids: readonly string[];
		rule: RateRule;
		n8nMs: number;
		resetSimulator: () => void;
		readLog: () => { requests: Array<{ status: number | null; time: string }> };
		log: (line: string) => void;
	},
	runtime: 'oldest' | 'newest',
): Promise<Row[]> {
	const rows: Row[] = [];
	// One Redis, one PostgreSQL and one user folder for every deployment (main and its workers).
	const services = await startQueueServices(options.log);
	const home = await N8nHome.create('bench-queue', { runtime, log: options.log });
	try {
		home.useEnvironment(queueEnv(services));
		await home.importCredential(options.credential);
		const workflowId = await home.importWorkflow(
			webhookWorkflow(options.hwids, options.credential),
		);
		for (const workers of options.workerCounts) {
			const deployment = await startQueueDeployment(home, services, workers, options.log);
			try {
				await deployment.main.activate(workflowId);
				const earlier = new Set<string>(
					(await deployment.main.executions(workflowId)).map(
						(execution: { id: string }) => execution.id,
					),
				);
				options.resetSimulator();
				await sleep(options.rule.windowMs + 200);
				await Promise.all(
					Array.from(
						{ length: options.executions },
						async () =>
							await fetch(`${deployment.main.url}/webhook/${WEBHOOK_PATH}`, {
								method: 'POST',
								body: '{}',
								headers: { 'content-type': 'application/json' },
							}),
					),
				);
				const deadline = Date.now() + 10 * 60_000;
				let summaries: Array<{ id: string; status: string; stoppedAt?: string }> = [];
				while (Date.now() < deadline) {
					summaries = (await deployment.main.executions(workflowId)).filter(
						(execution: { id: string; stoppedAt?: string; status: string }) =>
							!earlier.has(execution.id) &&
							execution.stoppedAt &&
							!['new', 'running', 'waiting'].includes(execution.status),
					);
					if (summaries.length >= options.executions) break;
					await sleep(500);
				}
				const executions = await Promise.all(
					summaries.map(async (summary) => await deployment.main.execution(summary.id)),
				);
				rows.push(
					burstRow(
						'f',
						`(f) ${options.executions} webhook executions at once, queue mode, ${workers} workers`,
						`Q${workers}×${options.executions}`,
						executions,
						options.executions,
						options.readLog(),
						options.rule,
						options.n8nMs,
					),
				);
			} finally {
				// The next deployment activates it afresh.
				await deployment.main.deactivate(workflowId).catch(() => undefined);
				await deployment.stop();
			}
		}
	} finally {
		await home.dispose();
		await services.stop();
	}
	return rows;
}
