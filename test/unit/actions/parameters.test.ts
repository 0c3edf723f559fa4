/**
 * The node reads every parameter of every item with n8n's own getNodeParameter: n8n resolves each
 * expression, whatever its form, and the node only checks the values it is given. Shown through
 * n8n-core's real evaluation: `{{ $json.hwid }}` and `{{ $json["hwid"] }}` give the same requests
 * and outputs for every kind of value, and every parameter is read through n8n for each item.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { NodeParameters } from '../../../nodes/OpswatMetaAccess/actions/shared/parameters';
import { useNodeTestEnvironment } from '../../harness/environment';
import { FakeApi } from '../../harness/fakeApi';
import { ACTION_NODE_TYPE, makeNode, runActionNode } from '../../harness/n8nContext';
import { actionResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';

let api: FakeApi;
const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000, rateLimitHeaders: true });
	api.handler = (request) => {
		const body = request.body as { ids?: string[]; macs?: string[] };
		return {
			status: 200,
			body: (body.ids ?? body.macs ?? []).map((id) => ({ id, status: 1, command_id: '' })),
		};
	};
});
afterEach(() => jest.restoreAllMocks());

const exempt = (devices: string, extra: IDataObject = {}) => ({
	operation: 'exempt',
	identifyBy: 'id',
	devices,
	exemptTime: 24,
	...extra,
});

describe("the same requests and outputs as n8n's own evaluation", () => {
	const inputs: IDataObject[] = [
		{ hwid: 'HW1' },
		{ hwid: ' HW2 , HW3 ' },
		{ hwid: 'HW4;HW5\nHW6' },
		{ hwid: 12345 },
		{ hwid: ['HW7', 'HW8', 9] },
		{ hwid: [['HW10'], 'HW11'] },
		{ hwid: null },
		{ other: 'no hwid field' },
		{ hwid: '' },
		{ hwid: true },
		{ hwid: { nested: 'object' } },
		{ hwid: [{ id: 'HW12' }] },
		{ hwid: 'has space' },
		{ hwid: 'x'.repeat(300) },
		{ hwid: 'HW1' },
	];

	async function run(devices: string, input: IDataObject[]) {
		const result = await runActionNode(
			{ parameters: exempt(devices), continueOnFail: true },
			input,
		);
		return {
			requests: api.requests.map((r) => ({ method: r.method, path: r.path, body: r.body })),
			items: result.items,
		};
	}

	test('one item after another: Devices = {{ $json.hwid }} against {{ $json["hwid"] }}', async () => {
		for (const json of inputs) {
			api.requests.length = 0;
			const fast = await run('={{ $json.hwid }}', [json]);
			api.requests.length = 0;
			const evaluated = await run('={{ $json["hwid"] }}', [json]);
			expect({ json, ...fast }).toEqual({ json, ...evaluated });
		}
	});

	test('all of them in one execution, nested fields too', async () => {
		const nested = inputs.map((json) => ({ device: json }));
		const fast = await run('={{ $json.device.hwid }}', nested);
		api.requests.length = 0;
		const evaluated = await run('={{ $json.device["hwid"] }}', nested);
		expect(fast).toEqual(evaluated);
		// 9 good devices (HW1 named twice) in one request; 8 items are refused with their reason.
		expect(fast.requests).toEqual([
			{
				method: 'POST',
				path: '/o/api/v3.1/devices/action',
				body: {
					types: 'exempt',
					ids: [
						'HW1',
						'HW2',
						'HW3',
						'HW4',
						'HW5',
						'HW6',
						'12345',
						'HW7',
						'HW8',
						'9',
						'HW10',
						'HW11',
					],
					params: { exempt_time: 24 },
				},
			},
		]);
		expect(
			fast.items.filter((item) => 'error' in item.json).map((item) => item.pairedItem),
		).toEqual([6, 7, 8, 9, 10, 11, 12, 13].map((item) => ({ item })));
	});
});

describe("every parameter of every item is n8n's to evaluate", () => {
	const input = Array.from({ length: 1000 }, (_, i) => ({
		hwid: `HW${i}`,
		hours: i % 2 === 0 ? 1 : 2,
	}));

	/** n8n-core's ExecuteContext binds getNodeParameter to _getNodeParameter, where every read goes. */
	function countReads() {
		const prototype = ExecuteContext.prototype as unknown as {
			_getNodeParameter(name: string): unknown;
		};
		return jest.spyOn(prototype, '_getNodeParameter');
	}

	const readsOf = (reads: ReturnType<typeof countReads>) => {
		const counts: Record<string, number> = {};
		for (const [name] of reads.mock.calls)
			counts[name as string] = (counts[name as string] ?? 0) + 1;
		return counts;
	};

	test('1,000 items, Devices = {{ $json.hwid }}: each parameter read through n8n once per item', async () => {
		const reads = countReads();
		const { items } = await runActionNode(
			{ parameters: exempt('={{ $json.hwid }}', { options: { batchSize: 1000 } }) },
			input,
		);
		expect(readsOf(reads)).toEqual({
			resource: 1,
			operation: 1,
			identifyBy: 1000,
			options: 1000,
			exemptTime: 1000,
			devices: 1000,
		});
		expect(api.requests).toHaveLength(1);
		expect((api.requests[0].body as { ids: string[] }).ids).toEqual(input.map((i) => i.hwid));
		expect(items).toHaveLength(1000);
		expect(items[999]).toEqual({
			json: {
				id: 'HW999',
				action: 'exempt',
				result_code: 1,
				result: 'applied',
				result_description: actionResultDescription('exempt', 1),
				success: true,
			},
			pairedItem: { item: 999 },
		});
	});

	test('expressions n8n evaluates for every item keep their values apart', async () => {
		const reads = countReads();
		await runActionNode(
			{
				parameters: exempt('={{ $json["hwid"] }}', {
					exemptTime: '={{ $json.hours }}',
					options: { batchSize: 1000 },
				}),
			},
			input,
		);
		expect(readsOf(reads)).toMatchObject({ devices: 1000, exemptTime: 1000 });
		expect(api.requests.map((r) => r.body)).toEqual([
			{
				types: 'exempt',
				ids: input.filter((i) => i.hours === 1).map((i) => i.hwid),
				params: { exempt_time: 1 },
			},
			{
				types: 'exempt',
				ids: input.filter((i) => i.hours === 2).map((i) => i.hwid),
				params: { exempt_time: 2 },
			},
		]);
	});
});

describe('switches take true or false only (for Return All and Simplify of Get Many)', () => {
	/** The node's parameters over a stand-in context: each item's values as n8n would give them. */
	function readerFor(values: IDataObject[]) {
		const node = makeNode(ACTION_NODE_TYPE, {});
		const context = {
			getNode: () => node,
			getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
				name in values[itemIndex] ? values[itemIndex][name] : fallback,
		} as unknown as IExecuteFunctions;
		return new NodeParameters(context);
	}

	test('true and false, from the switch or an expression; the default when unset', () => {
		const reader = readerFor([
			{ returnAll: true, simplify: false },
			{ returnAll: false, simplify: false },
		]);
		expect(reader.boolean('returnAll', 'Return All', 0, false)).toBe(true);
		expect(reader.boolean('returnAll', 'Return All', 1, false)).toBe(false);
		expect(reader.boolean('simplify', 'Simplify', 0, true)).toBe(false);
		expect(readerFor([{}]).boolean('simplify', 'Simplify', 0, true)).toBe(true);
	});

	test.each([
		['false', `Item 1: 'Return All' must be true or false; it is "false"`],
		['true', `Item 1: 'Return All' must be true or false; it is "true"`],
		[1, "Item 1: 'Return All' must be true or false; it is 1"],
		[null, "Item 1: 'Return All' must be true or false; it is null"],
	])('%j is refused, naming the item', (value, message) => {
		const reader = readerFor([{ returnAll: false }, { returnAll: value }]);
		expect(reader.boolean('returnAll', 'Return All', 0, false)).toBe(false);
		expect(() => reader.boolean('returnAll', 'Return All', 1, false)).toThrow(
			expect.objectContaining({ name: 'NodeOperationError', message, context: { itemIndex: 1 } }),
		);
	});
});
