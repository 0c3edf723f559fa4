import type { AxiosResponse } from 'axios';

import { listDevices, postAction, TOKEN, useSimulator } from './helpers';

/**
 * The simulator runs on a clock these tests move by hand: no window can run out mid-test on a
 * loaded machine, and a reset is reached without waiting.
 */
const clock = { time: Date.UTC(2026, 11, 1, 9, 0, 0) };
const WINDOW_MS = 400;
const context = useSimulator({
	devices: 5,
	rateLimit: { limit: 3, windowMs: WINDOW_MS },
	staticTokens: [TOKEN, 'second-token'],
	now: () => clock.time,
});

function rateHeaders(answer: AxiosResponse) {
	return {
		limit: answer.headers['x-ratelimit-limit'],
		remaining: answer.headers['x-ratelimit-remaining'],
		reset: Number(answer.headers['x-ratelimit-reset-time']),
	};
}

/** The newer POST endpoints (logs, vulnerabilities, account, groups, applications, threats, device info, devices). */
const NEW_POSTS = [
	'/o/api/v3.3/logs',
	'/o/api/v3.2/logs',
	'/o/api/v3.2/get_cves',
	'/o/api/v3.2/cves',
	'/o/api/v3.2/account',
	'/o/api/v3/groups',
	'/o/api/v3/apps',
	'/o/api/v3/apps/details',
	'/o/api/v3/get_threats',
	'/o/api/v3/device_info',
	'/o/api/v3.3/devices',
	'/o/api/v3.7/devices',
];

/** Moves the clock to the end of the window the answer names. */
const passReset = (answer: AxiosResponse) => {
	clock.time += Math.round(Number(answer.headers['x-ratelimit-reset-time']) * 1000);
};

beforeEach(async () => {
	await context.http.patch('/_sim/config', { rateLimit: { limit: 3, windowMs: WINDOW_MS } });
});

describe('rate limit', () => {
	it('lets `limit` requests through per window, with the headers, then answers 429 without body', async () => {
		const answers = [];
		for (let i = 0; i < 5; i++) answers.push(await listDevices(context.http));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429, 429]);
		expect(answers.map((answer) => rateHeaders(answer).remaining)).toEqual([
			'2',
			'1',
			'0',
			'0',
			'0',
		]);
		for (const answer of answers) {
			expect(answer.headers['x-ratelimit-limit']).toBe('3');
			// The clock did not move: every answer names the whole window, in seconds with ms precision.
			expect(answer.headers['x-ratelimit-reset-time']).toBe('0.400');
		}
		expect(answers[3].data).toBe('');
		expect(answers[3].headers['content-length']).toBe('0');
	});

	it('opens a new window at the first request after the last one ended; 429s did not count', async () => {
		let last = await listDevices(context.http);
		for (let i = 0; i < 4; i++) last = await listDevices(context.http);
		expect(last.status).toBe(429);
		clock.time += 50;
		const inWindow = await listDevices(context.http);
		expect(inWindow.status).toBe(429);
		expect(rateHeaders(inWindow).reset).toBe((WINDOW_MS - 50) / 1000);
		passReset(inWindow);
		const fresh = await listDevices(context.http);
		expect(fresh.status).toBe(200);
		expect(rateHeaders(fresh)).toEqual({ limit: '3', remaining: '2', reset: WINDOW_MS / 1000 });
	});

	it('counts per access token', async () => {
		for (let i = 0; i < 3; i++) await listDevices(context.http);
		expect((await listDevices(context.http)).status).toBe(429);
		const other = await context.http.get('/o/api/v2.3/devices', {
			params: { access_token: 'second-token' },
		});
		expect(other.status).toBe(200);
		expect(rateHeaders(other).remaining).toBe('2');
	});

	it('counts every device endpoint, and refused requests (400) carry the headers too', async () => {
		const invalid = await listDevices(context.http, { limit: 0 });
		expect(invalid.status).toBe(400);
		expect(rateHeaders(invalid).remaining).toBe('2');
		const action = await postAction(context.http, '/o/api/v3.1/devices/action', {
			types: 'exempt',
			ids: ['NOPE'],
		});
		expect(rateHeaders(action).remaining).toBe('1');
		const remediation = await context.http.get(
			`/o/api/v3/devices/NOPE/remediation?access_token=${TOKEN}`,
		);
		expect(rateHeaders(remediation).remaining).toBe('0');
		expect(
			(await postAction(context.http, '/o/api/v2/devices/delete', { HWID_list: ['NOPE'] })).status,
		).toBe(429);
		expect(
			(
				await postAction(context.http, '/o/api/v2/devices/action', {
					types: 'dhcprenew',
					MAC_list: ['00:00:00:00:00:00'],
				})
			).status,
		).toBe(429);
	});

	it('counts every endpoint, old and new, against one budget per token', async () => {
		const answers = [
			await listDevices(context.http),
			await postAction(context.http, '/o/api/v3.3/logs', { event_category: 'admin' }),
			await postAction(context.http, '/o/api/v3.2/get_cves', { id: 'NOPE' }),
			await context.http.get(`/o/api/v3/account?access_token=${TOKEN}`),
			await postAction(context.http, '/o/api/v3.7/devices', {}),
			await postAction(context.http, '/o/api/v3.1/devices/action', { types: 'exempt', ids: ['X'] }),
		];
		expect(answers.map((answer) => [answer.status, rateHeaders(answer).remaining])).toEqual([
			[200, '2'],
			[200, '1'],
			[404, '0'],
			[429, '0'],
			[429, '0'],
			[429, '0'],
		]);
		passReset(answers[5]);
		for (const path of NEW_POSTS) {
			for (let i = 0; i < 3; i++) await postAction(context.http, path, {});
			expect([path, (await listDevices(context.http)).status]).toEqual([path, 429]);
			passReset(await listDevices(context.http));
		}
	});

	it('counts per account: the tokens issued to one client share a budget, a static token has its own', async () => {
		const issue = async () =>
			(
				await context.http.post('/o/oauth/token', {
					grant_type: 'client_credentials',
					client_id: 'demo-client',
					client_secret: 'demo-secret',
				})
			).data.access_token as string;
		const [first, second] = [await issue(), await issue()];
		expect(first).not.toBe(second);
		const list = (token: string) =>
			context.http.get(`/o/api/v2.3/devices?access_token=${token}&limit=1`);
		const answers = [
			await list(first),
			await list(second),
			await list(first),
			await list(second),
			await listDevices(context.http),
		];
		expect(answers.map((answer) => [answer.status, rateHeaders(answer).remaining])).toEqual([
			[200, '2'],
			[200, '1'],
			[200, '0'],
			[429, '0'],
			[200, '2'],
		]);
		passReset(answers[0]);
	});

	it('does not limit the token endpoint or the control API', async () => {
		for (let i = 0; i < 3; i++) await listDevices(context.http);
		for (let i = 0; i < 6; i++) {
			expect((await context.http.get('/_sim/config')).status).toBe(200);
			const grant = await context.http.post('/o/oauth/token', {
				grant_type: 'client_credentials',
				client_id: 'demo-client',
				client_secret: 'demo-secret',
			});
			expect(grant.status).toBe(200);
		}
	});

	it('follows a change of the rule at run time, and sends no headers when it is off', async () => {
		for (let i = 0; i < 3; i++) await listDevices(context.http);
		const changed = await context.http.patch('/_sim/config', { rateLimit: { limit: 5 } });
		expect(changed.data).toStrictEqual({
			agentLogDelaySeconds: 60,
			rateLimit: { limit: 5, windowMs: WINDOW_MS },
			tokenLifetimeSeconds: 43199,
		});
		expect(rateHeaders(await listDevices(context.http))).toMatchObject({
			limit: '5',
			remaining: '4',
		});
		await context.http.patch('/_sim/config', { rateLimit: false });
		for (let i = 0; i < 8; i++) {
			const answer = await listDevices(context.http);
			expect(answer.status).toBe(200);
			expect(answer.headers['x-ratelimit-limit']).toBeUndefined();
		}
	});
});

describe('documented default', () => {
	const defaults = useSimulator({ devices: 1, rateLimit: undefined, now: () => clock.time });

	it('is 10 requests a minute per token', async () => {
		expect((await defaults.http.get('/_sim/config')).data.rateLimit).toStrictEqual({
			limit: 10,
			windowMs: 60_000,
		});
		const answers = [];
		for (let i = 0; i < 11; i++) answers.push(await listDevices(defaults.http));
		expect(answers.map((answer) => answer.status)).toEqual([...Array(10).fill(200), 429]);
		expect(rateHeaders(answers[0])).toEqual({ limit: '10', remaining: '9', reset: 60 });
		expect(rateHeaders(answers[10]).reset).toBe(60);
	});
});
