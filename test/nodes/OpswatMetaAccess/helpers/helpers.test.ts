import { planBatches } from '../../../../nodes/OpswatMetaAccess/helpers/batching';
import {
	DeviceListError,
	parseDeviceList,
} from '../../../../nodes/OpswatMetaAccess/helpers/deviceList';
import {
	actionResultLabel,
	complianceStatusLabel,
	criticalStatusLabel,
	exemptLabel,
	legacyResultLabel,
	remediationResultLabel,
} from '../../../../nodes/OpswatMetaAccess/helpers/labels';
import { normalizeMac } from '../../../../nodes/OpswatMetaAccess/helpers/mac';
import { simplifyDevice } from '../../../../nodes/OpswatMetaAccess/helpers/simplify';
import { pageSizeFor } from '../../../../nodes/OpswatMetaAccess/client/types';
import examples from '../../../fixtures/metaaccess-examples.json';

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
		expect(parseDeviceList(['a', 'b, c', ['d']], 'hwid')).toEqual(['a', 'b', 'c', 'd']);
		expect(parseDeviceList(12345, 'id')).toEqual(['12345']);
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
		[' , ', 'hwid', "'Devices' names no device. Give at least one HWID"],
		['00:0c:29:f2:7a', 'mac', '"00:0c:29:f2:7a" in \'Devices\' is not a MAC address. Use one of'],
		[[{ hwid: 'x' }], 'id', "'Devices' holds an object where a device identifier was expected"],
		[{ hwid: 'x' }, 'id', "'Devices' holds an object; give a device identifier"],
		[true, 'id', "'Devices' holds true; give a device identifier"],
		['dev ice', 'id', '"dev ice" in \'Devices\' is not a device ID: it contains white space'],
		['x'.repeat(300), 'hwid', 'is not a HWID: it is longer than 256 characters'],
	])('%j as %s is refused: %s', (value, key, message) => {
		expect(() => parseDeviceList(value, key as 'id' | 'mac' | 'hwid')).toThrow(DeviceListError);
		expect(() => parseDeviceList(value, key as 'id' | 'mac' | 'hwid')).toThrow(message);
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
