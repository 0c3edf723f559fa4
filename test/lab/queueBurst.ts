/**
 * Bursts of webhook executions on one account in n8n queue mode (test/lab/queueMode.ts), and what
 * they did: each execution exempts its own 40 devices (the webhook call carries them) in 4 requests
 * of 10, so that every request of the simulator's log names its execution, and each worker's log
 * names the executions it ran: requests, 429s and waits per worker, failed executions, lost items.
 */
import { randomUUID } from 'node:crypto';

import { nodeJson } from './runData';
import { sleep } from './processes';
import type { QueueDeployment } from './queueMode';
import type { SimFixture } from './simFixture';

export const BURST_DEVICES = 40;
export const BURST_BATCH_SIZE = 10;
export const BURST_WEBHOOK_PATH = 'metaaccess-queue-share';
const ACTION = 'Exempt the devices';

/** The workflow every execution of a burst runs: Webhook → one item per device → Exempt. */
export function burstWorkflow(
	credential: { id: string; name: string },
	options: { maxWaitOnRateLimit?: number } = {},
): object {
	const node = (name: string, type: string, version: number, x: number, parameters: object) => ({
		id: randomUUID(),
		name,
		type,
		typeVersion: version,
		position: [x, 0],
		parameters,
	});
	return {
		id: 'opswatQueueShare01',
		name: 'OPSWAT MetaAccess: queue-mode burst',
		nodes: [
			{
				...node('Webhook', 'n8n-nodes-base.webhook', 2, 0, {
					httpMethod: 'POST',
					path: BURST_WEBHOOK_PATH,
					responseMode: 'onReceived',
					options: {},
				}),
				webhookId: randomUUID(),
			},
			node('One Item per Device', 'n8n-nodes-base.splitOut', 1, 220, {
				fieldToSplitOut: 'body.devices',
				include: 'noOtherFields',
				options: {},
			}),
			{
				...node(ACTION, 'n8n-nodes-opswat-metaaccess.opswatMetaAccess', 1, 440, {
					resource: 'device',
					operation: 'exempt',
					identifyBy: 'id',
					devices: '={{ $json.hwid }}',
					options: { batchSize: BURST_BATCH_SIZE, ...options },
				}),
				credentials: { opswatMetaAccessApi: credential },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'One Item per Device', type: 'main', index: 0 }]] },
			'One Item per Device': { main: [[{ node: ACTION, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		meta: {},
		tags: [],
		active: false,
	};
}

export interface WorkerShare {
	executions: number;
	accepted: number;
	rejected: number;
	/** The longest time from a 429 of this worker to its next accepted request, ms. */
	longestRefusedMs: number;
}

export interface BurstOutcome {
	executions: number;
	/** Executions that did not end in success. */
	failed: number;
	/** Why they did not (each distinct message once). */
	failures: string[];
	/** Devices of the burst without a result in their execution's output. */
	lostItems: number;
	accepted: number;
	rejected: number;
	/** First request to last answer, by the simulator's log. */
	spanMs: number;
	/** (⌈accepted requests / limit⌉ − 1) windows. */
	floorMs: number;
	/** Per worker, in the deployment's order (a worker that took no execution has 0 of everything). */
	workers: WorkerShare[];
	/** Accepted (+) and refused (x) requests per window of the rule, from the first request. */
	windows: string;
	/** The ids of the burst's executions. */
	executionIds: string[];
	/** Every request of the burst: seconds from the first, worker (1-based), status. */
	trace: string;
}

type Summary = { id: string; status: string; stoppedAt?: string };

/** Waits for `count` executions of the workflow that are not among `seen` to finish. */
export async function finishedExecutions(
	deployment: QueueDeployment,
	workflowId: string,
	seen: Set<string>,
	count: number,
	timeoutMs = 15 * 60_000,
): Promise<Summary[]> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const all = (await deployment.main.executions(workflowId)) as Summary[];
		const fresh = all.filter((execution) => !seen.has(String(execution.id)));
		const finished = fresh.filter(
			(execution) =>
				execution.stoppedAt && !['new', 'running', 'waiting'].includes(execution.status),
		);
		if (finished.length >= count) return finished;
		if (Date.now() > deadline)
			throw new Error(`${finished.length} of ${count} executions finished in time`);
		await sleep(500);
	}
}

/** The execution ids each worker says it started ("Worker started execution N"). */
function executionsByWorker(deployment: QueueDeployment): Array<Set<string>> {
	return deployment.workers.map(
		(worker) =>
			new Set(
				[...(worker.stdout + worker.stderr).matchAll(/Worker started execution (\d+)/g)].map(
					(match) => match[1],
				),
			),
	);
}

/** Starts `executions` executions at once by webhook, the e-th exempting the e-th 40 devices of `fleet`. */
export async function sendBurst(deployment: QueueDeployment, fleet: string[], executions: number) {
	const devicesOf = (e: number) => fleet.slice(e * BURST_DEVICES, (e + 1) * BURST_DEVICES);
	const calls = await Promise.all(
		Array.from({ length: executions }, async (_, e) => {
			const answer = await fetch(`${deployment.main.url}/webhook/${BURST_WEBHOOK_PATH}`, {
				method: 'POST',
				body: JSON.stringify({ devices: devicesOf(e).map((hwid) => ({ hwid })) }),
				headers: { 'content-type': 'application/json' },
			});
			await answer.text();
			return answer.status;
		}),
	);
	if (calls.some((status) => status !== 200))
		throw new Error(`Webhook answers: ${calls.join(', ')}`);
}

/**
 * Sends `executions` webhook calls at once, each with its own 40 devices of the simulator's fleet
 * (from device `offset` on), waits for them to finish and reads what they did.
 */
export async function runBurst(
	deployment: QueueDeployment,
	sim: SimFixture,
	options: {
		workflowId: string;
		executions: number;
		rule: { limit: number; windowMs: number };
		seen: Set<string>;
	},
): Promise<BurstOutcome> {
	const { executions, rule } = options;
	const fleet = sim.raw().map((device) => device.hwid);
	if (fleet.length < executions * BURST_DEVICES)
		throw new Error(`The simulator holds ${fleet.length} devices, fewer than the burst needs`);
	await sendBurst(deployment, fleet, executions);
	const summaries = await finishedExecutions(
		deployment,
		options.workflowId,
		options.seen,
		executions,
	);
	for (const summary of summaries) options.seen.add(String(summary.id));

	// Which execution each device belongs to, and which worker ran each execution.
	const executionOfDevice = new Map<string, string>();
	let failed = 0;
	const failures = new Set<string>();
	let lostItems = executions * BURST_DEVICES;
	for (const summary of summaries) {
		if (summary.status !== 'success') failed++;
		const execution = await deployment.main.execution(String(summary.id));
		let items: Array<{ id?: string; result?: string; error?: unknown }> = [];
		try {
			items = nodeJson(execution, ACTION);
		} catch (error) {
			// The node failed: its devices have no result.
			failures.add((error as Error).message);
		}
		for (const item of items) {
			if (typeof item.id === 'string') executionOfDevice.set(item.id, String(summary.id));
			if (item.result === 'applied' || item.result === 'not supported') lostItems--;
		}
	}
	const byWorker = executionsByWorker(deployment);
	const workerOf = (executionId: string | undefined) =>
		executionId === undefined ? -1 : byWorker.findIndex((ids) => ids.has(executionId));

	const requests = sim.requests().filter((request) => request.path.endsWith('/devices/action'));
	const times = requests.map((request) => Date.parse(request.time));
	const first = Math.min(...times);
	const workers: WorkerShare[] = deployment.workers.map((_, w) => ({
		executions: summaries.filter((summary) => workerOf(String(summary.id)) === w).length,
		accepted: 0,
		rejected: 0,
		longestRefusedMs: 0,
	}));
	const refusedSince = new Map<number, number>();
	const windows: string[] = [];
	const trace: string[] = [];
	for (const request of requests) {
		const [hwid] = (request.body as { ids?: string[] } | null)?.ids ?? [];
		const w = workerOf(executionOfDevice.get(hwid));
		const time = Date.parse(request.time);
		const index = Math.floor((time - first) / rule.windowMs);
		for (let i = windows.length; i <= index; i++) windows[i] = '';
		windows[index] += request.status === 200 ? '+' : 'x';
		trace.push(
			`${((time - first) / 1000).toFixed(2)}w${w + 1}${request.status === 200 ? '' : 'x'}`,
		);
		const share = workers[w];
		if (!share) continue;
		if (request.status === 200) {
			share.accepted++;
			const since = refusedSince.get(w);
			if (since !== undefined)
				share.longestRefusedMs = Math.max(share.longestRefusedMs, time - since);
			refusedSince.delete(w);
		} else if (request.status === 429) {
			share.rejected++;
			if (!refusedSince.has(w)) refusedSince.set(w, time);
		}
	}
	const accepted = requests.filter((request) => request.status === 200).length;
	return {
		executions,
		failed,
		failures: [...failures],
		lostItems,
		accepted,
		rejected: requests.filter((request) => request.status === 429).length,
		spanMs: Math.max(...times) - first,
		floorMs: (Math.ceil(accepted / rule.limit) - 1) * rule.windowMs,
		workers,
		windows: windows.join(' | '),
		executionIds: summaries.map((summary) => String(summary.id)),
		trace: trace.join(' '),
	};
}

/** One line about a burst, for logs. */
export function describeBurst(outcome: BurstOutcome): string {
	const ratio = outcome.rejected / Math.max(1, outcome.accepted);
	const workers = outcome.workers
		.map(
			(share) =>
				`${share.executions}e ${share.accepted}+ ${share.rejected}x ${(share.longestRefusedMs / 1000).toFixed(1)}s`,
		)
		.join('; ');
	return (
		`${outcome.executions} executions: ${outcome.failed} failed, ${outcome.lostItems} items lost, ` +
		`${outcome.accepted} accepted, ${outcome.rejected} × 429 (${ratio.toFixed(2)} per accepted), ` +
		`${(outcome.spanMs / 1000).toFixed(1)} s for a floor of ${outcome.floorMs / 1000} s ` +
		`(${(outcome.spanMs / Math.max(1, outcome.floorMs)).toFixed(2)}×); workers: ${workers}` +
		outcome.failures.map((failure) => `\n      failed: ${failure}`).join('')
	);
}
