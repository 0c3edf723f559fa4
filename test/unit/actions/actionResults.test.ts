/**
 * How the results of an action request are matched to its devices: Device Action v3.1 by the id
 * (or MAC) each entry names, never guessed by position; the older endpoints by position.
 */
import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000, rateLimitHeaders: true });
});

describe('Device Action v3.1 answers are read by id, never guessed by position', () => {
	const unexempt = { operation: 'unexempt', devices: 'a, b, c' };
	const applied = (id: string) => ({
		id,
		action: 'unexempt',
		result_code: 1,
		result: 'applied',
		success: true,
	});
	const failed = (id: string) => ({
		id,
		action: 'unexempt',
		result_code: 0,
		result: 'failed',
		success: false,
	});
	const noResult = (id: string) => ({
		id,
		action: 'unexempt',
		result_code: null,
		result: 'no result returned',
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
			{ ...failed('b'), result_code: -1, result: 'not supported' },
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

test('the older endpoints stay positional (result[i] for the i-th device); a device past the end of the list has no result', async () => {
	api.handler = () => ({ status: 200, body: { result: [0, 1] } });
	const { items } = await runActionNode({
		parameters: {
			operation: 'unexempt',
			identifyBy: 'id',
			devices: 'H1, H2, H3',
			options: { olderEndpoint: true },
		},
	});
	expect(api.requests.map((r) => [r.path, r.body])).toEqual([
		['/o/api/v2/devices/action', { types: 'unexempt', opt: 1, HWID_list: ['H1', 'H2', 'H3'] }],
	]);
	expect(items.map((item) => item.json)).toEqual([
		{ id: 'H1', action: 'unexempt', result_code: 0, result: 'failed', success: false },
		{ id: 'H2', action: 'unexempt', result_code: 1, result: 'success', success: true },
		{
			id: 'H3',
			action: 'unexempt',
			result_code: null,
			result: 'no result returned',
			success: false,
			error: 'MetaAccess returned no result for this device',
		},
	]);
});
