/**
 * The Log Trigger in a real n8n server against the simulator: activation records where the log is
 * read from (no request); a quiet poll is exactly one Get Logs request; each device event made
 * through the simulator's control API (PATCH /_sim/devices/{hwid}) starts exactly one execution
 * whose one item is that log entry, exactly; the poll after it starts nothing. n8n 2.8 polls every
 * 5 s and gets two events; n8n 2.41 polls at most every minute, so it gets one (about 4 minutes).
 */
import { EXAMPLE_CREDENTIAL } from '../../examples/builder';
import type { Context, Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import { nodeJson, sleep, type N8nServer } from '../lab';
import { FAST_RATE_LIMIT } from './operations';
import { nextExecution, stopServer, waitFor, type Execution } from './trigger';
import { factsOf } from './versionFacts';

const TRIGGER = 'Device Log';
const LOGS_PATH = '/o/api/v3.3/logs';

const logRequests = (context: Context) =>
	context.sim.requests().filter((request) => request.path === LOGS_PATH);

/** Waits until `polls` more Get Logs windows were asked (first pages), then a little for their executions. */
async function pollsSeen(context: Context, polls: number, pollMs: number) {
	const firstPages = () =>
		logRequests(context).filter(
			(request) => (request.body as { token?: string }).token === undefined,
		);
	const before = firstPages().length;
	await waitFor(`${polls} more poll(s)`, (polls + 1) * pollMs + 20_000, async () =>
		firstPages().length >= before + polls ? true : undefined,
	);
	await sleep(3000);
}

/** Flips a device through the control API (over HTTP) and returns the log entry it made, as Get Logs v3.3 gives it. */
async function flip(context: Context, hwid: string, status: number) {
	const answer = await fetch(`${context.sim.url}/_sim/devices/${hwid}`, {
		method: 'PATCH',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({ status }),
	});
	assertEqual(answer.status, 200, `PATCH /_sim/devices/${hwid}`);
	const entry = context.sim.simulation.events.list('device').at(-1)!;
	return { timestamp: new Date(entry.time).toISOString(), event: entry.event, ...entry.fields };
}

export const logTriggerScenario: Scenario = {
	id: 'log-trigger',
	name: 'Log Trigger in n8n start: each device event made through the control API starts exactly one execution with the exact log entry',
	checks:
		'a Log Trigger (category Device, every event) polling every 5 s (n8n 2.8) or every minute (n8n 2.41); activation sends no request; a quiet poll is exactly one Get Logs v3.3 request (event_category device, limit 100, explicit start_time/end_time, 200); a device flipped compliant → non-compliant with PATCH /_sim/devices starts exactly one execution whose only item is that entry (timestamp, event noncompliant, device_id, device_name, device_group, details), on n8n 2.8 a second flip (→ compliant) a second one; the poll after starts nothing; no request failed',
	async run(context) {
		await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
		const facts = factsOf(context.runtime);
		const pollMs = facts.pollIntervalMs;
		const workflow = {
			id: 'opswatLogTriggerE2e',
			name: `Device log (e2e: polls every ${pollMs / 1000} s)`,
			nodes: [
				{
					id: 'b5a3c8f0-1d2e-4f60-9a7b-3c4d5e6f7a80',
					name: TRIGGER,
					type: 'n8n-nodes-opswat-metaaccess.opswatMetaAccessLogTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [facts.pollTime] }, category: 'device' },
					credentials: { opswatMetaAccessApi: { ...EXAMPLE_CREDENTIAL } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		};
		const [workflowId] = await context.home.importWorkflows([workflow]);
		const device = context.sim
			.raw()
			.find((candidate) => candidate.status === 0 && candidate.category === 'monitored');
		assertTrue(device, 'a compliant device to flip');

		const server: N8nServer = await context.home.start();
		try {
			context.log(`    n8n started on ${server.url} (${context.runtime.label})`);
			// Activated just after a poll time (n8n's cron fires on the clock: every 5 s or every
			// minute), so that two seconds later no poll can have run: a request then is activation's.
			const phase = Date.now() % pollMs;
			if (phase > 700) await sleep(pollMs - phase + 200);
			context.sim.simulation.log.clear();
			await server.activate(workflowId);
			await sleep(2000);
			assertEqual(logRequests(context).length, 0, 'no request on activation');

			// A quiet poll: one request, no execution. On a busy machine n8n may run a late poll just
			// before the next one: each request must then be a poll's only one (a first page, no
			// cursor, of a window that ends no earlier than the one before), answered 200.
			await pollsSeen(context, 1, pollMs);
			const quiet = logRequests(context);
			assertTrue(quiet.length >= 1, 'a quiet poll sent a Get Logs request');
			assertEqual(
				quiet.map((request) => {
					const body = request.body as Record<string, unknown>;
					return [request.status, Object.keys(body), body.event_category, body.limit];
				}),
				quiet.map(() => [
					200,
					['event_category', 'limit', 'start_time', 'end_time'],
					'device',
					100,
				]),
				`a quiet poll: one Get Logs request\n${context.sim.describeRequests()}`,
			);
			const ends = quiet.map((request) => Number((request.body as { end_time: unknown }).end_time));
			assertTrue(
				ends.every((end, index) => index === 0 || end >= ends[index - 1]),
				`each quiet request is a later poll's (its end_time not before the one before)\n${context.sim.describeRequests()}`,
			);
			assertEqual(await server.executions(workflowId), [], 'executions after a quiet poll');

			const known: string[] = [];
			const flips = facts.refusesSubMinutePolls ? [1] : [1, 0];
			for (const status of flips) {
				const entry = await flip(context, device.hwid, status);
				const execution: Execution = await nextExecution(server, workflowId, known, facts);
				known.push(execution.id);
				assertEqual(execution.status, 'success', 'execution status');
				const data = await server.execution(execution.id);
				context.captured.push({
					label: `REST execution ${execution.id}`,
					text: JSON.stringify(data),
				});
				assertEqual(nodeJson(data, TRIGGER), [entry], 'the one trigger item: the log entry');
				context.log(`    ${entry.event} → execution ${execution.id}`);
			}

			// The next poll (its window overlaps the events) starts nothing, in one request.
			const before = logRequests(context).length;
			await pollsSeen(context, 1, pollMs);
			assertEqual(
				((await server.executions(workflowId)) as Execution[])
					.map((execution) => execution.id)
					.sort(),
				[...known].sort(),
				'executions one poll later',
			);
			const after = logRequests(context).slice(before);
			assertTrue(
				after.length >= 1 && after.every((request) => request.status === 200),
				`the polls after: answered\n${context.sim.describeRequests(after)}`,
			);
			const failed = context.sim.requests().filter((request) => request.status !== 200);
			assertEqual(
				failed.length,
				0,
				`requests that failed\n${context.sim.describeRequests(failed)}`,
			);
			context.log(`    ${logRequests(context).length} Get Logs requests in all`);
			await server.deactivate(workflowId);
		} finally {
			await stopServer(context, server);
		}
	},
};
