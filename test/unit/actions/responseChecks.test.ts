/**
 * Get outputs a Device Details response only when it is about the device asked (its hwid, or with
 * By MAC Address one of its MAC addresses); and no id that would address an endpoint beside
 * `devices/{id}` (Status Change, Search Devices, Devices Action, Delete Devices, Devices
 * Statistics, Device Details v3) ever goes into a path: refused before any request, in Get and in
 * Get Remediation Link.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { useNodeTestEnvironment } from '../../harness/environment';
import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { remediationResultDescription } from '../../../nodes/OpswatMetaAccess/actions/device/getRemediationLink.operation';

let api: FakeApi;
const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const get = (device: unknown): INodeParameters => ({
	operation: 'get',
	device: device as INodeParameters,
	simplify: false,
});
const device = (hwid: string | number, ...macs: string[]): IDataObject => ({
	hwid,
	hostname: 'pc-1',
	status: 0,
	network_info: macs.map((mac) => ({ mac_addr: mac, ipv4_addr: '10.0.0.1', ipv6_addr: '' })),
});
const sentPaths = () => api.requests.map((r) => [r.path, r.query.opt]);
const failure = async (parameters: INodeParameters) =>
	await runActionNode({ parameters }).then(
		() => undefined,
		(error: unknown) => error,
	);

describe('Get: a response about another device is an error naming both', () => {
	test.each([
		['another hwid', device('HW2'), 'the device "HW2"'],
		[
			'no hwid (Status Change v2.1 answers { devices })',
			{ devices: [] },
			'an object without a device ID (hwid)',
		],
		['an empty hwid', device(''), 'an object without a device ID (hwid)'],
		['a hwid that is a number', device(17), 'an object without a device ID (hwid)'],
		[
			'a hwid of 10,000 characters (shortened)',
			device('x'.repeat(10_000)),
			`the device "${'x'.repeat(75)}..."`,
		],
	])('by ID, %s', async (_case, body, got) => {
		api.handler = () => ({ status: 200, body });
		expect(await failure(get(rl('id', 'HW1')))).toMatchObject({
			name: 'NodeApiError',
			message: `MetaAccess answered Device Details for the device ID "HW1" with ${got}`,
			description:
				'The response is not about the device asked, so it is not output. Check that the Base URL of the credential points to the MetaAccess cloud, then run the node again.',
			context: { itemIndex: 0 },
		});
		expect(sentPaths()).toEqual([['/o/api/v2.1/devices/HW1', undefined]]);
	});

	test.each([
		[
			'another MAC address',
			device('HW7', '00:0c:29:f2:7a:30'),
			'the device "HW7", with MAC addresses ["00:0c:29:f2:7a:30"]',
		],
		['no MAC address', device('HW7'), 'the device "HW7", with no MAC address'],
		['no hwid and no MAC address', {}, 'an object without a device ID (hwid), with no MAC address'],
	])('by MAC address, %s', async (_case, body, got) => {
		api.handler = () => ({ status: 200, body });
		expect(await failure(get(rl('mac', '00-0C-29-F2-7A-29')))).toMatchObject({
			name: 'NodeApiError',
			message: `MetaAccess answered Device Details for the MAC address "00:0c:29:f2:7a:29" with ${got}`,
		});
		expect(sentPaths()).toEqual([['/o/api/v2.1/devices/00:0c:29:f2:7a:29', '1']]);
	});

	test('the device asked is output: its hwid in any case, or one of its MAC addresses in any form', async () => {
		const byId = device('HW1', '00:0C:29:F2:7A:29');
		const byMac = device('HW7', '00:0c:29:00:00:01', '00-0C-29-F2-7A-29');
		api.handler = (request) => ({
			status: 200,
			body: request.path.endsWith('/hw1') ? byId : byMac,
		});
		const { items } = await runActionNode({ parameters: get('={{ $json.device }}') }, [
			{ device: rl('id', 'hw1') },
			{ device: rl('mac', '00:0c:29:f2:7a:29') },
		]);
		expect(sentPaths()).toEqual([
			['/o/api/v2.1/devices/hw1', undefined],
			['/o/api/v2.1/devices/00:0c:29:f2:7a:29', '1'],
		]);
		expect(items).toEqual([
			{ json: byId, pairedItem: { item: 0 } },
			{ json: byMac, pairedItem: { item: 1 } },
		]);
	});

	test('with Continue On Fail: an error item for each item naming that device, the others output', async () => {
		api.handler = (request) => ({
			status: 200,
			body: request.path.endsWith('/HW1') ? device('HW1') : device('HW9'),
		});
		const { items } = await runActionNode(
			{ parameters: get('={{ $json.device }}'), continueOnFail: true },
			[{ device: rl('id', 'HW2') }, { device: rl('id', 'HW1') }, { device: rl('id', 'HW2') }],
		);
		expect(sentPaths()).toEqual([
			['/o/api/v2.1/devices/HW2', undefined],
			['/o/api/v2.1/devices/HW1', undefined],
		]);
		const error = {
			error: 'MetaAccess answered Device Details for the device ID "HW2" with the device "HW9"',
		};
		expect(items).toEqual([
			{ json: error, pairedItem: { item: 0 } },
			{ json: device('HW1'), pairedItem: { item: 1 } },
			{ json: error, pairedItem: { item: 2 } },
		]);
	});
});

describe('ids that would address an endpoint beside devices/{id} are refused before any request', () => {
	const siblings = ['status_changed', 'search', 'action', 'delete', 'stats', 'detail'];
	const forms = [...siblings, 'SEARCH', 'Status_Changed', 'search.json', ' stats '];

	const cases = [
		...forms.map((value) => ['Get', 'id', value] as const),
		...['search', 'detail'].map((value) => ['Get', 'list', value] as const),
		...forms.map((value) => ['Get Remediation Link', 'id', value] as const),
		...forms.map((value) => ['Get Remediation Link', 'custom', value] as const),
		...['status_changed', 'delete'].map(
			(value) => ['Get Remediation Link', 'list', value] as const,
		),
	];

	test.each(cases)('%s, Device %s %j', async (operation, mode, value) => {
		const parameters =
			operation === 'Get'
				? get(rl(mode, value))
				: { operation: 'getRemediationLink', device: rl(mode, value) };
		const error = await failure(parameters);
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: `Item 0: 'Device' is "${value.trim()}", which names another MetaAccess endpoint (devices/${value.trim()}), not a device`,
			description:
				"Give the device's ID (the hwid of Get Many) or custom ID, or pick the device from the list: this value would ask that endpoint instead of a device. No request was sent.",
			context: { itemIndex: 0 },
		});
		expect(api.requests).toEqual([]);
	});

	test('a whole Device field given by an expression as text is a device ID, refused the same', async () => {
		const error = await failure(get('={{ "status_changed" }}'));
		expect((error as Error).message).toBe(
			`Item 0: 'Device' is "status_changed", which names another MetaAccess endpoint (devices/status_changed), not a device`,
		);
		expect(api.requests).toEqual([]);
	});

	test('names that only begin or end like one are device IDs, and are sent', async () => {
		api.handler = (request) => ({
			status: 200,
			body: request.path.includes('remediation')
				? { result: 0, remediation_link: '' }
				: device(decodeURIComponent(request.path.split('/').pop()!)),
		});
		const values = ['searches', 'stats1', 'my-delete', 'action_log', 'details'];
		const { items } = await runActionNode(
			{ parameters: get('={{ $json.device }}') },
			values.map((value) => ({ device: rl('id', value) })),
		);
		expect(items.map((item) => item.json.hwid)).toEqual(values);
		await runActionNode({
			parameters: { operation: 'getRemediationLink', device: rl('custom', 'search me') },
		});
		expect(sentPaths()).toEqual([
			...values.map((value) => [`/o/api/v2.1/devices/${value}`, undefined]),
			['/o/api/v3/devices/search%20me/remediation', '1'],
		]);
	});

	test('with Continue On Fail, only the refused items fail; the others are looked up', async () => {
		api.handler = () => ({ status: 200, body: { result: 1, remediation_link: 'https://x/r' } });
		const { items } = await runActionNode(
			{
				parameters: { operation: 'getRemediationLink', device: rl('custom', '={{ $json.id }}') },
				continueOnFail: true,
			},
			[{ id: 'search' }, { id: 'asset-1' }],
		);
		expect(sentPaths()).toEqual([['/o/api/v3/devices/asset-1/remediation', '1']]);
		expect(items).toEqual([
			{
				json: {
					error:
						'Item 0: \'Device\' is "search", which names another MetaAccess endpoint (devices/search), not a device',
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					value: 'asset-1',
					value_type: 'custom',
					result_code: 1,
					result: 'found',
					result_description: remediationResultDescription(1),
					found: true,
					remediation_link: 'https://x/r',
				},
				pairedItem: { item: 1 },
			},
		]);
	});
});
