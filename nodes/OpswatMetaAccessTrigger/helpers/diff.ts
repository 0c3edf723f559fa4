/**
 * The trigger's change detection, as pure functions over the stored state and the pages of
 * Get Devices v2.3 (no n8n, no HTTP), so that tests and benchmarks can call it directly.
 *
 * A scan walks the fleet page by page, possibly over several polls. Each device seen is compared
 * with its fingerprint in O(1) and its changes are reported at once. When a scan is complete
 * (a short page, an empty page or a 413), the devices it did not see are judged:
 * - missed by one complete scan: marked suspect, nothing reported (it may have moved between
 *   pages while the scan ran);
 * - missed by two complete scans in a row: reported removed and forgotten;
 * - seen again: the suspicion is cleared silently.
 */
import {
	decodeFingerprint,
	FLAG_MARK,
	FLAG_MATCHED,
	FLAG_SUSPECT,
	fingerprintOf,
	flagsOf,
	readState,
	sameValues,
	withFlags,
	writeState,
	type Fingerprint,
	type StoredState,
	type TrackedValues,
	type WorkingState,
} from './state';

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
	/** The watched values before the change (null: the device was not known before). */
	previous: TrackedValues | null;
	/** The watched values after the change (null: the device was removed). */
	current: TrackedValues | null;
	/** When the change was seen (ms since the epoch): the answer of its page, or the scan's end. */
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
export function isChange(event: TriggerEvent, previous: TrackedValues, current: TrackedValues): boolean {
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

/**
 * One scan of the fleet in progress: start it from the stored state, feed it the pages in order,
 * complete it on the last page, and store `save()` once the poll's requests have all succeeded.
 */
export class FleetScan {
	private readonly state: WorkingState;

	private readonly changeEvents: TriggerEvent[];

	private readonly watchNew: boolean;

	private readonly watchRemoved: boolean;

	constructor(
		stored: unknown,
		private readonly options: DiffOptions,
	) {
		this.state = readState(stored);
		const events = new Set(options.events);
		this.changeEvents = TRIGGER_EVENTS.filter((event) => events.has(event) && event !== 'newDevice' && event !== 'deviceRemoved');
		this.watchNew = events.has('newDevice');
		this.watchRemoved = events.has('deviceRemoved');
	}

	/** The page to fetch next. */
	get nextPage(): number {
		return this.state.nextPage;
	}

	/** Complete scans so far (0: the baseline scan runs, and new devices are the baseline). */
	get cycles(): number {
		return this.state.cycles;
	}

	/** Devices remembered. */
	get size(): number {
		return this.state.devices.size;
	}

	private get parity(): number {
		return this.state.cycles & 1;
	}

	/** Takes in one page of devices (the page `nextPage`) and returns the changes it shows. */
	addPage(devices: readonly ApiDevice[], at: number, changes: Change[] = []): Change[] {
		const { devices: prints } = this.state;
		const baseline = this.state.cycles === 0;
		const parity = this.parity;
		for (const device of devices) {
			const hwid = hwidOf(device);
			if (hwid === undefined) continue;
			const matched = this.options.matches ? this.options.matches(device) : true;
			const current = fingerprintOf(device, parity | (matched ? FLAG_MATCHED : 0));
			const known = prints.get(hwid);
			prints.set(hwid, current);
			if (!matched) continue;
			if (known === undefined) {
				if (baseline) {
					if (this.options.emitExisting) this.reportExisting(hwid, device, current, at, changes);
				} else if (this.watchNew) {
					changes.push({ event: 'newDevice', hwid, device, previous: null, current: decodeFingerprint(current), at });
				}
				continue;
			}
			if (this.changeEvents.length === 0 || sameValues(known, current)) continue;
			const before = decodeFingerprint(known);
			const after = decodeFingerprint(current);
			for (const event of this.changeEvents) {
				if (isChange(event, before, after)) changes.push({ event, hwid, device, previous: before, current: after, at });
			}
		}
		this.state.nextPage++;
		return changes;
	}

	private reportExisting(hwid: string, device: ApiDevice, print: Fingerprint, at: number, changes: Change[]) {
		const values = decodeFingerprint(print);
		for (const event of this.changeEvents) {
			if (matchesAtBaseline(event, values)) changes.push({ event, hwid, device, previous: null, current: values, at });
		}
		if (this.watchNew) changes.push({ event: 'newDevice', hwid, device, previous: null, current: values, at });
	}

	/**
	 * Ends the scan (its last page was short, empty or past the end): devices missed twice in a
	 * row are reported removed and forgotten, devices missed once become suspect. The next scan
	 * starts at page 1.
	 */
	complete(at: number, changes: Change[] = []): Change[] {
		const { devices: prints } = this.state;
		const parity = this.parity;
		const removed: string[] = [];
		for (const [hwid, print] of prints) {
			const flags = flagsOf(print);
			if ((flags & FLAG_MARK) === parity) continue;
			if (flags & FLAG_SUSPECT) {
				removed.push(hwid);
				if (this.watchRemoved && flags & FLAG_MATCHED) {
					changes.push({ event: 'deviceRemoved', hwid, previous: decodeFingerprint(print), current: null, at });
				}
			} else {
				prints.set(hwid, withFlags(print, (flags & FLAG_MATCHED) | FLAG_SUSPECT | parity));
			}
		}
		for (const hwid of removed) prints.delete(hwid);
		this.state.cycles++;
		this.state.nextPage = 1;
		return changes;
	}

	/** The state to store. */
	save(): StoredState {
		return writeState(this.state);
	}
}

/**
 * One complete scan in one go: the changes between the stored state and the whole fleet as
 * listed now, and the state to store after it. (What a poll does when the fleet fits its budget.)
 */
export function diffFleet(
	stored: unknown,
	devices: readonly ApiDevice[],
	options: DiffOptions,
	at: number,
): { changes: Change[]; state: StoredState } {
	const scan = new FleetScan(stored, options);
	const changes: Change[] = [];
	scan.addPage(devices, at, changes);
	scan.complete(at, changes);
	return { changes, state: scan.save() };
}
