/**
 * Bad input a user can type: each gets a clear error that says what to fix, raised before any
 * request is sent.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { FakeApi } from '../../harness/fakeApi';
import { accessTokenCredential, clientCredential, runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { action, remediation, rl } from './parameterSets';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
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
		`Item 0: "00:0c:29:f2:7a:29" in 'Devices' is a MAC address, not a device ID. If 'Devices' holds MAC addresses, set 'Identify Devices By' to MAC Address; otherwise give device IDs (a request names its devices one way only).`,
	],
	[
		'a device ID with MAC Address chosen (the Get Many hwid in MAC mode)',
		action({ identifyBy: 'mac', devices: '={{ "7lbkr2x9q4" }}' }),
		`Item 0: "7lbkr2x9q4" in 'Devices' is not a MAC address. If 'Devices' holds device IDs, set 'Identify Devices By' to Device ID; otherwise give MAC addresses (use one of 00:0c:29:f2:7a:29, 00-0C-29-F2-7A-29, 000c.29f2.7a29 or 000c29f27a29).`,
	],
	[
		'an invalid MAC address',
		action({ identifyBy: 'mac', devices: '00:0c:29:f2:7a, 00:0c:29:f2:7a:29' }),
		"Item 0: \"00:0c:29:f2:7a\" in 'Devices' is not a MAC address. If 'Devices' holds device IDs, set 'Identify Devices By' to Device ID; otherwise give MAC addresses (use one of 00:0c:29:f2:7a:29, 00-0C-29-F2-7A-29, 000c.29f2.7a29 or 000c29f27a29).",
	],
	[
		'a device given as an object',
		action({ devices: '={{ { hwid: "x" } }}' }),
		`Item 0: 'Devices' holds {"hwid":"x"}; give a device identifier`,
	],
	[
		'a device ID with a space',
		action({ devices: 'device 123' }),
		'Item 0: "device 123" in \'Devices\' is not a device ID: it contains white space.',
	],
	[
		'exempt time 65000',
		action({ exemptTime: 65000 }),
		"'Exempt For (Hours)' must be a whole number from 0 to 64999; it is 65000",
	],
	[
		'exempt time negative',
		action({ exemptTime: -1 }),
		"'Exempt For (Hours)' must be a whole number from 0 to 64999; it is -1",
	],
	[
		'exempt time not whole',
		action({ exemptTime: 1.5 }),
		"'Exempt For (Hours)' must be a whole number from 0 to 64999; it is 1.5",
	],
	[
		'exempt time text',
		action({ exemptTime: '={{ "soon" }}' }),
		'\'Exempt For (Hours)\' must be a whole number from 0 to 64999; it is "soon"',
	],
	[
		'an empty Group',
		action({ operation: 'assignToGroup', group: { __rl: true, mode: 'id', value: '  ' } }),
		"'Group' is empty",
	],
	[
		'an Exempt For other than 0 through the older endpoint (it exempts forever only)',
		action({ exemptTime: 24, options: { olderEndpoint: true } }),
		"Item 0: 'Exempt For (Hours)' is 24, but the older endpoint can only exempt forever",
	],
	[
		'Use Older Endpoint as text',
		action({ operation: 'unexempt', options: { olderEndpoint: '={{ "yes" }}' } }),
		`Item 0: 'Use Older Endpoint' must be true or false; it is "yes"`,
	],
	[
		'an unknown way to identify devices',
		action({ identifyBy: '={{ "serial" }}' }),
		`'Identify Devices By' is "serial", which is not one of "id", "mac"`,
	],
	[
		'an older-endpoint action by HWID (the identifier is called Device ID)',
		{
			operation: 'renewIp',
			identifyBy: '={{ "hwid" }}',
			devices: 'x',
			options: { olderEndpoint: true },
		},
		`'Identify Devices By' is "hwid", which is not one of "id", "mac"`,
	],
	[
		'an invalid delete option',
		{ operation: 'delete', deleteOption: '={{ 3 }}', devices: 'x', identifyBy: 'id' },
		`'What to Delete' is 3, which is not one of 0, 2, 1, "deviceAction"`,
	],
	[
		'an empty remediation device',
		remediation({ device: rl('id', '') }),
		"Item 0: 'Device' is empty",
	],
	[
		'an empty device picked from the list',
		{ operation: 'get', device: rl('list', '') },
		"Item 0: 'Device' is empty",
	],
	[
		'a MAC address given as a device ID',
		{ operation: 'get', device: rl('id', '00:0c:29:f2:7a:29') },
		`Item 0: "00:0c:29:f2:7a:29" in 'Device' is a MAC address, not a device ID`,
	],
	[
		'a device ID with spaces',
		{ operation: 'get', device: rl('id', 'two words') },
		`Item 0: "two words" in 'Device' is not a device ID: it holds spaces or slashes`,
	],
	[
		'a custom ID for Get',
		{ operation: 'get', device: rl('custom', 'asset-1') },
		`Item 0: 'Device' has the mode "custom", which this operation does not take`,
	],
	[
		'a search query of 2 characters',
		{ operation: 'search', query: ' ab ' },
		"Item 0: 'Query' must be 3 to 100 characters long; it has 2 characters",
	],
	[
		'a search query of 101 characters',
		{ operation: 'search', query: 'x'.repeat(101) },
		"Item 0: 'Query' must be 3 to 100 characters long; it has 101 characters",
	],
	[
		'an unknown Search In',
		{ operation: 'search', query: 'laptop', searchIn: 'os' },
		`'Search In' is "os", which is not one of "name", "hwid", "mac", "ip", "user"`,
	],
	[
		'a search limit of 0',
		{ operation: 'search', query: 'laptop', limit: 0 },
		"'Limit' must be a whole number from 1 to 100000; it is 0",
	],
	[
		'an empty command ID',
		{ operation: 'getAgentLog', commandId: '  ' },
		"Item 0: 'Command ID' is empty",
	],
	[
		'a command ID with spaces',
		{ operation: 'getAgentLog', commandId: 'abc def' },
		"Item 0: 'Command ID' is not one command ID",
	],
	[
		'an empty binary field',
		{ operation: 'getAgentLog', commandId: 'abc', binaryPropertyName: '' },
		"Item 0: 'Put Output File in Field' is empty",
	],
	[
		'an unknown Device mode',
		remediation({ device: '={{ { "__rl": true, "mode": "name", "value": "x" } }}' }),
		`Item 0: 'Device' has the mode "name", which this operation does not take`,
	],
	[
		'an invalid MAC for a remediation link',
		remediation({ device: { __rl: true, mode: 'mac', value: '00:0c:29' } }),
		`Item 0: "00:0c:29" in 'Device' is not a MAC address`,
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
		{ operation: 'getAll', paging: 'manual', pageSize: 51 },
		"'Page Size' must be a whole number from 1 to 50; it is 51",
	],
	[
		'page size 0',
		{ operation: 'getAll', returnAll: true, paging: 'manual', pageSize: 0 },
		"'Page Size' must be a whole number from 1 to 50; it is 0",
	],
	[
		'start page 0',
		{ operation: 'getAll', paging: 'manual', startPage: 0 },
		"'Start Page' must be a whole number from 1 to 9007199254740991; it is 0",
	],
	[
		'an unknown Sort By',
		{ operation: 'getAll', groupBy: '={{ "os" }}' },
		`'Sort By' is "os", which is not one of "none", "hwid", "host", "issues"`,
	],
	[
		'an unknown order',
		{ operation: 'getAll', groupBy: 'host', order: '={{ "up" }}' },
		`'Order' is "up", which is not one of "des", "asc"`,
	],
	[
		'an unknown Paging',
		{ operation: 'getAll', paging: '={{ "pages" }}' },
		`'Paging' is "pages", which is not one of "automatic", "manual"`,
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
