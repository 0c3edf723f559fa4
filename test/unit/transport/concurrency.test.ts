/**
 * Many executions at once on one account, in one process, against the real simulator at the
 * documented 10 requests a minute, with and without X-RateLimit headers, and a trigger poll among
 * them: no 429, every device answered, requests granted in the order they asked (no execution
 * starves), and the whole burst within 1.10× of the rate-limit floor. Virtual time (EventClock),
 * shared by the nodes and the simulator: exact, and independent of the machine's speed.
 */
import { startSimulator, type LoggedRequest, type RunningSimulator } from '../../simulator';
import { exemptAtOnce } from '../../harness/bursts';
import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	clientCredential,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';
import { activate } from '../../harness/poll';

const WINDOW_MS = 60_000;
const LIMIT = 10;
const DEVICES_PER_EXECUTION = 40;
const BATCH_SIZE = 10;
const REQUESTS_PER_EXECUTION = DEVICES_PER_EXECUTION / BATCH_SIZE;
const TRIGGER_REQUESTS = 8;

let clock: EventClock;
let sim: RunningSimulator;
beforeEach(() => {
	clock = new EventClock();
	useClock(clock);
});
afterEach(async () => {
	useClock(undefined);
	await sim?.close();
});

/** `executions` executions at once, each exempting its own 40 devices in requests of 10. */
const startExecutions = (helper: TestCredentialsHelper, hwids: string[], executions: number) =>
	exemptAtOnce(helper, hwids, executions, DEVICES_PER_EXECUTION, BATCH_SIZE);

async function burst(executions: number, headers: boolean) {
	sim = await startSimulator({
		// At least 9 pages, so that the trigger's poll sends its 8 requests.
		devices: Math.max(executions * DEVICES_PER_EXECUTION, 400),
		rateLimit: { limit: LIMIT, windowMs: WINDOW_MS, headers },
		now: () => clock.now(),
	});
	const hwids = sim.simulation.devices(clock.now()).devices.map((device) => device.hwid);
	const helper = new TestCredentialsHelper(
		accessTokenCredential({
			baseUrl: sim.url,
			accessToken: sim.credentials.accessToken,
			requestsPerMinute: LIMIT,
		}),
	);
	const started = clock.now();
	const runs = startExecutions(helper, hwids, executions);
	// A trigger poll of the same account among them (its first poll: a baseline of 8 pages).
	const poll = activate({
		parameters: { events: ['complianceStatusChanged'], filters: {}, simplify: true, options: {} },
		staticData: {},
		credentialsHelper: helper,
	}).poll();
	const outputs = await Promise.all(runs);
	expect(await poll).toBeNull();
	const finished = clock.now();
	const { requests, summary } = sim.simulation.log.read();
	return { outputs, requests, summary, hwids, elapsed: finished - started };
}

/** The execution a Device Action request belongs to (its devices are that execution's). */
function executionOf(request: LoggedRequest, hwids: string[]): number {
	const [first] = (request.body as { ids: string[] }).ids;
	return Math.floor(hwids.indexOf(first) / DEVICES_PER_EXECUTION);
}

describe.each([
	['with X-RateLimit headers', true],
	['without X-RateLimit headers', false],
])('one process, many executions at once, %s', (_label, headers) => {
	test.each([1, 10, 20, 50])(
		'%i executions and a trigger poll: 0 × 429, all answered, none starved, within 1.10× the floor',
		async (executions) => {
			const { outputs, requests, summary, hwids, elapsed } = await burst(executions, headers);

			const total = executions * REQUESTS_PER_EXECUTION + TRIGGER_REQUESTS;
			expect(summary.rateLimited).toBe(0);
			expect(summary.total).toBe(total);
			expect(requests.every((request) => request.status === 200)).toBe(true);

			// Every device of every execution has its own result, paired with its item.
			outputs.forEach(({ items }, e) => {
				const expected = hwids.slice(e * DEVICES_PER_EXECUTION, (e + 1) * DEVICES_PER_EXECUTION);
				expect(items.map((item) => item.json.id)).toEqual(expected);
				expect(items.map((item) => item.pairedItem)).toEqual(
					expected.map((_hwid, item) => ({ item })),
				);
				expect(
					items.every(
						(item) => item.json.result === 'applied' || item.json.result === 'not supported',
					),
				).toBe(true);
			});

			// No execution starves: they all progress together and end within the last round of
			// windows (one request each), rather than some early and some at the very end.
			const actions = requests.filter((request) => request.path === '/o/api/v3.1/devices/action');
			const lastOf = new Map<number, number>();
			for (const request of actions)
				lastOf.set(executionOf(request, hwids), Date.parse(request.time));
			expect(lastOf.size).toBe(executions);
			const ends = [...lastOf.values()];
			expect(Math.max(...ends) - Math.min(...ends)).toBeLessThanOrEqual(
				Math.ceil(executions / LIMIT) * WINDOW_MS,
			);

			// The rate-limit floor: every window full but the last.
			const floor = (Math.ceil(total / LIMIT) - 1) * WINDOW_MS;
			process.stdout.write(
				`${executions} executions + a poll, ${headers ? 'with' : 'without'} headers: ${total} requests, ${summary.rateLimited} × 429, ${elapsed / 1000} s against a floor of ${floor / 1000} s (${(elapsed / floor).toFixed(3)}×)\n`,
			);
			expect(elapsed).toBeGreaterThanOrEqual(floor);
			expect(elapsed).toBeLessThanOrEqual(1.1 * floor);
		},
	);
});

describe('client credentials: a token refused while many executions run is renewed once', () => {
	test.each([2, 10, 20])(
		'%i executions at once: one token fetch per refusal, no failed execution',
		async (executions) => {
			// Tokens last 150 s of virtual time: the stored one has just expired as the executions
			// start, and the longer bursts outlive the next one too.
			sim = await startSimulator({
				devices: executions * DEVICES_PER_EXECUTION,
				rateLimit: { limit: LIMIT, windowMs: WINDOW_MS },
				tokenLifetimeSeconds: 150,
				now: () => clock.now(),
			});
			const hwids = sim.simulation.devices(clock.now()).devices.map((device) => device.hwid);
			// As after an earlier execution: the stored credential holds its token, now expired.
			const first = sim.simulation.tokens.issue(
				'demo-client',
				'demo-secret',
				150,
				clock.now() - 151_000,
			)!;
			const helper = new TestCredentialsHelper(
				clientCredential({
					baseUrl: sim.url,
					clientId: 'demo-client',
					clientSecret: 'demo-secret',
					requestsPerMinute: LIMIT,
					sessionToken: first.access_token,
				}),
			);
			const outputs = await Promise.all(startExecutions(helper, hwids, executions));
			expect(outputs.map(({ items }) => items.length)).toEqual(
				Array(executions).fill(DEVICES_PER_EXECUTION),
			);
			const { requests } = sim.simulation.log.read();
			const fetches = requests.filter((request) => request.path === '/o/oauth/token');
			const refused = new Set(
				requests
					.filter((request) => request.status === 401)
					.map((request) => request.query.access_token),
			);
			expect(refused.size).toBeGreaterThanOrEqual(1);
			expect(fetches.map((request) => request.status)).toEqual(Array(refused.size).fill(200));
			expect(
				requests.filter((request) => request.status !== 200 && request.status !== 401),
			).toEqual([]);
			// Every action request was answered in the end: one success per batch.
			const actions = requests.filter((request) => request.path === '/o/api/v3.1/devices/action');
			expect(actions.filter((request) => request.status === 200)).toHaveLength(
				executions * REQUESTS_PER_EXECUTION,
			);
			expect(helper.updates).toHaveLength(refused.size);
		},
	);
});
