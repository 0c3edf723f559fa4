/**
 * Bad input a user can type: each gets a clear error that says what to fix, raised before any
 * request is sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FakeApi } from '../../../harness/fakeApi';
import {
	accessTokenCredential,
	clientCredential,
	runActionNode,
} from '../../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../../harness/environment';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

const action = (extra: INodeParameters): INodeParameters => ({
	operation: 'performAction',
	actionType: 'exempt',
	identifyBy: 'id',
	devices: 'device123',
	...extra,
});
const remediation = (extra: INodeParameters): INodeParameters => ({
	operation: 'getRemediationLink',
	valueType: 'id',
	value: 'device123',
	...extra,
});

const cases: Array<[string, INodeParameters, string, IDataObject?]> = [
	[
		'no device named',
		action({ devices: '' }),
		"Item 0: 'Devices' names no device. Give at least one device ID",
	],
	[
		'an empty list from an expression',
		action({ devices: '={{ [] }}' }),
		"Item 0: 'Devices' names no device.",
	],
	[
		'both device IDs and MAC addresses in one list',
		action({ devices: 'device123, 00:0c:29:f2:7a:29' }),
		'Item 0: "00:0c:29:f2:7a:29" in \'Devices\' is a MAC address, not a device ID. A request names its devices one way only',
	],
	[
		'an invalid MAC address',
		action({ identifyBy: 'mac', devices: '00:0c:29:f2:7a, 00:0c:29:f2:7a:29' }),
		'Item 0: "00:0c:29:f2:7a" in \'Devices\' is not a MAC address. Use one of 00:0c:29:f2:7a:29, 00-0C-29-F2-7A-29, 000c.29f2.7a29 or 000c29f27a29.',
	],
	[
		'a device given as an object',
		action({ devices: '={{ { hwid: "x" } }}' }),
		"Item 0: 'Devices' holds an object; give a device identifier",
	],
	[
		'a device ID with a space',
		action({ devices: 'device 123' }),
		'Item 0: "device 123" in \'Devices\' is not a device ID: it contains white space.',
	],
	[
		'exempt time 65000',
		action({ exemptTime: 65000 }),
		"'Exempt Time (Hours)' must be a whole number from 0 to 64999; it is 65000",
	],
	[
		'exempt time negative',
		action({ exemptTime: -1 }),
		"'Exempt Time (Hours)' must be a whole number from 0 to 64999; it is -1",
	],
	[
		'exempt time not whole',
		action({ exemptTime: 1.5 }),
		"'Exempt Time (Hours)' must be a whole number from 0 to 64999; it is 1.5",
	],
	[
		'exempt time text',
		action({ exemptTime: '={{ "soon" }}' }),
		'\'Exempt Time (Hours)\' must be a whole number from 0 to 64999; it is "soon"',
	],
	[
		'an empty Group ID',
		action({ actionType: 'assign_to_group', groupId: '  ' }),
		"'Group ID' is empty",
	],
	[
		'an unknown action type',
		action({ actionType: '={{ "reboot" }}' }),
		`'Action' is "reboot", which is not one of "exempt", "unexempt", "re-identify", "ignore", "unignore", "delete", "dhcprenew", "assign_to_group", "fetch_agent_log"`,
	],
	[
		'an unknown way to identify devices',
		action({ identifyBy: '={{ "serial" }}' }),
		`'Identify Devices By' is "serial", which is not one of "id", "mac"`,
	],
	[
		'an unknown legacy action',
		{
			operation: 'performLegacyAction',
			legacyActionType: '={{ "exempt" }}',
			devices: '00:0c:29:f2:7a:29',
		},
		`'Action' is "exempt", which is not one of "dhcprenew", "exempt_all", "unexempt"`,
	],
	[
		'a legacy action by device ID',
		{ operation: 'performLegacyAction', identifyBy: '={{ "id" }}', devices: 'x' },
		`'Identify Devices By' is "id", which is not one of "mac", "hwid"`,
	],
	[
		'an invalid delete option',
		{ operation: 'delete', deleteOption: '={{ 3 }}', devices: 'x', identifyBy: 'hwid' },
		`'What to Delete' is 3, which is not one of 0, 1, 2`,
	],
	['an empty remediation value', remediation({ value: '' }), "Item 0: 'Value' is empty"],
	[
		'an invalid option (value type)',
		remediation({ valueType: '={{ 5 }}' }),
		`'Value Type' is 5, which is not one of "id", "mac", "custom"`,
	],
	[
		'an invalid MAC for a remediation link',
		remediation({ valueType: 'mac', value: '00:0c:29' }),
		'Item 0: "00:0c:29" is not a MAC address',
	],
	[
		'limit 0',
		{ operation: 'getAll', limit: 0 },
		"'Limit' must be a whole number from 1 to 100000; it is 0",
	],
	[
		'limit not whole',
		{ operation: 'getAll', limit: 2.5 },
		"'Limit' must be a whole number from 1 to 100000; it is 2.5",
	],
	[
		"page size (the API's limit) 51",
		{ operation: 'getAll', options: { pageSize: 51 } },
		"'Page Size' must be a whole number from 1 to 50; it is 51",
	],
	[
		'page size 0',
		{ operation: 'getAll', returnAll: true, options: { pageSize: 0 } },
		"'Page Size' must be a whole number from 1 to 50; it is 0",
	],
	[
		'start page 0',
		{ operation: 'getAll', options: { startPage: 0 } },
		"'Start Page' must be a whole number from 1 to 9007199254740991; it is 0",
	],
	[
		'an unknown Group By',
		{ operation: 'getAll', groupBy: '={{ "os" }}' },
		`'Group By' is "os", which is not one of "none", "hwid", "host", "issues"`,
	],
	[
		'an unknown order',
		{ operation: 'getAll', order: '={{ "up" }}' },
		`'Order' is "up", which is not one of "des", "asc"`,
	],
	[
		'batch size 0',
		action({ options: { batchSize: 0 } }),
		"'Batch Size' must be a whole number from 1 to 1000; it is 0",
	],
	[
		'a negative Max Wait on Rate Limit',
		remediation({ options: { maxWaitOnRateLimit: -1 } }),
		"'Max Wait on Rate Limit' must be a number from 0 to 3600; it is -1",
	],
	[
		'a timeout of 0',
		remediation({ options: { timeout: 0 } }),
		"'Timeout' must be a number from 1 to 600; it is 0",
	],
	[
		'a credential without an access token',
		remediation({}),
		'The OPSWAT MetaAccess credential has no Access Token',
		accessTokenCredential({ accessToken: '' }),
	],
	[
		'a credential without a client secret',
		remediation({}),
		'The OPSWAT MetaAccess credential has no Client Secret',
		clientCredential({ clientSecret: '' }),
	],
	[
		'a credential whose base URL has no scheme',
		remediation({}),
		'The OPSWAT MetaAccess credential has a Base URL that is not an http(s) address ("gears.opswat.com")',
		accessTokenCredential({ baseUrl: 'gears.opswat.com' }),
	],
];

test(`the table has at least 15 cases (${cases.length})`, () => {
	expect(cases.length).toBeGreaterThanOrEqual(15);
});

// A rest parameter: jest would take a fourth named parameter for a done callback on 3-cell rows.
test.each(cases)('%s', async (...[, parameters, message, credentials]) => {
	const error = await runActionNode({ parameters, credentials: credentials as never }).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(error).toMatchObject({ name: 'NodeOperationError' });
	expect((error as Error).message).toContain(message);
	expect((error as { description?: string }).description).toBeTruthy();
	expect(api.requests).toHaveLength(0);
});

test('bad input in a later item stops the node before the earlier items are sent', async () => {
	await expect(
		runActionNode({ parameters: action({ devices: '={{ $json.id }}' }) }, [
			{ id: 'A' },
			{ id: 'B' },
			{ id: '' },
		]),
	).rejects.toMatchObject({
		message:
			"Item 2: 'Devices' names no device. Give at least one device ID: one value, a comma-separated list, or an array.",
	});
	expect(api.requests).toHaveLength(0);
});

test('a Limit above 50 is not an error: it walks pages (the node takes 1 to 100,000)', async () => {
	api.handler = (request) => ({
		status: 200,
		body: Array.from({ length: Number(request.query.limit) }, (_, i) => ({
			hwid: `H${request.query.page ?? 1}-${i}`,
		})),
	});
	const { items } = await runActionNode({ parameters: { operation: 'getAll', limit: 51 } });
	expect(api.requests.map((r) => r.query.limit)).toEqual(['26', '26']);
	expect(items).toHaveLength(51);
});
