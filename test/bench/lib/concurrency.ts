/**
 * Many executions at once on one account: (e) 1, 10, 20 and 50 executions started together in
 * one n8n process ((f), queue mode, is lib/queueShare.ts). Each execution exempts 40 devices in 4
 * requests (Batch Size 10). Rows: requests, 429s, failed items, and the burst's time against the
 * floor (the windows the limit imposes on all the burst's requests, plus n8n's own part).
 */
import { nodeOutput, type N8nServer } from '../../lab';
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
	group: 'e',
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
