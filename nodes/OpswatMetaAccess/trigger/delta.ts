/**
 * Status Changes mode: what one page of Status Change v3.0 tells the trigger, applied to its
 * stored fingerprints (pure functions, no n8n, no HTTP).
 *
 * Status Change lists the devices whose compliance status changed in the last `age` seconds, with
 * their current status (`compliant`, `non-compliant`, `exempted`, and `status_detail.pending`),
 * and the deleted devices. Each entry is compared with the device's fingerprint: a device whose
 * status or exemption differs from it is reported and its fingerprint updated (its critical
 * status, online state and flags kept); one that does not differ was reported already (by an
 * earlier, overlapping window, or by a full scan) and is skipped. A deleted device that is still
 * remembered is reported removed and forgotten, unless the same window also lists it among the
 * changed devices (deleted and added again): then it becomes suspect, and Device Details decides
 * (see confirm.ts). Devices the trigger does not know yet are left to the next full scan (which
 * reports them as new).
 */
import type { IDataObject } from 'n8n-workflow';

import type { StatusChangedPage } from '../transport/types';
import { isChange, type Change, type TriggerEvent } from './events';
import {
	decodeFingerprint,
	encodeFingerprint,
	FLAG_MATCHED,
	FLAG_SUSPECT,
	flagsOf,
	sameValues,
	withFlags,
	type TrackedValues,
	type WorkingState,
} from './state';

/** Longest look back Status Change allows, in seconds (one day). */
export const MAX_DELTA_AGE_SECONDS = 86400;
/** Seconds each window reaches back before the last one ended (requests in flight, clock skew). */
export const DELTA_OVERLAP_SECONDS = 120;
/** Entries asked for a page (the most Status Change gives). */
export const DELTA_PAGE_SIZE = 50;

/** Events Status Change carries: reported within one poll. */
export const DELTA_EVENTS: readonly TriggerEvent[] = [
	'complianceStatusChanged',
	'becameNonCompliant',
	'becameCompliant',
	'exemptionChanged',
	'deviceRemoved',
];
/** Events only a full scan sees (Get Devices): reported by the scheduled full scans. */
export const FULL_SCAN_EVENTS: readonly TriggerEvent[] = [
	'criticalStatusChanged',
	'wentOffline',
	'cameOnline',
	'newDevice',
];

/**
 * The `age` to ask for so that the window reaches back to the last committed one (`deltaAt`) with
 * the overlap; undefined when that is beyond one day (the trigger then falls back to a full scan).
 */
export function deltaAge(deltaAt: number, now: number): number | undefined {
	const age = Math.max(0, Math.ceil((now - deltaAt) / 1000)) + DELTA_OVERLAP_SECONDS;
	return age <= MAX_DELTA_AGE_SECONDS ? age : undefined;
}

const idOf = (entry: IDataObject): string | undefined => {
	const id = entry.device_id ?? entry.hwid;
	if (typeof id === 'string' && id !== '') return id;
	return typeof id === 'number' ? String(id) : undefined;
};

/** The watched values a Status Change entry gives, from the values known before; undefined: unreadable. */
export function valuesAfter(entry: IDataObject, before: TrackedValues): TrackedValues | undefined {
	const detail = (
		typeof entry.status_detail === 'object' && entry.status_detail !== null
			? entry.status_detail
			: {}
	) as IDataObject;
	const exempted = entry.status === 'exempted' || Number(detail.exempted) === 1;
	let status: TrackedValues['status'];
	if (entry.status === 'compliant') status = 0;
	else if (entry.status === 'non-compliant') status = Number(detail.pending) === 1 ? 3 : 1;
	else if (entry.status === 'exempted') status = before.status;
	else return undefined;
	// Get Devices leaves `exempt` out for some devices (phones): "not exempted" keeps it unknown.
	const exempt = exempted ? 1 : before.exempt === null ? null : 0;
	return { ...before, status, exempt };
}

/** The device as an item shows it: what Status Change said of it, with the values the trigger knows. */
function deviceOf(hwid: string, entry: IDataObject, values: TrackedValues): IDataObject {
	const device: IDataObject = { hwid };
	if (typeof entry.device_name === 'string') device.hostname = entry.device_name;
	for (const [field, value] of Object.entries(values)) if (value !== null) device[field] = value;
	const issue = entry.issue as IDataObject | undefined;
	if (typeof issue === 'object' && issue !== null) {
		if (typeof issue.total_issues === 'number') device.total_issue = issue.total_issues;
		if (typeof issue.total_critical_issues === 'number')
			device.total_critical_issue = issue.total_critical_issues;
	}
	if (typeof entry.group_name === 'string') device.group_name = entry.group_name;
	if (typeof entry.severity === 'string') device.severity = entry.severity;
	return device;
}

/**
 * Applies one page of Status Change v3.0 to the state; pushes the chosen events' changes (of
 * devices that matched the filters when last scanned) and returns how many entries it held.
 * `changed`: the known devices the window listed among the changed ones so far (added to here).
 */
export function applyDeltaPage(
	state: WorkingState,
	page: StatusChangedPage,
	events: readonly TriggerEvent[],
	at: number,
	changes: Change[],
	changed: Set<string> = new Set(),
): number {
	const chosen = DELTA_EVENTS.filter(
		(event) => event !== 'deviceRemoved' && events.includes(event),
	);
	for (const entry of page.monitored) {
		const hwid = idOf(entry);
		const known = hwid === undefined ? undefined : state.devices.get(hwid);
		if (hwid === undefined || known === undefined) continue;
		changed.add(hwid);
		const before = decodeFingerprint(known);
		const after = valuesAfter(entry, before);
		if (after === undefined) continue;
		const flags = flagsOf(known);
		const current = encodeFingerprint(after, flags);
		if (sameValues(known, current)) continue;
		state.devices.set(hwid, current);
		if (!(flags & FLAG_MATCHED)) continue;
		const device = deviceOf(hwid, entry, after);
		for (const event of chosen) {
			if (isChange(event, before, after))
				changes.push({
					event,
					hwid,
					device,
					partial: true,
					source: 'statusChange',
					previous: before,
					current: after,
					at,
				});
		}
	}
	for (const entry of page.deleted) {
		const hwid = idOf(entry);
		const known = hwid === undefined ? undefined : state.devices.get(hwid);
		if (hwid === undefined || known === undefined) continue;
		if (changed.has(hwid)) {
			// Deleted and listed as changed in one window: it may be back. Device Details decides.
			state.devices.set(hwid, withFlags(known, flagsOf(known) | FLAG_SUSPECT));
			continue;
		}
		state.devices.delete(hwid);
		if (events.includes('deviceRemoved') && flagsOf(known) & FLAG_MATCHED)
			changes.push({
				event: 'deviceRemoved',
				hwid,
				previous: decodeFingerprint(known),
				current: null,
				source: 'statusChange',
				at,
			});
	}
	return page.monitored.length + page.deleted.length;
}
