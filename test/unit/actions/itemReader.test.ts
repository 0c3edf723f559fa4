/**
 * The node reads a parameter that holds no expression once per execution, and an expression that
 * only reads a field of the item (`{{ $json.hwid }}`, what the editor writes when a field is
 * dragged in) from the item's JSON: the same values n8n's own evaluation gives, without its cost
 * per item. Shown against n8n-core's real evaluation of the equivalent `{{ $json["hwid"] }}`,
 * which the shortcut does not recognise.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, IExecuteFunctions, INodeParameters } from 'n8n-workflow';

import { ItemReader } from '../../../nodes/OpswatMetaAccess/actions/itemReader';

import {
	holdsExpression,
	jsonFieldPath,
	readJsonField,
} from '../../../nodes/OpswatMetaAccess/helpers/parameters';
import { useNodeTestEnvironment } from '../../harness/environment';
import { FakeApi } from '../../harness/fakeApi';
import { ACTION_NODE_TYPE, makeNode, runActionNode } from '../../harness/n8nContext';

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

describe('the expression shapes read from the item', () => {
	test.each([
		['={{ $json.hwid }}', ['hwid']],
		['={{$json.hwid}}', ['hwid']],
		['={{ $json.device.hwid }}', ['device', 'hwid']],
		['={{ $json._id$2 }}', ['_id$2']],
	])('%s reads the field path %j', (raw, path) => {
		expect(jsonFieldPath(raw)).toEqual(path);
	});

	test.each([
		'{{ $json.hwid }}', // no leading '=': a fixed text, not an expression
		'={{ $json["hwid"] }}',
		'={{ $json.hwid.trim() }}',
		'={{ $json.hwid }} ',
		'={{ $json.hwid }}, {{ $json.other }}',
		'=id-{{ $json.hwid }}',
		'={{ $json.list[0] }}',
		'={{ $json.1abc }}',
		'={{ $input.item.json.hwid }}',
		'={{ $("Split Out").item.json.hwid }}',
		'={{ $json }}',
	])('%j is left to n8n', (raw) => {
		expect(jsonFieldPath(raw)).toBeUndefined();
	});

	test('only own fields of plain objects, and only values n8n gives as they are', () => {
		expect(readJsonField({ a: { b: 'x' } }, ['a', 'b'])).toEqual({ found: true, value: 'x' });
		expect(readJsonField({ a: ['x', 1, null, true] }, ['a'])).toEqual({
			found: true,
			value: ['x', 1, null, true],
		});
		expect(readJsonField({ a: null }, ['a'])).toEqual({ found: true, value: null });
		expect(readJsonField({}, ['a'])).toEqual({ found: false });
		expect(readJsonField({ a: {} }, ['toString'])).toEqual({ found: false });
		expect(readJsonField({ a: 'x' }, ['a', 'length'])).toEqual({ found: false });
		expect(readJsonField({ a: ['x'] }, ['a', 'length'])).toEqual({ found: false });
		expect(readJsonField({ a: { b: 1 } }, ['a'])).toEqual({ found: false });
		expect(readJsonField({ a: [{ b: 1 }] }, ['a'])).toEqual({ found: false });
		expect(readJsonField(undefined, ['a'])).toEqual({ found: false });
	});

	test('a parameter holds an expression when any string in it starts with =', () => {
		expect(holdsExpression('={{ 1 }}')).toBe(true);
		expect(holdsExpression({ batchSize: 5, timeout: '={{ 3 }}' })).toBe(true);
		expect(holdsExpression([{ a: ['x', '=y'] }])).toBe(true);
		expect(holdsExpression('a = b')).toBe(false);
		expect(holdsExpression({ batchSize: 5, nested: { text: 'x' } })).toBe(false);
		expect(holdsExpression(undefined)).toBe(false);
		expect(holdsExpression(12)).toBe(false);
	});
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

describe("n8n's evaluation is not repeated where the value cannot differ", () => {
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

	test('1,000 items, Devices = {{ $json.hwid }}: each other parameter read once, the devices from the items', async () => {
		const reads = countReads();
		const { items } = await runActionNode(
			{ parameters: exempt('={{ $json.hwid }}', { options: { batchSize: 1000 } }) },
			input,
		);
		expect(reads.mock.calls.map((call) => call[0]).sort()).toEqual([
			'exemptTime',
			'identifyBy',
			'operation',
			'options',
			'resource',
		]);
		expect(api.requests).toHaveLength(1);
		expect((api.requests[0].body as { ids: string[] }).ids).toEqual(input.map((i) => i.hwid));
		expect(items).toHaveLength(1000);
		expect(items[999]).toEqual({
			json: { id: 'HW999', action: 'exempt', result_code: 1, result: 'applied', success: true },
			pairedItem: { item: 999 },
		});
	});

	test('an expression n8n must evaluate is evaluated for every item, and its values kept apart', async () => {
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
		const names = reads.mock.calls.map((call) => call[0]);
		expect(names.filter((name) => name === 'devices')).toHaveLength(1000);
		// Exempt Time is a field read from each item: no evaluation, but a value per item.
		expect(names.filter((name) => name === 'exemptTime')).toHaveLength(0);
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
	/** A reader over a stand-in context: a parameter without an expression is what the node holds. */
	function readerFor(parameters: INodeParameters, input: IDataObject[]) {
		const node = makeNode(ACTION_NODE_TYPE, parameters);
		const context = {
			getNode: () => node,
			getInputData: () => input.map((json) => ({ json })),
			getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
				node.parameters[name] ?? fallback,
		} as unknown as IExecuteFunctions;
		return new ItemReader(context);
	}

	test('true and false, from the switch or an expression; the default when unset', () => {
		const reader = readerFor({ returnAll: '={{ $json.all }}', simplify: false }, [
			{ all: true },
			{ all: false },
		]);
		expect(reader.boolean('returnAll', 'Return All', 0, false)).toBe(true);
		expect(reader.boolean('returnAll', 'Return All', 1, false)).toBe(false);
		expect(reader.boolean('simplify', 'Simplify', 0, true)).toBe(false);
		expect(readerFor({}, [{}]).boolean('simplify', 'Simplify', 0, true)).toBe(true);
	});

	test.each([
		['false', `Item 1: 'Return All' must be true or false; it is "false"`],
		['true', `Item 1: 'Return All' must be true or false; it is "true"`],
		[1, "Item 1: 'Return All' must be true or false; it is 1"],
		[null, "Item 1: 'Return All' must be true or false; it is null"],
	])('%j is refused, naming the item', (value, message) => {
		const reader = readerFor({ returnAll: '={{ $json.all }}' }, [{ all: false }, { all: value }]);
		expect(reader.boolean('returnAll', 'Return All', 0, false)).toBe(false);
		expect(() => reader.boolean('returnAll', 'Return All', 1, false)).toThrow(
			expect.objectContaining({ name: 'NodeOperationError', message, context: { itemIndex: 1 } }),
		);
	});
});
