/**
 * Token renewal under concurrency (client credentials), through n8n-core's own request helpers and
 * pre-authentication (the harness's credentials helper stores a fetched token as n8n's does): one
 * token fetch per account and process at a time, which every waiting execution shares; a 401
 * renews once for every execution refused the same token; a stored token as old as the refused
 * one is never used again. Virtual time shared with the simulator (EventClock): exact, and
 * independent of the machine's speed.
 */
import nock from 'nock';

import { startSimulator, type LoggedRequest, type RunningSimulator } from '../../simulator';
import { exemptAtOnce } from '../../harness/bursts';
import { EventClock } from '../../harness/eventClock';
import {
	clientCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';
import { FakeApi } from '../../harness/fakeApi';
import { VirtualClock } from '../../harness/virtualClock';

const LIFETIME_S = 120;
const LIMIT = 10;
const BATCH_SIZE = 10;

let sim: RunningSimulator | undefined;
afterEach(async () => {
	useClock(undefined);
	await sim?.close();
	sim = undefined;
});

/** `executions` executions at once, each exempting its own devices in requests of 10. */
async function burst(executions: number, requestsEach: number) {
	const clock = new EventClock();
	useClock(clock);
	const devicesEach = requestsEach * BATCH_SIZE;
	sim = await startSimulator({
		devices: executions * devicesEach,
		rateLimit: { limit: LIMIT, windowMs: 60_000 },
		tokenLifetimeSeconds: LIFETIME_S,
		now: () => clock.now(),
	});
	const hwids = sim.simulation.devices(clock.now()).devices.map((device) => device.hwid);
	// A fresh credential: no session token stored yet.
	const helper = new TestCredentialsHelper(
		clientCredential({
			baseUrl: sim.url,
			clientId: 'demo-client',
			clientSecret: 'demo-secret',
			requestsPerMinute: LIMIT,
		}),
	);
	const started = clock.now();
	const runs = exemptAtOnce(helper, hwids, executions, devicesEach, BATCH_SIZE);
	const outcomes = await Promise.allSettled(runs);
	const { requests } = sim.simulation.log.read();
	return { outcomes, requests, hwids, helper, started, devicesEach, ended: clock.now() };
}

/** Token label → when it was issued (its token request's time). */
function issuedAt(requests: LoggedRequest[]): Map<string, number> {
	const fetches = requests.filter((request) => request.path === '/o/oauth/token');
	return new Map(fetches.map((request, i) => [`demo-client#${i + 1}`, Date.parse(request.time)]));
}

describe.each([
	[10, 5],
	[50, 1],
])(
	'%i executions at once (%i requests each), a fresh credential, tokens of 120 s',
	(executions, requestsEach) => {
		test('through two expiries: 1 token request per expiry, 0 failed executions, 0 lost items', async () => {
			const { outcomes, requests, hwids, helper, started, devicesEach, ended } = await burst(
				executions,
				requestsEach,
			);
			// 0 failed executions, 0 lost items: every device of every execution has its result.
			expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
			outcomes.forEach((outcome, e) => {
				const { items } = (
					outcome as PromiseFulfilledResult<{
						items: Array<{ json: { id?: unknown; result?: unknown } }>;
					}>
				).value;
				expect(items.map((item) => item.json.id)).toEqual(
					hwids.slice(e * devicesEach, (e + 1) * devicesEach),
				);
				expect(
					items.every(
						(item) => item.json.result === 'applied' || item.json.result === 'not supported',
					),
				).toBe(true);
			});
			const actions = requests.filter((request) => request.path === '/o/api/v3.1/devices/action');
			expect(actions.filter((request) => request.status === 200)).toHaveLength(
				executions * requestsEach,
			);
			expect(requests.filter((request) => ![200, 401].includes(request.status!))).toEqual([]);

			// The run outlived two tokens: exactly 3 token requests, the first at the start.
			const issued = issuedAt(requests);
			expect([...issued.values()].map((time) => (time - started) / 1000)).toEqual([
				0,
				expect.any(Number),
				expect.any(Number),
			]);
			expect(ended - started).toBeGreaterThan(2 * LIFETIME_S * 1000);
			// Each refused token was refused only once it had expired, and renewed once: the next token
			// request follows its first 401, and no request went with it after that.
			const refused = requests.filter((request) => request.status === 401);
			expect(new Set(refused.map((request) => request.query.access_token))).toEqual(
				new Set(['demo-client#1', 'demo-client#2']),
			);
			for (const request of refused) {
				const label = request.query.access_token;
				expect(Date.parse(request.time)).toBeGreaterThanOrEqual(
					issued.get(label)! + LIFETIME_S * 1000,
				);
			}
			for (const [n, label] of [
				[2, 'demo-client#1'],
				[3, 'demo-client#2'],
			] as const) {
				const firstRefusal = Math.min(
					...refused.filter((r) => r.query.access_token === label).map((r) => Date.parse(r.time)),
				);
				expect(issued.get(`demo-client#${n}`)).toBeGreaterThanOrEqual(firstRefusal);
				const afterRenewal = actions.filter(
					(r) =>
						r.query.access_token === label && Date.parse(r.time) > issued.get(`demo-client#${n}`)!,
				);
				expect(afterRenewal).toEqual([]);
			}
			// At most one window's requests (those sent at once) meet an expired token.
			expect(refused.length).toBeLessThanOrEqual(2 * LIMIT);
			// n8n stored each token once, one generation after the other.
			expect(helper.updates.map((update) => update.sessionGeneration)).toEqual([1, 2, 3]);
			process.stdout.write(
				`${executions} executions × ${requestsEach} requests: ${issued.size} token requests, ${refused.length} × 401, ${actions.length} action requests, ${(ended - started) / 1000} s\n`,
			);
		});
	},
);

/** A virtual clock (installed for each test) and nock with no real network: reads the clock. */
function virtualTimeOnNock(): { time: number } {
	let clock: VirtualClock;
	beforeEach(() => {
		nock.disableNetConnect();
		clock = new VirtualClock().install();
	});
	afterEach(() => {
		clock.uninstall();
		nock.cleanAll();
		nock.enableNetConnect();
	});
	return {
		get time() {
			return clock.time;
		},
	};
}

describe('a stored token as old as the refused one is never used again', () => {
	const clock = virtualTimeOnNock();

	test.each([
		['as old (same generation): a new token is fetched', 1, ['old-1', 'fetched-3']],
		['older (no generation): a new token is fetched', 0, ['old-1', 'fetched-3']],
		['newer (one generation on): it serves, nothing is fetched', 2, ['old-1', 'other-2']],
	])('another worker stored a token %s', async (_name, generation, sent) => {
		const api = new FakeApi(clock);
		const helper = new TestCredentialsHelper(
			clientCredential({ sessionToken: 'old-1', sessionGeneration: 1 }),
		);
		api.handler = (request) => {
			if (request.path === '/o/oauth/token')
				return { status: 200, body: { access_token: 'fetched-3' } };
			if (request.query.access_token !== 'old-1') return { status: 200, body: [{ hwid: 'H' }] };
			// Meanwhile another n8n worker renewed the token and stored its own.
			helper.stored = { ...helper.stored!, sessionToken: 'other-2', sessionGeneration: generation };
			return { status: 401, body: { error: 'invalid_token' } };
		};
		const { items } = await runActionNode({
			parameters: { operation: 'getAll', limit: 1, simplify: false },
			credentialsHelper: helper,
		});
		expect(items.map((item) => item.json)).toEqual([{ hwid: 'H' }]);
		expect(api.requests.map((r) => r.query.access_token ?? r.path)).toEqual(
			sent[1] === 'fetched-3' ? ['old-1', '/o/oauth/token', 'fetched-3'] : ['old-1', 'other-2'],
		);
		expect(helper.updates).toEqual(
			sent[1] === 'fetched-3' ? [{ sessionToken: 'fetched-3', sessionGeneration: 2 }] : [],
		);
	});
});

describe('a request crowded out by 429s outlives one token after another', () => {
	const clock = virtualTimeOnNock();

	test('each token that expires while it waits is renewed, however many: it succeeds', async () => {
		const api = new FakeApi(clock);
		const helper = new TestCredentialsHelper(
			clientCredential({ sessionToken: 'tok-0', sessionGeneration: 1 }),
		);
		let issued = 0;
		const answered = new Map<string, number>();
		api.handler = (request) => {
			if (request.path === '/o/oauth/token')
				return { status: 200, body: { access_token: `tok-${++issued}` } };
			// Until the fifth token: each token's first request is refused 429 (its reset 1 s on),
			// and by the time the request goes again the token has expired.
			const token = request.query.access_token;
			answered.set(token, (answered.get(token) ?? 0) + 1);
			if (issued >= 4) return { status: 200, body: [{ hwid: 'H' }] };
			return answered.get(token) === 1
				? { status: 429, headers: { 'X-RateLimit-Reset-Time': '1' }, body: {} }
				: { status: 401, body: { error: 'invalid_token', error_description: 'expired' } };
		};
		const { items } = await runActionNode({
			parameters: { operation: 'getAll', limit: 1, simplify: false },
			credentialsHelper: helper,
		});
		expect(items.map((item) => item.json)).toEqual([{ hwid: 'H' }]);
		const cycle = (n: number) => [`tok-${n} 429`, `tok-${n} 401`, 'token 200'];
		expect(api.requests.map((r) => `${r.query.access_token ?? 'token'} ${r.status}`)).toEqual([
			...cycle(0),
			...cycle(1),
			...cycle(2),
			...cycle(3),
			'tok-4 200',
		]);
	});
});
