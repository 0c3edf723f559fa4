import type { DeviceInput } from '../../simulator';
import { listDevices, postAction, rawDevice, replaceFleet, useSimulator } from './helpers';

const context = useSimulator({ devices: 0 });
const ACTION = '/o/api/v3.1/devices/action';

const persistent = (hwid: string, agent_version: string, extra: DeviceInput = {}): DeviceInput => ({
	hwid,
	machine_type: 'laptop',
	category: 'monitored',
	agent: 'persistent',
	agent_version,
	active: 1,
	...extra,
});

/** One device for each case of the applicability table. */
const CASES: DeviceInput[] = [
	persistent('WIN-7.6.231', '7.6.231.0'),
	persistent('WIN-7.6.230', '7.6.230.0'),
	persistent('MAC-10.4.225', '10.4.225.0'),
	persistent('MAC-10.4.224', '10.4.224.0'),
	persistent('WIN-8.0.10', '8.0.10.0'),
	persistent('AGENT-11.0.1', '11.0.1.0'),
	persistent('WIN-6.1.51', '6.1.51.0'),
	persistent('OFFLINE-7.6.300', '7.6.300.0', { active: 0 }),
	persistent('OUT-OF-LICENSE', '7.6.300.0', { category: 'out_of_license' }),
	{
		hwid: 'ON-DEMAND',
		machine_type: 'laptop',
		category: 'monitored',
		agent: 'on-demand',
		agent_version: '7.6.300.0',
		active: 1,
	},
	{
		hwid: 'DOMAIN-CONTROLLER',
		machine_type: 'server',
		category: 'monitored',
		agent: 'domain-controller',
		active: 1,
	},
	{ hwid: 'UNKNOWN', machine_type: 'desktop', category: 'unknown' },
	{ hwid: 'IGNORED', machine_type: 'desktop', category: 'ignored' },
	{ hwid: 'PHONE', machine_type: 'phone', category: 'monitored', active: 1 },
];
const IDS = [...CASES.map((device) => device.hwid!), 'NO-SUCH-DEVICE'];

/** Expected status per device: the listed ones, 0 for the missing device, `otherwise` for the rest. */
function statuses(listed: Record<string, 1 | 0 | -1>, otherwise: 1 | -1): Array<[string, number]> {
	return IDS.map((id) => [id, id === 'NO-SUCH-DEVICE' ? 0 : (listed[id] ?? otherwise)]);
}

const NOT_IN_LICENSE_USE = { UNKNOWN: -1, IGNORED: -1, 'OUT-OF-LICENSE': -1 } as const;
const LOG_READY = ['WIN-7.6.231', 'MAC-10.4.225', 'WIN-8.0.10', 'AGENT-11.0.1', 'OUT-OF-LICENSE'];
const PERSISTENT_AGENTS = [...LOG_READY, 'WIN-7.6.230', 'MAC-10.4.224', 'WIN-6.1.51'];

const APPLICABILITY: Array<[string, Array<[string, number]>]> = [
	['exempt', statuses(NOT_IN_LICENSE_USE, 1)],
	['unexempt', statuses(NOT_IN_LICENSE_USE, 1)],
	['re-identify', statuses(NOT_IN_LICENSE_USE, 1)],
	['ignore', statuses({ UNKNOWN: 1 }, -1)],
	['unignore', statuses({ IGNORED: 1 }, -1)],
	['delete', statuses({}, 1)],
	[
		'dhcprenew',
		statuses(
			{ ...Object.fromEntries(PERSISTENT_AGENTS.map((id) => [id, 1])), 'OFFLINE-7.6.300': 0 },
			-1,
		),
	],
	['assign_to_group', statuses({ 'DOMAIN-CONTROLLER': -1 }, 1)],
	[
		'fetch_agent_log',
		statuses({ ...Object.fromEntries(LOG_READY.map((id) => [id, 1])), 'OFFLINE-7.6.300': 0 }, -1),
	],
];

describe('applicability', () => {
	beforeEach(async () => {
		await replaceFleet(context.http, CASES);
	});

	it.each(APPLICABILITY)(
		'%s answers 1, 0 or -1 for each case, in request order',
		async (types, expected) => {
			const answer = await postAction(context.http, ACTION, { types, ids: IDS });
			expect(answer.status).toBe(200);
			expect(
				answer.data.map((result: { id: string; status: number }) => [result.id, result.status]),
			).toEqual(expected);
			for (const result of answer.data) {
				expect(Object.keys(result)).toEqual(['id', 'status', 'command_id']);
				if (types === 'fetch_agent_log' && result.status === 1)
					expect(result.command_id).toMatch(/^[0-9a-z]{17}$/);
				else expect(result.command_id).toBe('');
			}
		},
	);

	it('gives every successful fetch_agent_log a new command ID', async () => {
		const ids = new Set<string>();
		for (let i = 0; i < 3; i++) {
			const answer = await postAction(context.http, ACTION, {
				types: 'fetch_agent_log',
				ids: LOG_READY,
			});
			for (const result of answer.data) ids.add(result.command_id);
		}
		expect(ids.size).toBe(3 * LOG_READY.length);
		expect(
			(await rawDevice(context.http, 'WIN-7.6.231')).commands.map((command) => command.type),
		).toEqual(['fetch_agent_log', 'fetch_agent_log', 'fetch_agent_log']);
	});
});

describe('effects', () => {
	beforeEach(async () => {
		await replaceFleet(context.http, CASES);
	});

	it('exempts for exempt_time hours (0: forever) and unexempts, as later listings show', async () => {
		const before = Date.now();
		await postAction(context.http, ACTION, {
			types: 'exempt',
			ids: ['WIN-7.6.231'],
			params: { exempt_time: 2 },
		});
		const timed = await rawDevice(context.http, 'WIN-7.6.231');
		expect(timed.exempt).toBe(1);
		expect(Date.parse(timed.exempt_until!) - before).toBeGreaterThanOrEqual(2 * 3_600_000);
		expect(Date.parse(timed.exempt_until!) - Date.now()).toBeLessThanOrEqual(2 * 3_600_000);
		await postAction(context.http, ACTION, { types: 'exempt', ids: ['WIN-7.6.230'] });
		expect(await rawDevice(context.http, 'WIN-7.6.230')).toMatchObject({
			exempt: 1,
			exempt_until: null,
		});
		const listed = (await listDevices(context.http, { limit: 2 })).data;
		expect(listed.map((device: { exempt: number }) => device.exempt)).toEqual([1, 1]);
		await postAction(context.http, ACTION, {
			types: 'unexempt',
			ids: ['WIN-7.6.231', 'WIN-7.6.230'],
		});
		expect(
			(await listDevices(context.http, { limit: 2 })).data.map(
				(device: { exempt: number }) => device.exempt,
			),
		).toEqual([0, 0]);
	});

	it('re-identify sets status 3 (sending information)', async () => {
		await context.http.patch('/_sim/devices/WIN-7.6.231', { status: 0 });
		await postAction(context.http, ACTION, { types: 're-identify', ids: ['WIN-7.6.231'] });
		expect((await listDevices(context.http)).data[0].status).toBe(3);
	});

	it('ignore and unignore move a device between the unknown and ignored categories', async () => {
		await postAction(context.http, ACTION, { types: 'ignore', ids: ['UNKNOWN'] });
		expect((await rawDevice(context.http, 'UNKNOWN')).category).toBe('ignored');
		expect(
			(await postAction(context.http, ACTION, { types: 'ignore', ids: ['UNKNOWN'] })).data[0]
				.status,
		).toBe(-1);
		await postAction(context.http, ACTION, { types: 'unignore', ids: ['UNKNOWN'] });
		expect((await rawDevice(context.http, 'UNKNOWN')).category).toBe('unknown');
	});

	it('delete removes the device (not into the archive); a second delete answers 0', async () => {
		const answer = await postAction(context.http, ACTION, {
			types: 'delete',
			ids: ['PHONE', 'PHONE'],
		});
		expect(answer.data.map((result: { status: number }) => result.status)).toEqual([1, 0]);
		expect((await context.http.get('/_sim/devices/PHONE')).status).toBe(404);
		const listed = (await listDevices(context.http, { limit: 50 })).data.map(
			(device: { hwid: string }) => device.hwid,
		);
		expect(listed).toHaveLength(CASES.length - 1);
		expect(listed).not.toContain('PHONE');
		expect((await context.http.get('/_sim/archive')).data).toEqual({ devices: [] });
	});

	it('assign_to_group records params.group_id, "default" when not given', async () => {
		await postAction(context.http, ACTION, {
			types: 'assign_to_group',
			ids: ['WIN-7.6.231'],
			params: { group_id: 'finance' },
		});
		expect((await rawDevice(context.http, 'WIN-7.6.231')).group).toBe('finance');
		await postAction(context.http, ACTION, { types: 'assign_to_group', ids: ['WIN-7.6.231'] });
		expect((await rawDevice(context.http, 'WIN-7.6.231')).group).toBe('default');
	});

	it('records dhcprenew in the device command history, and nothing for refused devices', async () => {
		await postAction(context.http, ACTION, {
			types: 'dhcprenew',
			ids: ['WIN-7.6.231', 'ON-DEMAND'],
		});
		expect((await rawDevice(context.http, 'WIN-7.6.231')).commands).toEqual([
			{ type: 'dhcprenew', at: expect.any(String), command_id: '' },
		]);
		expect((await rawDevice(context.http, 'ON-DEMAND')).commands).toEqual([]);
	});
});

describe('devices by MAC address', () => {
	beforeAll(async () => {
		await replaceFleet(context.http, [
			persistent('BY-MAC', '7.6.300.0', {
				network_info: [{ mac_addr: '00:0c:29:f2:7a:29', ipv4_addr: '10.0.0.9', ipv6_addr: '' }],
			}),
		]);
	});

	it('finds the device from a MAC address in any accepted form and case, echoing each as given', async () => {
		const macs = [
			'00:0c:29:f2:7a:29',
			'00:0C:29:F2:7A:29',
			'00-0C-29-F2-7A-29',
			'000c.29f2.7a29',
			'000C29F27A29',
		];
		const answer = await postAction(context.http, ACTION, { types: 'dhcprenew', macs });
		expect(answer.data).toStrictEqual(macs.map((id) => ({ id, status: 1, command_id: '' })));
	});

	it('answers 0 for a MAC address nobody reports and for text that is no MAC address', async () => {
		const macs = [
			'00:0c:29:f2:7a:2a',
			'00:0c:29:f2:7a',
			'zz:0c:29:f2:7a:29',
			'00:0c-29:f2:7a:29',
			'BY-MAC',
		];
		const answer = await postAction(context.http, ACTION, { types: 'dhcprenew', macs });
		expect(answer.data.map((result: { status: number }) => result.status)).toEqual([0, 0, 0, 0, 0]);
	});

	it('takes a MAC address under ids too, as the documentation example does', async () => {
		const answer = await postAction(context.http, ACTION, {
			types: 'dhcprenew',
			ids: ['00-0c-29-f2-7a-29', 'BY-MAC'],
		});
		expect(answer.data.map((result: { status: number }) => result.status)).toEqual([1, 1]);
	});
});

describe('invalid requests', () => {
	const invalid: Array<[string, unknown]> = [
		['no types', { ids: ['A'] }],
		['an unknown type', { types: 'reboot', ids: ['A'] }],
		['a legacy type', { types: 'exempt_all', ids: ['A'] }],
		['ids and macs', { types: 'exempt', ids: ['A'], macs: ['00:0c:29:f2:7a:29'] }],
		['neither ids nor macs', { types: 'exempt' }],
		['empty ids', { types: 'exempt', ids: [] }],
		['ids not strings', { types: 'exempt', ids: [1, 2] }],
		['ids not an array', { types: 'exempt', ids: 'A' }],
		['exempt_time 65000', { types: 'exempt', ids: ['A'], params: { exempt_time: 65000 } }],
		['exempt_time -1', { types: 'exempt', ids: ['A'], params: { exempt_time: -1 } }],
		['exempt_time 1.5', { types: 'exempt', ids: ['A'], params: { exempt_time: 1.5 } }],
		['exempt_time "60"', { types: 'exempt', ids: ['A'], params: { exempt_time: '60' } }],
		['an empty group_id', { types: 'assign_to_group', ids: ['A'], params: { group_id: '' } }],
		['params not an object', { types: 'exempt', ids: ['A'], params: [60] }],
		['a JSON array body', [{ types: 'exempt', ids: ['A'] }]],
	];

	it.each(invalid)('answers 400 invalid_request for %s', async (_case, body) => {
		const answer = await postAction(context.http, ACTION, body);
		expect(answer.status).toBe(400);
		expect(answer.data).toStrictEqual({
			error: 'invalid_request',
			error_description: expect.any(String),
		});
	});

	it('takes exempt_time 64999, the largest below 65000', async () => {
		await replaceFleet(context.http, [persistent('A', '7.6.300.0')]);
		const answer = await postAction(context.http, ACTION, {
			types: 'exempt',
			ids: ['A'],
			params: { exempt_time: 64999 },
		});
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual([{ id: 'A', status: 1, command_id: '' }]);
	});

	it('answers 400 for a body that is not JSON and 415 for a body of another type', async () => {
		// transformRequest sends the text as it is (axios would JSON-encode text it cannot parse).
		const headers = (type: string) => ({
			params: { access_token: 'demo-access-token' },
			headers: { 'Content-Type': type },
			transformRequest: [(data: unknown) => data],
		});
		const malformed = await context.http.post(
			ACTION,
			'{"types": "exempt", "ids": [',
			headers('application/json'),
		);
		expect(malformed.status).toBe(400);
		expect(malformed.data).toStrictEqual({
			error: 'invalid_request',
			error_description: 'The body is not valid JSON',
		});
		const empty = await context.http.post(ACTION, '', headers('application/json'));
		expect(empty.status).toBe(400);
		for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
			const answer = await context.http.post(ACTION, 'types=exempt&ids=A', headers(type));
			expect(answer.status).toBe(415);
			expect(answer.data).toStrictEqual({
				error: 'unsupported_media_type',
				error_description: 'The body must be application/json',
			});
		}
	});
});
