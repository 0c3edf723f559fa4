import { listDevices, postAction, TOKEN, useSimulator } from './helpers';

const context = useSimulator({ devices: 2, rateLimit: { limit: 2, windowMs: 60_000 } });

describe('request log', () => {
	it('records every API request in order, tokens as labels, secrets hidden, with a summary; not the control API', async () => {
		await context.http.delete('/_sim/requests');
		const started = Date.now();
		const grant = await context.http.post('/o/oauth/token', {
			grant_type: 'client_credentials',
			client_id: 'demo-client',
			client_secret: 'demo-secret',
		});
		await context.http.get('/o/api/v2.3/devices', {
			params: { limit: 5, groupBy: 'hwid', access_token: grant.data.access_token },
		});
		await postAction(context.http, '/o/api/v3.1/devices/action', {
			types: 'exempt',
			ids: ['A'],
			params: { exempt_time: 5 },
		});
		await listDevices(context.http);
		await listDevices(context.http);
		await context.http.get('/o/api/v2.3/devices', { params: { access_token: 'forged' } });
		await context.http.post('/o/api/v2/devices/delete?access_token=forged', '{"HWID_list":', {
			headers: { 'Content-Type': 'application/json' },
			transformRequest: [(data: unknown) => data],
		});
		await context.http.get('/nowhere');
		await context.http.get('/_sim/config');

		const { requests, summary } = (await context.http.get('/_sim/requests')).data;
		const withoutTimes = requests.map(
			({ seq: _seq, time: _time, ...rest }: Record<string, unknown>) => rest,
		);
		expect(withoutTimes).toStrictEqual([
			{
				method: 'POST',
				path: '/o/oauth/token',
				query: {},
				body: { grant_type: 'client_credentials', client_id: 'demo-client', client_secret: '***' },
				status: 200,
			},
			{
				method: 'GET',
				path: '/o/api/v2.3/devices',
				query: { limit: '5', groupBy: 'hwid', access_token: 'demo-client#1' },
				body: null,
				status: 200,
			},
			{
				method: 'POST',
				path: '/o/api/v3.1/devices/action',
				query: { access_token: 'static#1' },
				body: { types: 'exempt', ids: ['A'], params: { exempt_time: 5 } },
				status: 200,
			},
			{
				method: 'GET',
				path: '/o/api/v2.3/devices',
				query: { access_token: 'static#1' },
				body: null,
				status: 200,
			},
			{
				method: 'GET',
				path: '/o/api/v2.3/devices',
				query: { access_token: 'static#1' },
				body: null,
				status: 429,
			},
			{
				method: 'GET',
				path: '/o/api/v2.3/devices',
				query: { access_token: 'unknown' },
				body: null,
				status: 401,
			},
			{
				method: 'POST',
				path: '/o/api/v2/devices/delete',
				query: { access_token: 'unknown' },
				body: '{"HWID_list":',
				status: 401,
			},
			{ method: 'GET', path: '/nowhere', query: {}, body: null, status: 404 },
		]);
		const seqs = requests.map((request: { seq: number }) => request.seq);
		expect(seqs).toEqual(seqs.map((_: number, i: number) => seqs[0] + i));
		for (const { time } of requests) {
			expect(Date.parse(time)).toBeGreaterThanOrEqual(started - 5);
			expect(Date.parse(time)).toBeLessThanOrEqual(Date.now());
		}
		expect(summary).toStrictEqual({
			total: 8,
			byStatus: { 200: 4, 401: 2, 404: 1, 429: 1 },
			rateLimited: 1,
			hung: 0,
		});
		expect(JSON.stringify(requests)).not.toContain(TOKEN);
		expect(JSON.stringify(requests)).not.toContain(grant.data.access_token);
	});

	it('clears, and keeps counting sequence numbers', async () => {
		const before = (await context.http.get('/_sim/requests')).data.requests;
		const cleared = await context.http.delete('/_sim/requests');
		expect(cleared.data).toStrictEqual({ cleared: before.length });
		expect((await context.http.get('/_sim/requests')).data).toStrictEqual({
			requests: [],
			summary: { total: 0, byStatus: {}, rateLimited: 0, hung: 0 },
		});
		await context.http.get('/nowhere');
		const [entry] = (await context.http.get('/_sim/requests')).data.requests;
		expect(entry.seq).toBe(before.at(-1).seq + 1);
	});
});
