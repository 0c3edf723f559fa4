import { planBatches } from '../../../nodes/OpswatMetaAccess/actions/shared/batching';
import {
	DeviceListError,
	parseDeviceList,
} from '../../../nodes/OpswatMetaAccess/helpers/deviceList';
import {
	actionResultLabel,
	complianceStatusLabel,
	criticalStatusLabel,
	exemptLabel,
	legacyResultLabel,
	remediationResultLabel,
} from '../../../nodes/OpswatMetaAccess/helpers/labels';
import { normalizeMac } from '../../../nodes/OpswatMetaAccess/helpers/mac';
import {
	checkBoolean,
	checkChoice,
	checkIdentifier,
	checkNumber,
} from '../../../nodes/OpswatMetaAccess/helpers/parameters';
import { baseUrlProblem } from '../../../credentials/common';
import { describeValue } from '../../../nodes/OpswatMetaAccess/helpers/text';
import { simplifyDevice } from '../../../nodes/OpswatMetaAccess/helpers/simplify';
import { pageSizeFor } from '../../../nodes/OpswatMetaAccess/transport/types';
import examples from '../../fixtures/metaaccess-examples.json';

describe('MAC addresses', () => {
	test.each([
		['00:0c:29:f2:7a:29', '00:0c:29:f2:7a:29'],
		['00:0C:29:F2:7A:29', '00:0c:29:f2:7a:29'],
		['00-0C-29-F2-7A-29', '00:0c:29:f2:7a:29'],
		['000c.29f2.7a29', '00:0c:29:f2:7a:29'],
		['000C29F27A29', '00:0c:29:f2:7a:29'],
		['  1A:2A:3A:4A:5A:6A ', '1a:2a:3a:4a:5a:6a'],
	])('%s is accepted as %s', (input, expected) => {
		expect(normalizeMac(input)).toBe(expected);
	});

	test.each([
		'00:0c:29:f2:7a', // five octets
		'00:0c:29:f2:7a:29:11', // seven
		'00:0c-29:f2:7a:29', // mixed separators
		'000c29f27a2g', // not hex
		'0:c:29:f2:7a:29', // short octets
		'000c.29f2.7a2', // short group
		'',
		'device123',
	])('%j is rejected', (input) => {
		expect(normalizeMac(input)).toBeUndefined();
	});
});

describe('device lists', () => {
	test('one value, a comma list, newlines, an array and nested arrays', () => {
		expect(parseDeviceList('device123', 'id')).toEqual(['device123']);
		expect(parseDeviceList(' a, b ,,c ', 'id')).toEqual(['a', 'b', 'c']);
		expect(parseDeviceList('a\nb;c', 'id')).toEqual(['a', 'b', 'c']);
		expect(parseDeviceList(['a', 'b, c', ['d']], 'id')).toEqual(['a', 'b', 'c', 'd']);
		expect(parseDeviceList(12345, 'id')).toEqual(['12345']);
		expect(parseDeviceList([0, -7], 'id')).toEqual(['0', '-7']);
	});

	test('duplicates are kept once, in first-named order; MACs compared after normalising', () => {
		expect(parseDeviceList('b, a, b', 'id')).toEqual(['b', 'a']);
		expect(
			parseDeviceList(['00-0C-29-F2-7A-29', '00:0c:29:f2:7a:29', '000c.29f2.7a29'], 'mac'),
		).toEqual(['00:0c:29:f2:7a:29']);
	});

	test.each([
		['', 'id', "'Devices' names no device. Give at least one device ID"],
		[[], 'mac', "'Devices' names no device. Give at least one MAC address"],
		['00:0c:29:f2:7a', 'mac', '"00:0c:29:f2:7a" in \'Devices\' is not a MAC address. If'],
		[
			'7lbkr2x9q4',
			'mac',
			`"7lbkr2x9q4" in 'Devices' is not a MAC address. If 'Devices' holds device IDs, set 'Identify Devices By' to Device ID; otherwise give MAC addresses (use one of 00:0c:29:f2:7a:29,`,
		],
		[
			'00-0C-29-F2-7A-29',
			'id',
			`"00-0C-29-F2-7A-29" in 'Devices' is a MAC address, not a device ID. If 'Devices' holds MAC addresses, set 'Identify Devices By' to MAC Address; otherwise give device IDs`,
		],
		[[{ hwid: 'x' }], 'id', `'Devices' holds {"hwid":"x"} where a device identifier was expected`],
		[{ hwid: 'x' }, 'id', `'Devices' holds {"hwid":"x"}; give a device identifier`],
		[NaN, 'id', "'Devices' holds NaN; give a device identifier"],
		[['a', -Infinity], 'id', "'Devices' holds -Infinity where a device identifier was expected"],
		[2 ** 53, 'id', "'Devices' holds 9007199254740992; give a device identifier"],
		[true, 'id', "'Devices' holds true; give a device identifier"],
		['dev ice', 'id', '"dev ice" in \'Devices\' is not a device ID: it contains white space'],
		['x'.repeat(300), 'id', 'is not a device ID: it is longer than 256 characters'],
	])('%j as %s is refused: %s', (value, key, message) => {
		expect(() => parseDeviceList(value, key as 'id' | 'mac')).toThrow(DeviceListError);
		expect(() => parseDeviceList(value, key as 'id' | 'mac')).toThrow(message);
	});
});

describe('labels', () => {
	test('status codes, with unknown codes labelled rather than failing', () => {
		expect([0, 1, 2, 3, 7, undefined].map(complianceStatusLabel)).toEqual([
			'compliant',
			'non-compliant',
			'MAC not found',
			'sending information',
			'unknown (7)',
			'unknown (none)',
		]);
		expect([0, 1, 5].map(criticalStatusLabel)).toEqual([
			'no critical issue',
			'critical issue',
			'unknown (5)',
		]);
		expect([0, 1].map(exemptLabel)).toEqual(['not exempted', 'exempted']);
		expect([1, 0, -1, 9].map(actionResultLabel)).toEqual([
			'applied',
			'failed',
			'not supported',
			'unknown (9)',
		]);
		expect([1, 0].map(legacyResultLabel)).toEqual(['success', 'failed']);
		expect([1, 0, -1].map(remediationResultLabel)).toEqual([
			'found',
			'not found',
			'out of license',
		]);
	});
});

describe('simplify', () => {
	test('the mobile example keeps only the fields it has', () => {
		expect(simplifyDevice(examples.getDevices.mobileResponse[0])).toEqual({
			hwid: 'W7ibNr5eVxv3wHlmsAWKo9MazUpkdWQG',
			hostname: "Thang's Phone",
			status: 1,
			status_label: 'non-compliant',
			critical_status: 0,
			critical_status_label: 'no critical issue',
			online: true,
			total_issue: 10,
			total_critical_issue: 0,
			last_seen: '2013-12-04T08:00:00Z',
			machine_type: 'phone',
			agent_version: '7.0.250.0',
			os_family: 'android',
			os_name: 'Android',
			os_vendor: 'Google Inc.',
			os_version: '4.4.2',
			os_language: 'English',
			mac_addresses: ['00:0c:29:f2:7a:29'],
			ipv4_addresses: ['10.0.50.106'],
			ipv6_addresses: ['fe80::3c64:7e44:4e78:677'],
			remediation_link: examples.getDevices.mobileResponse[0].remediation_link,
		});
	});

	test('odd shapes do not crash it', () => {
		expect(
			simplifyDevice({ hwid: 'x', status: 42, network_info: 'n/a', os_info: null, user_info: [] }),
		).toEqual({
			hwid: 'x',
			status: 42,
			status_label: 'unknown (42)',
			mac_addresses: [],
			ipv4_addresses: [],
			ipv6_addresses: [],
		});
	});
});

describe('batch planning', () => {
	const ask = (itemIndex: number, devices: string[], signature = 's', batchSize = 100) => ({
		itemIndex,
		signature,
		payload: signature,
		devices,
		batchSize,
	});

	test('250 one-device asks make 3 batches of 100, 100 and 50', () => {
		const batches = planBatches(Array.from({ length: 250 }, (_, i) => ask(i, [`d${i}`])));
		expect(batches.map((b) => b.devices.length)).toEqual([100, 100, 50]);
		expect(batches[2].itemIndexes).toEqual(Array.from({ length: 50 }, (_, i) => 200 + i));
	});

	test('a device named by several items is sent once; signatures never share a batch', () => {
		const batches = planBatches([ask(0, ['a', 'b']), ask(1, ['b', 'c'], 't'), ask(2, ['b', 'a'])]);
		expect(batches).toEqual([
			{ signature: 's', payload: 's', devices: ['a', 'b'], itemIndexes: [0, 2] },
			{ signature: 't', payload: 't', devices: ['b', 'c'], itemIndexes: [1] },
		]);
	});
});

test('page sizes reach the limit in the fewest requests without over-fetching', () => {
	expect([1, 10, 50, 51, 100, 101, 120, 1000].map(pageSizeFor)).toEqual([
		1, 10, 50, 26, 50, 34, 40, 50,
	]);
});

describe('values in messages', () => {
	test.each([
		['text', 'abc', '"abc"'],
		['text with a quote', 'a"b', '"a\\"b"'],
		['a number', 1.5, '1.5'],
		['NaN', NaN, 'NaN'],
		['Infinity', Infinity, 'Infinity'],
		['-Infinity', -Infinity, '-Infinity'],
		['false', false, 'false'],
		['null', null, 'null'],
		['undefined', undefined, 'undefined'],
		['a list', ['g1', 2, NaN], '["g1",2,NaN]'],
		['an object', { id: 'g1', n: Infinity }, '{"id":"g1","n":Infinity}'],
		['an empty object', {}, '{}'],
		['deep nesting', { a: { b: { c: { d: 1 } } } }, '{"a":{"b":{"c":{…}}}}'],
		['a date', new Date('2026-01-02T03:04:05Z'), '2026-01-02T03:04:05.000Z'],
		['long text', 'x'.repeat(100), `"${'x'.repeat(75)}..."`],
		['a long list', Array(40).fill(1), `[${Array(39).fill(1).join(',')}`.slice(0, 77) + '...'],
	])('%s', (_name, value, text) => {
		expect(describeValue(value)).toBe(text);
	});
});

describe('parameter checks', () => {
	const node = { name: 'OPSWAT MetaAccess' } as never;
	const integer = { min: 0, max: 64999, integer: true };
	const message = (check: () => unknown) => {
		try {
			check();
		} catch (error) {
			return (error as Error).message;
		}
		return 'accepted';
	};

	test.each([
		[24, 24],
		['24', 24],
		[' +24 ', 24],
		['-0', 0],
		['0x10', `Item 2: 'Hours' must be a whole number from 0 to 64999; it is "0x10"`],
		['1e3', `Item 2: 'Hours' must be a whole number from 0 to 64999; it is "1e3"`],
		['0b11', `Item 2: 'Hours' must be a whole number from 0 to 64999; it is "0b11"`],
		['1.0', `Item 2: 'Hours' must be a whole number from 0 to 64999; it is "1.0"`],
		['Infinity', `Item 2: 'Hours' must be a whole number from 0 to 64999; it is "Infinity"`],
		['', `Item 2: 'Hours' must be a whole number from 0 to 64999; it is ""`],
		[NaN, "Item 2: 'Hours' must be a whole number from 0 to 64999; it is NaN"],
		[[5], "Item 2: 'Hours' must be a whole number from 0 to 64999; it is [5]"],
		[true, "Item 2: 'Hours' must be a whole number from 0 to 64999; it is true"],
	])('a whole number: %j gives %j', (raw, expected) => {
		const check = () => checkNumber(node, raw, 'Hours', integer, 2);
		if (typeof expected === 'number') expect(check()).toBe(expected);
		else expect(message(check)).toBe(expected);
	});

	test('a number may be written with a decimal point, never with an exponent', () => {
		const bounds = { min: 1, max: 600, integer: false };
		expect(checkNumber(node, '1.5', 'Timeout', bounds)).toBe(1.5);
		expect(checkNumber(node, '.5', 'Timeout', { ...bounds, min: 0 })).toBe(0.5);
		expect(message(() => checkNumber(node, '.5e1', 'Timeout', bounds))).toBe(
			`'Timeout' must be a number from 1 to 600; it is ".5e1"`,
		);
	});

	test.each([
		[true, true],
		[false, false],
		['false', `Item 0: 'Return All' must be true or false; it is "false"`],
		['true', `Item 0: 'Return All' must be true or false; it is "true"`],
		[0, "Item 0: 'Return All' must be true or false; it is 0"],
		[null, "Item 0: 'Return All' must be true or false; it is null"],
	])('a boolean: %j gives %j', (raw, expected) => {
		const check = () => checkBoolean(node, raw, 'Return All', 0);
		if (typeof expected === 'boolean') expect(check()).toBe(expected);
		else expect(message(check)).toBe(expected);
	});

	test('no item, no "Item" in the message (the trigger)', () => {
		expect(message(() => checkBoolean(node, 'yes', 'Simplify'))).toBe(
			`'Simplify' must be true or false; it is "yes"`,
		);
	});

	test.each([
		[' lab ', 'lab'],
		[7, '7'],
		[-3, '-3'],
		[1.5, "Item 1: 'Group ID' must be text or a whole number; it is 1.5"],
		[2 ** 53, "Item 1: 'Group ID' must be text or a whole number; it is 9007199254740992"],
		[{ id: 'g1' }, `Item 1: 'Group ID' must be text or a whole number; it is {"id":"g1"}`],
		[['g1', 'g2'], `Item 1: 'Group ID' must be text or a whole number; it is ["g1","g2"]`],
		[false, "Item 1: 'Group ID' must be text or a whole number; it is false"],
		[undefined, "Item 1: 'Group ID' must be text or a whole number; it is undefined"],
	])('an identifier: %j gives %j', (raw, expected) => {
		const check = () => checkIdentifier(node, raw, 'Group ID', 1);
		if (expected.startsWith('Item')) expect(message(check)).toBe(expected);
		else expect(check()).toBe(expected);
	});

	test('a choice: the value or its text, never a list holding it', () => {
		expect(checkChoice(node, ' exempt ', 'Action', ['exempt', 'unexempt'])).toBe('exempt');
		expect(checkChoice(node, '1', 'What to Delete', [0, 1, 2])).toBe(1);
		expect(message(() => checkChoice(node, ['exempt'], 'Action', ['exempt'], 3))).toBe(
			`Item 3: 'Action' is ["exempt"], which is not one of "exempt"`,
		);
		expect(message(() => checkChoice(node, true, 'What to Delete', [0, 1], 3))).toBe(
			`Item 3: 'What to Delete' is true, which is not one of 0, 1`,
		);
	});
});

describe('Base URLs', () => {
	test.each([
		'https://gears.opswat.com',
		'HTTPS://gears.opswat.com',
		'http://localhost:8080',
		'https://proxy.example.com/metaaccess',
		'https://gears.opswat.com:443',
		'https://proxy.example.com/a..b/.well',
	])('%s is fine', (url) => {
		expect(baseUrlProblem(url)).toBeUndefined();
	});

	test.each([
		['https://gears.opswat.com/?x=1', 'with a query or fragment ("https://gears.opswat.com/?…")'],
		['https://gears.opswat.com?', 'with a query or fragment ("https://gears.opswat.com?…")'],
		['https://gears.opswat.com#top', 'with a query or fragment ("https://gears.opswat.com#…")'],
		[
			'https://admin:s3cret@gears.opswat.com',
			'with a user name or password in it ("https://…@gears.opswat.com")',
		],
		[
			'https://admin@gears.opswat.com/x',
			'with a user name or password in it ("https://…@gears.opswat.com")',
		],
		['admin:s3cret@gears.opswat.com', 'with a user name or password in it ("…@gears.opswat.com")'],
		['ftp://gears.opswat.com', 'that is not an http(s) address ("ftp://gears.opswat.com")'],
		['javascript:alert(1)', 'that is not an http(s) address ("javascript:alert(1)")'],
		['gears.opswat.com', 'that is not an http(s) address ("gears.opswat.com")'],
		[
			'https://gears.opswat.com/a/../b',
			'with a "." or ".." in its path ("https://gears.opswat.com/a/../b"): it would change the path of every request',
		],
		[
			'https://gears.opswat.com/%2e%2E',
			'with a "." or ".." in its path ("https://gears.opswat.com/%2e%2E"): it would change the path of every request',
		],
		[
			'https://gears.opswat.com/.',
			'with a "." or ".." in its path ("https://gears.opswat.com/."): it would change the path of every request',
		],
		[
			'https://gears.opswat.com\\evil',
			'that is not a valid address ("https://gears.opswat.com\\evil")',
		],
		['https://gears opswat.com', 'that is not a valid address ("https://gears opswat.com")'],
		['https://', 'that is not a valid address ("https://")'],
		[
			'https://gears.opswat.com:99999',
			'that is not a valid address ("https://gears.opswat.com:99999")',
		],
	])('%s is refused', (url, message) => {
		const problem = baseUrlProblem(url);
		expect(problem?.message.startsWith(message)).toBe(true);
		expect(problem?.message).not.toContain('s3cret');
		expect(problem?.description).toContain('Base URL');
	});
});
