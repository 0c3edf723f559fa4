import axios from 'axios';

import { startSimulator } from '../../simulator';
import { listDevices, TOKEN, useSimulator } from './helpers';

const context = useSimulator({ devices: 3, rateLimit: { limit: 1, windowMs: 60_000 } });
const CLIENT = {
	grant_type: 'client_credentials',
	client_id: 'demo-client',
	client_secret: 'demo-secret',
};
const GRANT = {
	access_token: expect.stringMatching(/^[A-Z0-9]{48}$/),
	token_type: 'bearer',
	refresh_token: expect.stringMatching(/^[A-Z0-9]{48}$/),
	expires_in: 43199,
	scope: 'read',
};

const devicesWith = (token: string) =>
	context.http.get('/o/api/v2.3/devices', { params: { access_token: token } });

describe('token endpoint', () => {
	it('issues a token for client credentials sent as a form, as JSON, or in the query string', async () => {
		const answers = [
			await context.http.post('/o/oauth/token', new URLSearchParams(CLIENT).toString(), {
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			}),
			await context.http.post('/o/oauth/token', CLIENT),
			await context.http.post('/o/oauth/token', undefined, { params: CLIENT }),
		];
		const tokens = new Set<string>();
		const statuses: number[] = [];
		for (const answer of answers) {
			expect(answer.status).toBe(200);
			expect(answer.data).toStrictEqual(GRANT);
			expect(answer.headers['cache-control']).toBe('no-store');
			expect(answer.headers['x-ratelimit-limit']).toBeUndefined();
			tokens.add(answer.data.access_token);
			statuses.push((await devicesWith(answer.data.access_token)).status);
		}
		expect(tokens.size).toBe(3);
		// Each token is accepted (no 401); the three share the client's one request a minute.
		expect(statuses).toEqual([200, 429, 429]);
	});

	it('answers 401 invalid_client for a wrong secret or an unknown client', async () => {
		for (const body of [
			{ ...CLIENT, client_secret: 'wrong' },
			{ ...CLIENT, client_id: 'someone' },
			{ grant_type: 'client_credentials' },
		]) {
			const answer = await context.http.post('/o/oauth/token', body);
			expect(answer.status).toBe(401);
			expect(answer.data).toStrictEqual({
				error: 'invalid_client',
				error_description: 'Bad client credentials',
			});
		}
	});

	it('answers 400 unsupported_grant_type for other grant types, invalid_request without one', async () => {
		for (const grant_type of ['authorization_code', 'refresh_token', 'password']) {
			const answer = await context.http.post('/o/oauth/token', { ...CLIENT, grant_type });
			expect(answer.status).toBe(400);
			expect(answer.data).toStrictEqual({
				error: 'unsupported_grant_type',
				error_description: `Unsupported grant type: ${grant_type}`,
			});
		}
		const { grant_type: _omitted, ...withoutGrant } = CLIENT;
		const missing = await context.http.post('/o/oauth/token', withoutGrant);
		expect(missing.status).toBe(400);
		expect(missing.data).toStrictEqual({
			error: 'invalid_request',
			error_description: 'grant_type is required',
		});
	});

	it('answers 405 to GET, 415 to a text body and 400 to malformed JSON', async () => {
		const get = await context.http.get('/o/oauth/token', { params: CLIENT });
		expect(get.status).toBe(405);
		expect(get.headers.allow).toBe('POST');
		const text = await context.http.post('/o/oauth/token', 'grant_type=client_credentials', {
			headers: { 'Content-Type': 'text/plain' },
		});
		expect(text.status).toBe(415);
		const malformed = await context.http.post('/o/oauth/token', '{"grant_type":', {
			headers: { 'Content-Type': 'application/json' },
			transformRequest: [(data: unknown) => data],
		});
		expect(malformed.status).toBe(400);
		expect(malformed.data.error).toBe('invalid_request');
	});

	it('is not rate limited', async () => {
		for (let i = 0; i < 5; i++)
			expect((await context.http.post('/o/oauth/token', CLIENT)).status).toBe(200);
	});

	it('issues tokens with the lifetime configured at run time', async () => {
		await context.http.patch('/_sim/config', { tokenLifetimeSeconds: 120 });
		expect((await context.http.post('/o/oauth/token', CLIENT)).data.expires_in).toBe(120);
		await context.http.patch('/_sim/config', { tokenLifetimeSeconds: 43199 });
	});
});

describe('access tokens on device endpoints', () => {
	it('answers 401 invalid_token without a token, with an unknown one, and with an empty one', async () => {
		const cases: Array<[Record<string, string>, string]> = [
			[{}, 'An access_token query parameter is required'],
			[{ access_token: '' }, 'An access_token query parameter is required'],
			[{ access_token: 'NOT-A-TOKEN' }, 'Invalid access token'],
		];
		for (const [params, description] of cases) {
			const answer = await context.http.get('/o/api/v2.3/devices', { params });
			expect(answer.status).toBe(401);
			expect(answer.data).toStrictEqual({ error: 'invalid_token', error_description: description });
			expect(answer.headers['x-ratelimit-limit']).toBeUndefined();
		}
		const action = await context.http.post('/o/api/v3.1/devices/action', {
			types: 'exempt',
			ids: ['A'],
		});
		expect(action.status).toBe(401);
	});

	it('expires every token at once through the control API, and takes static tokens issued again', async () => {
		const issued = (await context.http.post('/o/oauth/token', CLIENT)).data.access_token;
		const expired = await context.http.post('/_sim/tokens/expire');
		expect(expired.status).toBe(200);
		expect(expired.data.expired).toBeGreaterThanOrEqual(2);
		for (const token of [TOKEN, issued]) {
			const answer = await devicesWith(token);
			expect(answer.status).toBe(401);
			expect(answer.data).toStrictEqual({
				error: 'invalid_token',
				error_description: 'Access token expired',
			});
		}
		expect((await context.http.post('/_sim/tokens', { token: TOKEN })).data).toStrictEqual({
			access_token: TOKEN,
			label: 'static#1',
		});
		expect((await listDevices(context.http)).status).toBe(200);
		const random = await context.http.post('/_sim/tokens');
		expect(random.data).toStrictEqual({
			access_token: expect.stringMatching(/^[A-Z0-9]{48}$/),
			label: 'static#2',
		});
		expect((await devicesWith(random.data.access_token)).status).toBe(200);
	});
});

describe('token lifetime', () => {
	it('expires an issued token after tokenLifetimeSeconds, and static tokens only when told', async () => {
		const clock = { time: Date.UTC(2026, 11, 1, 9, 0, 0) };
		const sim = await startSimulator({
			devices: 1,
			now: () => clock.time,
			tokenLifetimeSeconds: 1,
			clients: [{ clientId: 'c1', clientSecret: 's1' }],
			staticTokens: ['pasted'],
		});
		try {
			const http = axios.create({ baseURL: sim.url, validateStatus: () => true });
			const grant = await http.post('/o/oauth/token', {
				grant_type: 'client_credentials',
				client_id: 'c1',
				client_secret: 's1',
			});
			expect(grant.data.expires_in).toBe(1);
			const get = (token: string) =>
				http.get('/o/api/v2.3/devices', { params: { access_token: token } });
			expect((await get(grant.data.access_token)).status).toBe(200);
			clock.time += 999;
			expect((await get(grant.data.access_token)).status).toBe(200);
			clock.time += 1;
			expect((await get(grant.data.access_token)).data).toStrictEqual({
				error: 'invalid_token',
				error_description: 'Access token expired',
			});
			expect((await get('pasted')).status).toBe(200);
			expect((await get(TOKEN)).status).toBe(401);
			expect(sim.credentials).toStrictEqual({
				accessToken: 'pasted',
				clientId: 'c1',
				clientSecret: 's1',
			});
		} finally {
			await sim.close();
		}
	});
});
