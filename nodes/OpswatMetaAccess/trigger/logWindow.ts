/**
 * The log trigger's memory, kept in the workflow's static data (`log`) and replaced only once a
 * poll has read its whole window, just before its items are emitted:
 *
 *   { "v": 1, "category": "device", "until": 1796731200000, "seen": ["1796731195123:k2x9.1qa"] }
 *
 * - `until`: where the log has been read up to (epoch ms). The next window starts OVERLAP_MS
 *   before it (entries MetaAccess writes a little late, clocks apart) and ends at the poll's time,
 *   always as explicit start and end times: a gap of days is read in full, never cut to the 24
 *   hours `age` reaches.
 * - `seen`: `<time>:<fingerprint>` of each entry already emitted (or passed over) whose time is in
 *   the overlap, once per occurrence: a window that reads one again skips it, and two identical
 *   entries of the same millisecond are both emitted once. At most MAX_SEEN (the newest).
 * - `from` (after the first activation, until the overlap has passed it): when the trigger was
 *   activated; no window reaches back before it, so nothing logged before is emitted.
 * - `resume` (after a poll that read its window in part): the next window starts at `until`
 *   itself, the last entry's time, not an overlap before it: reading the overlap again would fill
 *   the poll's pages with entries already emitted and never get further.
 *
 * Pure functions only (no n8n), so that a benchmark can call them.
 */
import type { IDataObject } from 'n8n-workflow';

import { entryFingerprint, entryTime } from '../helpers/logs';

export const OVERLAP_MS = 120_000;
export const MAX_SEEN = 20_000;

export interface LogState {
	v: 1;
	category: string;
	until: number;
	seen: string[];
	from?: number;
	resume?: true;
}

/** The state of a first activation at `now`: the log is read from then on. */
export const firstLogState = (category: string, now: number): LogState => ({
	v: 1,
	category,
	until: now,
	seen: [],
	from: now,
});

/** The stored state of this category, or undefined (none yet, another category, another form). */
export function readLogState(stored: unknown, category: string): LogState | undefined {
	const state = stored as Partial<LogState> | undefined;
	if (state?.v !== 1 || state.category !== category || !Number.isSafeInteger(state.until))
		return undefined;
	const seen = Array.isArray(state.seen) ? state.seen.filter((key) => typeof key === 'string') : [];
	const from = Number.isSafeInteger(state.from) ? { from: state.from } : {};
	const resume = state.resume === true ? { resume: true as const } : {};
	return { v: 1, category, until: state.until!, seen, ...from, ...resume };
}

/** The window the next poll reads, at `now`. */
export function nextWindow(state: LogState, now: number): { start: number; end: number } {
	const start = state.resume
		? state.until
		: Math.max(state.until - OVERLAP_MS, state.from ?? -Infinity);
	return { start, end: Math.max(now, start) };
}

/** Where a seen key's time is: the number before its colon. */
const keyTime = (key: string) => Number(key.slice(0, key.indexOf(':')));

/**
 * Takes in what a poll read of its window (`complete`: to its end): returns the entries not seen
 * before, oldest first, and the state to store. A window read in part moves `until` to its last
 * entry's time (the next poll goes on from there), never back.
 */
export function takeWindow(
	state: LogState,
	window: { start: number; end: number },
	entries: IDataObject[],
	complete: boolean,
): { fresh: IDataObject[]; state: LogState } {
	const remaining = new Map<string, number>();
	for (const key of state.seen) remaining.set(key, (remaining.get(key) ?? 0) + 1);
	const fresh: IDataObject[] = [];
	const read: string[] = [];
	let last = state.until;
	for (const entry of entries) {
		// An entry without a time is dated at the window's end (kept for the next overlap).
		const time = entryTime(entry) ?? window.end;
		const key = `${time}:${entryFingerprint(entry)}`;
		read.push(key);
		last = Math.max(last, time);
		const count = remaining.get(key) ?? 0;
		if (count > 0) remaining.set(key, count - 1);
		else fresh.push(entry);
	}
	const until = complete ? Math.max(window.end, state.until) : last;
	const from = until - OVERLAP_MS;
	// What was seen and not read again this time (a window read in part) is kept as well.
	const unread = [...remaining].flatMap(([key, count]) => Array<string>(count).fill(key));
	const seen = [...unread, ...read]
		.filter((key) => keyTime(key) >= from)
		.sort((a, b) => keyTime(a) - keyTime(b))
		.slice(-MAX_SEEN);
	const stays = state.from !== undefined && state.from > from ? { from: state.from } : {};
	const resume = complete ? {} : { resume: true as const };
	return { fresh, state: { v: 1, category: state.category, until, seen, ...stays, ...resume } };
}
