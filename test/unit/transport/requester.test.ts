/**
 * The transport: pacing to the rate limit (headers win), 429 waits, bounded retries with backoff,
 * and errors that say what to do and never hold the access token.
 */
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import http from 'http';
import net from 'net';

import { FakeApi, type FakeAnswer } from '../../harness/fakeApi';
import {
	accessTokenCredential,
	clientCredential,
	runActionNode,
	useClock,
} from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { errorText } from '../../harness/errorText';
import { EventClock } from '../../harness/eventClock';

const TOKEN = accessTokenCredential().accessToken as string;

const env = useNodeTestEnvironment();

/** N remediation-link items, each a different device: N requests, one per item. */
const remediationItems = (count: number) =>
	Array.from({ length: count }, (_, i) => ({ hwid: `DEVICE${String(i).padStart(4, '0')}` }));
const remediationRun = (
	count: number,
	options: INodeParameters = {},
	credentials = accessTokenCredential(),
) =>
	runActionNode(
		{
			parameters: {
				operation: 'getRemediationLink',
				device: { __rl: true, mode: 'id', value: '={{ $json.hwid }}' },
				options,
			},
			credentials,
		},
		remediationItems(count),
	);
/** A port nothing listens on. */
async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

/**
 * A server on 127.0.0.1 that takes requests and never answers them (real sockets: the request
 * timeout n8n-core sets is what ends each attempt).
 */
async function silentServer() {
	nock.enableNetConnect('127.0.0.1');
	const sockets = new Set<net.Socket>();
	const state = { requests: 0 };
	const server = http.createServer(() => {
		state.requests++;
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
		get requests() {
			return state.requests;
		},
		close: async () => {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}

const found: FakeAnswer = {
	status: 200,
	body: { result: 1, remediation_link: 'https://x/r.html' },
};

describe('pacing: a run needing 11+ requests draws no 429 from an API allowing 10 a minute', () => {
	test('with X-RateLimit headers: 10 go at once, the rest right after the reset the API named', async () => {
		const api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000, rateLimitHeaders: true });
		api.handler = () => found;
		const { items } = await remediationRun(25);
		expect(items).toHaveLength(25);
		expect(api.count429).toBe(0);
		expect(api.requests).toHaveLength(25);
		const start = api.requests[0].at;
		expect(api.requests.map((r) => (r.at - start) / 1000)).toEqual([
			...Array(10).fill(0),
			...Array(10).fill(60),
			...Array(5).fill(120),
		]);
	});

	test('without headers: at most 10 in any 60 s sliding window, counted from each answer', async () => {
		const api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000 });
		api.handler = () => found;
		await remediationRun(21);
		expect(api.count429).toBe(0);
		expect(env.clock.slept).toBe(120_000);
		for (let i = 10; i < api.requests.length; i++) {
			expect(api.requests[i].at - api.requests[i - 10].at).toBeGreaterThanOrEqual(60_000);
		}
	});

	test('Requests per Minute set to a shortened window: 100/min paces 10 per 6 s', async () => {
		const api = new FakeApi(env.clock, { limit: 10, windowMs: 6_000 });
		api.handler = () => found;
		await remediationRun(30, {}, accessTokenCredential({ requestsPerMinute: 100 }));
		expect(api.count429).toBe(0);
		const [at0, at6, at12] = [0, 6, 12].map((at) => Array<number>(9).fill(at));
		const expected = [...at0, 0, ...at6, 10.5, ...at12, 16.5]; // saturating: last place late
		expect(api.requests.map((r) => (r.at - api.requests[0].at) / 1000)).toEqual(expected);
		expect(env.clock.slept).toBe(16_500);
	});

	test("the limiter is shared by executions on the same account: a second run waits for the first one's window", async () => {
		const api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000 });
		api.handler = () => found;
		await remediationRun(8);
		await remediationRun(4);
		expect(api.count429).toBe(0);
		expect(env.clock.slept).toBe(60_000);
	});
});

describe('429', () => {
	test('waits X-RateLimit-Reset-Time and retries', async () => {
		const api = new FakeApi(env.clock);
		let calls = 0;
		api.handler = () =>
			++calls === 1
				? {
						status: 429,
						headers: { 'X-RateLimit-Reset-Time': '7.5', 'X-RateLimit-Remaining': '0' },
					}
				: found;
		const { items } = await remediationRun(1);
		expect(items[0].json.found).toBe(true);
		expect(env.clock.sleeps).toEqual([7500]);
		expect(api.requests.map((r) => r.status)).toEqual([429, 200]);
	});

	test('without headers waits a whole window (60 s at 10 a minute)', async () => {
		const api = new FakeApi(env.clock);
		let calls = 0;
		api.handler = () => (++calls === 1 ? { status: 429 } : found);
		await remediationRun(1);
		expect(env.clock.sleeps).toEqual([60_000]);
	});

	test('the wait is capped by Max Wait on Rate Limit', async () => {
		const api = new FakeApi(env.clock);
		let calls = 0;
		api.handler = () =>
			++calls === 1 ? { status: 429, headers: { 'X-RateLimit-Reset-Time': '300' } } : found;
		await remediationRun(1, { maxWaitOnRateLimit: 5 });
		expect(env.clock.sleeps).toEqual([5000]);
	});

	test('gives up once the account made no progress for Max Wait on Rate Limit, saying what to do', async () => {
		const api = new FakeApi(env.clock);
		api.handler = () => ({ status: 429, headers: { 'X-RateLimit-Reset-Time': '30' } });
		await expect(remediationRun(1)).rejects.toMatchObject({
			httpCode: '429',
			message: 'MetaAccess answered HTTP 429 to GET /o/api/v3/devices/DEVICE0000/remediation',
			description: expect.stringContaining(
				'Lower the rate (Requests per Minute in the credential), raise Max Wait on Rate Limit',
			),
		});
		// Refused at 0, 30, 60, 90 and 120 s: 120 s (the default Max Wait) without progress.
		expect(api.requests.map((request) => request.at - api.requests[0].at)).toEqual([
			0, 30_000, 60_000, 90_000, 120_000,
		]);
		expect(env.clock.sleeps).toEqual([30_000, 30_000, 30_000, 30_000]);
	});

	test('keeps waiting while other requests of the account succeed (another workflow makes progress)', async () => {
		// Two executions at once on one account, in virtual time: the first's request is refused 3
		// times, 30 s apart at the least, while the second's 40 requests succeed meanwhile. Alone,
		// it would have given up at the third (see above: 60 s without progress).
		const clock = new EventClock();
		useClock(clock);
		const api = new FakeApi(clock);
		let refusals = 0;
		api.handler = (request) =>
			request.path.includes('REFUSED-ONE') && refusals++ < 3
				? { status: 429, headers: { 'X-RateLimit-Reset-Time': '30' } }
				: found;
		const refused = runActionNode(
			{
				parameters: {
					operation: 'getRemediationLink',
					device: { __rl: true, mode: 'custom', value: 'REFUSED-ONE' },
					options: { maxWaitOnRateLimit: 60 },
				},
			},
			[{}],
		);
		const [first, second] = await Promise.all([refused, remediationRun(40)]);
		expect(first.items[0].json.found).toBe(true);
		expect(second.items).toHaveLength(40);
		expect(refusals).toBe(4);
		const attempts = api.requests.filter((request) => request.path.includes('REFUSED-ONE'));
		expect(attempts.map((request) => request.status)).toEqual([429, 429, 429, 200]);
	});

	test('a reset time beyond Max Wait: the wait is capped, and the error says so', async () => {
		const api = new FakeApi(env.clock);
		api.handler = () => ({ status: 429, headers: { 'X-RateLimit-Reset-Time': '3600' } });
		await expect(remediationRun(1, { maxWaitOnRateLimit: 10 })).rejects.toMatchObject({
			httpCode: '429',
			description: expect.stringContaining(
				'MetaAccess asked to wait 3600 s for its rate limit to reset, longer than Max Wait on Rate Limit (10 s), so the node waited 10 s at most each time.',
			),
		});
		expect(env.clock.sleeps).toEqual([10_000]);
		expect(api.requests).toHaveLength(2);
	});
});

describe('transient failures', () => {
	test('5xx on a GET: retried with backoff 1 s, 2 s, then succeeds', async () => {
		const api = new FakeApi(env.clock);
		const statuses = [500, 503];
		api.handler = () =>
			statuses.length ? { status: statuses.shift()!, body: { error: 'boom' } } : found;
		const { items } = await remediationRun(1);
		expect(items[0].json.found).toBe(true);
		expect(env.clock.sleeps).toEqual([1000, 2000]);
	});

	test('5xx forever: 4 attempts, then a NodeApiError with the code', async () => {
		const api = new FakeApi(env.clock);
		api.handler = () => ({ status: 500 });
		await expect(remediationRun(1)).rejects.toMatchObject({
			httpCode: '500',
			description: 'MetaAccess failed to process the request (tried 4 times). Try again later.',
		});
		expect(api.requests).toHaveLength(4);
		expect(env.clock.sleeps).toEqual([1000, 2000, 4000]);
	});

	test('a malformed JSON answer to a GET is retried like a 5xx', async () => {
		const api = new FakeApi(env.clock);
		let calls = 0;
		api.handler = () => (++calls === 1 ? { status: 200, body: '{"result": 1, "remed' } : found);
		const { items } = await remediationRun(1);
		expect(items[0].json.found).toBe(true);
		expect(api.requests).toHaveLength(2);
	});

	test('a 500 to Delete is not resent (a second delete would misreport the first); a 503 is', async () => {
		const api = new FakeApi(env.clock);
		api.handler = () => ({ status: 500 });
		const run = () =>
			runActionNode({ parameters: { operation: 'delete', identifyBy: 'id', devices: 'H1' } });
		await expect(run()).rejects.toMatchObject({ httpCode: '500' });
		expect(api.requests).toHaveLength(1);

		let calls = 0;
		api.handler = () => (++calls === 1 ? { status: 503 } : { status: 200, body: { result: [1] } });
		const { items } = await run();
		expect(items[0].json).toMatchObject({ id: 'H1', success: true });
		expect(api.requests).toHaveLength(3);
	});

	test('a refused connection is retried, then reported with the address to check', async () => {
		nock.enableNetConnect('127.0.0.1');
		const closedPort = await freePort();
		await expect(
			remediationRun(1, {}, accessTokenCredential({ baseUrl: `http://127.0.0.1:${closedPort}` })),
		).rejects.toMatchObject({
			message:
				'Could not reach MetaAccess for GET /o/api/v3/devices/DEVICE0000/remediation: the connection was refused',
			description:
				'Tried 4 times. Check the Base URL of the OPSWAT MetaAccess credential and the network between n8n and MetaAccess.',
		});
		expect(env.clock.sleeps).toEqual([1000, 2000, 4000]);
	});

	test('a timeout on Delete through Device Action is not resent and says the outcome is unknown', async () => {
		const silent = await silentServer();
		try {
			await expect(
				runActionNode({
					parameters: {
						operation: 'delete',
						deleteOption: 'deviceAction',
						devices: 'H1',
						options: { timeout: 1 },
					},
					credentials: accessTokenCredential({ baseUrl: silent.url }),
				}),
			).rejects.toMatchObject({
				message: 'MetaAccess did not answer POST /o/api/v3.1/devices/action within 1 s',
				description:
					'It is not known whether MetaAccess carried the request out, so it was not sent again. List the devices to check before running it again.',
			});
			expect(silent.requests).toBe(1);
		} finally {
			await silent.close();
		}
	});
});

describe('errors say what to do and never hold the access token', () => {
	const cases: Array<[string, FakeAnswer, string, string]> = [
		[
			'400',
			{
				status: 400,
				body: { error: 'invalid_request', error_description: `bad access_token=${TOKEN}` },
			},
			'400',
			'rejected the request as invalid',
		],
		[
			'401',
			{ status: 401, body: { error: 'invalid_token' } },
			'401',
			'Paste a new access token in the OPSWAT MetaAccess credential',
		],
		[
			'404',
			{ status: 404, body: `<html>Not found: /o/api?access_token=${TOKEN}</html>` },
			'404',
			'Check the Base URL',
		],
		['405', { status: 405 }, '405', 'refused the HTTP method'],
		['406', { status: 406 }, '406', 'the limit is 1 to 50'],
		['413', { status: 413 }, '413', 'past the last page'],
		['415', { status: 415 }, '415', 'did not accept the request body type'],
		['429', { status: 429 }, '429', 'Lower the rate'],
		['500', { status: 500, body: { message: `trace ${TOKEN}` } }, '500', 'Try again later'],
		['malformed', { status: 200, body: `not json ${TOKEN}` }, '', 'not a login page or proxy'],
	];

	test.each(cases)('%s', async (_name, answer, httpCode, advice) => {
		const api = new FakeApi(env.clock);
		api.handler = () => answer;
		const error = await remediationRun(1).then(
			() => undefined,
			(e: unknown) => e,
		);
		expect(error).toMatchObject({
			name: 'NodeApiError',
			description: expect.stringContaining(advice),
		});
		expect((error as { httpCode: string | null }).httpCode ?? '').toBe(httpCode);
		expect(errorText(error)).not.toContain(TOKEN);
		expect(api.requests[0].query.access_token).toBe(TOKEN);
	});

	test('network failure and timeout', async () => {
		nock.enableNetConnect('127.0.0.1');
		const dropper = net.createServer((socket) => socket.destroy());
		await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
		const baseUrl = `http://127.0.0.1:${(dropper.address() as net.AddressInfo).port}`;
		const reset = await remediationRun(1, {}, accessTokenCredential({ baseUrl })).catch(
			(e: unknown) => e,
		);
		dropper.close();
		expect(reset).toMatchObject({
			message: expect.stringContaining(': the connection was closed unexpectedly'),
		});
		expect(errorText(reset)).not.toContain(TOKEN);

		const silent = await silentServer();
		const timeout = await remediationRun(
			1,
			{ timeout: 1 },
			accessTokenCredential({ baseUrl: silent.url }),
		).catch((e: unknown) => e);
		await silent.close();
		expect(silent.requests).toBe(4);
		expect(timeout).toMatchObject({ message: expect.stringContaining('did not answer') });
		expect(errorText(timeout)).not.toContain(TOKEN);
	});

	test('a token fetch refused: the client secret is in no error either', async () => {
		nock('https://gears.opswat.com')
			.post('/o/oauth/token')
			.reply(401, { error: 'invalid_client', error_description: 'Bad client credentials' });
		const credentials = clientCredential();
		const error = await remediationRun(1, {}, credentials).catch((e: unknown) => e);
		expect(error).toMatchObject({
			message:
				'GET /o/api/v3/devices/DEVICE0000/remediation was not sent: Could not get an access token from https://gears.opswat.com/o/oauth/token (HTTP 401, invalid_client: Bad client credentials). Check the Base URL, Client ID and Client Secret of the OPSWAT MetaAccess credential.',
		});
		expect(errorText(error)).not.toContain(credentials.clientSecret as string);
	});
});
