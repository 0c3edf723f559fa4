/**
 * The trigger's memory of the fleet: one compact fingerprint per device, kept in the workflow's
 * static data between polls. Pure functions only (no n8n), so that a benchmark can call them.
 *
 * Stored form (JSON, as n8n keeps static data):
 *
 *   { "version": 2, "cycles": 3, "nextPage": 1, "listed": 120, "lastPage": 3, "unconfirmed": false,
 *     "hwids": ["6WXJURV8QAM0I7KC", …], "prints": [1157, …] }
 *
 * - `hwids` lists the devices' hwids and `prints` their fingerprints, in the same order. (Two
 *   parallel arrays rather than one object keyed by hwid: n8n parses and serialises the static data
 *   on every poll, and V8 reads, writes and parses arrays of 100,000 entries several times faster
 *   than an object of 100,000 keys, for the same bytes.)
 * - `cycles` counts the complete scans of the fleet so far (0: the baseline scan is still running).
 * - `nextPage` is the page the next poll fetches first (1: a new scan starts).
 * - `listed` and `lastPage`: how many devices the last trusted complete scan saw, and the last page
 *   it saw devices on (0: unknown); what the next complete scan is checked against for a drop.
 * - `unconfirmed`: devices awaiting Device Details include devices a scan that fell short missed.
 * - `pageKeys` (while a scan is in progress only): the keys of the devices of pages 1 to
 *   `nextPage - 1`, so that a page repeating any of them is caught across polls.
 * - Status Changes mode: `deltaAt`, `ambiguousAt`, `window` (see window.ts), `fullAt`.
 *
 * Fingerprints: see fingerprint.ts.
 */

import { FLAG_SUSPECT, flagsOf, isFingerprint, type Fingerprint } from './fingerprint';

export * from './fingerprint';

export const STATE_VERSION = 2;

export interface StoredState {
	version: typeof STATE_VERSION;
	cycles: number;
	nextPage: number;
	/** Devices the last trusted complete scan saw. */
	listed: number;
	/** The last page on which the last trusted complete scan saw devices (0: unknown). */
	lastPage: number;
	/** Devices awaiting Device Details include some that a scan that fell short missed. */
	unconfirmed: boolean;
	/** While a scan is in progress: the keys of the devices of pages 1 to nextPage - 1. */
	pageKeys?: string[];
	/** Status Changes mode: where the next window reaches back to (ms), see window.ts. */
	deltaAt?: number;
	/** Status Changes mode: when the last window that ended ambiguously was asked (ms). */
	ambiguousAt?: number;
	/** Status Changes mode: a window read over several polls, see window.ts. */
	window?: StatusWindow;
	/** Status Changes mode: when the last full scan started (ms). */
	fullAt?: number;
	/** The devices' hwids. */
	hwids: string[];
	/** Their fingerprints, in the same order. */
	prints: Fingerprint[];
}

/** A Status Change window being read over several polls. */
export interface StatusWindow {
	/** When its page 1 was asked (ms). */
	at: number;
	/** The next page to read. */
	page: number;
	/** The keys of its pages read so far (1, 2, …). */
	keys: string[];
	/** Known devices it listed among the changed ones (a deletion of one of them is checked). */
	changed: string[];
}

/** The trigger's state while a poll works on it: a private copy, committed only on success. */
export interface WorkingState {
	cycles: number;
	nextPage: number;
	listed: number;
	lastPage: number;
	unconfirmed: boolean;
	pageKeys?: string[];
	deltaAt?: number;
	ambiguousAt?: number;
	window?: StatusWindow;
	fullAt?: number;
	devices: Map<string, Fingerprint>;
}

function isCount(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

const isTexts = (value: unknown): value is string[] =>
	Array.isArray(value) && value.every((entry) => typeof entry === 'string');

function readWindow(value: unknown): StatusWindow | undefined {
	if (typeof value !== 'object' || value === null) return undefined;
	const { at, page, keys, changed } = value as Partial<StatusWindow>;
	if (!isCount(at) || !isCount(page) || page < 2 || !isTexts(keys) || !isTexts(changed))
		return undefined;
	return { at, page, keys, changed };
}

/**
 * Reads the stored state (the node's static data). Anything else (first activation, a state of
 * another version, damaged data) gives an empty state: a new baseline scan. A damaged entry is
 * skipped on its own (that device is then seen as new once).
 */
export function readState(stored: unknown): WorkingState {
	const empty: WorkingState = {
		cycles: 0,
		nextPage: 1,
		listed: 0,
		lastPage: 0,
		unconfirmed: false,
		devices: new Map(),
	};
	if (typeof stored !== 'object' || stored === null) return empty;
	const { version, cycles, nextPage, hwids, prints, listed, lastPage, unconfirmed, pageKeys } =
		stored as Partial<StoredState>;
	const { deltaAt, ambiguousAt, fullAt } = stored as Partial<StoredState>;
	const window = readWindow((stored as Partial<StoredState>).window);
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
	// A state stored before `listed` and `lastPage` existed: the devices not suspect, no last page.
	let notSuspect = 0;
	if (!isCount(listed)) {
		for (const fingerprint of map.values())
			if (!(flagsOf(fingerprint) & FLAG_SUSPECT)) notSuspect++;
	}
	return {
		cycles,
		nextPage,
		listed: isCount(listed) ? listed : notSuspect,
		lastPage: isCount(lastPage) ? lastPage : 0,
		unconfirmed: unconfirmed === true,
		...(nextPage > 1 && isTexts(pageKeys) ? { pageKeys } : {}),
		...(isCount(deltaAt) ? { deltaAt } : {}),
		...(isCount(ambiguousAt) ? { ambiguousAt } : {}),
		...(window ? { window } : {}),
		...(isCount(fullAt) ? { fullAt } : {}),
		devices: map,
	};
}

/** The state as it is stored: plain JSON arrays. */
export function writeState(state: WorkingState): StoredState {
	const hwids: string[] = [];
	const prints: Fingerprint[] = [];
	for (const [hwid, fingerprint] of state.devices) {
		hwids.push(hwid);
		prints.push(fingerprint);
	}
	return {
		version: STATE_VERSION,
		cycles: state.cycles,
		nextPage: state.nextPage,
		listed: state.listed,
		lastPage: state.lastPage,
		unconfirmed: state.unconfirmed,
		...(state.pageKeys !== undefined && state.nextPage > 1 ? { pageKeys: state.pageKeys } : {}),
		...(state.deltaAt !== undefined ? { deltaAt: state.deltaAt } : {}),
		...(state.ambiguousAt !== undefined ? { ambiguousAt: state.ambiguousAt } : {}),
		...(state.window !== undefined ? { window: state.window } : {}),
		...(state.fullAt !== undefined ? { fullAt: state.fullAt } : {}),
		hwids,
		prints,
	};
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
