/**
 * The trigger's events, and which change of a device's watched values is which event.
 */
import type { TrackedValues } from './state';

/** The events of the trigger, in the order a device's events are reported. */
export const TRIGGER_EVENTS = [
	'complianceStatusChanged',
	'becameNonCompliant',
	'becameCompliant',
	'criticalStatusChanged',
	'wentOffline',
	'cameOnline',
	'exemptionChanged',
	'newDevice',
	'deviceRemoved',
] as const;

export type TriggerEvent = (typeof TRIGGER_EVENTS)[number];

export function isTriggerEvent(value: unknown): value is TriggerEvent {
	return typeof value === 'string' && (TRIGGER_EVENTS as readonly string[]).includes(value);
}

/** A device as Get Devices v2.3 lists it. */
export type ApiDevice = Record<string, unknown>;

export interface Change {
	event: TriggerEvent;
	hwid: string;
	/** The device as this scan saw it; absent for a removal (the API no longer lists it). */
	device?: ApiDevice;
	/** `device` holds only what Status Change said and the watched values (Status Changes mode). */
	partial?: boolean;
	/** Status Changes mode: what saw the change: a Status Change window, a full scan, Device Details. */
	source?: 'statusChange' | 'fullScan' | 'deviceDetails';
	/** The watched values before the change (null: the device was not known before). */
	previous: TrackedValues | null;
	/** The watched values after the change (null: the device was removed). */
	current: TrackedValues | null;
	/** When the change was seen (ms since the epoch): the answer of its page, or of Device Details. */
	at: number;
}

export interface DiffOptions {
	events: readonly TriggerEvent[];
	/** Which devices changes are reported for (the node's filters); all when absent. */
	matches?: (device: ApiDevice) => boolean;
	/** During the baseline scan, report the devices that already match the events. */
	emitExisting?: boolean;
}

/** The hwid of a device, or undefined when it has none (such a device cannot be followed). */
export function hwidOf(device: ApiDevice): string | undefined {
	const hwid = device.hwid;
	if (typeof hwid === 'string') return hwid === '' ? undefined : hwid;
	if (typeof hwid === 'number') return String(hwid);
	return undefined;
}

/**
 * Whether a device already "matches" an event at the baseline (Emit Existing Devices on First
 * Run): the "became"/"went"/"came" events need the device in that state now; the "changed" events
 * and New Device take every device; Device Removed takes none.
 */
export function matchesAtBaseline(event: TriggerEvent, values: TrackedValues): boolean {
	switch (event) {
		case 'becameNonCompliant':
			return values.status === 1;
		case 'becameCompliant':
			return values.status === 0;
		case 'wentOffline':
			return values.active === 0;
		case 'cameOnline':
			return values.active === 1;
		case 'deviceRemoved':
			return false;
		default:
			return true;
	}
}

/** Whether a known device's change from `previous` to `current` is this event. */
export function isChange(
	event: TriggerEvent,
	previous: TrackedValues,
	current: TrackedValues,
): boolean {
	switch (event) {
		case 'complianceStatusChanged':
			return previous.status !== current.status;
		case 'becameNonCompliant':
			return current.status === 1 && previous.status !== 1;
		case 'becameCompliant':
			return current.status === 0 && previous.status !== 0;
		case 'criticalStatusChanged':
			return previous.critical_status !== current.critical_status;
		case 'wentOffline':
			return current.active === 0 && previous.active !== 0;
		case 'cameOnline':
			return current.active === 1 && previous.active !== 1;
		case 'exemptionChanged':
			return previous.exempt !== current.exempt;
		default:
			return false;
	}
}
