import type { IDataObject } from 'n8n-workflow';

import { complianceStatusLabel, criticalStatusLabel, exemptLabel } from './labels';

function isObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function addressesOf(networkInfo: unknown, field: string): string[] {
	if (!Array.isArray(networkInfo)) return [];
	return networkInfo
		.map((adapter) => (isObject(adapter) ? adapter[field] : undefined))
		.filter((address): address is string => typeof address === 'string' && address !== '');
}

/**
 * The trigger's device: a device of Get Devices v2.3 (or Device Details) as one flat object, codes
 * kept and also given as labels, nested blocks flattened, and every field the device lacks (phones
 * lack several) left out.
 */
export function flattenDevice(device: IDataObject): IDataObject {
	const userInfo = isObject(device.user_info) ? device.user_info : {};
	const osInfo = isObject(device.os_info) ? device.os_info : {};
	const critical = 'critical_status' in device ? device.critical_status : device.critical_issue;
	const flat: IDataObject = {
		hwid: device.hwid,
		hostname: device.hostname,
		nickname: device.nickname,
		status: device.status,
		status_label: 'status' in device ? complianceStatusLabel(device.status) : undefined,
		// Device Details calls it critical_issue.
		critical_status: critical,
		critical_status_label: critical === undefined ? undefined : criticalStatusLabel(critical),
		exempt: device.exempt,
		exempt_label: 'exempt' in device ? exemptLabel(device.exempt) : undefined,
		online: 'active' in device ? device.active === 1 : undefined,
		total_issue: device.total_issue,
		total_critical_issue: device.total_critical_issue,
		last_seen: device.last_seen,
		machine_type: device.machine_type,
		agent_type: device.agent_type,
		agent_version: device.agent_version,
		country: device.country,
		user: device.user,
		username: userInfo.username,
		user_domain: userInfo.domain,
		os_family: osInfo.family,
		os_name: osInfo.name,
		os_vendor: osInfo.vendor,
		os_version: osInfo.version,
		os_service_pack: osInfo.service_pack_version,
		os_architecture: osInfo.architecture,
		os_language: osInfo.os_language,
		os_user_password_set: osInfo.user_password_set,
		mac_addresses: addressesOf(device.network_info, 'mac_addr'),
		ipv4_addresses: addressesOf(device.network_info, 'ipv4_addr'),
		ipv6_addresses: addressesOf(device.network_info, 'ipv6_addr'),
		remediation_link: device.remediation_link,
	};
	return withoutUndefined(flat);
}

/** The record without its undefined fields (a simplified record lists only what it has). */
export function withoutUndefined(flat: IDataObject): IDataObject {
	for (const key of Object.keys(flat)) {
		if (flat[key] === undefined) delete flat[key];
	}
	return flat;
}

/** Get Devices v3.x's os_type, in the words of os_info.family (Get Devices v2.3, Device Details). */
const OS_FAMILY: Record<string, string> = {
	windows: 'Windows',
	mac: 'macOS',
	linux: 'Linux',
	ios: 'ios',
	android: 'android',
};

/** Get Devices v3.x's status words, in the words of the v2 labels where they say the same. */
const V3_STATUS: Record<string, string> = {
	non_compliant: 'non-compliant',
	out_of_license_usage: 'out of license usage',
};

/** 1 or true: true; 0 or false: false; anything else is left out rather than guessed. */
const flag = (value: unknown): boolean | undefined =>
	value === 1 || value === true ? true : value === 0 || value === false ? false : undefined;

/** The simplified device of a Get Devices v3.3/v3.7 record (device_id, host_name, severity, …). */
function fromV3(device: IDataObject): IDataObject {
	const status = typeof device.status === 'string' ? device.status : undefined;
	return {
		hwid: device.device_id,
		hostname: device.host_name ?? device.device_name,
		status: status === undefined ? undefined : (V3_STATUS[status] ?? status),
		critical: typeof device.severity === 'string' ? device.severity === 'critical' : undefined,
		exempt: status === undefined ? undefined : status === 'exempted',
		online: flag(device.online),
		total_issues: device.total_issues,
		last_seen: device.last_seen,
		os_family: typeof device.os_type === 'string' ? OS_FAMILY[device.os_type] : undefined,
		os_name: device.os_name,
		device_type: device.device_type,
		mac_addresses: Array.isArray(device.mac_addresses) ? device.mac_addresses : undefined,
	};
}

/** The simplified device of a Get Devices v2.3, Search Devices or Device Details record. */
function fromV2(device: IDataObject): IDataObject {
	const osInfo = isObject(device.os_info) ? device.os_info : {};
	// Device Details calls it critical_issue.
	const critical = 'critical_status' in device ? device.critical_status : device.critical_issue;
	return {
		hwid: device.hwid,
		hostname: device.hostname,
		status: 'status' in device ? complianceStatusLabel(device.status) : undefined,
		critical: flag(critical),
		exempt: flag(device.exempt),
		online: flag(device.active),
		total_issues: device.total_issue,
		last_seen: device.last_seen,
		os_family: osInfo.family,
		os_name: osInfo.name,
		device_type: device.machine_type,
		mac_addresses: addressesOf(device.network_info, 'mac_addr'),
	};
}

/**
 * Simplify of Get Many, Get and Search: at most 12 fields a workflow uses, the same names
 * whichever Get Devices version answered (hwid, hostname, status as a word, critical, exempt and
 * online as booleans, total_issues, last_seen, os_family, os_name, device_type, mac_addresses);
 * fields the device lacks are left out. Simplify off gives the API's whole record.
 */
export function simplifyDevice(device: IDataObject): IDataObject {
	return withoutUndefined('device_id' in device ? fromV3(device) : fromV2(device));
}
