import { unzipStored } from '../../simulator/zip';
import { postAction, replaceFleet, TOKEN, useSimulator } from './helpers';

const clock = { time: Date.UTC(2026, 10, 21, 12, 0, 0) };
const context = useSimulator({ devices: 0, now: () => clock.time });
const ACTION = '/o/api/v3.1/devices/action';

const LOG_DEVICE = {
	hwid: 'LOG-READY',
	hostname: 'finance-laptop',
	machine_type: 'laptop',
	category: 'monitored' as const,
	agent: 'persistent' as const,
	agent_version: '7.6.231.0',
	active: 1,
	network_info: [{ mac_addr: '00:0c:29:f2:7a:29', ipv4_addr: '10.0.0.5', ipv6_addr: '' }],
};

function getReports(query: Record<string, string>, version = 'v3') {
	return context.http.get(`/o/api/${version}/get_reports`, {
		params: { access_token: TOKEN, ...query },
		responseType: 'arraybuffer',
	});
}

const json = (data: Buffer) => JSON.parse(data.toString('utf8'));

async function fetchLog(by: 'ids' | 'macs' = 'ids', id = 'LOG-READY'): Promise<string> {
	const answer = await postAction(context.http, ACTION, { types: 'fetch_agent_log', [by]: [id] });
	expect(answer.status).toBe(200);
	expect(answer.data[0].status).toBe(1);
	return answer.data[0].command_id;
}

beforeEach(async () => {
	await context.http.post('/_sim/reset');
	await context.http.patch('/_sim/config', { agentLogDelaySeconds: 60 });
	await replaceFleet(context.http, [LOG_DEVICE]);
});

describe('Get Reports (type=agent_log)', () => {
	it('answers pending until the delay has passed on the simulator clock, then the ZIP file', async () => {
		const started = clock.time;
		const commandId = await fetchLog();
		clock.time = started + 59_500;
		const pending = await getReports({ type: 'agent_log', command_id: commandId });
		expect(pending.status).toBe(200);
		expect(pending.headers['content-type']).toMatch(/^application\/json/);
		expect(json(pending.data)).toStrictEqual({
			status: 'pending',
			message: 'The agent log is being collected; try again in 1 s',
		});
		clock.time = started + 60_000;
		for (const version of ['v3', 'v3.1']) {
			const ready = await getReports({ type: 'agent_log', command_id: commandId }, version);
			expect(ready.status).toBe(200);
			expect(ready.headers['content-type']).toBe('application/zip');
			expect(ready.headers['content-disposition']).toBe(
				`attachment; filename="agent_log_${commandId}.zip"`,
			);
			const files = unzipStored(Buffer.from(ready.data));
			expect(files.map((file) => file.name)).toStrictEqual(['agent.log']);
			expect(files[0].content.toString('utf8')).toBe(
				[
					`2026-11-21T12:00:00.000Z INFO MetaAccess agent 7.6.231.0: log requested (command ${commandId})`,
					'2026-11-21T12:00:00.000Z INFO device LOG-READY (finance-laptop)',
					'2026-11-21T12:01:00.000Z INFO log collected and uploaded',
					'',
				].join('\n'),
			);
		}
		clock.time = started;
	});

	it('gives the log at once with a delay of 0, for a device named by MAC address too, after it left', async () => {
		await context.http.patch('/_sim/config', { agentLogDelaySeconds: 0 });
		const commandId = await fetchLog('macs', '00-0C-29-F2-7A-29');
		await context.http.delete('/_sim/devices/LOG-READY');
		const ready = await getReports({ type: 'agent_log', command_id: commandId });
		expect(ready.headers['content-type']).toBe('application/zip');
		expect(unzipStored(Buffer.from(ready.data))[0].content.toString()).toContain('LOG-READY');
	});

	it('answers status error to a command ID no fetch_agent_log gave, and 400 to bad queries', async () => {
		const unknown = await getReports({ type: 'agent_log', command_id: 'nosuchcommand0001' });
		expect(unknown.status).toBe(200);
		expect(json(unknown.data)).toStrictEqual({
			status: 'error',
			message: 'No agent log was requested with command_id nosuchcommand0001',
		});
		const bad: Array<[Record<string, string>, string]> = [
			[{ command_id: 'x' }, 'type is required'],
			[{ type: 'weekly', command_id: 'x' }, 'type must be one of'],
			[{ type: 'os_patch_summary' }, 'The simulator answers only type=agent_log'],
			[{ type: 'agent_log' }, 'command_id is required'],
		];
		for (const [query, description] of bad) {
			const answer = await getReports(query);
			expect(answer.status).toBe(400);
			expect(json(answer.data).error_description).toContain(description);
		}
	});

	it('gives no command for a device that cannot send its log, and is behind auth and the request log', async () => {
		const refused = await postAction(context.http, ACTION, {
			types: 'fetch_agent_log',
			ids: ['NO-SUCH'],
		});
		expect(refused.data).toStrictEqual([{ id: 'NO-SUCH', status: 0, command_id: '' }]);
		const noToken = await context.http.get('/o/api/v3/get_reports', {
			params: { type: 'agent_log', command_id: 'x' },
		});
		expect(noToken.status).toBe(401);
		await context.http.delete('/_sim/requests');
		await getReports({ type: 'agent_log', command_id: 'abc' });
		const log = (await context.http.get('/_sim/requests')).data.requests;
		expect(log.map((entry: { path: string; query: object; status: number }) => entry)).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/o/api/v3/get_reports',
				query: { access_token: 'static#1', type: 'agent_log', command_id: 'abc' },
				status: 200,
			}),
		]);
	});

	it('a later fetch_agent_log gives a new command ID whose log has its own delay', async () => {
		const started = clock.time;
		const first = await fetchLog();
		clock.time = started + 30_000;
		const second = await fetchLog();
		expect(second).not.toBe(first);
		clock.time = started + 60_000;
		expect(
			(await getReports({ type: 'agent_log', command_id: first })).headers['content-type'],
		).toBe('application/zip');
		expect(json((await getReports({ type: 'agent_log', command_id: second })).data).status).toBe(
			'pending',
		);
		clock.time = started;
	});
});
