/**
 * The newer endpoints go through the same pipeline as the device endpoints: routing (404, 405
 * with Allow), the token (401) and the rate limit (429 and the X-RateLimit headers), in that order.
 */
import { TOKEN, useSimulator } from './helpers';

const context = useSimulator({ devices: 5, rateLimit: { limit: 100, windowMs: 60_000 } });

/** Every newer endpoint, its method and a body it answers 200 to on the seeded fleet. */
const ENDPOINTS: Array<[method: 'GET' | 'POST', path: string, body?: Record<string, unknown>]> = [
	['POST', '/o/api/v3.3/logs', { event_category: 'device' }],
	['POST', '/o/api/v3.2/logs', { event_category: 'admin' }],
	['POST', '/o/api/v3.2/cves'],
	['POST', '/o/api/v3.2/account'],
	['GET', '/o/api/v3/account'],
	['GET', '/o/api/v2/account'],
	['POST', '/o/api/v3/groups'],
	['POST', '/o/api/v3/apps'],
	['POST', '/o/api/v3/apps/details', { product_id: '1103', version: '131.0.6778.86' }],
	['POST', '/o/api/v3.3/devices'],
	['POST', '/o/api/v3.7/devices'],
];

describe('the newer endpoints', () => {
	it('answer 200 with the rate-limit headers to a request with the token, 401 without it', async () => {
		for (const [method, path, body] of ENDPOINTS) {
			const answer = await context.http.request({
				method,
				url: path,
				data: body,
				params: { access_token: TOKEN },
			});
			expect([path, answer.status]).toEqual([path, 200]);
			expect(answer.headers['x-ratelimit-limit']).toBe('100');
			const anonymous = await context.http.request({ method, url: path, data: body });
			expect([path, anonymous.status, anonymous.data.error]).toEqual([path, 401, 'invalid_token']);
		}
		const { hwid } = (await context.http.get('/_sim/devices')).data.devices[3];
		for (const path of ['/o/api/v3.2/get_cves', '/o/api/v3/get_threats']) {
			const answer = await context.http.post(
				path,
				{ id: hwid },
				{ params: { access_token: TOKEN } },
			);
			expect([path, answer.status]).toEqual([path, 200]);
		}
		const info = await context.http.post(
			'/o/api/v3/device_info',
			{ ids: hwid },
			{ params: { access_token: TOKEN } },
		);
		expect(info.status).toBe(200);
	});

	it('answer 405 with Allow to another method, before the token is checked', async () => {
		for (const [method, path] of ENDPOINTS) {
			const other = method === 'GET' ? 'POST' : 'GET';
			const answer = await context.http.request({ method: other, url: path });
			expect([path, answer.status, answer.headers.allow]).toEqual([path, 405, method]);
		}
		expect(
			(await context.http.post('/o/api/v3.4/logs', {}, { params: { access_token: TOKEN } })).status,
		).toBe(404);
	});
});
