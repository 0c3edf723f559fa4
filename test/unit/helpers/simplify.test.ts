/** Simplify (Get Many, Get, Search: 12 fields) and the trigger's flat device. */
import { flattenDevice, simplifyDevice } from '../../../nodes/OpswatMetaAccess/helpers/simplify';
import examples from '../../fixtures/metaaccess-examples.json';

describe('simplify: at most 12 fields, the same names from every endpoint', () => {
	test('the mobile example of Get Devices v2.3', () => {
		expect(simplifyDevice(examples.getDevices.mobileResponse[0])).toEqual({
			hwid: 'W7ibNr5eVxv3wHlmsAWKo9MazUpkdWQG',
			hostname: "Thang's Phone",
			status: 'non-compliant',
			critical: false,
			online: true,
			total_issues: 10,
			last_seen: '2013-12-04T08:00:00Z',
			os_family: 'android',
			os_name: 'Android',
			device_type: 'phone',
			mac_addresses: ['00:0c:29:f2:7a:29'],
		});
	});

	test('Device Details: critical_issue is critical; exempt is a boolean', () => {
		expect(
			simplifyDevice({ hwid: 'H', status: 0, critical_issue: 1, exempt: 1, active: 0 }),
		).toEqual({
			hwid: 'H',
			status: 'compliant',
			critical: true,
			exempt: true,
			online: false,
			mac_addresses: [],
		});
	});

	test('a Get Devices v3.x record gives the same names', () => {
		const v3 = {
			device_id: 'H3',
			device_name: 'nick',
			host_name: 'LAB-1',
			device_type: 'vm',
			os_type: 'mac',
			os_name: 'macOS Sonoma',
			os_version: '14.1',
			status: 'non_compliant',
			severity: 'critical',
			total_issues: 4,
			total_critical_issues: 1,
			online: 1,
			last_seen: '2026-01-02T03:04:05Z',
			enrolled_at: '2025-01-01T00:00:00Z',
			group_id: 'default',
			mac_addresses: ['00:0c:29:f2:7a:29'],
			ip_addresses: ['10.0.0.1'],
		};
		expect(simplifyDevice(v3)).toEqual({
			hwid: 'H3',
			hostname: 'LAB-1',
			status: 'non-compliant',
			critical: true,
			exempt: false,
			online: true,
			total_issues: 4,
			last_seen: '2026-01-02T03:04:05Z',
			os_family: 'macOS',
			os_name: 'macOS Sonoma',
			device_type: 'vm',
			mac_addresses: ['00:0c:29:f2:7a:29'],
		});
		expect(simplifyDevice({ device_id: 'H4', device_name: 'n', status: 'exempted' })).toEqual({
			hwid: 'H4',
			hostname: 'n',
			status: 'exempted',
			exempt: true,
		});
	});

	test('odd shapes do not crash it', () => {
		expect(
			simplifyDevice({ hwid: 'x', status: 42, network_info: 'n/a', os_info: null, user_info: [] }),
		).toEqual({ hwid: 'x', status: 'unknown (42)', mac_addresses: [] });
		expect(
			simplifyDevice({ device_id: 'y', status: 7, os_type: 'plan9', online: 'yes', severity: 3 }),
		).toEqual({ hwid: 'y' });
	});
});

describe("the trigger's flat device", () => {
	test('the mobile example keeps only the fields it has', () => {
		expect(flattenDevice(examples.getDevices.mobileResponse[0])).toEqual({
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
			flattenDevice({ hwid: 'x', status: 42, network_info: 'n/a', os_info: null, user_info: [] }),
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
