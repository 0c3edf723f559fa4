/**
 * Get Many and Get Remediation Link: items asking for the same listing or device share its
 * requests; Get Many's pages reach the API as asked.
 */

import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { remediationResultDescription } from '../../../nodes/OpswatMetaAccess/actions/device/getRemediationLink.operation';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000, rateLimitHeaders: true });
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
		result_description: remediationResultDescription(1),
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
