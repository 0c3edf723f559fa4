/**
 * Device-list operations gather the devices of all input items into as few requests as the batch
 * size allows and answer each item with its own devices, paired with it.
 */

import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import {
	actionResultDescription,
	CONFLICT_DESCRIPTION,
} from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';
import { legacyResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/legacy';

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
				result_description: actionResultDescription('exempt', 1),
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

test('exempt time 0 (forever) is sent as 0; the default is 24 hours', async () => {
	await runActionNode({
		parameters: { operation: 'exempt', exemptTime: 0, devices: 'A' },
	});
	await runActionNode({
		parameters: { operation: 'exempt', devices: 'B' },
	});
	expect(api.requests.map((request) => request.body)).toEqual([
		{ types: 'exempt', ids: ['A'], params: { exempt_time: 0 } },
		{ types: 'exempt', ids: ['B'], params: { exempt_time: 24 } },
	]);
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
			result_description: legacyResultDescription(
				{ delete_option_name: 'uninstall agent, archive record' },
				'Delete Devices',
				1,
			),
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
		{
			id: 'A',
			action: 'unexempt',
			result_code: 1,
			result: 'applied',
			result_description: actionResultDescription('unexempt', 1),
			success: true,
		},
		{
			id: 'B',
			action: 'unexempt',
			result_code: null,
			result: 'no result returned',
			result_description: actionResultDescription('unexempt', null),
			success: false,
			error: 'MetaAccess returned no result for this device',
		},
	]);
});

describe('Device Action v3.1 answers are read by id, never guessed by position', () => {
	const unexempt = { operation: 'unexempt', devices: 'a, b, c' };
	const applied = (id: string) => ({
		id,
		action: 'unexempt',
		result_code: 1,
		result: 'applied',
		result_description: actionResultDescription('unexempt', 1),
		success: true,
	});
	const failed = (id: string) => ({
		id,
		action: 'unexempt',
		result_code: 0,
		result: 'failed',
		result_description: actionResultDescription('unexempt', 0),
		success: false,
	});
	const noResult = (id: string) => ({
		id,
		action: 'unexempt',
		result_code: null,
		result: 'no result returned',
		result_description: actionResultDescription('unexempt', null),
		success: false,
		error: 'MetaAccess returned no result for this device',
	});

	async function run(answer: unknown[], devices = 'a, b, c') {
		api.handler = () => ({ status: 200, body: answer });
		const { items } = await runActionNode({ parameters: { ...unexempt, devices } });
		expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			['POST', '/o/api/v3.1/devices/action', { types: 'unexempt', ids: devices.split(', ') }],
		]);
		expect(
			items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
		return items.map((item) => item.json);
	}

	test('an entry without an id is not mapped onto a device that has its own entry', async () => {
		expect(await run([{ id: 'b', status: 1 }, { status: 0 }, { id: 'a', status: 1 }])).toEqual([
			applied('a'),
			applied('b'),
			noResult('c'),
		]);
	});

	test('entries in another order, and ids the request did not name, are matched by id', async () => {
		expect(
			await run([
				{ id: 'c', status: 0 },
				{ id: 'zzz', status: 1 },
				{ id: 'a', status: 1 },
				{ id: 'b', status: -1 },
			]),
		).toEqual([
			applied('a'),
			{
				...failed('b'),
				result_code: -1,
				result: 'not supported',
				result_description: actionResultDescription('unexempt', -1),
			},
			failed('c'),
		]);
	});

	test('an answer naming no device is read by position when it has one entry per device', async () => {
		expect(await run([{ status: 1 }, { status: 0 }, { status: 1, command_id: 'cmd' }])).toEqual([
			applied('a'),
			failed('b'),
			{ ...applied('c'), command_id: 'cmd' },
		]);
	});

	test('an answer naming no device, with fewer entries than devices, gives no device a result', async () => {
		expect(await run([{ status: 1 }, { status: 1 }])).toEqual([
			noResult('a'),
			noResult('b'),
			noResult('c'),
		]);
	});

	test('one device answered twice alike is one result; answered twice differently, it failed with both', async () => {
		expect(
			await run([
				{ id: 'a', status: 1, command_id: '' },
				{ id: 'b', status: 1 },
				{ id: 'a', status: 1 },
				{ id: 'b', status: 0 },
				{ id: 'c', status: 1 },
			]),
		).toEqual([
			applied('a'),
			{
				id: 'b',
				action: 'unexempt',
				result_code: null,
				result: 'conflicting results',
				result_description: CONFLICT_DESCRIPTION,
				success: false,
				result_codes: [1, 0],
				error:
					'MetaAccess returned 2 different results for this device (applied, failed); list the devices to see which holds',
			},
			applied('c'),
		]);
	});

	test('MAC addresses in the answer are matched in any of their forms', async () => {
		api.handler = () => ({
			status: 200,
			body: [
				{ id: '00-0C-29-F2-7A-30', status: 0 },
				{ id: '000c29f27a29', status: 1 },
			],
		});
		const { items } = await runActionNode({
			parameters: {
				operation: 'unexempt',
				identifyBy: 'mac',
				devices: '00:0c:29:f2:7a:29, 00:0c:29:f2:7a:30',
			},
		});
		expect(api.requests.map((r) => r.body)).toEqual([
			{ types: 'unexempt', macs: ['00:0c:29:f2:7a:29', '00:0c:29:f2:7a:30'] },
		]);
		expect(items.map((item) => item.json)).toEqual([
			applied('00:0c:29:f2:7a:29'),
			failed('00:0c:29:f2:7a:30'),
		]);
	});
});
