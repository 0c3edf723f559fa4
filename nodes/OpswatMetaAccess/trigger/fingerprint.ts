/**
 * The trigger's fingerprint of one device: its four watched fields and three flags, compact.
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

/** Parity of the scan in which the device was last seen (or last judged missing). */
export const FLAG_MARK = 1;
/** Missed by a complete scan: awaits Device Details (a 404 reports it removed). */
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

export function isFingerprint(value: unknown): value is Fingerprint {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0;
	return Array.isArray(value) && value.length === 5 && typeof value[4] === 'number';
}
