/**
 * Device-list operations gather the devices of all input items into as few requests as the batch
 * size allows and answer each item with its own devices, paired with it.
 */

import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000, rateLimitHeaders: true });
	// Device Action v3.1: every device applied; its id echoed as given.
	api.handler = (request) => {
		const body = request.body as {
			ids?: string[];
			macs?: string[];
			MAC_list?: string[];
			HWID_list?: string[];
		};
		if (request.path === '/o/api/v3.1/devices/action') {
			return {
				status: 200,
				body: (body.ids ?? body.macs ?? []).map((id) => ({ id, status: 1, command_id: '' })),
			};
		}
		return { status: 200, body: { result: (body.MAC_list ?? body.HWID_list ?? []).map(() => 1) } };
	};
});

const exempt = {
	operation: 'exempt',
	identifyBy: 'id',
	devices: '={{ $json.hwid }}',
	exemptTime: 24,
};

test('250 input items of one device each: 3 requests (100, 100, 50), every output paired to its item', async () => {
	const input = Array.from({ length: 250 }, (_, i) => ({
		hwid: `HW${String(i).padStart(5, '0')}`,
	}));
	const { items } = await runActionNode({ parameters: exempt }, input);
	expect(api.requests).toHaveLength(3);
	expect(api.requests.map((r) => (r.body as { ids: string[] }).ids.length)).toEqual([100, 100, 50]);
	expect(api.requests[0].body).toEqual({
		types: 'exempt',
		ids: input.slice(0, 100).map((i) => i.hwid),
		params: { exempt_time: 24 },
	});
	expect(items).toHaveLength(250);
	items.forEach((item, index) => {
		expect(item).toEqual({
			json: {
				id: input[index].hwid,
				action: 'exempt',
				result_code: 1,
				result: 'applied',
				success: true,
			},
			pairedItem: { item: index },
		});
	});
	expect(api.count429).toBe(0);
});

test('Batch Size sets the request size', async () => {
	const input = Array.from({ length: 7 }, (_, i) => ({ hwid: `HW${i}` }));
	await runActionNode({ parameters: { ...exempt, options: { batchSize: 3 } } }, input);
	expect(api.requests.map((r) => (r.body as { ids: string[] }).ids)).toEqual([
		['HW0', 'HW1', 'HW2'],
		['HW3', 'HW4', 'HW5'],
		['HW6'],
	]);
});

test('a device named by several items is sent once and answered to every item that named it', async () => {
	const input = [{ hwid: 'A, B' }, { hwid: ['B', 'C'] }, { hwid: 'A' }];
	const { items } = await runActionNode({ parameters: exempt }, input);
	expect(api.requests).toHaveLength(1);
	expect(api.requests[0].body).toEqual({
		types: 'exempt',
		ids: ['A', 'B', 'C'],
		params: { exempt_time: 24 },
	});
	expect(items.map((item) => [item.json.id, item.pairedItem])).toEqual([
		['A', { item: 0 }],
		['B', { item: 0 }],
		['B', { item: 1 }],
		['C', { item: 1 }],
		['A', { item: 2 }],
	]);
});

test('items asking for different endpoints or parameters go in separate requests, outputs stay in item order', async () => {
	const input = [
		{ hwid: 'A', older: false, hours: 1 },
		{ hwid: 'B', older: true, hours: 0 },
		{ hwid: 'C', older: false, hours: 2 },
		{ hwid: 'D', older: false, hours: 1 },
	];
	const { items } = await runActionNode(
		{
			parameters: {
				...exempt,
				exemptTime: '={{ $json.hours }}',
				options: { olderEndpoint: '={{ $json.older }}' },
			},
		},
		input,
	);
	expect(api.requests.map((r) => [r.path, r.body])).toEqual([
		[
			'/o/api/v3.1/devices/action',
			{ types: 'exempt', ids: ['A', 'D'], params: { exempt_time: 1 } },
		],
		['/o/api/v2/devices/action', { types: 'exempt_all', opt: 1, HWID_list: ['B'] }],
		['/o/api/v3.1/devices/action', { types: 'exempt', ids: ['C'], params: { exempt_time: 2 } }],
	]);
	expect(items.map((item) => [item.json.id, item.json.action, item.pairedItem])).toEqual([
		['A', 'exempt', { item: 0 }],
		['B', 'exempt_all', { item: 1 }],
		['C', 'exempt', { item: 2 }],
		['D', 'exempt', { item: 3 }],
	]);
});

test('params are sent only where they apply: group_id for assign_to_group, nothing for the others', async () => {
	await runActionNode({
		parameters: {
			operation: 'assignToGroup',
			devices: 'A',
			group: { __rl: true, mode: 'id', value: 'lab' },
			exemptTime: 5,
		},
	});
	await runActionNode({
		parameters: {
			operation: 'renewIp',
			devices: 'A',
			group: { __rl: true, mode: 'id', value: 'lab' },
			exemptTime: 5,
		},
	});
	await runActionNode({
		parameters: { operation: 'assignToGroup', devices: 'A' },
	});
	expect(api.requests.map((r) => r.body)).toEqual([
		{ types: 'assign_to_group', ids: ['A'], params: { group_id: 'lab' } },
		{ types: 'dhcprenew', ids: ['A'] },
		{ types: 'assign_to_group', ids: ['A'], params: { group_id: 'default' } },
	]);
});

test('exempt time 0 (forever) is sent as 0', async () => {
	await runActionNode({
		parameters: { operation: 'exempt', devices: 'A' },
	});
	expect(api.requests[0].body).toEqual({ types: 'exempt', ids: ['A'], params: { exempt_time: 0 } });
});

test('Delete and the older endpoint batch the same way, with results mapped by position', async () => {
	const input = Array.from({ length: 150 }, (_, i) => ({
		mac: `00-0C-29-00-${String(Math.floor(i / 100)).padStart(2, '0')}-${(i % 100).toString(16).padStart(2, '0')}`,
	}));
	const { items } = await runActionNode(
		{
			parameters: {
				operation: 'delete',
				identifyBy: 'mac',
				devices: '={{ $json.mac }}',
				deleteOption: 2,
			},
		},
		input,
	);
	expect(
		api.requests.map((r) => [
			(r.body as { MAC_list: string[] }).MAC_list.length,
			(r.body as { opt: number }).opt,
		]),
	).toEqual([
		[100, 2],
		[50, 2],
	]);
	expect(items[149]).toEqual({
		json: {
			id: '00:0c:29:00:01:31',
			action: 'delete',
			delete_option: 2,
			delete_option_name: 'uninstall agent, archive record',
			result_code: 1,
			result: 'success',
			success: true,
		},
		pairedItem: { item: 149 },
	});
});

test('a device the answer does not mention is reported as such, not dropped', async () => {
	api.handler = () => ({ status: 200, body: [{ id: 'A', status: 1, command_id: '' }] });
	const { items } = await runActionNode({
		parameters: { operation: 'unexempt', devices: 'A, B' },
	});
	expect(items.map((item) => item.json)).toEqual([
		{ id: 'A', action: 'unexempt', result_code: 1, result: 'applied', success: true },
		{
			id: 'B',
			action: 'unexempt',
			result_code: null,
			result: 'no result returned',
			success: false,
			error: 'MetaAccess returned no result for this device',
		},
	]);
});

test('Get Many: items asking for the same listing share one walk; Limit above 50 walks equal pages', async () => {
	const fleet = Array.from({ length: 130 }, (_, i) => ({ hwid: `HW${i}`, status: i % 2 }));
	api.handler = (request) => {
		const limit = Number(request.query.limit);
		const page = Number(request.query.page ?? 1);
		return { status: 200, body: fleet.slice((page - 1) * limit, page * limit) };
	};
	const { items } = await runActionNode(
		{ parameters: { operation: 'getAll', limit: 120, simplify: false } },
		[{}, {}],
	);
	expect(api.requests.map((r) => r.query)).toEqual([
		{ limit: '40', access_token: expect.any(String) },
		{ limit: '40', page: '2', access_token: expect.any(String) },
		{ limit: '40', page: '3', access_token: expect.any(String) },
	]);
	expect(items).toHaveLength(240);
	expect(items[119]).toEqual({ json: fleet[119], pairedItem: { item: 0 } });
	expect(items[120]).toEqual({ json: fleet[0], pairedItem: { item: 1 } });
});

test.each([
	['a short page', 120, [50, 50, 20], 3],
	['an empty page', 100, [50, 50, 0], 3],
	['a 413 past the last page', 100, [50, 50, 413], 3],
])('Get Many, Return All, stops at %s', async (_name, size, pages, requests) => {
	const fleet = Array.from({ length: size }, (_, i) => ({ hwid: `HW${i}` }));
	api.handler = (request) => {
		const page = Number(request.query.page ?? 1);
		if (pages[page - 1] === 413) return { status: 413 };
		return { status: 200, body: fleet.slice((page - 1) * 50, page * 50) };
	};
	const { items } = await runActionNode({
		parameters: { operation: 'getAll', returnAll: true, simplify: false },
	});
	expect(api.requests).toHaveLength(requests);
	expect(api.requests.map((r) => r.query.limit)).toEqual(Array(requests).fill('50'));
	expect(items.map((item) => item.json.hwid)).toEqual(fleet.map((device) => device.hwid));
});

test('Get Remediation Link: items naming the same device share one request', async () => {
	api.handler = () => ({ status: 200, body: { result: 1, remediation_link: 'https://x/r.html' } });
	const { items } = await runActionNode(
		{
			parameters: {
				operation: 'getRemediationLink',
				device: { __rl: true, mode: 'mac', value: '={{ $json.mac }}' },
			},
		},
		[{ mac: '00:0c:29:f2:7a:29' }, { mac: '000C29F27A29' }, { mac: '00:0c:29:f2:7a:30' }],
	);
	expect(api.requests.map((r) => r.path)).toEqual([
		'/o/api/v3/devices/00:0c:29:f2:7a:29/remediation',
		'/o/api/v3/devices/00:0c:29:f2:7a:30/remediation',
	]);
	expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
});

test('Get Remediation Link: the Device field as one expression; items with the same opt and value share one request, each keeps its own mode', async () => {
	api.handler = () => ({ status: 200, body: { result: 1, remediation_link: 'https://x/r.html' } });
	const { items } = await runActionNode(
		{
			parameters: {
				operation: 'getRemediationLink',
				device: '={{ { "__rl": true, "mode": $json.type, "value": $json.value } }}',
			},
		},
		[
			{ type: 'mac', value: '00:0c:29:f2:7a:29' },
			{ type: 'mac', value: '000C29F27A29' },
			{ type: 'custom', value: '00:0c:29:f2:7a:29' },
			{ type: 'list', value: 'HW1' },
			{ type: 'id', value: 'HW1' },
		],
	);
	expect(api.requests.map((r) => [r.path, r.query.opt])).toEqual([
		['/o/api/v3/devices/00:0c:29:f2:7a:29/remediation', '0'],
		['/o/api/v3/devices/00:0c:29:f2:7a:29/remediation', '1'],
		['/o/api/v3/devices/HW1/remediation', '0'],
	]);
	const answer = {
		result_code: 1,
		result: 'found',
		found: true,
		remediation_link: 'https://x/r.html',
	};
	expect(items).toEqual([
		{ json: { value: '00:0c:29:f2:7a:29', value_type: 'mac', ...answer }, pairedItem: { item: 0 } },
		{ json: { value: '00:0c:29:f2:7a:29', value_type: 'mac', ...answer }, pairedItem: { item: 1 } },
		{
			json: { value: '00:0c:29:f2:7a:29', value_type: 'custom', ...answer },
			pairedItem: { item: 2 },
		},
		{ json: { value: 'HW1', value_type: 'id', ...answer }, pairedItem: { item: 3 } },
		{ json: { value: 'HW1', value_type: 'id', ...answer }, pairedItem: { item: 4 } },
	]);
});

test("Get Many, Paging Manual: Page Size and Start Page reach the API's limit and page directly", async () => {
	api.handler = (request) => ({
		status: 200,
		body: Array.from({ length: request.query.page === '4' ? 5 : 20 }, (_, i) => ({
			hwid: `P${request.query.page}-${i}`,
		})),
	});
	const { items } = await runActionNode({
		parameters: {
			operation: 'getAll',
			returnAll: true,
			groupBy: 'host',
			order: 'asc',
			simplify: false,
			paging: 'manual',
			pageSize: 20,
			startPage: 3,
		},
	});
	expect(api.requests.map((r) => r.query)).toEqual([
		{ limit: '20', page: '3', groupBy: 'host', order: 'asc', access_token: expect.any(String) },
		{ limit: '20', page: '4', groupBy: 'host', order: 'asc', access_token: expect.any(String) },
	]);
	expect(items.map((item) => item.json.hwid)).toEqual([
		...Array.from({ length: 20 }, (_, i) => `P3-${i}`),
		...Array.from({ length: 5 }, (_, i) => `P4-${i}`),
	]);
});
