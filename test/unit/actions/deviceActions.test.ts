/**
 * One operation per Device Action command, against the simulator: the exact request each sends (both endpoints where
 * the older one is an option) and the device's result. Virtual time shared by node and simulator.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';
import { actionResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';

const ACTION = '/o/api/v3.1/devices/action';
const OLDER_ACTION = '/o/api/v2/devices/action';
const DELETE = '/o/api/v2/devices/delete';

let clock: EventClock;
let sim: RunningSimulator;
let helper: TestCredentialsHelper;
let mac: string;
beforeEach(async () => {
	clock = new EventClock();
	useClock(clock);
	sim = await startSimulator({ devices: 0, rateLimit: false, now: () => clock.now() });
	sim.simulation.addDevices({
		devices: [
			{
				hwid: 'PA',
				machine_type: 'laptop',
				category: 'monitored',
				agent: 'persistent',
				agent_version: '7.6.300.0',
				active: 1,
			},
			{ hwid: 'UNKNOWN', machine_type: 'desktop', category: 'unknown' },
			{ hwid: 'IGNORED', machine_type: 'desktop', category: 'ignored' },
		],
	});
	mac = sim.simulation.device('PA', clock.now()).network_info[0].mac_addr.toLowerCase();
	helper = new TestCredentialsHelper(
		accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
	);
});
afterEach(async () => {
	useClock(undefined);
	await sim.close();
});

async function run(parameters: INodeParameters) {
	const { items } = await runActionNode({ credentialsHelper: helper, parameters });
	const requests = sim.simulation.log
		.read()
		.requests.map(({ method, path, body }) => ({ method, path, body }));
	return { items, requests };
}

const older = { options: { olderEndpoint: true } };
const group = (mode: string, value: string) => ({ group: { __rl: true, mode, value } });

// [what, parameters, device, path, body (devices added by the test)]
const CASES: Array<[string, INodeParameters, string, string, Record<string, unknown>]> = [
	[
		'Exempt for 24 hours',
		{ operation: 'exempt', exemptTime: 24 },
		'PA',
		ACTION,
		{ types: 'exempt', params: { exempt_time: 24 } },
	],
	[
		'Exempt for a day (the default)',
		{ operation: 'exempt' },
		'PA',
		ACTION,
		{ types: 'exempt', params: { exempt_time: 24 } },
	],
	[
		'Exempt forever (0, typed)',
		{ operation: 'exempt', exemptTime: 0 },
		'PA',
		ACTION,
		{ types: 'exempt', params: { exempt_time: 0 } },
	],
	[
		'Exempt, older endpoint (forever, the only time it takes)',
		{ operation: 'exempt', exemptTime: 0, ...older },
		'PA',
		OLDER_ACTION,
		{ types: 'exempt_all', opt: 1 },
	],
	['Unexempt', { operation: 'unexempt' }, 'PA', ACTION, { types: 'unexempt' }],
	[
		'Unexempt, older endpoint',
		{ operation: 'unexempt', ...older },
		'PA',
		OLDER_ACTION,
		{ types: 'unexempt', opt: 1 },
	],
	['Re-Identify', { operation: 'reIdentify' }, 'PA', ACTION, { types: 're-identify' }],
	['Ignore', { operation: 'ignore' }, 'UNKNOWN', ACTION, { types: 'ignore' }],
	['Unignore', { operation: 'unignore' }, 'IGNORED', ACTION, { types: 'unignore' }],
	[
		'Assign to Group (the default group)',
		{ operation: 'assignToGroup' },
		'PA',
		ACTION,
		{ types: 'assign_to_group', params: { group_id: 'default' } },
	],
	[
		'Assign to Group, Default Group from the list',
		{ operation: 'assignToGroup', ...group('list', 'default') },
		'PA',
		ACTION,
		{ types: 'assign_to_group', params: { group_id: 'default' } },
	],
	[
		'Assign to Group by ID',
		{ operation: 'assignToGroup', ...group('id', 'lab') },
		'PA',
		ACTION,
		{ types: 'assign_to_group', params: { group_id: 'lab' } },
	],
	['Renew IP Address', { operation: 'renewIp' }, 'PA', ACTION, { types: 'dhcprenew' }],
	[
		'Renew IP Address, older endpoint',
		{ operation: 'renewIp', ...older },
		'PA',
		OLDER_ACTION,
		{ types: 'dhcprenew', opt: 1 },
	],
	[
		'Delete (default: uninstall the agent, keep the record)',
		{ operation: 'delete' },
		'PA',
		DELETE,
		{ opt: 0 },
	],
	[
		'Delete, archive the record',
		{ operation: 'delete', deleteOption: 2 },
		'PA',
		DELETE,
		{ opt: 2 },
	],
	['Delete, remove the record', { operation: 'delete', deleteOption: 1 }, 'PA', DELETE, { opt: 1 }],
	[
		'Delete through Device Action',
		{ operation: 'delete', deleteOption: 'deviceAction' },
		'PA',
		ACTION,
		{ types: 'delete' },
	],
];

describe.each([
	['by Device ID', 'id'],
	['by MAC address', 'mac'],
])('%s', (_name, identifyBy) => {
	// The unknown and ignored devices have no MAC address to act on: by Device ID only.
	const cases = identifyBy === 'mac' ? CASES.filter((entry) => entry[2] === 'PA') : CASES;
	test.each(cases)('%s', async (_what, parameters, device, path, body) => {
		const sent = identifyBy === 'mac' ? mac : device;
		const list =
			path === ACTION
				? identifyBy === 'mac'
					? 'macs'
					: 'ids'
				: identifyBy === 'mac'
					? 'MAC_list'
					: 'HWID_list';
		const expectedBody = { ...body, [list]: [sent] };
		if ('opt' in body && path === OLDER_ACTION) expectedBody.opt = identifyBy === 'mac' ? 0 : 1;
		const { items, requests } = await run({ ...parameters, identifyBy, devices: sent });
		expect(requests).toEqual([{ method: 'POST', path, body: expectedBody }]);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ id: sent, success: true, result_code: 1 });
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});
});

test('Fetch Agent Log answers the command ID of each device', async () => {
	const { items, requests } = await run({ operation: 'fetchAgentLog', devices: 'PA' });
	expect(requests).toEqual([
		{ method: 'POST', path: ACTION, body: { types: 'fetch_agent_log', ids: ['PA'] } },
	]);
	expect(items).toEqual([
		{
			json: {
				id: 'PA',
				action: 'fetch_agent_log',
				result_code: 1,
				result: 'applied',
				result_description: actionResultDescription('fetch_agent_log', 1),
				success: true,
				command_id: expect.stringMatching(/^\w+$/),
			},
			pairedItem: { item: 0 },
		},
	]);
});

test('the simulator carries the actions out: exempted for 24 hours, then moved to group lab', async () => {
	await run({ operation: 'exempt', exemptTime: 24, devices: 'PA' });
	await run({ operation: 'assignToGroup', ...group('id', '={{ "lab" }}'), devices: 'PA' });
	const device = sim.simulation.device('PA', clock.now());
	expect([device.exempt, device.exempt_until, device.group]).toEqual([
		1,
		new Date(clock.now() + 24 * 3_600_000).toISOString(),
		'lab',
	]);
});
