/**
 * Workload (d), the webhook way, in a real n8n: a workflow whose trigger is the package's
 * OPSWAT MetaAccess Webhook Trigger, activated in the bench's running n8n; the simulator pushes
 * changes to its production URL, one push per change as MetaAccess does; the delay is from the
 * push leaving the simulator to the execution's `startedAt`, per push. The API's request log must
 * stay empty (the webhook way asks MetaAccess nothing).
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { nodeOutput, sleep, type N8nServer, type SimFixture } from '../../lab';
import type { WebhookResult } from './fleetHoursReport';

export const WEBHOOK_CREDENTIAL_TYPE = 'opswatMetaAccessWebhookApi';
export const WEBHOOK_NODE_TYPE = 'n8n-nodes-opswat-metaaccess.opswatMetaAccessWebhookTrigger';
const TRIGGER_NAME = 'MetaAccess Webhook';

export interface WebhookSetup {
	credential: { id: string; name: string };
	apiKey: string;
	webhookId: string;
	workflow: object;
}

/** The credential's key, the workflow (the webhook trigger alone) and its webhook id. */
export function webhookSetup(): WebhookSetup {
	const credential = { id: 'benchWebhookCred', name: 'MetaAccess webhook (benchmark)' };
	const webhookId = randomUUID();
	return {
		credential,
		apiKey: `benchKEY${randomBytes(16).toString('hex')}`,
		webhookId,
		workflow: {
			id: 'opswatBenchWebhook',
			name: 'bench (d): MetaAccess webhook',
			nodes: [
				{
					id: randomUUID(),
					name: TRIGGER_NAME,
					type: WEBHOOK_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { statuses: [] },
					credentials: { [WEBHOOK_CREDENTIAL_TYPE]: credential },
				},
			],
			connections: {},
			settings: { saveDataSuccessExecution: 'all' },
			active: false,
			pinData: {},
		},
	};
}

/** The trigger's production URL: n8n's /webhook/<webhookId>/<the node's path>. */
export const productionUrl = (server: N8nServer, setup: WebhookSetup) =>
	`${server.url}/webhook/${setup.webhookId}/webhook`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Execution = any;

/**
 * Every execution of the workflow. n8n lists at most 100 a request, newest first: n8n 2.41 pages
 * with the `nextCursor` it answers, older versions with `lastId`.
 */
async function executionsOf(server: N8nServer, workflowId: string): Promise<Execution[]> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const all: Execution[] = [];
	for (let next = ''; ; ) {
		const answer = await server.rest('GET', `/executions?filter=${filter}&limit=100${next}`);
		const page = answer.results as Execution[];
		all.push(...page);
		if (page.length === 0) return all;
		if (typeof answer.nextCursor === 'string' && answer.nextCursor !== '')
			next = `&cursor=${encodeURIComponent(answer.nextCursor)}`;
		else if (page.length === 100 && !('nextCursor' in answer))
			next = `&lastId=${String(page[page.length - 1].id)}`;
		else return all;
	}
}

export interface PushOptions {
	server: N8nServer;
	fixture: SimFixture;
	workflowId: string;
	setup: WebhookSetup;
	devices: number;
	pushes: number;
	/** Sends one push (the simulator's webhook pusher); answers its HTTP status and when it left. */
	push: (
		url: string,
		apiKey: string,
		entries: Array<{ device_id: string; status: string; timestamp: number }>,
	) => Promise<{ status: number; sentAt: number }>;
	log: (line: string) => void;
}

export async function runWebhookPushes(options: PushOptions): Promise<WebhookResult> {
	const { server, fixture, setup, workflowId } = options;
	const started = Date.now();
	const notes: string[] = [];
	await server.activate(workflowId);
	const url = productionUrl(server, setup);
	fixture.simulation.log.clear();
	// A push with a wrong key first: refused, starts nothing. n8n registers the production webhook
	// shortly after activation (404 until then): wait for it, by this push, up to 60 s.
	const wrongKeyPush = async () =>
		await options.push(url, `${setup.apiKey}x`, [
			{ device_id: 'WRONGKEY00000000', status: 'compliant', timestamp: Date.now() },
		]);
	let wrong = await wrongKeyPush();
	for (const until = Date.now() + 60_000; wrong.status === 404 && Date.now() < until; ) {
		await sleep(250);
		wrong = await wrongKeyPush();
	}
	if (wrong.status === 404)
		notes.push('the production webhook answered 404 for 60 s after activation');
	// Pushes one change at a time, each a device of the fleet whose compliance status flips.
	const { devices } = fixture.simulation.devices(Date.now(), 0, options.devices);
	const sentAt = new Map<string, number>();
	const failedPushes: string[] = [];
	for (let i = 0; i < options.pushes; i++) {
		const device = devices[Math.floor((i * devices.length) / options.pushes)];
		const status = device.status === 1 ? 0 : 1;
		fixture.simulation.updateDevice(device.hwid, { status }, Date.now());
		const answer = await options.push(url, setup.apiKey, [
			{
				device_id: device.hwid,
				status: status === 0 ? 'compliant' : 'non_compliant',
				timestamp: Date.now(),
			},
		]);
		sentAt.set(device.hwid, answer.sentAt);
		if (answer.status < 200 || answer.status > 299)
			failedPushes.push(`${device.hwid}: ${answer.status}`);
		await sleep(50);
	}
	// Every execution, once all have finished.
	let executions: Execution[] = [];
	const deadline = Date.now() + 60_000;
	while (Date.now() < deadline) {
		executions = await executionsOf(server, workflowId);
		const done = executions.filter((execution) => execution.stoppedAt);
		if (done.length >= options.pushes) {
			await sleep(1000);
			executions = await executionsOf(server, workflowId);
			break;
		}
		await sleep(250);
	}
	await server.deactivate(workflowId);
	const startedOf = new Map<string, number[]>();
	let wrongKeyExecutions = 0;
	for (const summary of executions) {
		const execution = await server.execution(String(summary.id));
		for (const item of nodeOutput(execution, TRIGGER_NAME)) {
			const hwid = String(item.json.device_id);
			if (!sentAt.has(hwid)) {
				wrongKeyExecutions++;
				continue;
			}
			startedOf.set(hwid, [...(startedOf.get(hwid) ?? []), Date.parse(summary.startedAt)]);
		}
	}
	const delays: number[] = [];
	let missed = 0;
	let duplicated = 0;
	for (const [hwid, at] of sentAt) {
		const starts = startedOf.get(hwid) ?? [];
		if (starts.length === 0) missed++;
		if (starts.length > 1) duplicated++;
		if (starts.length) delays.push(starts[0] - at);
	}
	delays.sort((a, b) => a - b);
	const middle = (delays.length - 1) / 2;
	if (failedPushes.length) notes.push(`pushes not answered 2xx: ${failedPushes.join(', ')}`);
	notes.push(
		`${options.pushes} pushes, one change each, 50 ms apart after each answer; delay = the execution's startedAt − the push being sent (ms precision); ` +
			`every push's execution read back (its item's device_id)`,
	);
	return {
		devices: options.devices,
		pushes: options.pushes,
		executions: executions.length,
		apiRequests: fixture.simulation.log.read().summary.total,
		missed,
		duplicated,
		medianDelayMs: delays.length
			? (delays[Math.floor(middle)] + delays[Math.ceil(middle)]) / 2
			: NaN,
		worstDelayMs: delays.length ? delays[delays.length - 1] : NaN,
		wrongKeyExecutions,
		wrongKeyStatus: wrong.status,
		wallMs: Date.now() - started,
		notes,
	};
}

/** A push as MetaAccess sends it: POST, JSON array, the API key in the Authorization header. */
export async function pushDirect(
	url: string,
	apiKey: string,
	entries: Array<{ device_id: string; status: string; timestamp: number }>,
): Promise<{ status: number; sentAt: number }> {
	const sentAt = Date.now();
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: apiKey },
		body: JSON.stringify(entries),
	});
	await response.text();
	return { status: response.status, sentAt };
}
