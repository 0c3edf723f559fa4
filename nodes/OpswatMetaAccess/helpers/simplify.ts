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
 * A device of Get Devices v2.3 (or Search Devices, Device Details) as one flat, readable object: codes kept and also given as labels,
 * nested blocks flattened, and every field the device lacks (phones lack several) left out.
 */
export function simplifyDevice(device: IDataObject): IDataObject {
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
	for (const key of Object.keys(flat)) {
		if (flat[key] === undefined) delete flat[key];
	}
	return flat;
}
