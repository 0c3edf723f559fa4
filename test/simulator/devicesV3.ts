/**
 * Get Devices v3.3 (`POST /o/api/v3.3/devices`, page and limit) and v3.7 (`POST
 * /o/api/v3.7/devices`, a `token` cursor and `next_token`): the fleet oldest-enrolled first,
 * filtered on the server by v3.3's criteria (values of one criterion OR-ed, criteria AND-ed).
 */
import {
	cursorParam,
	encodeCursor,
	firstIndex,
	limitParam,
	objectParam,
	pageOf,
	valueList,
	wholeNumber,
} from './checks';
import { categoriesOf, DEVICE_CATEGORIES, deviceSeverity, deviceStatus } from './deviceInfo';
import { settleExemption, type SimDevice } from './fleet';
import { groupOf } from './accountData';
import { HttpError, invalidRequest, jsonAnswer, type Answer } from './http';
import { optionalJsonBody, type ApiContext } from './params';
import type { Simulation } from './simulation';

const MAX_LIMIT = 50;
const DEFAULT_LIMIT = 20;

/** The OS words of `filter.os` and `os_type`, by os_info.family. */
const OS_TYPES: Record<string, string> = {
	Windows: 'windows',
	macOS: 'mac',
	Linux: 'linux',
	ios: 'ios',
	android: 'android',
};

/** The criteria of v3.3's `filter` the simulator applies, with their values (undefined: any text). */
export const DEVICE_FILTERS: Record<string, readonly string[] | undefined> = {
	device_type: ['desktop', 'laptop', 'phone', 'tablet', 'server', 'vm'],
	severity: ['critical', 'warning', 'no_issues'],
	os: ['windows', 'mac', 'linux', 'ios', 'android'],
	device_status: [
		'compliant',
		'non_compliant',
		'exempted',
		'out_of_license_usage',
		'unknown',
		'ignored',
		'installed',
		'pending',
		'quarantined',
	],
	product_ids: undefined,
	cve_ids: undefined,
	category: DEVICE_CATEGORIES,
};

type Criterion = (sim: Simulation, device: SimDevice, values: string[]) => boolean;

const CRITERIA: Record<string, Criterion> = {
	device_type: (_, device, values) => values.includes(device.machine_type),
	severity: (_, device, values) => values.includes(deviceSeverity(device)),
	os: (_, device, values) => values.includes(OS_TYPES[device.os_info.family]),
	device_status: (_, device, values) => values.includes(deviceStatus(device)),
	product_ids: (sim, device, values) =>
		sim.inventory.of(device).apps.some((app) => values.includes(app.product_id)),
	cve_ids: (sim, device, values) => sim.inventory.of(device).cves.some((id) => values.includes(id)),
	category: (sim, device, values) =>
		categoriesOf(device, sim.seed).some(
			(category) => category.issues.length > 0 && values.includes(category.id),
		),
};

/** The filter as a test of a device, and a key that names it (for the cursor). */
function deviceFilter(sim: Simulation, value: unknown) {
	const filter = objectParam(value, 'filter');
	const given: Array<[string, string[]]> = [];
	for (const [name, values] of Object.entries(filter)) {
		if (!(name in DEVICE_FILTERS))
			throw invalidRequest(
				`filter.${name} is not simulated (the simulator filters by ${Object.keys(DEVICE_FILTERS).join(', ')})`,
			);
		const list = valueList(values, `filter.${name}`, DEVICE_FILTERS[name]);
		if (list) given.push([name, [...list].sort()]);
	}
	given.sort(([a], [b]) => (a < b ? -1 : 1));
	return {
		key: JSON.stringify(given),
		test: (device: SimDevice) =>
			given.every(([name, values]) => CRITERIA[name](sim, device, values)),
	};
}

/** A device as Get Devices v3.x lists it (host_name from v3.6 on). */
function listed(device: SimDevice, withHostName: boolean): Record<string, unknown> {
	const group = groupOf(device.group);
	return {
		device_id: device.hwid,
		device_name: device.nickname,
		...(withHostName ? { host_name: device.hostname } : {}),
		device_type: device.machine_type,
		os_type: OS_TYPES[device.os_info.family] ?? '',
		os_name: device.os_info.name,
		os_version: device.os_info.version,
		status: deviceStatus(device),
		severity: deviceSeverity(device),
		total_issues: device.total_issue,
		total_critical_issues: device.total_critical_issue,
		online: device.active,
		last_seen: device.last_seen,
		enrolled_at: device.enrolled_at,
		agent_version: device.agent_version,
		group_id: group.group_id,
		group_name: group.group_name,
		user: device.user_info.username,
		mac_addresses: device.network_info.map((adapter) => adapter.mac_addr),
		ip_addresses: device.network_info
			.flatMap((adapter) => [adapter.ipv4_addr, adapter.ipv6_addr])
			.filter((address) => address !== ''),
	};
}

/** Get Devices v3.3: `page` (past the end → 413), `limit` 1..50 (default 20; above → 406), `filter`. Answer `{ devices }`. */
export function getDevicesV33({ sim, body, request }: ApiContext): Answer {
	const fields = optionalJsonBody(body);
	const limit = limitParam(fields.limit, DEFAULT_LIMIT, MAX_LIMIT);
	const page = wholeNumber(fields.page, 'page', 1, 1);
	const filter = deviceFilter(sim, fields.filter);
	const devices = sim.fleet
		.byEnrolment()
		.map((device) => settleExemption(device, request.now))
		.filter(filter.test);
	return jsonAnswer(200, {
		devices: pageOf(devices, page, limit).map((device) => listed(device, false)),
	});
}

interface DeviceCursor {
	f: string;
	/** enrolled_at (ms) and HWID of the last device given. */
	e: number;
	h: string;
}

const isDeviceCursor = (state: Record<string, unknown>) =>
	typeof state.f === 'string' && Number.isSafeInteger(state.e) && typeof state.h === 'string';

/**
 * Get Devices v3.7: `token` (absent or "" = from the oldest), `limit` 1..50 (default 20; above
 * → 406), `filter` (that of the first page, with a token; else 400). Answer `{ devices,
 * next_token }`, next_token "" on the last page; a token with no device after it → 413. Devices
 * that join or leave between pages do not upset the cursor: it remembers the last device's place.
 */
export function getDevicesV37({ sim, body, request }: ApiContext): Answer {
	const fields = optionalJsonBody(body);
	const limit = limitParam(fields.limit, DEFAULT_LIMIT, MAX_LIMIT);
	const filter = deviceFilter(sim, fields.filter);
	const cursor = cursorParam<DeviceCursor>(fields.token, isDeviceCursor);
	if (cursor && cursor.f !== filter.key)
		throw invalidRequest('token belongs to another filter: send the filter of its first page');
	const all = sim.fleet.byEnrolment();
	const isAfter = (device: SimDevice) => {
		const enrolled = Date.parse(device.enrolled_at);
		return !cursor || enrolled > cursor.e || (enrolled === cursor.e && device.hwid > cursor.h);
	};
	const page: SimDevice[] = [];
	let more = false;
	for (let i = firstIndex(all, isAfter); i < all.length; i++) {
		const device = settleExemption(all[i], request.now);
		if (!filter.test(device)) continue;
		if (page.length === limit) {
			more = true;
			break;
		}
		page.push(device);
	}
	if (cursor && page.length === 0)
		throw new HttpError(413, 'invalid_request', 'No devices after this token');
	const last = page.at(-1);
	return jsonAnswer(200, {
		devices: page.map((device) => listed(device, true)),
		next_token:
			more && last
				? encodeCursor({ f: filter.key, e: Date.parse(last.enrolled_at), h: last.hwid })
				: '',
	});
}
