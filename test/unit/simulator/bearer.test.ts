/**
 * The simulator's token check: every device endpoint takes the access token in the `access_token`
 * query parameter or in an `Authorization: Bearer` header, with the same answers either way.
 */
import type { AxiosRequestConfig } from 'axios';

import { replaceFleet, TOKEN, useSimulator } from './helpers';

const context = useSimulator({ devices: 0 });
const HWID = 'W7ibNr5eVxv3wHlmsAWKo9MazUpkdWQG';

beforeAll(async () => {
	await replaceFleet(context.http, [
		{ hwid: HWID, hostname: 'alpha-laptop', category: 'monitored' },
	]);
});

/** One request of each device endpoint, with the status a valid token gets. */
const ENDPOINTS: Array<[string, string, Record<string, unknown>, unknown, number]> = [
	['GET', '/o/api/v2.3/devices', { limit: 1 }, undefined, 200],
	['POST', '/o/api/v3.1/devices/action', {}, { types: 'dhcprenew', ids: [HWID] }, 200],
	['POST', '/o/api/v2/devices/action', {}, { types: 'exempt_all', HWID_list: [HWID], opt: 1 }, 200],
	['POST', '/o/api/v2/devices/delete', {}, { HWID_list: ['NOSUCHDEVICE0001'], opt: 2 }, 200],
	['POST', '/o/api/v3/devices/status_changed', {}, { age: 60, page: 1, limit: 10 }, 200],
	['GET', '/o/api/v2.1/devices/status_changed', { age: 60 }, undefined, 200],
	['GET', `/o/api/v3/devices/${HWID}/remediation`, {}, undefined, 200],
	['GET', '/o/api/v2.1/devices/search', { q: 'alpha' }, undefined, 200],
	['GET', `/o/api/v2.1/devices/${HWID}`, {}, undefined, 200],
	[
		'GET',
		'/o/api/v3/get_reports',
		{ type: 'agent_log', command_id: 'nosuchcommand0001' },
		undefined,
		200,
	],
	[
		'GET',
		'/o/api/v3.1/get_reports',
		{ type: 'agent_log', command_id: 'nosuchcommand0001' },
		undefined,
		200,
	],
];

function send(
	[method, url, params, data]: (typeof ENDPOINTS)[number],
	token: { query?: string; header?: string },
) {
	const config: AxiosRequestConfig = {
		method,
		url,
		data,
		params: { ...params, ...(token.query === undefined ? {} : { access_token: token.query }) },
		headers: token.header === undefined ? {} : { Authorization: token.header },
	};
	return context.http.request(config);
}

const lastLogged = async () => {
	const { requests } = (await context.http.get('/_sim/requests')).data as {
		requests: Array<{ query: Record<string, string>; authorization?: string; status: number }>;
	};
	return requests[requests.length - 1];
};

describe.each(ENDPOINTS)('%s %s', (...endpoint) => {
	const [, , , , status] = endpoint;

	it('takes the token as Authorization: Bearer, and logs it by its label', async () => {
		const answer = await send(endpoint, { header: `Bearer ${TOKEN}` });
		expect(answer.status).toBe(status);
		const logged = await lastLogged();
		expect(logged.authorization).toBe('Bearer static#1');
		expect(logged.query.access_token).toBeUndefined();
		expect(logged.status).toBe(status);
	});

	it('answers an unknown or missing token in a header as in the query parameter', async () => {
		const byQuery = await send(endpoint, { query: 'NOT-A-TOKEN' });
		const byHeader = await send(endpoint, { header: 'Bearer NOT-A-TOKEN' });
		for (const answer of [byQuery, byHeader]) {
			expect(answer.status).toBe(401);
			expect(answer.data).toStrictEqual({
				error: 'invalid_token',
				error_description: 'Invalid access token',
			});
		}
		// Another scheme, or a Bearer header without a token, is no token at all.
		for (const header of [`Basic ${TOKEN}`, 'Bearer ', TOKEN]) {
			const answer = await send(endpoint, { header });
			expect(answer.status).toBe(401);
			expect(answer.data.error_description).toBe('An access_token query parameter is required');
		}
	});
});

describe('both places at once', () => {
	const devices = ENDPOINTS[0];

	it('a non-empty access_token parameter wins over the header', async () => {
		expect((await send(devices, { query: TOKEN, header: 'Bearer NOT-A-TOKEN' })).status).toBe(200);
		expect((await send(devices, { query: 'NOT-A-TOKEN', header: `Bearer ${TOKEN}` })).status).toBe(
			401,
		);
		expect((await send(devices, { query: '', header: `Bearer ${TOKEN}` })).status).toBe(200);
	});

	it('the scheme is case-insensitive', async () => {
		expect((await send(devices, { header: `bearer ${TOKEN}` })).status).toBe(200);
		expect((await send(devices, { header: `BEARER ${TOKEN}` })).status).toBe(200);
	});
});

describe('the rate limit counts per token, wherever it came', () => {
	const limited = useSimulator({ devices: 1, rateLimit: { limit: 2, windowMs: 60_000 } });

	it('two requests by query and by header use up one window of 2', async () => {
		const get = (config: AxiosRequestConfig) =>
			limited.http.get('/o/api/v2.3/devices', {
				...config,
				params: { limit: 1, ...config.params },
			});
		expect((await get({ params: { access_token: TOKEN } })).status).toBe(200);
		expect((await get({ headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
		const refused = await get({ headers: { Authorization: `Bearer ${TOKEN}` } });
		expect(refused.status).toBe(429);
		expect(refused.headers['x-ratelimit-remaining']).toBe('0');
		expect((await get({ params: { access_token: TOKEN } })).status).toBe(429);
	});
});
