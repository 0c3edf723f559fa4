/**
 * The webhook trigger in a real n8n server: a workflow with the OPSWAT MetaAccess Webhook Trigger,
 * activated over REST; the simulator's webhook pointed at n8n's production webhook URL with the
 * credential's key. Each status change pushed starts exactly one execution with the exact item,
 * no request reaches the MetaAccess API, a replayed push starts nothing (the trigger's memory in
 * the workflow's static data, kept by n8n between requests), and pushes with a wrong or missing
 * key are answered 401 and start nothing (the simulator retries them, as MetaAccess does). A push
 * that starts an execution is answered with the node's acknowledgement; an entry's fields named
 * json or binary stay data of its item; a push over the entry limit is answered 413. The time from
 * each push to its execution's start is measured and printed.
 */
import type { PushAttempt } from '../simulator';
import type { Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import { NODE_TYPES, nodeJson, nodeOutput, sleep, type N8nServer } from '../lab';
import { FAST_RATE_LIMIT } from './operations';

const TRIGGER = 'MetaAccess Pushed a Change';
const WEBHOOK_ID = '5b0c2a9e-8f3d-4e61-9a7b-0d4c1e2f3a4b';
const CREDENTIAL = { id: 'opswatWebhook01', name: 'OPSWAT MetaAccess webhook key' };
/** Retries shortened from 4 s and 1 min, so that a refused push's retries are seen quickly. */
const RETRY_DELAYS_MS = [400, 2000];

type Execution = { id: string; status: string; mode: string; startedAt: string };

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(50);
	}
}

function workflow() {
	return {
		id: 'opswatWebhookE2e',
		name: 'OPSWAT MetaAccess webhook (e2e)',
		nodes: [
			{
				id: 'c1d2e3f4-0a1b-4c2d-8e3f-405162738495',
				name: TRIGGER,
				type: NODE_TYPES.webhookTrigger,
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: {},
				credentials: { opswatMetaAccessWebhookApi: CREDENTIAL },
			},
			{
				id: 'd2e3f405-1b2c-4d3e-9f40-516273849506',
				name: 'Handle the Change',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
		connections: {
			[TRIGGER]: { main: [[{ node: 'Handle the Change', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

export const webhookScenario: Scenario = {
	id: 'webhook',
	name: 'Webhook trigger in n8n start: each change MetaAccess pushes starts one execution, no API request; a wrong key starts none',
	checks:
		"the simulator's webhook pushes to n8n's production URL with the credential's key; a status flipped 0→1, one 1→0, a device installed and one deleted each start exactly one execution (mode webhook) with the exact item (device_id, status, timestamp, changed_at), and a change of nothing pushed (status 3) none; a push that starts an execution is answered 200 { received, repeated, emitted }, and its entry's json and binary fields stay under extra_fields (no binary on the item); 10,001 entries are answered 413 and start nothing; 0 requests to the MetaAccess API; the same push replayed starts nothing (answered 200, repeated 1); a body that is not JSON is answered 422 and starts nothing; pushes with a wrong key (the simulator's push and its two retries) or none are answered 401 and start nothing; push → execution start times printed",
	async run(context) {
		await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
		const key = `e2eWEBHOOK${Date.now().toString(36)}key`;
		await context.home.importCredential({
			...CREDENTIAL,
			type: 'opswatMetaAccessWebhookApi',
			data: { apiKey: key },
		});
		const [workflowId] = await context.home.importWorkflows([workflow()]);
		const simulation = context.sim.simulation;
		const raw = context.sim.raw();
		const monitored = raw.filter(
			(device) => device.category === 'monitored' && device.agent === 'persistent',
		);
		const deviceA = monitored.find((device) => device.status === 0)!;
		const deviceB = monitored.find((device) => device.status === 1)!;
		const deviceD = monitored.filter((device) => device.status === 0)[1];
		assertTrue(deviceA && deviceB && deviceD, 'devices to change');

		const server: N8nServer = await context.home.start();
		try {
			await server.activate(workflowId);
			const url = `${server.url}/webhook/${WEBHOOK_ID}/webhook`;
			context.log(`    n8n started on ${server.url}; webhook URL ${url}`);
			// n8n 2.41 answers the activation before it has registered the webhook (404 until then).
			// A push without Authorization shows when it has: answered 401, starting nothing.
			const activatedAt = Date.now();
			let notFound = 0;
			const unauthorised = await waitFor('the webhook to be registered', 60_000, async () => {
				const answer = await fetch(url, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json' },
					body: JSON.stringify([{ device_id: deviceA.hwid, status: 'compliant', timestamp: 1 }]),
				});
				if (answer.status !== 404) return answer;
				notFound++;
				return undefined;
			});
			assertEqual(
				[unauthorised.status, await unauthorised.json()],
				[
					401,
					{ code: 401, message: 'The Authorization header is not the API key of this webhook' },
				],
				'a push without Authorization',
			);
			context.log(
				`    webhook answered 401 ${Date.now() - activatedAt} ms after the activation answered, after ${notFound} × 404 (not registered yet)`,
			);
			simulation.webhook.configure({ url, apiKey: key, retryDelaysMs: RETRY_DELAYS_MS });
			simulation.webhook.clearLog();
			simulation.log.clear();
			const executions = async () => (await server.executions(workflowId)) as Execution[];
			const known: string[] = [];
			const timings: number[] = [];

			/** Makes one change; checks its push, its one execution and the item. */
			const change = async (label: string, make: () => string, status: string) => {
				const pushesBefore = simulation.webhook.log().pushes.length;
				const hwid = make();
				const push = await waitFor(`the push of ${label}`, 10_000, async () => {
					const attempt: PushAttempt | undefined = simulation.webhook.log().pushes[pushesBefore];
					return attempt?.status === null ? undefined : attempt;
				});
				assertEqual(push.status, 200, `n8n's answer to the push of ${label}`);
				assertEqual(push.entries.length, 1, `entries pushed for ${label}`);
				const [entry] = push.entries;
				assertEqual([entry.device_id, entry.status], [hwid, status], `the entry of ${label}`);
				const execution = await waitFor(`the execution of ${label}`, 30_000, async () => {
					const done = (await executions()).filter(
						(candidate) =>
							!known.includes(candidate.id) && !['new', 'running'].includes(candidate.status),
					);
					return done.length > 0 ? done : undefined;
				});
				assertEqual(execution.length, 1, `executions started by ${label}`);
				const [summary] = execution;
				known.push(summary.id);
				assertEqual([summary.status, summary.mode], ['success', 'webhook'], 'execution status');
				const full = await server.execution(summary.id);
				context.captured.push({
					label: `REST execution ${summary.id}`,
					text: JSON.stringify(full),
				});
				assertEqual(
					nodeJson(full, TRIGGER),
					[{ ...entry, changed_at: new Date(entry.timestamp).toISOString() }],
					`trigger items of ${label}`,
				);
				const delay = Date.parse(summary.startedAt) - Date.parse(push.time);
				timings.push(delay);
				context.log(
					`    ${label}: push answered ${push.status} in ${push.answeredAfterMs} ms; execution ${summary.id} started ${delay} ms after the push`,
				);
			};

			await change(
				'device A 0 → 1',
				() => {
					simulation.updateDevice(deviceA.hwid, { status: 1 }, Date.now());
					return deviceA.hwid;
				},
				'non_compliant',
			);
			await change(
				'device B 1 → 0',
				() => {
					simulation.updateDevice(deviceB.hwid, { status: 0 }, Date.now());
					return deviceB.hwid;
				},
				'compliant',
			);
			await change(
				'a device installed',
				() => {
					return simulation.addDevices({
						devices: [{ category: 'monitored', agent: 'persistent' }],
					}).added[0];
				},
				'installed',
			);
			await change(
				'device D deleted',
				() => {
					simulation.removeDevice(deviceD.hwid);
					return deviceD.hwid;
				},
				'deleted',
			);

			// A change MetaAccess does not push (status 3, sending information): no push, no execution.
			simulation.updateDevice(deviceA.hwid, { status: 3 }, Date.now());
			// The first push again, as MetaAccess's retry would send it: answered, started nothing.
			const first = simulation.webhook.log().pushes[0];
			const replay = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: key },
				body: JSON.stringify(first.entries),
			});
			assertEqual(
				[replay.status, await replay.json()],
				[200, { received: 1, repeated: 1, emitted: 0 }],
				'a replayed push',
			);

			// An entry with fields named like an item's own: answered with the acknowledgement, one
			// execution, the item as the node builds it (no binary attached).
			const post = async (body: unknown) =>
				await fetch(url, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', Authorization: key },
					body: JSON.stringify(body),
				});
			const spoofed = {
				device_id: deviceB.hwid,
				status: 'compliant',
				timestamp: Date.now(),
				json: { device_id: 'SPOOFED', status: 'deleted' },
				binary: {
					data: { data: 'TVo=', fileName: 'evil.exe', mimeType: 'application/x-msdownload' },
				},
			};
			const acknowledged = await post([spoofed]);
			assertEqual(
				[acknowledged.status, await acknowledged.json()],
				[200, { received: 1, repeated: 0, emitted: 1 }],
				'the answer to a push that starts an execution',
			);
			const [started] = await waitFor(
				'the execution of the push with json and binary fields',
				30_000,
				async () => {
					const done = (await executions()).filter(
						(candidate) =>
							!known.includes(candidate.id) && !['new', 'running'].includes(candidate.status),
					);
					return done.length > 0 ? done : undefined;
				},
			);
			known.push(started.id);
			const startedRun = await server.execution(started.id);
			const { json, binary, device_id, status, timestamp } = spoofed;
			assertEqual(
				nodeOutput(startedRun, TRIGGER).map((item) => [item.json, item.binary]),
				[
					[
						{
							device_id,
							status,
							timestamp,
							changed_at: new Date(timestamp).toISOString(),
							extra_fields: { json, binary },
						},
						undefined,
					],
				],
				'the item of a push whose entry has json and binary fields',
			);
			const tooMany = await post(
				Array.from({ length: 10_001 }, (_, i) => ({
					device_id: `MANY${i}`,
					status: 'compliant',
					timestamp: Date.now(),
				})),
			);
			assertEqual(
				[tooMany.status, await tooMany.json()],
				[
					413,
					{ code: 413, message: 'The push has 10001 entries; at most 10000 are taken in one push' },
				],
				'a push of 10,001 entries',
			);

			// A body that is not JSON: n8n refuses it (422) before the node runs.
			const notJson = await fetch(url, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: key },
				body: '[{"device_id": ',
			});
			assertEqual(notJson.status, 422, 'a push whose body is not JSON');

			// The simulator's webhook with a wrong key: the push and its two retries refused, nothing started.
			simulation.webhook.update({ apiKey: `${key}-wrong` });
			const pushesBefore = simulation.webhook.log().pushes.length;
			simulation.updateDevice(deviceB.hwid, { status: 1 }, Date.now());
			const refused = await waitFor('the push and its two retries', 20_000, async () => {
				const pushes = simulation.webhook.log().pushes.slice(pushesBefore);
				return pushes.length === 3 && pushes.every((push) => push.status !== null)
					? pushes
					: undefined;
			});
			assertEqual(
				refused.map((push) => [push.attempt, push.status]),
				[
					[1, 401],
					[2, 401],
					[3, 401],
				],
				'pushes with a wrong key',
			);
			assertEqual(simulation.webhook.state().consecutiveFailedPushes, 1, 'failed pushes');
			await sleep(2000);
			assertEqual(
				(await executions()).map((execution) => execution.id).sort(),
				[...known].sort(),
				'executions: one per change, none for the replay, the status 3, the bad body or the wrong keys',
			);
			assertEqual(
				context.sim.requests(),
				[],
				'requests to the MetaAccess API (the webhook trigger sends none)',
			);
			const sorted = [...timings].sort((a, b) => a - b);
			context.log(
				`    push → execution start (${context.runtime.label}): ${timings.join(', ')} ms; median ${sorted[Math.floor(sorted.length / 2)]} ms, worst ${sorted[sorted.length - 1]} ms`,
			);
		} finally {
			simulation.webhook.remove();
			context.captured.push({ label: `n8n start output (${server.port})`, text: server.output() });
			await server.stop();
		}
	},
};
