import axios from 'axios';

import { startSimulator } from '../../simulator';
import { listDevices, postAction, TOKEN, useSimulator } from './helpers';

const context = useSimulator({ devices: 3, rateLimit: { limit: 10, windowMs: 60_000 } });

const inject = (spec: Record<string, unknown>) => context.http.post('/_sim/faults', spec);

beforeEach(async () => {
	await context.http.post('/_sim/reset');
});

describe('fault injection', () => {
	it('answers the next request with 500, then serves again', async () => {
		const injected = await inject({ kind: '500' });
		expect(injected.data).toStrictEqual({
			id: expect.any(Number),
			kind: '500',
			remaining: 1,
			method: null,
			path: null,
			resetMs: null,
		});
		const failed = await listDevices(context.http);
		expect(failed.status).toBe(500);
		expect(failed.data).toStrictEqual({
			error: 'server_error',
			error_description: 'Internal server error',
		});
		expect((await listDevices(context.http)).status).toBe(200);
	});

	it('answers K requests matching a method and path prefix with 503 (an HTML page), others as usual', async () => {
		await inject({ kind: '503', count: 2, method: 'get', path: '/o/api/v2.3' });
		expect(
			(
				await postAction(context.http, '/o/api/v3.1/devices/action', {
					types: 'exempt',
					ids: ['X'],
				})
			).status,
		).toBe(200);
		const first = await listDevices(context.http);
		expect(first.status).toBe(503);
		expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
		expect(first.data).toContain('503 Service Temporarily Unavailable');
		expect((await listDevices(context.http)).status).toBe(503);
		expect((await listDevices(context.http)).status).toBe(200);
		expect((await context.http.get('/_sim/faults')).data).toStrictEqual({ faults: [] });
	});

	it('answers 200 with truncated JSON for "malformed"', async () => {
		await inject({ kind: 'malformed' });
		const raw = await context.http.get('/o/api/v2.3/devices', {
			params: { access_token: TOKEN },
			transformResponse: [(data: unknown) => data],
		});
		expect(raw.status).toBe(200);
		expect(raw.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(() => JSON.parse(raw.data)).toThrow(SyntaxError);
		expect(raw.data.startsWith('[{"hwid":')).toBe(true);
	});

	it('answers 429 with the rate-limit headers (Reset-Time as told), without body and without using quota', async () => {
		await listDevices(context.http);
		await inject({ kind: '429', resetMs: 1500 });
		const refused = await listDevices(context.http);
		expect(refused.status).toBe(429);
		expect(refused.data).toBe('');
		expect(refused.headers['x-ratelimit-limit']).toBe('10');
		expect(refused.headers['x-ratelimit-remaining']).toBe('0');
		expect(refused.headers['x-ratelimit-reset-time']).toBe('1.500');
		expect((await listDevices(context.http)).headers['x-ratelimit-remaining']).toBe('8');
		await inject({ kind: '429' });
		expect(
			Number((await listDevices(context.http)).headers['x-ratelimit-reset-time']),
		).toBeLessThanOrEqual(60);
	});

	it('does not carry out a request it answers', async () => {
		const [device] = (await context.http.get('/_sim/devices')).data.devices;
		await inject({ kind: '500', method: 'POST', path: '/o/api/v2/devices/delete' });
		expect(
			(await postAction(context.http, '/o/api/v2/devices/delete', { HWID_list: [device.hwid] }))
				.status,
		).toBe(500);
		expect((await context.http.get(`/_sim/devices/${device.hwid}`)).status).toBe(200);
		expect(
			(await postAction(context.http, '/o/api/v2/devices/delete', { HWID_list: [device.hwid] }))
				.data,
		).toStrictEqual({ result: [1] });
	});

	it('can fail the token endpoint', async () => {
		await inject({ kind: '503', path: '/o/oauth/token' });
		const body = {
			grant_type: 'client_credentials',
			client_id: 'demo-client',
			client_secret: 'demo-secret',
		};
		expect((await context.http.post('/o/oauth/token', body)).status).toBe(503);
		expect((await context.http.post('/o/oauth/token', body)).status).toBe(200);
	});

	it('lists pending faults, first injected first used, and clears them', async () => {
		await inject({ kind: '500', count: 3 });
		await inject({ kind: 'malformed' });
		const listed = (await context.http.get('/_sim/faults')).data.faults;
		expect(
			listed.map((fault: { kind: string; remaining: number }) => [fault.kind, fault.remaining]),
		).toEqual([
			['500', 3],
			['malformed', 1],
		]);
		expect((await context.http.delete('/_sim/faults')).data).toStrictEqual({ cleared: 2 });
		expect((await listDevices(context.http)).status).toBe(200);
	});

	it('answers 400 to a fault it cannot inject', async () => {
		for (const spec of [
			{ kind: '502' },
			{},
			{ kind: '500', count: 0 },
			{ kind: '500', path: 'o/api' },
			{ kind: '429', resetMs: -5 },
		]) {
			const answer = await inject(spec);
			expect(answer.status).toBe(400);
			expect(answer.data.error).toBe('invalid_request');
		}
	});
});

describe('hanging requests ("hang")', () => {
	it('time out on the client and are logged with status null', async () => {
		await inject({ kind: 'hang' });
		const error = await context.http
			.get('/o/api/v2.3/devices', { params: { access_token: TOKEN }, timeout: 200 })
			.catch((failure) => failure);
		expect(error.code).toBe('ECONNABORTED');
		const { requests, summary } = (await context.http.get('/_sim/requests')).data;
		expect(requests.at(-1)).toMatchObject({
			path: '/o/api/v2.3/devices',
			status: null,
			fault: 'hang',
		});
		expect(summary.hung).toBe(1);
	});

	it('end when the simulator closes', async () => {
		const sim = await startSimulator({ devices: 1 });
		const http = axios.create({ baseURL: sim.url });
		await http.post('/_sim/faults', { kind: 'hang', count: 2 });
		const pending = [1, 2].map(() =>
			http
				.get('/o/api/v2.3/devices', { params: { access_token: TOKEN } })
				.catch((failure) => failure),
		);
		while ((await http.get('/_sim/requests')).data.summary.hung < 2)
			await new Promise((resolve) => setTimeout(resolve, 10));
		await sim.close();
		for (const failure of await Promise.all(pending)) expect(failure.code).toBe('ECONNRESET');
	});
});
