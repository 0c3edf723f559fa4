/**
 * Every parameter takes only values of its own type and form, and no value changes a request's
 * path: each refusal names the item, before any request is sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { action, remediation, rl } from './parameterSets';
import { actionResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';
import { remediationResultDescription } from '../../../nodes/OpswatMetaAccess/actions/device/getRemediationLink.operation';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

/** A refusal as the node raises it: the exact message, the item it names, no request sent. */
async function refusal(parameters: INodeParameters, input: IDataObject[] = [{}]) {
	const error = await runActionNode({ parameters }, input).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(api.requests).toEqual([]);
	expect(error).toMatchObject({ name: 'NodeOperationError' });
	expect((error as { description?: string }).description).toBeTruthy();
	return {
		message: (error as Error).message,
		itemIndex: (error as { context?: { itemIndex?: number } }).context?.itemIndex,
	};
}

describe('Get Remediation Link: a value that would change the path is refused', () => {
	test.each([
		['..', 'id'],
		['.', 'id'],
		[' .. ', 'custom'],
		['.', 'custom'],
	])('%j as %s', async (value, valueType) => {
		expect(await refusal(remediation({ device: rl(valueType, value) }))).toEqual({
			message: `Item 0: 'Device' is "${value.trim()}", which would change the path of the request instead of naming a device`,
			itemIndex: 0,
		});
	});

	test('with Continue On Fail, only those items fail; the others are looked up', async () => {
		api.handler = () => ({ status: 200, body: { result: 1, remediation_link: 'https://x/r' } });
		const { items } = await runActionNode(
			{
				parameters: remediation({
					device: { __rl: true, mode: 'custom', value: '={{ $json.value }}' },
				}),
				continueOnFail: true,
			},
			[{ value: '..' }, { value: '...' }, { value: '.' }, { value: 'a/../b' }],
		);
		expect(api.requests.map((r) => [r.path, r.query.opt])).toEqual([
			['/o/api/v3/devices/.../remediation', '1'],
			['/o/api/v3/devices/a%2F..%2Fb/remediation', '1'],
		]);
		const found = {
			result_code: 1,
			result: 'found',
			result_description: remediationResultDescription(1),
			found: true,
			remediation_link: 'https://x/r',
		};
		expect(items).toEqual([
			{
				json: {
					error:
						'Item 0: \'Device\' is "..", which would change the path of the request instead of naming a device',
				},
				pairedItem: { item: 0 },
			},
			{ json: { value: '...', value_type: 'custom', ...found }, pairedItem: { item: 1 } },
			{
				json: {
					error:
						'Item 2: \'Device\' is ".", which would change the path of the request instead of naming a device',
				},
				pairedItem: { item: 2 },
			},
			{ json: { value: 'a/../b', value_type: 'custom', ...found }, pairedItem: { item: 3 } },
		]);
	});
});

describe('every parameter takes only values of its own type and form', () => {
	const group = (groupId: string) =>
		action({ operation: 'assignToGroup', group: { __rl: true, mode: 'id', value: groupId } });
	test.each([
		[
			'a Group that is an object',
			group('={{ { id: "g1" } }}'),
			`Item 0: 'Group' must be text or a whole number; it is {"id":"g1"}`,
		],
		[
			'a Group that is a list',
			group('={{ ["g1", "g2"] }}'),
			`Item 0: 'Group' must be text or a whole number; it is ["g1","g2"]`,
		],
		[
			'a Group that is false',
			group('={{ false }}'),
			"Item 0: 'Group' must be text or a whole number; it is false",
		],
		[
			'a Group that is NaN',
			group('={{ NaN }}'),
			"Item 0: 'Group' must be text or a whole number; it is NaN",
		],
		[
			'Return All as text',
			{ operation: 'getAll', returnAll: '={{ "false" }}' },
			`Item 0: 'Return All' must be true or false; it is "false"`,
		],
		[
			'Simplify as a number',
			{ operation: 'getAll', simplify: '={{ 1 }}' },
			"Item 0: 'Simplify' must be true or false; it is 1",
		],
		[
			'an Exempt Time in hex',
			action({ exemptTime: '={{ "0x10" }}' }),
			`Item 0: 'Exempt For (Hours)' must be a whole number from 0 to 64999; it is "0x10"`,
		],
		[
			'an Exempt Time with an exponent',
			action({ exemptTime: '={{ "1e3" }}' }),
			`Item 0: 'Exempt For (Hours)' must be a whole number from 0 to 64999; it is "1e3"`,
		],
		[
			'an Exempt Time of NaN',
			action({ exemptTime: '={{ NaN }}' }),
			"Item 0: 'Exempt For (Hours)' must be a whole number from 0 to 64999; it is NaN",
		],
		[
			'an Exempt Time of Infinity',
			action({ exemptTime: '={{ Infinity }}' }),
			"Item 0: 'Exempt For (Hours)' must be a whole number from 0 to 64999; it is Infinity",
		],
		[
			'an Exempt Time of true',
			action({ exemptTime: '={{ true }}' }),
			"Item 0: 'Exempt For (Hours)' must be a whole number from 0 to 64999; it is true",
		],
		[
			'Devices of NaN',
			action({ devices: '={{ NaN }}' }),
			"Item 0: 'Devices' holds NaN; give a device identifier, a comma-separated list, or an array of them.",
		],
		[
			'Devices holding Infinity',
			action({ devices: '={{ ["A", Infinity] }}' }),
			"Item 0: 'Devices' holds Infinity where a device identifier was expected. Give text (or whole numbers), for example {{ $json.hwid }}.",
		],
		[
			'Devices holding a fraction',
			action({ devices: '={{ [1.5] }}' }),
			"Item 0: 'Devices' holds 1.5 where a device identifier was expected. Give text (or whole numbers), for example {{ $json.hwid }}.",
		],
		[
			'Devices holding an object',
			action({ devices: '={{ { hwid: "x" } }}' }),
			`Item 0: 'Devices' holds {"hwid":"x"}; give a device identifier, a comma-separated list, or an array of them.`,
		],
		[
			'a What to Delete in a list',
			{ operation: 'delete', deleteOption: '={{ [1] }}', devices: 'x', identifyBy: 'id' },
			`Item 0: 'What to Delete' is [1], which is not one of 0, 2, 1, "deviceAction"`,
		],
		[
			'a remediation Value that is an object',
			remediation({ device: rl('id', '={{ { id: 1 } }}') }),
			`Item 0: 'Device' must be text or a whole number; it is {"id":1}`,
		],
		[
			'a remediation Value of Infinity',
			remediation({ device: rl('id', '={{ Infinity }}') }),
			"Item 0: 'Device' must be text or a whole number; it is Infinity",
		],
		[
			'a Batch Size in hex',
			action({ options: { batchSize: '={{ "0x10" }}' } }),
			`Item 0: 'Batch Size' must be a whole number from 1 to 1000; it is "0x10"`,
		],
		[
			'a Timeout with an exponent',
			remediation({ options: { timeout: '={{ "1e2" }}' } }),
			`Item 0: 'Timeout' must be a number from 1 to 600; it is "1e2"`,
		],
		[
			'a Max Wait on Rate Limit of NaN',
			remediation({ options: { maxWaitOnRateLimit: '={{ NaN }}' } }),
			"Item 0: 'Max Wait on Rate Limit' must be a number from 0 to 3600; it is NaN",
		],
		[
			'a Start Page of Infinity',
			{ operation: 'getAll', paging: 'manual', startPage: '={{ Infinity }}' },
			"Item 0: 'Start Page' must be a whole number from 1 to 9007199254740991; it is Infinity",
		],
	])('%s', async (_name, parameters, message) => {
		expect(await refusal(parameters)).toEqual({ message, itemIndex: 0 });
	});

	test('the item is named as given: a later item with the bad value stops the node before any request', async () => {
		expect(
			await refusal(group('={{ $json.group }}'), [{ group: 'lab' }, { group: ['g1', 'g2'] }]),
		).toEqual({
			message: `Item 1: 'Group' must be text or a whole number; it is ["g1","g2"]`,
			itemIndex: 1,
		});
	});

	test('with Continue On Fail, only the bad item fails; the others are sent', async () => {
		api.handler = (request) => ({
			status: 200,
			body: (request.body as { ids: string[] }).ids.map((id) => ({ id, status: 1 })),
		});
		const { items } = await runActionNode(
			{
				parameters: action({
					operation: 'assignToGroup',
					devices: '={{ $json.id }}',
					group: { __rl: true, mode: 'id', value: '={{ $json.group }}' },
				}),
				continueOnFail: true,
			},
			[
				{ id: 'A', group: { id: 'g1' } },
				{ id: 'B', group: 'lab' },
				{ id: 'C', group: false },
				{ id: 'D', group: 7 },
			],
		);
		expect(api.requests.map((r) => r.body)).toEqual([
			{ types: 'assign_to_group', ids: ['B'], params: { group_id: 'lab' } },
			{ types: 'assign_to_group', ids: ['D'], params: { group_id: '7' } },
		]);
		const assigned = (id: string) => ({
			id,
			action: 'assign_to_group',
			result_code: 1,
			result: 'applied',
			result_description: actionResultDescription('assign_to_group', 1),
			success: true,
		});
		expect(items).toEqual([
			{
				json: { error: `Item 0: 'Group' must be text or a whole number; it is {"id":"g1"}` },
				pairedItem: { item: 0 },
			},
			{ json: assigned('B'), pairedItem: { item: 1 } },
			{
				json: { error: "Item 2: 'Group' must be text or a whole number; it is false" },
				pairedItem: { item: 2 },
			},
			{ json: assigned('D'), pairedItem: { item: 3 } },
		]);
	});

	test('numbers given as decimal text, and whole numbers as identifiers, are taken', async () => {
		api.handler = () => ({ status: 200, body: [] });
		await runActionNode({
			parameters: action({
				devices: '={{ [12345, "HW2"] }}',
				exemptTime: '={{ " 24 " }}',
				options: { batchSize: '={{ "1" }}', timeout: '={{ "1.5" }}' },
			}),
		});
		expect(api.requests.map((r) => r.body)).toEqual([
			{ types: 'exempt', ids: ['12345'], params: { exempt_time: 24 } },
			{ types: 'exempt', ids: ['HW2'], params: { exempt_time: 24 } },
		]);
	});
});
