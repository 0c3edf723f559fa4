import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';

import { startSimulator } from '../../simulator';
import { TOKEN, useSimulator } from './helpers';

const context = useSimulator({ devices: 2 });

describe('HTTP', () => {
	it('answers 404 to paths the API does not have, before looking at the token', async () => {
		for (const path of [
			'/',
			'/o/api/v2.3/devices/',
			'/o/api/v2.2/devices',
			'/o/api/v3/devices/X/remediation/extra',
			'/_simulator',
		]) {
			const answer = await context.http.get(path);
			expect([path, answer.status, answer.data.error]).toEqual([path, 404, 'not_found']);
		}
	});

	it('answers 405 with Allow to a method a path does not take', async () => {
		const cases: Array<[string, string, string]> = [
			['post', '/o/api/v2.3/devices', 'GET'],
			['get', '/o/api/v3.1/devices/action', 'POST'],
			['put', '/o/api/v2/devices/action', 'POST'],
			['delete', '/o/api/v2/devices/delete', 'POST'],
		];
		for (const [method, path, allowed] of cases) {
			const answer = await context.http.request({
				method,
				url: path,
				params: { access_token: TOKEN },
			});
			expect([path, answer.status, answer.headers.allow]).toEqual([path, 405, allowed]);
			expect(answer.data).toStrictEqual({
				error: 'method_not_allowed',
				error_description: `${path} takes ${allowed}`,
			});
		}
	});

	it('closes with keep-alive connections open', async () => {
		const sim = await startSimulator({ devices: 1 });
		const agent = new Agent({ keepAlive: true });
		const socket = await new Promise<Socket>((resolve, reject) => {
			const outgoing = request(
				`${sim.url}/o/api/v2.3/devices?access_token=${TOKEN}`,
				{ agent },
				(response) => {
					// Taken now: once the answer has ended, a kept-alive socket goes back to the agent and
					// response.socket may already be null (seen on a loaded machine).
					const socket = response.socket;
					response.resume();
					response.on('end', () => resolve(socket));
				},
			);
			outgoing.on('error', reject);
			outgoing.end();
		});
		const socketClosed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
		expect(socket.destroyed).toBe(false);
		await sim.close();
		// The kept-alive connection was ended by close(), not left to its idle timeout.
		await socketClosed;
		agent.destroy();
	});

	it('refuses options it cannot run with', async () => {
		await expect(startSimulator({ devices: -1 })).rejects.toThrow(
			'devices must be a whole number from 0',
		);
		await expect(startSimulator({ rateLimit: { limit: 0, windowMs: 10 } })).rejects.toThrow(
			'rateLimit.limit must be a whole number from 1',
		);
		await expect(
			startSimulator({ clients: [{ clientId: '', clientSecret: 'x' }] }),
		).rejects.toThrow('clients[0].clientId must be a non-empty string');
		await expect(startSimulator({ port: context.sim.port })).rejects.toThrow('EADDRINUSE');
	});
});
