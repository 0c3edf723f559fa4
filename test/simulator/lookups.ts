import { limitParam, queryValue, wholeNumber } from './checks';
import { listedDevice, settleExemption, type Fleet, type SimDevice } from './fleet';
import { HttpError, invalidRequest, jsonAnswer, type Answer } from './http';

/** Most devices one Search Devices page may hold; above: 406. */
const MAX_SEARCH_LIMIT = 50;
const DEFAULT_SEARCH_LIMIT = 10;

/**
 * The fields Search Devices v2.1 searches, by its `in` value. The vendor's value table was not
 * recoverable: `name` (the documented default) is the hostname and nickname; the others are this
 * project's decision, one value per request.
 */
export const SEARCH_IN = {
	name: (device: SimDevice) => [device.hostname, device.nickname],
	hwid: (device: SimDevice) => [device.hwid],
	mac: (device: SimDevice) =>
		device.network_info.map((adapter) => adapter.mac_addr.replace(/[:.-]/g, '')),
	ip: (device: SimDevice) =>
		device.network_info.flatMap((adapter) => [adapter.ipv4_addr, adapter.ipv6_addr]),
	user: (device: SimDevice) => [device.user_info.username, device.user_info.domain, device.user],
} as const;
export type SearchIn = keyof typeof SEARCH_IN;

/**
 * Device Details v2.1 of one device: the documented fields (Get Devices' `critical_status` is
 * `critical_issue` here), for every machine type.
 */
export function detailedDevice(device: SimDevice): Record<string, unknown> {
	return {
		hwid: device.hwid,
		status: device.status,
		critical_issue: device.critical_status,
		total_issue: device.total_issue,
		total_critical_issue: device.total_critical_issue,
		exempt: device.exempt,
		hostname: device.hostname,
		country: device.country,
		machine_type: device.machine_type,
		agent_version: device.agent_version,
		active: device.active,
		last_seen: device.last_seen,
		user_info: { ...device.user_info },
		os_info: { ...device.os_info },
		network_info: device.network_info.map((adapter) => ({ ...adapter })),
	};
}

/** Device Details v2.1: `opt` 0 (default) looks the value up as a HWID (exactly), 1 as a MAC address (any form); none → 404. */
export function deviceDetails(
	fleet: Fleet,
	encodedValue: string,
	query: URLSearchParams,
	now: number,
): Answer {
	const opt = query.get('opt') ?? '0';
	if (opt !== '0' && opt !== '1') throw invalidRequest('opt must be 0 (HWID) or 1 (MAC address)');
	let value: string;
	try {
		value = decodeURIComponent(encodedValue);
	} catch {
		throw invalidRequest('The device value is not correctly URL-encoded');
	}
	const device = opt === '0' ? fleet.findByHwid(value) : fleet.findByMac(value);
	if (!device) throw new HttpError(404, 'not_found', 'Device not found');
	return jsonAnswer(200, detailedDevice(settleExemption(device, now)));
}

/**
 * Search Devices v2.1: the devices (in fleet order) where every word of `q` (split at spaces and
 * `+`) is found, case-insensitively, in one of the fields `in` names. `q` 3..100 characters
 * (else 400), `limit` 1..50 (default 10; above 50 → 406), `page` past the end → 413 (page 1 of
 * no match is an empty result).
 */
export function searchDevices(fleet: Fleet, query: URLSearchParams, now: number): Answer {
	const q = query.get('q') ?? '';
	if (q.length < 3 || q.length > 100) throw invalidRequest('q must be 3 to 100 characters long');
	const where = query.get('in') ?? 'name';
	if (!Object.prototype.hasOwnProperty.call(SEARCH_IN, where))
		throw invalidRequest(`in must be one of ${Object.keys(SEARCH_IN).join(', ')}`);
	const limit = limitParam(
		queryValue(query, 'limit'),
		DEFAULT_SEARCH_LIMIT,
		MAX_SEARCH_LIMIT,
		'devices',
	);
	const page = wholeNumber(queryValue(query, 'page'), 'page', 1, 1);
	const fieldsOf = SEARCH_IN[where as SearchIn];
	const words = q
		.toLowerCase()
		.split(/[\s+]+/)
		.filter((word) => word !== '')
		.map((word) => (where === 'mac' ? word.replace(/[:.-]/g, '') : word));
	if (words.length === 0) throw invalidRequest('q must hold a word');
	const matches = fleet.all().filter((device) => {
		const fields = fieldsOf(device).map((field) => field.toLowerCase());
		return words.every((word) => fields.some((field) => field.includes(word)));
	});
	const start = (page - 1) * limit;
	if (page > 1 && start >= matches.length)
		throw new HttpError(413, 'invalid_request', 'Requested page number exceeds limit');
	return jsonAnswer(200, {
		total_count: matches.length,
		results: matches
			.slice(start, start + limit)
			.map((device) => listedDevice(settleExemption(device, now))),
	});
}
