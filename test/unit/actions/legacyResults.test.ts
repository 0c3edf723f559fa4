/**
 * The legacy device-list endpoints (Use Older Endpoint's Devices Action, and Delete Devices) answer
 * a bare `result` list, result[i] for the i-th device sent. Read by position only when it has one
 * entry per device sent; a list of another length gives every device of that request "no result
 * returned" and an error saying the response's length, never a positional guess.
 */
import { legacyResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/legacy';
import type { INodeParameters } from 'n8n-workflow';

import { useNodeTestEnvironment } from '../../harness/environment';
import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';

let api: FakeApi;
const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

/** Answers each request with the next result list. */
function answerResults(...lists: number[][]) {
	let next = 0;
	api.handler = () => ({ status: 200, body: { result: lists[next++] } });
}

const unexempt: INodeParameters = {
	operation: 'unexempt',
	identifyBy: 'id',
	devices: 'H1, H2, H3',
	options: { olderEndpoint: true },
};
const deleteAgent: INodeParameters = {
	operation: 'delete',
	identifyBy: 'mac',
	devices: '00:0c:29:00:00:01, 00:0c:29:00:00:02, 00:0c:29:00:00:03',
	deleteOption: 0,
};
const sent = {
	unexempt: [
		'/o/api/v2/devices/action',
		{ types: 'unexempt', opt: 1, HWID_list: ['H1', 'H2', 'H3'] },
	],
	delete: [
		'/o/api/v2/devices/delete',
		{ opt: 0, MAC_list: ['00:0c:29:00:00:01', '00:0c:29:00:00:02', '00:0c:29:00:00:03'] },
	],
};

test('one result per device sent: read by position', async () => {
	answerResults([0, 1, 1]);
	const { items } = await runActionNode({ parameters: unexempt });
	expect(api.requests.map((r) => [r.path, r.body])).toEqual([sent.unexempt]);
	expect(items.map((item) => item.json)).toEqual([
		{
			id: 'H1',
			action: 'unexempt',
			result_code: 0,
			result: 'failed',
			result_description: legacyResultDescription({ action: 'unexempt' }, 'Devices Action', 0),
			success: false,
		},
		{
			id: 'H2',
			action: 'unexempt',
			result_code: 1,
			result: 'success',
			result_description: legacyResultDescription({ action: 'unexempt' }, 'Devices Action', 1),
			success: true,
		},
		{
			id: 'H3',
			action: 'unexempt',
			result_code: 1,
			result: 'success',
			result_description: legacyResultDescription({ action: 'unexempt' }, 'Devices Action', 1),
			success: true,
		},
	]);
});

describe.each([
	['Devices Action', 'unexempt', unexempt],
	['Delete Devices', 'delete', deleteAgent],
] as const)(
	'%s: a result list of another length than the devices sent',
	(name, key, parameters) => {
		test.each([
			['shorter', [0, 1], '2 results'],
			['longer', [0, 1, 1, 1], '4 results'],
			['empty', [], '0 results'],
			['of one', [1], '1 result'],
		])('%s (%j): an error saying its length, no device labelled', async (_case, list, length) => {
			answerResults(list);
			await expect(runActionNode({ parameters })).rejects.toMatchObject({
				name: 'NodeApiError',
				message: `MetaAccess answered ${name} with ${length} for the 3 devices sent, so no result can be told to its device`,
				description:
					'The request may have been carried out for some or all of these devices: list them to check before sending it again.',
				context: { itemIndex: 0 },
			});
			expect(api.requests.map((r) => [r.path, r.body])).toEqual([sent[key]]);
		});

		test('with Continue On Fail: every device of that request "no result returned", with the error', async () => {
			answerResults([0, 1, 1, 1]);
			const { items } = await runActionNode({ parameters, continueOnFail: true });
			expect(api.requests.map((r) => [r.path, r.body])).toEqual([sent[key]]);
			const devices = sent[key][1] as { HWID_list?: string[]; MAC_list?: string[] };
			const describe =
				key === 'delete'
					? {
							action: 'delete',
							delete_option: 0,
							delete_option_name: 'uninstall agent, keep record',
						}
					: { action: 'unexempt' };
			expect(items).toEqual(
				(devices.HWID_list ?? devices.MAC_list)!.map((id) => ({
					json: {
						id,
						...describe,
						result_code: null,
						result: 'no result returned',
						result_description: legacyResultDescription(describe, name, null),
						success: false,
						error: `MetaAccess answered ${name} with 4 results for the 3 devices sent, so no result can be told to its device`,
					},
					pairedItem: { item: 0 },
				})),
			);
		});
	},
);

test('only the request whose list has the wrong length: the 2nd of 3 batches; the 1st and 3rd are read', async () => {
	answerResults([1, 0], [1], [0, 1]);
	const input = ['A', 'B', 'C', 'D', 'E', 'F'].map((hwid) => ({ hwid }));
	const parameters = {
		...unexempt,
		devices: '={{ $json.hwid }}',
		options: { olderEndpoint: true, batchSize: 2 },
	};
	const { items } = await runActionNode({ parameters, continueOnFail: true }, input);
	expect(api.requests.map((r) => r.body)).toEqual([
		{ types: 'unexempt', opt: 1, HWID_list: ['A', 'B'] },
		{ types: 'unexempt', opt: 1, HWID_list: ['C', 'D'] },
		{ types: 'unexempt', opt: 1, HWID_list: ['E', 'F'] },
	]);
	const noResult = (id: string) => ({
		id,
		action: 'unexempt',
		result_code: null,
		result: 'no result returned',
		result_description: legacyResultDescription({ action: 'unexempt' }, 'Devices Action', null),
		success: false,
		error:
			'MetaAccess answered Devices Action with 1 result for the 2 devices sent, so no result can be told to its device',
	});
	const coded = (id: string, code: number) => ({
		id,
		action: 'unexempt',
		result_code: code,
		result: code === 1 ? 'success' : 'failed',
		result_description: legacyResultDescription({ action: 'unexempt' }, 'Devices Action', code),
		success: code === 1,
	});
	expect(items.map((item) => item.json)).toEqual([
		coded('A', 1),
		coded('B', 0),
		noResult('C'),
		noResult('D'),
		coded('E', 0),
		coded('F', 1),
	]);
	expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));

	// Without Continue On Fail: the node stops at that request, saying what was already done.
	api.requests.length = 0;
	answerResults([1, 0], [1], [0, 1]);
	await expect(runActionNode({ parameters }, input)).rejects.toMatchObject({
		message:
			'MetaAccess answered Devices Action with 1 result for the 2 devices sent, so no result can be told to its device',
		description:
			'The request may have been carried out for some or all of these devices: list them to check before sending it again. Before this failure, 1 request had been answered for 2 devices; turn on Continue On Fail to get the result of each device.',
		context: { itemIndex: 2 },
	});
	expect(api.requests).toHaveLength(2);
});
