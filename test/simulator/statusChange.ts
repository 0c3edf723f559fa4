/**
 * Status Change v3.0 (`POST /o/api/v3/devices/status_changed`) and v2.1
 * (`GET /o/api/v2.1/devices/status_changed`): the devices whose status changed in the last `age`
 * seconds, and the deleted ones, from the fleet's recorded history (see history.ts).
 */
import { limitParam, queryValue, wholeNumber } from './checks';
import type { SimDevice } from './fleet';
import type { DeletedDevice } from './history';
import { HttpError, invalidRequest, jsonAnswer, type Answer } from './http';
import { optionalJsonBody, type ApiContext } from './params';
import type { Simulation } from './simulation';

/** Longest look back, in seconds (one day), and the default. */
export const MAX_AGE_SECONDS = 86400;
/** Most entries one Status Change v3.0 page holds (above: 406), and the default. */
export const MAX_STATUS_PAGE = 50;
const DEFAULT_STATUS_PAGE = 20;
export const OS_TYPES = ['win_or_mac', 'linux_or_mobile'] as const;

/** Status Change v3.0's status: exempted before anything else, then compliant (0) or not. */
function v3Status(device: SimDevice): string {
	if (device.exempt === 1) return 'exempted';
	return device.status === 0 ? 'compliant' : 'non-compliant';
}

function severity(device: SimDevice): string {
	if (device.critical_status === 1) return 'critical';
	return device.total_issue > 0 ? 'warning' : 'none';
}

function v3Monitored(device: SimDevice): Record<string, unknown> {
	return {
		device_id: device.hwid,
		status: v3Status(device),
		status_detail: { exempted: device.exempt === 1 ? 1 : 0, pending: device.status === 3 ? 1 : 0 },
		severity: severity(device),
		issue: {
			total_issues: device.total_issue,
			total_critical_issues: device.total_critical_issue,
			total_warning_issues: Math.max(0, device.total_issue - device.total_critical_issue),
		},
		group_name: device.group,
		device_name: device.hostname,
	};
}

const v3Deleted = (device: DeletedDevice) => ({
	device_id: device.hwid,
	device_name: device.hostname,
	group_name: device.group,
});

/** The changes in (now - age, now]: the devices still in the fleet, then the deleted ones. */
function changes(sim: Simulation, now: number, age: number) {
	sim.history.sweep(sim.fleet, now);
	const since = now - age * 1000;
	return {
		monitored: sim.history.changedSince(sim.fleet, since),
		deleted: sim.history.deletedSince(since),
	};
}

/**
 * Status Change v3.0. The monitored devices and then the deleted ones are paged as one list:
 * page p holds entries (p-1)·limit … p·limit-1 of it; past the last page (p > 1) → 413.
 */
export function statusChangedV3({ sim, request, body }: ApiContext): Answer {
	const fields = optionalJsonBody(body);
	const age = wholeNumber(fields.age, 'age', MAX_AGE_SECONDS, 0, MAX_AGE_SECONDS);
	wholeNumber(fields.verbose, 'verbose', 0, 0, 1);
	const page = wholeNumber(fields.page, 'page', 1, 1);
	const limit = limitParam(fields.limit, DEFAULT_STATUS_PAGE, MAX_STATUS_PAGE, 'devices');
	const { monitored, deleted } = changes(sim, request.now, age);
	const start = (page - 1) * limit;
	const total = monitored.length + deleted.length;
	if (page > 1 && start >= total)
		throw new HttpError(413, 'invalid_request', 'Requested page number exceeds limit');
	const end = start + limit;
	return jsonAnswer(200, {
		monitored_devices: monitored.slice(start, end).map(v3Monitored),
		deleted_devices: deleted
			.slice(Math.max(0, start - monitored.length), Math.max(0, end - monitored.length))
			.map(v3Deleted),
	});
}

const winOrMac = (family: string) => family === 'Windows' || family === 'macOS';

/** Status Change v2.1: one OS group, no paging; deleted devices as status 2 with hwid and MAC addresses. */
export function statusChangedV21({ sim, request }: ApiContext): Answer {
	const { query, now } = request;
	const age = wholeNumber(queryValue(query, 'age'), 'age', MAX_AGE_SECONDS, 0, MAX_AGE_SECONDS);
	wholeNumber(queryValue(query, 'verbose'), 'verbose', 0, 0, 1);
	const osType = query.get('os_type') ?? 'win_or_mac';
	if (!(OS_TYPES as readonly string[]).includes(osType))
		throw invalidRequest(`os_type must be one of ${OS_TYPES.join(', ')}`);
	const inGroup = (family: string) => winOrMac(family) === (osType === 'win_or_mac');
	const { monitored, deleted } = changes(sim, now, age);
	const macs = (device: SimDevice) => device.network_info.map((adapter) => adapter.mac_addr);
	return jsonAnswer(200, {
		devices: [
			...monitored
				.filter((device) => inGroup(device.os_info.family))
				.map((device) => ({
					hwid: device.hwid,
					status: device.status,
					critical_status: device.critical_status,
					total_issue: device.total_issue,
					total_critical_issue: device.total_critical_issue,
					mac_address: macs(device),
				})),
			...deleted
				.filter((device) => inGroup(device.family))
				.map((device) => ({ hwid: device.hwid, status: 2, mac_address: [...device.macs] })),
		],
	});
}
