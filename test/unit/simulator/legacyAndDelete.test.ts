import type { DeviceInput } from '../../simulator';
import { listDevices, postAction, rawDevice, replaceFleet, useSimulator } from './helpers';

const context = useSimulator({ devices: 0 });
const LEGACY = '/o/api/v2/devices/action';
const DELETE = '/o/api/v2/devices/delete';

const adapter = (mac_addr: string) => [{ mac_addr, ipv4_addr: '10.1.1.1', ipv6_addr: '' }];
const DEVICES: DeviceInput[] = [
	{
		hwid: 'LAPTOP0000000001',
		category: 'monitored',
		agent: 'persistent',
		exempt: 0,
		network_info: adapter('00:0c:29:cd:c7:b2'),
	},
	{
		hwid: 'UNKNOWN000000002',
		category: 'unknown',
		exempt: 0,
		network_info: adapter('3c:22:fb:00:00:02'),
	},
];

const listedHwids = async () =>
	(await listDevices(context.http, { limit: 50 })).data.map(
		(device: { hwid: string }) => device.hwid,
	);

describe('Devices Action v2.0', () => {
	beforeEach(async () => {
		await replaceFleet(context.http, DEVICES);
	});

	it('exempt_all by MAC address (any form) answers 1 per device found, 0 for unknown and invalid MAC addresses', async () => {
		const answer = await postAction(context.http, LEGACY, {
			types: 'exempt_all',
			MAC_list: ['00-0C-29-CD-C7-B2', '3C22FB000002', '00:0c:29:00:00:00', 'not-a-mac'],
			opt: 0,
		});
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual({ result: [1, 1, 0, 0] });
		expect(await rawDevice(context.http, 'LAPTOP0000000001')).toMatchObject({
			exempt: 1,
			exempt_until: null,
		});
		expect((await listDevices(context.http)).data[0].exempt).toBe(1);
	});

	it('unexempt by HWID with opt 1', async () => {
		await context.http.patch('/_sim/devices/LAPTOP0000000001', { exempt: 1 });
		const answer = await postAction(context.http, LEGACY, {
			types: 'unexempt',
			HWID_list: ['LAPTOP0000000001', 'laptop0000000001'],
			opt: 1,
		});
		expect(answer.data).toStrictEqual({ result: [1, 0] });
		expect((await rawDevice(context.http, 'LAPTOP0000000001')).exempt).toBe(0);
	});

	it('dhcprenew takes MAC_list without opt (default 0) and records the command', async () => {
		const answer = await postAction(context.http, LEGACY, {
			types: 'dhcprenew',
			MAC_list: ['00:0c:29:cd:c7:b2'],
		});
		expect(answer.data).toStrictEqual({ result: [1] });
		expect((await rawDevice(context.http, 'LAPTOP0000000001')).commands).toEqual([
			{ type: 'dhcprenew', at: expect.any(String), command_id: '' },
		]);
	});

	const invalid: Array<[string, unknown]> = [
		['HWID_list with opt 0', { types: 'dhcprenew', HWID_list: ['LAPTOP0000000001'], opt: 0 }],
		['HWID_list without opt (default 0)', { types: 'dhcprenew', HWID_list: ['LAPTOP0000000001'] }],
		['MAC_list with opt 1', { types: 'dhcprenew', MAC_list: ['00:0c:29:cd:c7:b2'], opt: 1 }],
		['opt 2', { types: 'dhcprenew', MAC_list: ['00:0c:29:cd:c7:b2'], opt: 2 }],
		[
			'both lists',
			{ types: 'dhcprenew', MAC_list: ['00:0c:29:cd:c7:b2'], HWID_list: ['LAPTOP0000000001'] },
		],
		['no list', { types: 'dhcprenew' }],
		['a v3.1 type', { types: 'exempt', MAC_list: ['00:0c:29:cd:c7:b2'] }],
		['no types', { MAC_list: ['00:0c:29:cd:c7:b2'] }],
	];

	it.each(invalid)('answers 400 for %s', async (_case, body) => {
		const answer = await postAction(context.http, LEGACY, body);
		expect(answer.status).toBe(400);
		expect(answer.data).toStrictEqual({
			error: 'invalid_request',
			error_description: expect.any(String),
		});
	});
});

describe('Delete Devices v2.0', () => {
	beforeEach(async () => {
		await replaceFleet(context.http, DEVICES);
	});

	it('opt 0 uninstalls the agent only: the device stays listed, disconnected, without agent', async () => {
		const answer = await postAction(context.http, DELETE, {
			MAC_list: ['00:0c:29:cd:c7:b2', '00:0c:30:cd:ff:b2'],
			opt: 0,
		});
		expect(answer.data).toStrictEqual({ result: [1, 0] });
		const [listed] = (await listDevices(context.http)).data;
		expect(listed).toMatchObject({ hwid: 'LAPTOP0000000001', active: 0, agent_version: '' });
		expect(listed).not.toHaveProperty('agent_type');
		expect(await rawDevice(context.http, 'LAPTOP0000000001')).toMatchObject({ agent: 'none' });
		const dhcp = await postAction(context.http, '/o/api/v3.1/devices/action', {
			types: 'dhcprenew',
			ids: ['LAPTOP0000000001'],
		});
		expect(dhcp.data[0].status).toBe(-1);
		expect((await context.http.get('/_sim/archive')).data.devices).toEqual([]);
	});

	it('opt 1 (the default) removes the record: gone from listings, not archived', async () => {
		const answer = await postAction(context.http, DELETE, {
			HWID_list: ['LAPTOP0000000001', 'NOPE'],
		});
		expect(answer.data).toStrictEqual({ result: [1, 0] });
		expect(await listedHwids()).toEqual(['UNKNOWN000000002']);
		expect((await context.http.get('/_sim/devices/LAPTOP0000000001')).status).toBe(404);
		expect((await context.http.get('/_sim/archive')).data.devices).toEqual([]);
	});

	it('opt 2 archives the record: gone from listings, kept in the archive', async () => {
		const before = await rawDevice(context.http, 'LAPTOP0000000001');
		const answer = await postAction(context.http, DELETE, {
			HWID_list: ['LAPTOP0000000001'],
			opt: 2,
		});
		expect(answer.data).toStrictEqual({ result: [1] });
		expect(await listedHwids()).toEqual(['UNKNOWN000000002']);
		const { devices } = (await context.http.get('/_sim/archive')).data;
		expect(devices).toEqual([
			{ ...before, archived_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) },
		]);
		expect(
			(await postAction(context.http, DELETE, { HWID_list: ['LAPTOP0000000001'], opt: 2 })).data,
		).toStrictEqual({ result: [0] });
	});

	const invalid: Array<[string, unknown]> = [
		['opt 3', { HWID_list: ['LAPTOP0000000001'], opt: 3 }],
		['opt "1"', { HWID_list: ['LAPTOP0000000001'], opt: '1' }],
		['both lists', { HWID_list: ['LAPTOP0000000001'], MAC_list: ['00:0c:29:cd:c7:b2'] }],
		['no list', { opt: 1 }],
		['an empty list', { MAC_list: [] }],
	];

	it.each(invalid)('answers 400 for %s', async (_case, body) => {
		const answer = await postAction(context.http, DELETE, body);
		expect(answer.status).toBe(400);
		expect(answer.data.error).toBe('invalid_request');
		expect(await listedHwids()).toEqual(['LAPTOP0000000001', 'UNKNOWN000000002']);
	});
});
