/**
 * The trigger's memory of the fleet: one compact fingerprint per device, kept in the workflow's
 * static data between polls. Pure functions only (no n8n), so that a benchmark can call them.
 *
 * Stored form (JSON, as n8n keeps static data):
 *
 *   { "version": 2, "cycles": 3, "nextPage": 1,
 *     "hwids": ["6WXJURV8QAM0I7KC", …], "prints": [1157, …] }
 *
 * - `hwids` lists the devices' hwids and `prints` their fingerprints, in the same order. (Two
 *   parallel arrays rather than one object keyed by hwid: n8n parses and serialises the static data
 *   on every poll, and V8 reads, writes and parses arrays of 100,000 entries several times faster
 *   than an object of 100,000 keys, for the same bytes.)
 * - `cycles` counts the complete scans of the fleet so far (0: the baseline scan is still running).
 * - `nextPage` is the page the next poll fetches first (1: a new scan starts).
 *
 * A fingerprint is one small integer (3 or 4 digits) when the four watched fields have their usual
 * values, which is all but always:
 *
 *   fingerprint = ((((status' × 4 + critical') × 4 + exempt') × 4 + active') × 8) + flags
 *
 * where a field' is 0 when the device lacks the field, value + 1 otherwise (status 0…14,
 * critical_status / exempt / active 0…2), and flags = seen-parity (1) + suspect (2) + matched (4).
 * Any other value (a status above 14, a string, …) makes the fingerprint the exact array
 * `[status, critical_status, exempt, active, flags]` instead, so that nothing is ever lost.
 */

export const STATE_VERSION = 2;

/** A watched field's value: what the API sent, or null when the device lacks the field. */
export type FieldValue = string | number | boolean | null;

/** The four fields the trigger watches on each device, as last seen. */
export interface TrackedValues {
	status: FieldValue;
	critical_status: FieldValue;
	exempt: FieldValue;
	active: FieldValue;
}

export type Fingerprint = number | [FieldValue, FieldValue, FieldValue, FieldValue, number];

export interface StoredState {
	version: typeof STATE_VERSION;
	cycles: number;
	nextPage: number;
	/** The devices' hwids. */
	hwids: string[];
	/** Their fingerprints, in the same order. */
	prints: Fingerprint[];
}

/** Parity of the scan in which the device was last seen (or last judged missing). */
export const FLAG_MARK = 1;
/** Missing from the last complete scan: one more miss and it is reported removed. */
export const FLAG_SUSPECT = 2;
/** Matched the node's filters when last seen (removals are reported only for those). */
export const FLAG_MATCHED = 4;
const FLAG_BITS = 3;
const FLAG_MASK = 7;

const STATUS_RADIX = 16;
const SMALL_RADIX = 4;

/** A field of a device as a FieldValue (missing and null are the same: unknown). */
export function fieldValue(value: unknown): FieldValue {
	if (value === undefined || value === null) return null;
	if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
		return value;
	return JSON.stringify(value);
}

export function trackedValues(device: Record<string, unknown>): TrackedValues {
	return {
		status: fieldValue(device.status),
		critical_status: fieldValue(device.critical_status),
		exempt: fieldValue(device.exempt),
		active: fieldValue(device.active),
	};
}

/** The compact code of a value in a radix (0: missing), or -1 when it does not fit. */
function codeOf(value: FieldValue, radix: number): number {
	if (value === null) return 0;
	if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= radix - 2)
		return value + 1;
	return -1;
}

function valueOf(code: number): FieldValue {
	return code === 0 ? null : code - 1;
}

/** The fingerprint of a device's watched values with the given flags. */
export function encodeFingerprint(values: TrackedValues, flags: number): Fingerprint {
	const s = codeOf(values.status, STATUS_RADIX);
	const c = codeOf(values.critical_status, SMALL_RADIX);
	const e = codeOf(values.exempt, SMALL_RADIX);
	const a = codeOf(values.active, SMALL_RADIX);
	if (s < 0 || c < 0 || e < 0 || a < 0) {
		return [values.status, values.critical_status, values.exempt, values.active, flags & FLAG_MASK];
	}
	return (
		((((s * SMALL_RADIX + c) * SMALL_RADIX + e) * SMALL_RADIX + a) << FLAG_BITS) |
		(flags & FLAG_MASK)
	);
}

/** The fingerprint of the device, straight from its API object, without allocating. */
export function fingerprintOf(device: Record<string, unknown>, flags: number): Fingerprint {
	const s = codeOf(fieldValue(device.status), STATUS_RADIX);
	const c = codeOf(fieldValue(device.critical_status), SMALL_RADIX);
	const e = codeOf(fieldValue(device.exempt), SMALL_RADIX);
	const a = codeOf(fieldValue(device.active), SMALL_RADIX);
	if (s < 0 || c < 0 || e < 0 || a < 0) return encodeFingerprint(trackedValues(device), flags);
	return (
		((((s * SMALL_RADIX + c) * SMALL_RADIX + e) * SMALL_RADIX + a) << FLAG_BITS) |
		(flags & FLAG_MASK)
	);
}

export function flagsOf(fingerprint: Fingerprint): number {
	return typeof fingerprint === 'number' ? fingerprint & FLAG_MASK : fingerprint[4] & FLAG_MASK;
}

export function withFlags(fingerprint: Fingerprint, flags: number): Fingerprint {
	if (typeof fingerprint === 'number') return (fingerprint & ~FLAG_MASK) | (flags & FLAG_MASK);
	return [fingerprint[0], fingerprint[1], fingerprint[2], fingerprint[3], flags & FLAG_MASK];
}

export function decodeFingerprint(fingerprint: Fingerprint): TrackedValues {
	if (typeof fingerprint !== 'number') {
		return {
			status: fingerprint[0],
			critical_status: fingerprint[1],
			exempt: fingerprint[2],
			active: fingerprint[3],
		};
	}
	let rest = fingerprint >>> FLAG_BITS;
	const active = rest % SMALL_RADIX;
	rest = (rest - active) / SMALL_RADIX;
	const exempt = rest % SMALL_RADIX;
	rest = (rest - exempt) / SMALL_RADIX;
	const critical = rest % SMALL_RADIX;
	const status = (rest - critical) / SMALL_RADIX;
	return {
		status: valueOf(status),
		critical_status: valueOf(critical),
		exempt: valueOf(exempt),
		active: valueOf(active),
	};
}

/** Whether two fingerprints hold the same watched values (flags aside). */
export function sameValues(a: Fingerprint, b: Fingerprint): boolean {
	if (typeof a === 'number' && typeof b === 'number') return a >>> FLAG_BITS === b >>> FLAG_BITS;
	const x = decodeFingerprint(a);
	const y = decodeFingerprint(b);
	return (
		x.status === y.status &&
		x.critical_status === y.critical_status &&
		x.exempt === y.exempt &&
		x.active === y.active
	);
}

function isFingerprint(value: unknown): value is Fingerprint {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
	return Array.isArray(value) && value.length === 5 && typeof value[4] === 'number';
}

/** The trigger's state while a poll works on it: a private copy, committed only on success. */
export interface WorkingState {
	cycles: number;
	nextPage: number;
	devices: Map<string, Fingerprint>;
}

/**
 * Reads the stored state (the node's static data). Anything else (first activation, a state of
 * another version, damaged data) gives an empty state: a new baseline scan. A damaged entry is
 * skipped on its own (that device is then seen as new once).
 */
export function readState(stored: unknown): WorkingState {
	const empty: WorkingState = { cycles: 0, nextPage: 1, devices: new Map() };
	if (typeof stored !== 'object' || stored === null) return empty;
	const { version, cycles, nextPage, hwids, prints } = stored as Partial<StoredState>;
	if (
		version !== STATE_VERSION ||
		typeof cycles !== 'number' ||
		!Number.isInteger(cycles) ||
		cycles < 0 ||
		typeof nextPage !== 'number' ||
		!Number.isInteger(nextPage) ||
		nextPage < 1 ||
		!Array.isArray(hwids) ||
		!Array.isArray(prints) ||
		hwids.length !== prints.length
	) {
		return empty;
	}
	const map = new Map<string, Fingerprint>();
	for (let i = 0; i < hwids.length; i++) {
		const hwid: unknown = hwids[i];
		const fingerprint: unknown = prints[i];
		if (typeof hwid === 'string' && hwid !== '' && isFingerprint(fingerprint))
			map.set(hwid, fingerprint);
	}
	return { cycles, nextPage, devices: map };
}

/** The state as it is stored: plain JSON arrays. */
export function writeState(state: WorkingState): StoredState {
	const hwids: string[] = [];
	const prints: Fingerprint[] = [];
	for (const [hwid, fingerprint] of state.devices) {
		hwids.push(hwid);
		prints.push(fingerprint);
	}
	return { version: STATE_VERSION, cycles: state.cycles, nextPage: state.nextPage, hwids, prints };
}

/**
 * Puts the state into the node's static data, in place (n8n keeps that object): keys of an older
 * stored form that the state no longer has are dropped, so they cost no bytes.
 */
export function storeState(staticData: Record<string, unknown>, state: StoredState): void {
	for (const key of Object.keys(staticData)) {
		if (!Object.prototype.hasOwnProperty.call(state, key)) delete staticData[key];
	}
	Object.assign(staticData, state);
}
