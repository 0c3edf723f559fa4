/**
 * What feeds the event log, each entry dated by the simulator's clock: the control API's changes
 * of devices, Device Action v3.1, Devices Action and Delete Devices v2.0, the webhook's setup and
 * its pushes; and what the control API appends.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { postAction, replaceFleet, testDevice, useSimulator } from './helpers';

const START = Date.UTC(2026, 11, 1, 9, 0, 0);
const clock = { time: START };
const context = useSimulator({ devices: 0, now: () => clock.time });

const HWID = (n: number) => testDevice(n).hwid;

/** Every entry of a category in the last day (v3.3), without the time (checked apart). */
async function entries(category: string, path = '/o/api/v3.3/logs') {
	const answer = await postAction(context.http, path, {
		event_category: category,
		age: 86400,
		limit: 100,
	});
	expect(answer.status).toBe(200);
	return answer.data.data as Array<Record<string, unknown>>;
}
const brief = (list: Array<Record<string, unknown>>) =>
	list.map((entry) => `${entry.event} ${entry.device_id ?? ''}`.trim());

beforeEach(async () => {
	clock.time = START;
	await context.http.post('/_sim/reset');
	await replaceFleet(context.http, [
		testDevice(1, { group: 'finance' }),
		...[2, 3, 4].map((n) => testDevice(n)),
	]);
	clock.time += 1000;
});

describe('the event log, fed by the fleet', () => {
	it('logs devices that join, change and leave through the control API, at the clock time', async () => {
		expect(brief(await entries('device'))).toEqual([1, 2, 3, 4].map((n) => `added ${HWID(n)}`));
		await context.http.patch(`/_sim/devices/${HWID(1)}`, { status: 1, exempt: 1, group: 'sales' });
		clock.time += 1000;
		await context.http.patch(`/_sim/devices/${HWID(1)}`, {
			status: 0,
			exempt: 0,
			hostname: 'renamed',
		});
		await context.http.patch(`/_sim/devices/${HWID(2)}`, { category: 'ignored', agent: 'none' });
		await context.http.delete(`/_sim/devices/${HWID(3)}`);
		const list = await entries('device');
		expect(brief(list.slice(4))).toEqual([
			`noncompliant ${HWID(1)}`,
			`exempted ${HWID(1)}`,
			`group_changed ${HWID(1)}`,
			`compliant ${HWID(1)}`,
			`unexempted ${HWID(1)}`,
			`ignored ${HWID(2)}`,
			`agent_uninstalled ${HWID(2)}`,
			`deleted ${HWID(3)}`,
		]);
		expect(list[4]).toStrictEqual({
			timestamp: new Date(START + 1000).toISOString(),
			event: 'noncompliant',
			device_id: HWID(1),
			device_name: 'host-1',
			device_group: 'Sales',
			details: 'Device host-1 changed status to non-compliant',
		});
		expect(list[7].timestamp).toBe(new Date(START + 2000).toISOString());
		expect(list[11]).toMatchObject({
			device_name: 'host-3',
			details: 'Device host-3 was removed by administrator',
		});
	});

	it('logs what Device Action v3.1 applied, API deletions as deleted_api (v3.2: deleted)', async () => {
		await context.http.delete('/_sim/logs');
		await postAction(context.http, '/o/api/v3.1/devices/action', {
			types: 'exempt',
			ids: [HWID(1), 'NOPE'],
			params: { exempt_time: 24 },
		});
		await postAction(context.http, '/o/api/v3.1/devices/action', {
			types: 'ignore',
			ids: [HWID(2)],
		});
		await postAction(context.http, '/o/api/v3.1/devices/action', {
			types: 'assign_to_group',
			ids: [HWID(2)],
			params: { group_id: 'engineering' },
		});
		await postAction(context.http, '/o/api/v3.1/devices/action', {
			types: 'delete',
			macs: ['00-0C-29-00-00-03'],
		});
		const list = await entries('device');
		// ignore does not apply to a monitored device (-1): nothing logged.
		expect(brief(list)).toEqual([
			`exempted ${HWID(1)}`,
			`group_changed ${HWID(2)}`,
			`deleted_api ${HWID(3)}`,
		]);
		expect(list[0].details).toBe('Device host-1 was exempted for 24 hours');
		expect(list[1].device_group).toBe('Default');
		expect(list[2]).toMatchObject({
			device_name: 'host-3',
			device_group: 'Default',
			details: 'Device host-3 was deleted through the API',
		});
		expect(brief(await entries('device', '/o/api/v3.2/logs')).at(-1)).toBe(`deleted ${HWID(3)}`);
	});

	it('logs a fetched agent log as fetch_log, and under device_report', async () => {
		await context.http.delete('/_sim/logs');
		const answer = await postAction(context.http, '/o/api/v3.1/devices/action', {
			types: 'fetch_agent_log',
			ids: [HWID(4)],
		});
		const commandId = answer.data[0].command_id;
		expect(commandId).toMatch(/^[0-9a-z]{17}$/);
		expect(brief(await entries('device'))).toEqual([`fetch_log ${HWID(4)}`]);
		expect(await entries('device_report')).toStrictEqual([
			{
				timestamp: new Date(clock.time).toISOString(),
				event: 'agent_log',
				device_id: HWID(4),
				device_name: 'host-4',
				command_id: commandId,
				details: 'Agent log of device host-4 requested (Get Reports, type agent_log)',
			},
		]);
	});

	it('logs Devices Action and Delete Devices v2.0 (opt 0: agent_uninstalled; 1 and 2: deleted_api)', async () => {
		await context.http.delete('/_sim/logs');
		await postAction(context.http, '/o/api/v2/devices/action', {
			types: 'exempt_all',
			HWID_list: [HWID(1)],
			opt: 1,
		});
		await postAction(context.http, '/o/api/v2/devices/action', {
			types: 'dhcprenew',
			HWID_list: [HWID(1)],
			opt: 1,
		});
		for (const [opt, n] of [
			[0, 2],
			[1, 3],
			[2, 4],
		])
			await postAction(context.http, '/o/api/v2/devices/delete', { opt, HWID_list: [HWID(n)] });
		expect(brief(await entries('device'))).toEqual([
			`exempted ${HWID(1)}`,
			`dhcp_renewed ${HWID(1)}`,
			`agent_uninstalled ${HWID(2)}`,
			`deleted_api ${HWID(3)}`,
			`deleted_api ${HWID(4)}`,
		]);
	});

	it('logs the webhook setup (admin) and each push attempt (webhook)', async () => {
		let status = 200;
		const receiver: Server = createServer((request, response) => {
			request.resume();
			request.on('end', () => response.writeHead(status).end());
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
		try {
			await context.http.put('/_sim/webhook', { url, apiKey: 'k', retryDelaysMs: [] });
			await context.http.patch(`/_sim/devices/${HWID(1)}`, { status: 1 });
			await context.sim.simulation.webhook.settled();
			status = 500;
			await postAction(context.http, '/o/api/v2/devices/delete', { HWID_list: [HWID(2), HWID(3)] });
			await context.sim.simulation.webhook.settled();
			await context.http.delete('/_sim/webhook');
		} finally {
			await new Promise((resolve) => receiver.close(resolve));
		}
		expect(await entries('webhook')).toStrictEqual([
			{
				timestamp: new Date(clock.time).toISOString(),
				event: 'push_succeeded',
				url,
				attempt: 1,
				status_code: 200,
				number_of_devices: 1,
				details: 'Webhook push 1 delivered (attempt 1)',
			},
			{
				timestamp: new Date(clock.time).toISOString(),
				event: 'push_failed',
				url,
				attempt: 1,
				status_code: 500,
				number_of_devices: 2,
				details: 'Webhook push 2 failed (attempt 1): HTTP 500',
			},
		]);
		const admin = await entries('admin');
		expect(admin.map((entry) => [entry.event, entry.details])).toEqual([
			['configuration_change', 'Webhook set up'],
			['configuration_change', 'Webhook removed'],
		]);
		expect(admin[0]).toMatchObject({
			first_name: 'Account',
			last_name: 'Owner',
			email: 'opswat_metaaccess@opswat.com',
		});
	});
});

describe('the event log through the control API', () => {
	it('appends entries of any category at a given time (ms or ISO), all or none, and lists them', async () => {
		await context.http.delete('/_sim/logs');
		const appended = await context.http.post('/_sim/logs', {
			events: [
				{
					category: 'admin',
					event: 'changed_password',
					time: '2026-12-01T08:00:00Z',
					email: 'it@example.com',
				},
				{ category: 'device', event: 'unseen', time: START - 60_000, device_id: HWID(4) },
				{ category: 'webhook', event: 'webhook_disabled' },
			],
		});
		expect(appended.data).toStrictEqual({ appended: 3 });
		const listed = (await context.http.get('/_sim/logs')).data.entries;
		expect(
			listed.map((entry: { category: string; time: string }) => [entry.category, entry.time]),
		).toEqual([
			['admin', '2026-12-01T08:00:00.000Z'],
			['device', new Date(START - 60_000).toISOString()],
			['webhook', new Date(clock.time).toISOString()],
		]);
		expect((await entries('device'))[0]).toStrictEqual({
			timestamp: new Date(START - 60_000).toISOString(),
			event: 'unseen',
			device_id: HWID(4),
			device_name: 'host-4',
			device_group: 'Default',
			details: 'unseen',
		});
		expect((await entries('admin'))[0]).toMatchObject({
			event: 'changed_password',
			email: 'it@example.com',
		});
		expect((await context.http.get('/_sim/logs?category=webhook')).data.entries).toHaveLength(1);
		for (const bad of [
			{ events: [{ category: 'admin', event: 'deleted' }] },
			{ events: [{ category: 'nope', event: 'added' }] },
			{ events: [{ category: 'device', event: 'added', time: 'yesterday' }] },
			{ events: [{ category: 'device', event: 'added', timestamp: 5 }] },
			{ events: [{ category: 'device', event: 'added' }, 'x'] },
			{ events: 'x' },
		]) {
			const answer = await context.http.post('/_sim/logs', bad);
			expect([bad, answer.status]).toEqual([bad, 400]);
		}
		expect((await context.http.get('/_sim/logs')).data.entries).toHaveLength(3);
		expect((await context.http.get('/_sim/logs?category=nope')).status).toBe(400);
		expect((await context.http.post('/_sim/reset')).status).toBe(200);
		expect((await context.http.get('/_sim/logs')).data.entries).toEqual([]);
	});
});
