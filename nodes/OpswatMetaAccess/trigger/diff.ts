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
 * A complete scan that falls short of the last judged one (see `complete`) is not judged at once:
 * it waits for the next complete scan to confirm it, so that one wrong answer of the API (an empty
 * page 1, a page cut short) never turns into a mass of removals and, later, of new devices.
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

	/** The page answered just before `nextPage` while a scan is in progress, and the key of its devices. */
	get previousPage(): { page: number; key: string } | undefined {
		const { nextPage, pageKey } = this.state;
		return nextPage > 1 && pageKey !== undefined ? { page: nextPage - 1, key: pageKey } : undefined;
	}

	/** Devices remembered. */
	get size(): number {
		return this.state.devices.size;
	}

	private get parity(): number {
		return this.state.cycles & 1;
	}

	/**
	 * Takes in one page of devices (the page `nextPage`) and returns the changes it shows.
	 * `pageKey`: the key of its devices, kept so that the next poll can tell a repeated page.
	 */
	addPage(
		devices: readonly ApiDevice[],
		at: number,
		changes: Change[] = [],
		pageKey?: string,
	): Change[] {
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
		this.state.pageKey = pageKey;
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
	 * Ends the scan (its last page was short, empty or past the end). The first scan that falls
	 * short (see `fallsShort`) is held: nothing is judged, no
	 * removal is reported, and the devices it missed keep their fingerprints (only their mark
	 * follows the scan). Otherwise (a scan that does not fall short, or the next one after a held
	 * scan, which confirms it if it falls short too) the scan is judged: devices missed twice in a
	 * row are reported removed and forgotten, devices missed once become suspect. The next scan
	 * starts at page 1.
	 */
	complete(at: number, changes: Change[] = []): Change[] {
		const { devices: prints } = this.state;
		const parity = this.parity;
		let seen = 0;
		let dropped = 0;
		for (const print of prints.values()) {
			const flags = flagsOf(print);
			if ((flags & FLAG_MARK) === parity) seen++;
			else if (!(flags & FLAG_SUSPECT)) dropped++;
		}
		const endPage = this.state.nextPage - 1;
		const fellShort =
			this.state.cycles > 0 &&
			fallsShort({
				seen,
				missed: dropped,
				endPage,
				listed: this.state.listed,
				lastPage: this.state.lastPage,
			});
		if (fellShort && !this.state.unconfirmed) {
			this.hold(parity);
		} else {
			this.judge(parity, at, changes);
			this.state.unconfirmed = false;
			this.state.listed = seen;
			this.state.lastPage = this.lastPageEmpty ? endPage - 1 : endPage;
		}
		this.state.cycles++;
		this.state.nextPage = 1;
		this.state.pageKey = undefined;
		return changes;
	}

	/** A scan that fell short, unconfirmed: the devices it missed keep all but their mark. */
	private hold(parity: number) {
		const { devices: prints } = this.state;
		for (const [hwid, print] of prints) {
			const flags = flagsOf(print);
			if ((flags & FLAG_MARK) !== parity) prints.set(hwid, withFlags(print, flags ^ FLAG_MARK));
		}
		this.state.unconfirmed = true;
	}

	/** Devices missed twice in a row: removed; missed once: suspect. */
	private judge(parity: number, at: number, changes: Change[]) {
		const { devices: prints } = this.state;
		const removed: string[] = [];
		for (const [hwid, print] of prints) {
			const flags = flagsOf(print);
			if ((flags & FLAG_MARK) === parity) continue;
			if (flags & FLAG_SUSPECT) {
				removed.push(hwid);
				if (this.watchRemoved && flags & FLAG_MATCHED) {
					changes.push({
						event: 'deviceRemoved',
						hwid,
						previous: decodeFingerprint(print),
						current: null,
						at,
					});
				}
			} else {
				prints.set(hwid, withFlags(print, (flags & FLAG_MATCHED) | FLAG_SUSPECT | parity));
			}
		}
		for (const hwid of removed) prints.delete(hwid);
	}

	/** The state to store. */
	save(): StoredState {
		return writeState(this.state);
	}
}
