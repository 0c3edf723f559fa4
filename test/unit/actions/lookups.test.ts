/**
 * Get a Device, Search Devices and Get an Agent Log against the simulator (its request log shows
 * the exact requests), with virtual time shared by the node and the simulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	listedDevice,
	startSimulator,
	type DeviceInput,
	type RunningSimulator,
} from '../../simulator';
import { detailedDevice } from '../../simulator/lookups';
import { unzipStored } from '../../simulator/zip';
import { simplifyDevice } from '../../../nodes/OpswatMetaAccess/helpers/simplify';
import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';

let clock: EventClock;
let sim: RunningSimulator;
let helper: TestCredentialsHelper;

const adapter = (mac: string) => ({ mac_addr: mac, ipv4_addr: '10.0.0.9', ipv6_addr: '' });
const FINANCE: DeviceInput = {
	hwid: 'HW-FIN-01',
	hostname: 'FIN-LAPTOP-01',
	nickname: 'Finance laptop',
	machine_type: 'laptop',
	category: 'monitored',
	agent: 'persistent',
	agent_version: '7.6.231.0',
	active: 1,
	network_info: [adapter('00:0c:29:f2:7a:29')],
};
/** `count` desktops named lab-pc-<n>. */
const labPcs = (count: number): DeviceInput[] =>
	Array.from({ length: count }, (_, i) => ({
		hwid: `LAB${String(i).padStart(3, '0')}`,
		hostname: `lab-pc-${i}`,
		nickname: '',
		machine_type: 'desktop',
		network_info: [
			adapter(
				`00:0c:29:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
			),
		],
	}));

beforeEach(async () => {
	clock = new EventClock();
	useClock(clock);
	sim = await startSimulator({ devices: 0, now: () => clock.now() });
	sim.simulation.addDevices({ devices: [FINANCE, ...labPcs(120)] });
	helper = new TestCredentialsHelper(
		accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
	);
});
afterEach(async () => {
	useClock(undefined);
	await sim.close();
});

const run = (parameters: INodeParameters, input = [{}], continueOnFail = false) =>
	runActionNode({ parameters, credentialsHelper: helper, continueOnFail }, input);
const requests = () =>
	sim.simulation.log.read().requests.map(({ method, path, query, status }) => ({
		method,
		path,
		query,
		status,
	}));
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const raw = (hwid: string) => sim.simulation.device(hwid, clock.now());
const TOKEN = { access_token: 'static#1' };

describe('Get a Device', () => {
	test('by ID, by MAC address (any form) and from the list: one Device Details request each, the device as output', async () => {
		const { items } = await run(
			{ operation: 'get', device: '={{ $json.device }}', simplify: false },
			[
				{ device: rl('id', 'HW-FIN-01') },
				{ device: rl('mac', '00-0C-29-F2-7A-29') },
				{ device: rl('list', 'LAB007') },
				{ device: rl('id', 'HW-FIN-01') },
			],
		);
		expect(requests()).toEqual([
			{ method: 'GET', path: '/o/api/v2.1/devices/HW-FIN-01', query: TOKEN, status: 200 },
			{
				method: 'GET',
				path: '/o/api/v2.1/devices/00:0c:29:f2:7a:29',
				query: { ...TOKEN, opt: '1' },
				status: 200,
			},
			{ method: 'GET', path: '/o/api/v2.1/devices/LAB007', query: TOKEN, status: 200 },
		]);
		const finance = detailedDevice(raw('HW-FIN-01'));
		expect(items).toEqual([
			{ json: finance, pairedItem: { item: 0 } },
			{ json: finance, pairedItem: { item: 1 } },
			{ json: detailedDevice(raw('LAB007')), pairedItem: { item: 2 } },
			{ json: finance, pairedItem: { item: 3 } },
		]);
	});

	test('Simplify (the default) gives the 12 fields, critical_issue given as critical', async () => {
		const { items } = await run({ operation: 'get', device: rl('id', 'HW-FIN-01') });
		const device = detailedDevice(raw('HW-FIN-01'));
		expect(items).toEqual([
			{ json: simplifyDevice(device as IDataObject), pairedItem: { item: 0 } },
		]);
		expect(items[0].json).toMatchObject({
			hwid: 'HW-FIN-01',
			hostname: 'FIN-LAPTOP-01',
			critical: device.critical_issue === 1,
			mac_addresses: ['00:0c:29:f2:7a:29'],
		});
		expect(Object.keys(items[0].json).length).toBeLessThanOrEqual(12);
	});

	test('404 is a clear error naming the value and what to switch; with Continue On Fail an error item', async () => {
		await expect(run({ operation: 'get', device: rl('id', 'NO-SUCH') })).rejects.toMatchObject({
			name: 'NodeApiError',
			httpCode: '404',
			message: 'MetaAccess has no device with the device ID "NO-SUCH"',
			description:
				'Check the device ID (the hwid of Get Many), or look the device up By MAC Address. If every device is reported missing, check the Base URL of the credential.',
		});
		const { items } = await run(
			{ operation: 'get', device: '={{ $json.device }}' },
			[{ device: rl('mac', '00:0c:29:ff:ff:ff') }, { device: rl('id', 'LAB001') }],
			true,
		);
		expect(items[0]).toEqual({
			json: { error: 'MetaAccess has no device with the MAC address "00:0c:29:ff:ff:ff"' },
			pairedItem: { item: 0 },
		});
		expect(items[1].json.hwid).toBe('LAB001');
		expect(requests().map((r) => [r.path, r.status])).toEqual([
			['/o/api/v2.1/devices/NO-SUCH', 404],
			['/o/api/v2.1/devices/00:0c:29:ff:ff:ff', 404],
			['/o/api/v2.1/devices/LAB001', 200],
		]);
	});

	test('bad input is refused before any request', async () => {
		await expect(
			run({ operation: 'get', device: '={{ $json.device }}' }, [
				{ device: rl('id', 'LAB001') },
				{ device: rl('mac', 'LAB001') },
			]),
		).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: `Item 1: "LAB001" in 'Device' is not a MAC address`,
			description:
				"Use one of 00:0c:29:f2:7a:29, 00-0C-29-F2-7A-29, 000c.29f2.7a29 or 000c29f27a29, or switch 'Device' to By ID if this is a device ID. No request was sent.",
		});
		expect(requests()).toEqual([]);
	});
});

describe('Search Devices', () => {
	const labs = () => labPcs(120).map((d) => listedDevice(raw(d.hwid!)));

	test('Return All: pages of 50 until a short page (3 requests for 120 devices)', async () => {
		const { items } = await run({
			operation: 'search',
			query: 'lab-pc',
			returnAll: true,
			simplify: false,
		});
		const q = { ...TOKEN, q: 'lab-pc', limit: '50' };
		expect(requests()).toEqual([
			{ method: 'GET', path: '/o/api/v2.1/devices/search', query: q, status: 200 },
			{
				method: 'GET',
				path: '/o/api/v2.1/devices/search',
				query: { ...q, page: '2' },
				status: 200,
			},
			{
				method: 'GET',
				path: '/o/api/v2.1/devices/search',
				query: { ...q, page: '3' },
				status: 200,
			},
		]);
		expect(items.map((item) => item.json)).toEqual(labs());
		expect(
			items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
	});

	test('Return All stops at total_count: 100 devices take 2 requests, no third', async () => {
		sim.simulation.removeDevice('LAB100');
		for (let i = 101; i < 120; i++) sim.simulation.removeDevice(`LAB${i}`);
		const { items } = await run({ operation: 'search', query: 'lab-pc', returnAll: true });
		expect(requests().map((r) => r.query.page ?? '1')).toEqual(['1', '2']);
		expect(items).toHaveLength(100);
	});

	test('Limit: the page size that reaches it in the fewest requests; Search In sent unless Name', async () => {
		const { items } = await run({
			operation: 'search',
			query: '00:0c:29:00',
			searchIn: 'mac',
			limit: 60,
		});
		expect(requests()).toEqual([
			{
				method: 'GET',
				path: '/o/api/v2.1/devices/search',
				query: { ...TOKEN, q: '00:0c:29:00', in: 'mac', limit: '30' },
				status: 200,
			},
			{
				method: 'GET',
				path: '/o/api/v2.1/devices/search',
				query: { ...TOKEN, q: '00:0c:29:00', in: 'mac', limit: '30', page: '2' },
				status: 200,
			},
		]);
		expect(items.map((item) => item.json)).toEqual(
			labs()
				.slice(0, 60)
				.map((device) => simplifyDevice(device as IDataObject)),
		);
	});

	test('words of the query must all match; no match is no item after one request', async () => {
		const found = await run({ operation: 'search', query: 'finance laptop', simplify: false });
		expect(found.items).toEqual([
			{ json: listedDevice(raw('HW-FIN-01')), pairedItem: { item: 0 } },
		]);
		const none = await run({ operation: 'search', query: 'nothing here' });
		expect(none.items).toEqual([]);
		expect(requests().map((r) => r.query.q)).toEqual(['finance laptop', 'nothing here']);
	});

	test('a page past the end (413) ends the search', async () => {
		// The simulator counts 120; a device leaving between pages makes page 3 past the end.
		let pages = 0;
		const original = sim.simulation.log.record.bind(sim.simulation.log);
		sim.simulation.log.record = (entry) => {
			original(entry);
			if (++pages === 2)
				for (let i = 0; i < 21; i++)
					sim.simulation.removeDevice(`LAB${String(i).padStart(3, '0')}`);
		};
		const { items } = await run({ operation: 'search', query: 'lab-pc', returnAll: true });
		expect(requests().map((r) => [r.query.page ?? '1', r.status])).toEqual([
			['1', 200],
			['2', 200],
			['3', 413],
		]);
		expect(items).toHaveLength(100);
	});
});

describe('Get an Agent Log', () => {
	async function fetchLog(id = 'HW-FIN-01'): Promise<string> {
		const answer = await fetch(
			`${sim.url}/o/api/v3.1/devices/action?access_token=${sim.credentials.accessToken}`,
			{
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify({ types: 'fetch_agent_log', ids: [id] }),
			},
		);
		const [result] = (await answer.json()) as Array<{ command_id: string }>;
		sim.simulation.log.clear();
		return result.command_id;
	}

	test('not ready: one item with the status and message, not an error', async () => {
		const commandId = await fetchLog();
		const { items } = await run({ operation: 'getAgentLog', commandId });
		expect(items).toEqual([
			{
				json: {
					command_id: commandId,
					ready: false,
					status: 'pending',
					message: 'The agent log is being collected; try again in 60 s',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(requests()).toEqual([
			{
				method: 'GET',
				path: '/o/api/v3/get_reports',
				query: { ...TOKEN, type: 'agent_log', command_id: commandId },
				status: 200,
			},
		]);
	});

	test('ready: the log as binary data in the chosen field, named and typed as MetaAccess sent it', async () => {
		const commandId = await fetchLog();
		clock.time += 60_000;
		const { items } = await run(
			{
				operation: 'getAgentLog',
				commandId: '={{ $json.command_id }}',
				binaryPropertyName: 'log',
			},
			[{ command_id: commandId }, { command_id: commandId }],
		);
		expect(requests()).toHaveLength(1);
		expect(items).toHaveLength(2);
		const [item] = items;
		const fileName = `agent_log_${commandId}.zip`;
		expect(item.json).toEqual({
			command_id: commandId,
			ready: true,
			file_name: fileName,
			mime_type: 'application/zip',
			file_size: expect.any(Number),
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(items[1].pairedItem).toEqual({ item: 1 });
		const binary = item.binary!.log;
		expect(binary).toMatchObject({ fileName, mimeType: 'application/zip', fileExtension: 'zip' });
		const bytes = Buffer.from(binary.data, 'base64');
		expect(bytes.length).toBe(item.json.file_size);
		const files = unzipStored(bytes);
		expect(files.map((f) => f.name)).toEqual(['agent.log']);
		expect(files[0].content.toString()).toContain('INFO device HW-FIN-01 (FIN-LAPTOP-01)');
	});

	test('an unknown command ID is a NodeApiError; with Continue On Fail an error item', async () => {
		await expect(
			run({ operation: 'getAgentLog', commandId: 'nosuchcommand0001' }),
		).rejects.toMatchObject({
			name: 'NodeApiError',
			message:
				'MetaAccess has no agent log for command ID "nosuchcommand0001": No agent log was requested with command_id nosuchcommand0001',
		});
		const { items } = await run(
			{ operation: 'getAgentLog', commandId: '={{ $json.id }}' },
			[{ id: 'nosuchcommand0001' }, { id: '' }],
			true,
		);
		expect(items).toEqual([
			{
				json: {
					error:
						'MetaAccess has no agent log for command ID "nosuchcommand0001": No agent log was requested with command_id nosuchcommand0001',
				},
				pairedItem: { item: 0 },
			},
			{ json: { error: "Item 1: 'Command ID' is empty" }, pairedItem: { item: 1 } },
		]);
	});
});
