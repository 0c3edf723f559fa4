/**
 * The trigger's change detection, as pure functions over the stored state and the pages of
 * Get Devices v2.3 (no n8n, no HTTP), so that tests and benchmarks can call it directly.
 *
 * A scan walks the fleet page by page, possibly over several polls. Each device seen is compared
 * with its fingerprint in O(1) and its changes are reported at once. When a scan is complete
 * (a short page, an empty page or a 413), the devices it did not see become suspect: they await
 * Device Details (see confirm.ts), and only a 404 there reports them removed. A listing alone
 * never removes a device, however many scans miss it; a suspect device seen again is cleared.
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
	type WorkingState,
} from './state';
import {
	isChange,
	matchesAtBaseline,
	hwidOf,
	TRIGGER_EVENTS,
	type ApiDevice,
	type Change,
	type DiffOptions,
	type TriggerEvent,
} from './events';
import { fallsShort } from './shortScan';

/**
 * One scan of the fleet in progress: start it from the stored state, feed it the pages in order,
 * complete it on the last page, and store `save()` once the poll's requests have all succeeded.
 */
export class FleetScan {
	private readonly state: WorkingState;

	private readonly changeEvents: TriggerEvent[];

	private readonly watchNew: boolean;

	private readonly watchRemoved: boolean;

	/** Whether the last page taken in was empty. */
	private lastPageEmpty = false;

	constructor(
		stored: unknown,
		private readonly options: DiffOptions,
	) {
		this.state = readState(stored);
		const events = new Set(options.events);
		this.changeEvents = TRIGGER_EVENTS.filter(
			(event) => events.has(event) && event !== 'newDevice' && event !== 'deviceRemoved',
		);
		this.watchNew = events.has('newDevice');
		this.watchRemoved = events.has('deviceRemoved');
	}

	/** The state this scan works on (Status Changes mode applies its deltas to it, see delta.ts). */
	get working(): WorkingState {
		return this.state;
	}

	/** The page to fetch next. */
	get nextPage(): number {
		return this.state.nextPage;
	}

	/** Complete scans so far (0: the baseline scan runs, and new devices are the baseline). */
	get cycles(): number {
		return this.state.cycles;
	}

	/** While a scan is in progress: the keys of its pages so far (1 to nextPage - 1). */
	get pageKeys(): string[] | undefined {
		return this.state.pageKeys;
	}

	set pageKeys(keys: string[] | undefined) {
		this.state.pageKeys = keys;
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
					changes.push({
						event: 'newDevice',
						hwid,
						device,
						previous: null,
						current: decodeFingerprint(current),
						at,
					});
				}
				continue;
			}
			if (this.changeEvents.length === 0 || sameValues(known, current)) continue;
			const before = decodeFingerprint(known);
			const after = decodeFingerprint(current);
			for (const event of this.changeEvents) {
				if (isChange(event, before, after))
					changes.push({ event, hwid, device, previous: before, current: after, at });
			}
		}
		this.state.nextPage++;
		this.lastPageEmpty = devices.length === 0;
		return changes;
	}

	private reportExisting(
		hwid: string,
		device: ApiDevice,
		print: Fingerprint,
		at: number,
		changes: Change[],
	) {
		const values = decodeFingerprint(print);
		for (const event of this.changeEvents) {
			if (matchesAtBaseline(event, values))
				changes.push({ event, hwid, device, previous: null, current: values, at });
		}
		if (this.watchNew)
			changes.push({ event: 'newDevice', hwid, device, previous: null, current: values, at });
	}

	/**
	 * Ends the scan (its last page was short, empty or past the end): the known devices it missed
	 * become suspect (await Device Details); none is reported removed here. A scan that falls short
	 * of the last trusted one (see `fallsShort`) marks the state `unconfirmed`: the first device it
	 * missed that Device Details still finds clears them all. A scan that does not fall short is the
	 * new reference (`listed`, `lastPage`). The next scan starts at page 1.
	 */
	complete(): void {
		const { devices: prints } = this.state;
		const parity = this.parity;
		let seen = 0;
		let missed = 0;
		for (const [hwid, print] of prints) {
			const flags = flagsOf(print);
			if ((flags & FLAG_MARK) === parity) {
				seen++;
				continue;
			}
			if (!(flags & FLAG_SUSPECT)) missed++;
			prints.set(hwid, withFlags(print, (flags & FLAG_MATCHED) | FLAG_SUSPECT | parity));
		}
		const endPage = this.state.nextPage - 1;
		const { listed, lastPage } = this.state;
		if (this.state.cycles > 0 && fallsShort({ seen, missed, endPage, listed, lastPage })) {
			this.state.unconfirmed = true;
		} else {
			this.state.listed = seen;
			this.state.lastPage = this.lastPageEmpty ? endPage - 1 : endPage;
		}
		this.state.cycles++;
		this.state.nextPage = 1;
		this.state.pageKeys = undefined;
	}

	/** The suspect devices (awaiting Device Details), oldest first: at most `count`. */
	suspects(count: number): string[] {
		const found: string[] = [];
		for (const [hwid, print] of this.state.devices) {
			if (found.length >= count) break;
			if (flagsOf(print) & FLAG_SUSPECT) found.push(hwid);
		}
		return found;
	}

	/** Device Details answered 404: the device is reported removed (if it matched) and forgotten. */
	removed(hwid: string, at: number, changes: Change[]): void {
		const print = this.state.devices.get(hwid);
		if (print === undefined) return;
		this.state.devices.delete(hwid);
		if (this.watchRemoved && flagsOf(print) & FLAG_MATCHED)
			changes.push({
				event: 'deviceRemoved',
				hwid,
				previous: decodeFingerprint(print),
				current: null,
				at,
			});
		if (this.suspects(1).length === 0) this.state.unconfirmed = false;
	}

	/**
	 * Device Details found the device: it is no longer suspect. When the suspects include the misses
	 * of a scan that fell short, that listing was wrong: every suspicion is cleared (the next scans
	 * judge again). Returns whether it cleared them all.
	 */
	present(hwid: string): boolean {
		const { devices: prints } = this.state;
		const all = this.state.unconfirmed;
		for (const [key, print] of all ? prints : [[hwid, prints.get(hwid)] as const]) {
			if (print !== undefined && flagsOf(print) & FLAG_SUSPECT)
				prints.set(key, withFlags(print, flagsOf(print) & ~FLAG_SUSPECT));
		}
		if (all || this.suspects(1).length === 0) this.state.unconfirmed = false;
		return all;
	}

	/** The state to store. */
	save(): StoredState {
		return writeState(this.state);
	}
}
