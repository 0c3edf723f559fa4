/**
 * Every identifier a user gives (Group ID, Command ID, the Device field in each of its modes,
 * the Devices list by device ID and by MAC address, a custom ID, the search query) refuses control
 * characters, zero-width and other invisible characters, and values over its maximum (256
 * characters; the query 100), before any request, with an error naming the item, the field and
 * what to fix.
 */
import type { INodeParameters } from 'n8n-workflow';

import { useNodeTestEnvironment } from '../../harness/environment';
import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { actionResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';

let api: FakeApi;
const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

/** Each field, with the parameters that put a value in it (the value comes from the item). */
const FIELDS: Array<[string, string, INodeParameters]> = [
	[
		'Group',
		'Group',
		{
			operation: 'assignToGroup',
			identifyBy: 'id',
			devices: 'HW1',
			group: rl('id', '={{ $json.value }}'),
		},
	],
	[
		'Group (from the list)',
		'Group',
		{
			operation: 'assignToGroup',
			identifyBy: 'id',
			devices: 'HW1',
			group: rl('list', '={{ $json.value }}'),
		},
	],
	['Command ID', 'Command ID', { operation: 'getAgentLog', commandId: '={{ $json.value }}' }],
	['Device of Get, By ID', 'Device', { operation: 'get', device: rl('id', '={{ $json.value }}') }],
	[
		'Device of Get, From List',
		'Device',
		{ operation: 'get', device: rl('list', '={{ $json.value }}') },
	],
	[
		'Device of Get, By MAC Address',
		'Device',
		{ operation: 'get', device: rl('mac', '={{ $json.value }}') },
	],
	[
		'Device of Get Remediation Link, By Custom ID',
		'Device',
		{ operation: 'getRemediationLink', device: rl('custom', '={{ $json.value }}') },
	],
	[
		'Device of Get Remediation Link, By ID',
		'Device',
		{ operation: 'getRemediationLink', device: rl('id', '={{ $json.value }}') },
	],
	['Query', 'Query', { operation: 'search', query: '={{ $json.value }}' }],
];

/** A value that is fine for the field, to put a bad character in. */
const good = (field: string) => (field.includes('MAC') ? '00:0c:29:f2:7a:29' : 'abc123');

const INVISIBLE: Array<[string, string]> = [
	['a NUL', '\u0000'],
	['a tab', '\t'],
	['a line feed', '\n'],
	['a DEL', '\u007f'],
	['a C1 control', '\u0085'],
	['a soft hyphen', '\u00ad'],
	['a zero-width space', '\u200b'],
	['a zero-width non-joiner', '\u200c'],
	['a zero-width joiner', '\u200d'],
	['a left-to-right mark', '\u200e'],
	['a right-to-left mark', '\u200f'],
	['a line separator', '\u2028'],
	['a right-to-left override', '\u202e'],
	['a word joiner', '\u2060'],
	['an invisible separator', '\u2063'],
	['an invisible plus', '\u2064'],
	['a right-to-left isolate', '\u2067'],
	['a byte-order mark', '\ufeff'],
	['an Arabic letter mark', '\u061c'],
	['a variation selector', '\ufe0f'],
	['a tag character', '\u{e0041}'],
];

const code = (character: string) =>
	`U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

async function refusal(parameters: INodeParameters, value: string) {
	const error = await runActionNode({ parameters }, [{ value }]).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(api.requests).toEqual([]);
	return error as { name: string; message: string; description: string; context: object };
}

describe.each(FIELDS)('%s', (_name, label, parameters) => {
	test.each(INVISIBLE)('refuses %s inside the value', async (_what, character) => {
		const value = good(_name);
		const bad = `${value.slice(0, 2)}${character}${value.slice(2)}`;
		const error = await refusal(parameters, bad);
		expect(error).toMatchObject({
			name: 'NodeOperationError',
			message: `Item 0: '${label}' holds a control or invisible character (${code(character)} at character 3): ${JSON.stringify(bad)}`,
			description: `Type '${label}' again, or remove the character from the data it comes from: copied text often carries zero-width spaces, direction marks or line breaks. No request was sent.`,
			context: { itemIndex: 0 },
		});
	});

	test('refuses a value over its maximum, and 1 MB of text', async () => {
		const max = label === 'Query' ? 100 : 256;
		for (const length of [max + 1, 1_000_000]) {
			const error = await refusal(parameters, 'x'.repeat(length));
			expect(error.name).toBe('NodeOperationError');
			expect(error.message).toBe(
				label === 'Query'
					? `Item 0: 'Query' must be 3 to 100 characters long; it has ${length} characters`
					: `Item 0: '${label}' is longer than 256 characters (${length})`,
			);
		}
	});
});

test('the longest values taken are sent as they are: 256 characters (the query 100)', async () => {
	api.handler = (request) =>
		request.path.includes('get_reports')
			? { status: 200, body: { status: 'pending', message: 'not yet' } }
			: request.path.includes('search')
				? { status: 200, body: { total_count: 0, results: [] } }
				: request.path.includes('remediation')
					? { status: 200, body: { result: 0, remediation_link: '' } }
					: { status: 200, body: [] };
	const long = 'x'.repeat(256);
	for (const [name, , parameters] of FIELDS) {
		if (name.includes('MAC') || name.startsWith('Device of Get,')) continue;
		await runActionNode({ parameters }, [{ value: name === 'Query' ? 'q'.repeat(100) : long }]);
	}
	expect(api.requests.map((r) => [r.path, r.body ?? r.query])).toEqual([
		[
			'/o/api/v3.1/devices/action',
			{ types: 'assign_to_group', ids: ['HW1'], params: { group_id: long } },
		],
		[
			'/o/api/v3.1/devices/action',
			{ types: 'assign_to_group', ids: ['HW1'], params: { group_id: long } },
		],
		[
			'/o/api/v3/get_reports',
			{ access_token: expect.any(String), type: 'agent_log', command_id: long },
		],
		[`/o/api/v3/devices/${long}/remediation`, { access_token: expect.any(String), opt: '1' }],
		[`/o/api/v3/devices/${long}/remediation`, { access_token: expect.any(String), opt: '0' }],
		[
			'/o/api/v2.1/devices/search',
			{ access_token: expect.any(String), q: 'q'.repeat(100), limit: '50' },
		],
	]);
});

describe('the Devices list, by device ID and by MAC address', () => {
	const devices = (identifyBy: string): INodeParameters => ({
		operation: 'unexempt',
		identifyBy,
		devices: '={{ $json.value }}',
	});

	test.each(INVISIBLE.filter(([, character]) => character !== '\n'))(
		'refuses %s in an entry',
		async (_what, character) => {
			for (const [identifyBy, first, entry, label] of [
				['id', 'OK1', `HW${character}1`, 'device ID'],
				['mac', '00:0c:29:f2:7a:28', `00:0c${character}:29:f2:7a:29`, 'MAC address'],
			]) {
				const error = await refusal(devices(identifyBy), `${first}, ${entry}`);
				expect(error).toMatchObject({
					name: 'NodeOperationError',
					message: `Item 0: ${JSON.stringify(entry)} in 'Devices' holds a control or invisible character (${code(character)} at character ${identifyBy === 'mac' ? 6 : 3}). Type the ${label} again, or remove the character from the data it comes from (copied text often carries zero-width spaces or direction marks).`,
					description: 'Fix the Devices field of this item; no request was sent.',
					context: { itemIndex: 0 },
				});
			}
		},
	);

	test('a line break separates entries, as a comma does', async () => {
		api.handler = () => ({ status: 200, body: [] });
		await runActionNode({ parameters: devices('id') }, [{ value: 'HW1\nHW2\r\nHW3' }]);
		expect(api.requests.map((r) => r.body)).toEqual([
			{ types: 'unexempt', ids: ['HW1', 'HW2', 'HW3'] },
		]);
	});

	test('an entry over 256 characters, and 1 MB of text, are refused', async () => {
		for (const length of [257, 1_000_000]) {
			const error = await refusal(devices('id'), 'x'.repeat(length));
			expect(error.message).toBe(
				`Item 0: "${'x'.repeat(75)}..." in 'Devices' is not a device ID: it is longer than 256 characters.`,
			);
		}
	});
});

test('with Continue On Fail, only the item with the bad identifier fails', async () => {
	api.handler = (request) => ({
		status: 200,
		body: (request.body as { ids: string[] }).ids.map((id) => ({ id, status: 1 })),
	});
	const { items } = await runActionNode({ parameters: FIELDS[0][2], continueOnFail: true }, [
		{ value: 'lab' },
		{ value: 'la\u200bb' },
		{ value: 'g'.repeat(300) },
	]);
	expect(api.requests.map((r) => r.body)).toEqual([
		{ types: 'assign_to_group', ids: ['HW1'], params: { group_id: 'lab' } },
	]);
	expect(items).toEqual([
		{
			json: {
				id: 'HW1',
				action: 'assign_to_group',
				result_code: 1,
				result: 'applied',
				result_description: actionResultDescription('assign_to_group', 1),
				success: true,
			},
			pairedItem: { item: 0 },
		},
		{
			json: {
				error:
					'Item 1: \'Group\' holds a control or invisible character (U+200B at character 3): "la\u200bb"',
			},
			pairedItem: { item: 1 },
		},
		{
			json: { error: "Item 2: 'Group' is longer than 256 characters (300)" },
			pairedItem: { item: 2 },
		},
	]);
});
