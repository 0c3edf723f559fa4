/** Continue On Fail: a failing item yields {error} paired with it and the others proceed. */

import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { actionResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';
import { remediationResultDescription } from '../../../nodes/OpswatMetaAccess/actions/device/getRemediationLink.operation';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
	api.handler = (request) => ({
		status: 200,
		body: (
			(request.body as { macs?: string[]; ids?: string[] }).macs ??
			(request.body as { ids: string[] }).ids
		).map((id) => ({
			id,
			status: 1,
			command_id: '',
		})),
	});
});

const byMac = {
	operation: 'unexempt',
	identifyBy: 'mac',
	devices: '={{ $json.mac }}',
};
const input = [{ mac: '00:0c:29:f2:7a:29' }, { mac: 'not-a-mac' }, { mac: '00:0c:29:f2:7a:30' }];

test('on: the bad item gets {error}, paired; the others are sent in one request', async () => {
	const { items } = await runActionNode({ parameters: byMac, continueOnFail: true }, input);
	expect(api.requests.map((r) => r.body)).toEqual([
		{ types: 'unexempt', macs: ['00:0c:29:f2:7a:29', '00:0c:29:f2:7a:30'] },
	]);
	expect(items).toEqual([
		{
			json: {
				id: '00:0c:29:f2:7a:29',
				action: 'unexempt',
				result_code: 1,
				result: 'applied',
				result_description: actionResultDescription('unexempt', 1),
				success: true,
			},
			pairedItem: { item: 0 },
		},
		{
			json: {
				error: `Item 1: "not-a-mac" in 'Devices' is not a MAC address. If 'Devices' holds device IDs, set 'Identify Devices By' to Device ID; otherwise give MAC addresses (use one of 00:0c:29:f2:7a:29, 00-0C-29-F2-7A-29, 000c.29f2.7a29 or 000c29f27a29).`,
			},
			pairedItem: { item: 1 },
		},
		{
			json: {
				id: '00:0c:29:f2:7a:30',
				action: 'unexempt',
				result_code: 1,
				result: 'applied',
				result_description: actionResultDescription('unexempt', 1),
				success: true,
			},
			pairedItem: { item: 2 },
		},
	]);
});

test('off: the error names the item, and nothing is sent', async () => {
	await expect(runActionNode({ parameters: byMac }, input)).rejects.toMatchObject({
		name: 'NodeOperationError',
		message: expect.stringMatching(/^Item 1: "not-a-mac"/),
		context: { itemIndex: 1 },
	});
	expect(api.requests).toHaveLength(0);
});

test('on: a failed batch fails only its items; the next batch still goes', async () => {
	let calls = 0;
	api.handler = (request) =>
		++calls === 1
			? { status: 400, body: { error: 'invalid_request', error_description: 'bad batch' } }
			: {
					status: 200,
					body: (request.body as { ids: string[] }).ids.map((id) => ({
						id,
						status: 1,
						command_id: '',
					})),
				};
	const devices = [{ id: 'A' }, { id: 'B' }, { id: 'C' }];
	const { items } = await runActionNode(
		{
			parameters: {
				operation: 'unexempt',
				devices: '={{ $json.id }}',
				options: { batchSize: 2 },
			},
			continueOnFail: true,
		},
		devices,
	);
	const error =
		'MetaAccess answered HTTP 400 to POST /o/api/v3.1/devices/action: invalid_request: bad batch';
	expect(items).toEqual([
		{ json: { id: 'A', success: false, error }, pairedItem: { item: 0 } },
		{ json: { id: 'B', success: false, error }, pairedItem: { item: 1 } },
		{
			json: {
				id: 'C',
				action: 'unexempt',
				result_code: 1,
				result: 'applied',
				result_description: actionResultDescription('unexempt', 1),
				success: true,
			},
			pairedItem: { item: 2 },
		},
	]);
});

test('on: a 401 fails every batch but sends no request after it', async () => {
	api.handler = () => ({ status: 401, body: { error: 'invalid_token' } });
	const { items } = await runActionNode(
		{
			parameters: {
				operation: 'unexempt',
				devices: '={{ $json.id }}',
				options: { batchSize: 1 },
			},
			continueOnFail: true,
		},
		[{ id: 'A' }, { id: 'B' }, { id: 'C' }],
	);
	expect(api.requests).toHaveLength(1);
	expect(items.map((item) => [item.json.id, item.json.error, item.pairedItem])).toEqual(
		['A', 'B', 'C'].map((id, index) => [
			id,
			'MetaAccess answered HTTP 401 to POST /o/api/v3.1/devices/action: invalid_token',
			{ item: index },
		]),
	);
});

test('off: a failed batch stops the node, names the item, and says what was already done', async () => {
	let calls = 0;
	api.handler = (request) =>
		++calls === 2
			? { status: 500 }
			: {
					status: 200,
					body: (request.body as { ids: string[] }).ids.map((id) => ({
						id,
						status: 1,
						command_id: '',
					})),
				};
	await expect(
		runActionNode(
			{
				parameters: {
					operation: 'delete',
					deleteOption: 'deviceAction',
					devices: '={{ $json.id }}',
					options: { batchSize: 2 },
				},
			},
			[{ id: 'A' }, { id: 'B' }, { id: 'C' }],
		),
	).rejects.toMatchObject({
		name: 'NodeApiError',
		httpCode: '500',
		context: { itemIndex: 2 },
		description:
			'MetaAccess failed to process the request (tried 1 time). Try again later. Before this failure, 1 request had been answered for 2 devices; turn on Continue On Fail to get the result of each device.',
	});
});

test('Get Many and Get Remediation Link honour it too', async () => {
	api.handler = (request) =>
		request.path.includes('remediation')
			? { status: 200, body: { result: 0, remediation_link: '' } }
			: { status: 200, body: [] };
	const { items } = await runActionNode(
		{
			parameters: {
				operation: 'getRemediationLink',
				device: { __rl: true, mode: 'mac', value: '={{ $json.v }}' },
			},
			continueOnFail: true,
		},
		[{ v: 'zz' }, { v: '00:0c:29:f2:7a:29' }],
	);
	expect(items).toEqual([
		{ json: { error: `Item 0: "zz" in 'Device' is not a MAC address` }, pairedItem: { item: 0 } },
		{
			json: {
				value: '00:0c:29:f2:7a:29',
				value_type: 'mac',
				result_code: 0,
				result: 'not found',
				result_description: remediationResultDescription(0),
				found: false,
				remediation_link: '',
			},
			pairedItem: { item: 1 },
		},
	]);
	const many = await runActionNode(
		{ parameters: { operation: 'getAll', limit: '={{ $json.n }}' }, continueOnFail: true },
		[{ n: 0 }, { n: 5 }],
	);
	expect(many.items).toEqual([
		{
			json: { error: "Item 0: 'Limit' must be a whole number from 1 to 100000; it is 0" },
			pairedItem: { item: 0 },
		},
	]);
});

test('off: an API failure of a later item names that item, though the items share their options', async () => {
	api.handler = (request) =>
		request.path.includes('/B/')
			? { status: 400, body: { error: 'invalid_request', error_description: 'Invalid option' } }
			: { status: 200, body: { result: 1, remediation_link: 'https://x/r' } };
	await expect(
		runActionNode(
			{
				parameters: {
					operation: 'getRemediationLink',
					device: { __rl: true, mode: 'id', value: '={{ $json.v }}' },
					options: { timeout: 30 },
				},
			},
			[{ v: 'A' }, { v: 'A' }, { v: 'B' }],
		),
	).rejects.toMatchObject({ name: 'NodeApiError', httpCode: '400', context: { itemIndex: 2 } });
	expect(api.requests.map((request) => request.path)).toEqual([
		'/o/api/v3/devices/A/remediation',
		'/o/api/v3/devices/B/remediation',
	]);
});

test('on: a fixed parameter that fails its check fails every item, each naming itself, and nothing is sent', async () => {
	const { items } = await runActionNode(
		{
			parameters: {
				operation: 'exempt',
				devices: '={{ $json.id }}',
				exemptTime: 65000,
			},
			continueOnFail: true,
		},
		[{ id: 'A' }, { id: 'B' }],
	);
	expect(api.requests).toHaveLength(0);
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	expect(items.map((item) => item.json.error)).toEqual([
		"Item 0: 'Exempt For (Hours)' must be a whole number from 0 to 64999; it is 65000",
		"Item 1: 'Exempt For (Hours)' must be a whole number from 0 to 64999; it is 65000",
	]);
});

describe('items asking for the same request share its failure: it is sent once', () => {
	const refused = {
		status: 400,
		body: { error: 'invalid_request', error_description: 'Refused' },
	};
	test.each([
		['Get', { operation: 'get', device: { __rl: true, mode: 'id', value: 'HW1' } }],
		[
			'Get Remediation Link',
			{ operation: 'getRemediationLink', device: { __rl: true, mode: 'custom', value: 'a-1' } },
		],
		['Get Many', { operation: 'getAll', limit: 5 }],
		['Search', { operation: 'search', query: 'laptop' }],
		['Get Agent Log', { operation: 'getAgentLog', commandId: 'cmd1' }],
	])('%s: 3 items, 1 request, 3 error items', async (_name, parameters) => {
		api.handler = () => refused;
		const { items } = await runActionNode({ parameters, continueOnFail: true }, [{}, {}, {}]);
		expect(api.requests).toHaveLength(1);
		expect(items).toHaveLength(3);
		const [first] = items;
		expect(first.json.error).toMatch(/^MetaAccess answered HTTP 400 to /);
		expect(items).toEqual([0, 1, 2].map((item) => ({ json: first.json, pairedItem: { item } })));
	});
});
