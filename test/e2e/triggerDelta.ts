/**
 * The trigger in Status Changes mode in a real n8n server: the alert example with Mode = Status
 * Changes (no scheduled full scans) polls the simulator; activation scans the baseline once; each
 * later poll sends exactly one Status Change v3.0 request while nothing changed; a device flipped
 * to non-compliant starts exactly one execution on the next poll, with one item, and no Get Devices
 * request after the baseline. Poll interval as the n8n under test allows (versionFacts.ts).
 */
import type { Context, Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import { nodeJson, sleep, type N8nServer } from '../lab';
import { FAST_RATE_LIMIT } from './operations';
import { flipAndAwait, stopServer, waitFor, type Execution } from './trigger';
import { factsOf } from './versionFacts';

const TRIGGER = 'Device Became Non-Compliant';
const WINDOW_PATH = '/o/api/v3/devices/status_changed';
const DEVICES_PATH = '/o/api/v2.3/devices';

const count = (context: Context, path: string) =>
	context.sim.requests().filter((request) => request.path === path).length;

/** Waits until `polls` more Status Change requests were answered, then a little for their executions. */
async function windowsSeen(context: Context, polls: number, pollMs: number): Promise<void> {
	const before = count(context, WINDOW_PATH);
	await waitFor(`${polls} more poll(s)`, (polls + 1) * pollMs + 20_000, async () =>
		count(context, WINDOW_PATH) >= before + polls ? true : undefined,
	);
	await sleep(3000);
}

export const triggerDeltaScenario: Scenario = {
	id: 'trigger-delta',
	name: 'Trigger in Status Changes mode in n8n start: a status flipped in the simulator starts exactly one execution on the next poll',
	checks:
		'the alert example with Mode = Status Changes and no scheduled full scans, polling every 5 s (n8n 2.8) or every minute (n8n 2.41); activation scans the baseline (7 pages) and emits nothing; the polls after it send exactly one Status Change v3.0 request each (age = the time since the poll before the last, the baseline for the first two, + 120 s: an empty window is looked at twice) and no Get Devices request; flipping device A 0→1 and device B 1→0 (not a chosen event) gives exactly one execution, started ≤ one poll after the flip, with one trigger item (becameNonCompliant, A, previous/current, detected_by statusChange); the next two polls start nothing',
	async run(context) {
		await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
		const facts = factsOf(context.runtime);
		const pollMs = facts.pollIntervalMs;
		const example = context.example('07-alert-on-non-compliant-device.json').workflow;
		const workflow = JSON.parse(JSON.stringify(example)) as typeof example;
		workflow.id = 'opswatExample07delta';
		workflow.name = `${example.name} (e2e: Status Changes, polls every ${pollMs / 1000} s)`;
		const trigger = workflow.nodes.find((node) => node.name === TRIGGER)!;
		trigger.parameters = {
			...trigger.parameters,
			mode: 'statusChanges',
			fullScanEveryHours: 0,
			pollTimes: { item: [facts.pollTime] },
		};
		const [workflowId] = await context.home.importWorkflows([workflow]);

		const raw = context.sim.raw();
		const deviceA = raw.find(
			(device) =>
				device.status === 0 &&
				device.exempt === 0 &&
				device.category === 'monitored' &&
				device.machine_type !== 'phone',
		);
		const deviceB = raw.find((device) => device.status === 1 && device.category === 'monitored');
		assertTrue(deviceA && deviceB, 'a compliant and a non-compliant device to flip');

		const server: N8nServer = await context.home.start();
		try {
			context.log(`    n8n started on ${server.url} (${context.runtime.label})`);
			context.sim.simulation.log.clear();
			await server.activate(workflowId);
			await waitFor('the baseline scan after the activation', 30_000, async () =>
				count(context, DEVICES_PATH) >= 7 ? true : undefined,
			);
			assertEqual(
				count(context, DEVICES_PATH),
				7,
				`the baseline scan: 7 pages\n${context.sim.describeRequests()}`,
			);
			// The first poll (the baseline scan) sends no Status Change request. Read from the request
			// log rather than counted now: on n8n 2.8 the next poll may already have begun.
			const baseline = context.sim.requests();
			const lastPage = baseline.filter((request) => request.path === DEVICES_PATH)[6];
			assertEqual(
				baseline
					.slice(0, baseline.indexOf(lastPage) + 1)
					.filter((request) => request.path === WINDOW_PATH).length,
				0,
				'no Status Change request on the first poll',
			);

			// Two quiet polls: one Status Change request each, nothing else, no execution.
			await windowsSeen(context, 2, pollMs);
			const all = context.sim.requests();
			const quiet = all.filter((request) => request.path === WINDOW_PATH);
			// An empty window is not trusted on its own (it is also what a failing MetaAccess answers):
			// each window reaches back to the start of the poll before the last (the baseline's first
			// page for the first two windows) plus 120 s. n8n 2.41 polls at the minute, so the first
			// gap is shorter. The gap is measured here from the requests' arrival; the node dates a poll
			// from its start, which on a busy machine can come seconds before its first request: a
			// window may reach further back (a safe overlap), never less far.
			const baselineStart = Date.parse(all.find((request) => request.path === DEVICES_PATH)!.time);
			quiet.forEach((request, index) => {
				const body = request.body as { age: number; page: number; limit: number };
				const from = index < 2 ? baselineStart : Date.parse(quiet[index - 2].time);
				const gap = (Date.parse(request.time) - from) / 1000;
				assertTrue(
					request.status === 200 &&
						body.page === 1 &&
						body.limit === 50 &&
						body.age - 120 - gap >= -2 &&
						body.age - 120 - gap <= 30,
					`a quiet poll: one Status Change request, page 1 of 50, age = gap (${gap.toFixed(1)} s) + 120 s (up to 30 s more)\n${context.sim.describeRequests(quiet)}`,
				);
			});
			assertEqual(count(context, DEVICES_PATH), 7, 'no Get Devices request after the baseline');
			assertEqual(await server.executions(workflowId), [], 'executions after quiet polls');

			const windowsBefore = count(context, WINDOW_PATH);
			const { first } = await flipAndAwait(context, server, workflowId, [deviceA, deviceB]);
			assertEqual(first.status, 'success', 'execution status');
			const execution = await server.execution(first.id);
			context.captured.push({
				label: `REST execution ${first.id}`,
				text: JSON.stringify(execution),
			});
			const items = nodeJson(execution, TRIGGER);
			assertEqual(
				items.map((item) => ({
					event: item.event,
					hwid: item.hwid,
					hostname: item.hostname,
					previous: item.previous,
					current: item.current,
					detected_by: item.detected_by,
				})),
				[
					{
						event: 'becameNonCompliant',
						hwid: deviceA.hwid,
						hostname: deviceA.hostname,
						previous: { status: 0, status_label: 'compliant' },
						current: { status: 1, status_label: 'non-compliant' },
						detected_by: 'statusChange',
					},
				],
				'the one trigger item',
			);
			// The poll that saw it: one Status Change request (two devices changed), no Get Devices request.
			assertEqual(
				count(context, WINDOW_PATH) - windowsBefore >= 1 && count(context, DEVICES_PATH) === 7,
				true,
				`the flip was seen with Status Change requests only\n${context.sim.describeRequests()}`,
			);

			// The next two polls (their windows overlap the flip) start nothing.
			await windowsSeen(context, 2, pollMs);
			assertEqual(
				((await server.executions(workflowId)) as Execution[]).map((entry) => entry.id),
				[first.id],
				'executions two polls later',
			);
			const failed = context.sim
				.requests()
				.filter((request) => request.status !== 200 && request.status !== 413);
			assertEqual(
				failed.length,
				0,
				`requests that failed\n${context.sim.describeRequests(failed)}`,
			);
			context.log(
				`    ${count(context, WINDOW_PATH)} Status Change requests, ${count(context, DEVICES_PATH)} Get Devices pages in all`,
			);
			await server.deactivate(workflowId);
		} finally {
			await stopServer(context, server);
		}
	},
};
