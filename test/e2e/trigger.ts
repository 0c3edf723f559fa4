/**
 * The trigger in a real n8n server (`n8n start` on 127.0.0.1): the alert example, activated over
 * REST, polls the simulator; a device flipped to non-compliant starts one execution within one
 * poll, read back over n8n's REST API; a change made while n8n is down is reported after a
 * restart, and nothing already reported is reported again. It polls as often as the n8n under
 * test allows (versionFacts.ts): every 5 s on n8n 2.8, every minute on n8n 2.41, which refuses
 * anything shorter (that refusal is checked too).
 */
import type { SimDevice } from '../simulator';
import type { Context, Scenario } from './context';
import { assertEqual, assertTrue, expectedSimplified, remediationDescription } from './expect';
import { nodeJson, sleep, type N8nServer } from '../lab';
import { FAST_RATE_LIMIT } from './operations';
import { factsOf, POLL_EVERY_5_SECONDS, type VersionFacts } from './versionFacts';

const TOKEN_LIFETIME_S = 8;
const TRIGGER = 'Device Became Non-Compliant';

export async function waitFor<T>(
	what: string,
	timeoutMs: number,
	probe: () => Promise<T | undefined>,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline)
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(250);
	}
}

export type Execution = { id: string; status: string; mode: string; startedAt: string };

/** Waits for a finished execution that is not among `known`. */
export async function nextExecution(
	server: N8nServer,
	workflowId: string,
	known: string[],
	facts: VersionFacts,
): Promise<Execution> {
	return await waitFor('an execution', 3 * facts.pollIntervalMs + 20_000, async () => {
		const executions = (await server.executions(workflowId)) as Execution[];
		return executions.find(
			(execution) =>
				!known.includes(execution.id) &&
				execution.status !== 'running' &&
				execution.status !== 'new',
		);
	});
}

/**
 * Flips device A compliant → non-compliant and device B non-compliant → compliant in the simulator,
 * and waits for the execution that follows: it must start within one poll of the flip.
 */
export async function flipAndAwait(
	context: Context,
	server: N8nServer,
	workflowId: string,
	[deviceA, deviceB]: SimDevice[],
): Promise<{ first: Execution; flippedAt: number }> {
	const facts = factsOf(context.runtime);
	const flippedAt = Date.now();
	context.sim.simulation.updateDevice(deviceA.hwid, { status: 1 }, flippedAt);
	context.sim.simulation.updateDevice(deviceB.hwid, { status: 0 }, flippedAt);
	const first = await nextExecution(server, workflowId, [], facts);
	const started = Date.parse(first.startedAt);
	context.log(
		`    execution ${first.id} (${first.status}) started ${((started - flippedAt) / 1000).toFixed(1)} s after the flip`,
	);
	assertTrue(
		started - flippedAt <= facts.pollIntervalMs + 3000,
		`the execution started within one poll of the flip (${started - flippedAt} ms)`,
	);
	return { first, flippedAt };
}

/** Checks an alert execution: one trigger item for the device (0 → 1), its remediation link, the message. */
async function checkAlert(
	context: Context,
	server: N8nServer,
	summary: Execution,
	device: SimDevice,
	after: number,
): Promise<void> {
	assertEqual(summary.status, 'success', 'execution status');
	assertEqual(summary.mode, 'trigger', 'execution mode');
	const execution = await server.execution(summary.id);
	context.captured.push({ label: `REST execution ${summary.id}`, text: JSON.stringify(execution) });
	const [item, ...more] = nodeJson(execution, TRIGGER);
	assertEqual(
		more.length,
		0,
		`one trigger item (got ${more.length + 1}: ${JSON.stringify([item, ...more].map((extra) => extra.hwid))})`,
	);
	const seenAt = Date.parse(item.seen_at);
	assertTrue(
		seenAt >= after && seenAt <= Date.parse(summary.startedAt),
		`seen_at ${item.seen_at} is between the change and the execution`,
	);
	const listed = context.sim.listing().find((candidate) => candidate.hwid === device.hwid)!;
	assertEqual(
		item,
		{
			event: 'becameNonCompliant',
			hwid: device.hwid,
			hostname: device.hostname,
			previous: { status: 0, status_label: 'compliant' },
			current: { status: 1, status_label: 'non-compliant' },
			device: expectedSimplified(listed),
			seen_at: item.seen_at,
		},
		'trigger item',
	);
	assertEqual(
		nodeJson(execution, 'Get Remediation Link'),
		[
			{
				value: device.hwid,
				value_type: 'id',
				result_code: 1,
				result: 'found',
				result_description: remediationDescription(1),
				found: true,
				remediation_link: device.remediation_link,
			},
		],
		'Get Remediation Link output',
	);
	assertEqual(
		nodeJson(execution, 'Alert Message'),
		[
			{
				hwid: device.hwid,
				hostname: device.hostname,
				remediation_link: device.remediation_link,
				message: `${device.hostname} became non-compliant (was compliant). How to fix it: ${device.remediation_link}`,
			},
		],
		'Alert Message output',
	);
}

/** The polls that start after now: each begins with page 1 of the device list. Waits until `count` of them ended. */
async function pollsSeen(context: Context, count: number, pollMs: number): Promise<void> {
	const firstPages = () =>
		context.sim
			.requests()
			.filter(
				(request) =>
					request.path === '/o/api/v2.3/devices' &&
					request.query.page === undefined &&
					request.status !== 401,
			);
	const before = firstPages().length;
	await waitFor(`${count} more poll(s)`, (count + 1) * pollMs + 20_000, async () =>
		firstPages().length >= before + count ? true : undefined,
	);
	// …and give the last one time to finish its pages and, if it emitted, its execution.
	await sleep(3000);
}

/**
 * n8n 2.41 refuses a poll time under one minute: the activate call still answers 200 with the
 * workflow active, n8n logs "The polling interval is too short. It has to be at least a minute."
 * and the trigger never polls.
 */
async function checkSubMinuteRefused(
	context: Context,
	server: N8nServer,
	workflowId: string,
): Promise<void> {
	context.sim.simulation.log.clear();
	const workflow = await server.rest('GET', `/workflows/${workflowId}`);
	const answer = await server.rest('POST', `/workflows/${workflowId}/activate`, {
		versionId: workflow.versionId,
	});
	assertEqual(
		answer?.active,
		true,
		'n8n answers the activation of a 5-s poll with the workflow active',
	);
	await waitFor('n8n to log the refused poll interval', 30_000, async () =>
		server.output().includes('The polling interval is too short. It has to be at least a minute.')
			? true
			: undefined,
	);
	await sleep(6000);
	assertEqual(
		context.sim.requests(),
		[],
		'requests of a trigger with a 5-s poll on n8n that refuses it',
	);
	await server.deactivate(workflowId);
	context.log('    n8n refused the 5-s poll time (logged; activation answered 200; no poll)');
}

export async function stopServer(context: Context, server: N8nServer): Promise<void> {
	context.captured.push({ label: `n8n start output (${server.port})`, text: server.output() });
	await server.stop();
	let groupGone = false;
	try {
		process.kill(-server.pid, 0);
	} catch {
		groupGone = true;
	}
	assertTrue(groupGone, `n8n start (process group ${server.pid}) is gone after stop()`);
}

export const triggerScenario: Scenario = {
	id: 'trigger',
	name: 'Trigger in n8n start: a device that becomes non-compliant starts one execution within one poll (07-alert-on-non-compliant-device)',
	checks:
		'client credentials with 8-second tokens, polls every 5 s (n8n 2.8) or every minute (n8n 2.41, which logs a refusal of a 5-s poll, answers the activation with 200 and never polls it); activation over REST scans the baseline (7 pages) and emits nothing; flipping device A 0→1 and device B 1→0 (not a chosen event) gives exactly one execution, started ≤ one poll after the flip, with an exact trigger item (event, hwid, hostname, previous/current, device, seen_at), remediation link and alert; nothing more in the next polls; every expired token (401) was followed by a new token and the same page, no poll failed; device C flipped while n8n is stopped is reported, alone, right after the restart; no request after deactivation',
	async run(context) {
		// Client credentials with tokens that last 8 s: polls outlive their token and must fetch a new one.
		await context.prepare(
			{ devices: 300, rateLimit: FAST_RATE_LIMIT, tokenLifetimeSeconds: TOKEN_LIFETIME_S },
			'clientCredentials',
		);
		const facts = factsOf(context.runtime);
		const pollMs = facts.pollIntervalMs;
		const example = context.example('07-alert-on-non-compliant-device.json').workflow;
		const withPollTime = (id: string, label: string, pollTime: Record<string, unknown>) => {
			const workflow = JSON.parse(JSON.stringify(example)) as typeof example;
			workflow.id = id;
			workflow.name = `${example.name} (e2e: ${label})`;
			workflow.nodes.find((node) => node.name === TRIGGER)!.parameters.pollTimes = {
				item: [pollTime],
			};
			return workflow;
		};
		const [workflowId, fiveSecondId] = await context.home.importWorkflows([
			withPollTime('opswatExample07e2e', `polls every ${pollMs / 1000} s`, facts.pollTime),
			withPollTime('opswatExample07e2e5s', 'polls every 5 s', {
				mode: 'custom',
				cronExpression: POLL_EVERY_5_SECONDS,
			}),
		]);

		const raw = context.sim.raw();
		const compliant = raw.filter(
			(device) =>
				device.status === 0 && device.category === 'monitored' && device.machine_type !== 'phone',
		);
		const [deviceA, deviceC] = compliant;
		const deviceB = raw.find((device) => device.status === 1 && device.category === 'monitored');
		assertTrue(deviceA && deviceB && deviceC, 'compliant and non-compliant devices to flip');

		let server: N8nServer | undefined = await context.home.start();
		try {
			context.log(
				`    n8n started on ${server.url} (${context.runtime.label}: polls every ${pollMs / 1000} s)`,
			);
			if (facts.refusesSubMinutePolls) await checkSubMinuteRefused(context, server, fiveSecondId);
			context.sim.simulation.log.clear();
			await server.activate(workflowId);
			// Activation runs the first poll: the baseline (7 pages). n8n 2.8 answers once it has run; n8n 2.41 answers first.
			const pages = () =>
				context.sim
					.requests()
					.filter((request) => request.path === '/o/api/v2.3/devices' && request.status !== 401)
					.length;
			if (facts.activationAwaitsFirstPoll)
				assertTrue(
					pages() >= 7,
					`the baseline scan ran before the activation answered\n${context.sim.describeRequests()}`,
				);
			else
				await waitFor('the baseline scan after the activation', 30_000, async () =>
					pages() >= 7 ? true : undefined,
				);
			assertEqual(pages(), 7, `the baseline scan: 7 pages\n${context.sim.describeRequests()}`);
			assertEqual(await server.executions(workflowId), [], 'executions after the baseline');

			const { first, flippedAt } = await flipAndAwait(context, server, workflowId, [
				deviceA,
				deviceB,
			]);
			await checkAlert(context, server, first, deviceA, flippedAt);

			// The next two polls report nothing more.
			await pollsSeen(context, 2, pollMs);
			assertEqual(
				((await server.executions(workflowId)) as Execution[]).map((execution) => execution.id),
				[first.id],
				'executions two polls later',
			);

			// Tokens expired during the polls: each 401 was followed by a new token and the same page again.
			const requests = context.sim.requests();
			const refused = requests.flatMap((request, i) => (request.status === 401 ? [i] : []));
			assertTrue(
				refused.length >= 1,
				`a poll met an expired token (tokens last ${TOKEN_LIFETIME_S} s)\n${context.sim.describeRequests(requests)}`,
			);
			for (const i of refused) {
				const [token, retry] = [requests[i + 1], requests[i + 2]];
				assertTrue(
					token?.path === '/o/oauth/token' &&
						token.status === 200 &&
						retry?.path === requests[i].path &&
						retry.query.page === requests[i].query.page &&
						(retry.status === 200 || retry.status === 413),
					`after the 401 of #${requests[i].seq}, a new token and the same request again\n${context.sim.describeRequests(requests)}`,
				);
			}
			assertEqual(
				requests.filter((request) => request.path === '/o/oauth/token').length,
				refused.length + 1,
				'token requests: the first, then one per expiry',
			);
			const failed = requests.filter(
				(request) => request.status !== 200 && request.status !== 413 && request.status !== 401,
			);
			assertEqual(
				failed.length,
				0,
				`requests that failed\n${context.sim.describeRequests(failed)}`,
			);
			context.log(
				`    ${requests.length} requests, ${refused.length} expired token(s) renewed during the polls`,
			);

			// A restart: a change made while n8n is down is reported once n8n is back, and A is not reported again.
			await stopServer(context, server);
			server = undefined;
			const whileDown = Date.now();
			context.sim.simulation.updateDevice(deviceC.hwid, { status: 1 }, whileDown);
			server = await context.home.start();
			context.log(`    n8n restarted on ${server.url}`);
			const second = await nextExecution(server, workflowId, [first.id], facts);
			context.log(`    execution ${second.id} after the restart`);
			await checkAlert(context, server, second, deviceC, whileDown);
			await pollsSeen(context, 1, pollMs);
			assertEqual(
				((await server.executions(workflowId)) as Execution[])
					.map((execution) => execution.id)
					.sort(),
				[first.id, second.id].sort(),
				'executions after the restart',
			);

			await server.deactivate(workflowId);
			const deactivatedAt = Date.now();
			await sleep(pollMs + 1000);
			const late = context.sim
				.requests()
				.filter((request) => Date.parse(request.time) > deactivatedAt + 500);
			assertEqual(
				late.length,
				0,
				`no poll after deactivation\n${context.sim.describeRequests(late)}`,
			);
		} finally {
			if (server) await stopServer(context, server);
		}
	},
};
