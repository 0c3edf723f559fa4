/**
 * Get Logs v3.2 and v3.3 (`POST /o/api/v3.2/logs`, `/o/api/v3.3/logs`): the event log of one
 * category in a time window, oldest first, paged with an opaque `token` cursor that freezes the
 * window of its first page. v3.2 does not know `deleted_api`: it names those entries `deleted`.
 */
import {
	choice,
	cursorParam,
	encodeCursor,
	limitParam,
	objectParam,
	valueList,
	wholeNumber,
} from './checks';
import {
	LOG_CATEGORIES,
	LOG_EVENTS,
	type LogCategory,
	type LogEntry,
	type LogPosition,
} from './events';
import { HttpError, invalidRequest, jsonAnswer, type Answer } from './http';
import { jsonObjectBody, type ApiContext } from './params';

/** Longest look back of `age` (one day), and its default (one hour). */
export const MAX_LOG_AGE_SECONDS = 86400;
export const DEFAULT_LOG_AGE_SECONDS = 3600;
export const MAX_LOG_LIMIT = 100;
export const DEFAULT_LOG_LIMIT = 20;

type Version = '3.2' | '3.3';

/** What a cursor holds: the query it belongs to, its frozen window and the last entry given. */
interface Cursor {
	v: Version;
	c: LogCategory;
	/** The filter's events, sorted and joined ('' for none). */
	f: string;
	s: number;
	e: number;
	t: number;
	q: number;
}

/** Whether a decoded cursor has the shape of ours. */
const isCursor = (state: Record<string, unknown>) =>
	[state.s, state.e, state.t, state.q].every(Number.isSafeInteger) &&
	typeof state.f === 'string' &&
	LOG_CATEGORIES.includes(state.c as LogCategory);

/** The events of `filter.events` (one string or a list) allowed for this category and version. */
function filterEvents(
	version: Version,
	category: LogCategory,
	filter: unknown,
): string[] | undefined {
	// device_report has no filter: the page says it is ignored there.
	if (category === 'device_report') return undefined;
	const allowed = LOG_EVENTS[category].filter(
		(event) => version === '3.3' || event !== 'deleted_api',
	);
	const events = valueList(objectParam(filter, 'filter').events, 'filter.events', allowed);
	return events?.sort();
}

/** The entry as the version names it: v3.2 calls an API deletion `deleted`. */
const shownEvent = (version: Version, entry: LogEntry) =>
	version === '3.2' && entry.event === 'deleted_api' ? 'deleted' : entry.event;

const render = (version: Version, entry: LogEntry) => ({
	timestamp: new Date(entry.time).toISOString(),
	event: shownEvent(version, entry),
	...entry.fields,
});

/** The window of a first page: `end_time` (default now), and `start_time`, else `age` seconds before the end. */
function firstWindow(fields: Record<string, unknown>, now: number): { start: number; end: number } {
	const age = wholeNumber(fields.age, 'age', DEFAULT_LOG_AGE_SECONDS, 0, MAX_LOG_AGE_SECONDS);
	const startTime = wholeNumber(fields.start_time, 'start_time', -1);
	const endTime = wholeNumber(fields.end_time, 'end_time', -1);
	const end = endTime >= 0 ? endTime : now;
	const start = startTime >= 0 ? startTime : end - age * 1000;
	if (start > end) throw invalidRequest('start_time must not be after end_time');
	// Entries to come are not there yet: a cursor's window ends no later than its first page.
	return { start, end: Math.min(end, now) };
}

/**
 * Get Logs: `event_category` (required), `limit` 1..100 (default 20; above → 406), `token`
 * (absent or "" = first page), `age` 0..86400 s (default 3600), `start_time` / `end_time` (epoch
 * ms; they win over `age`), `filter.events`. Every value is checked on every page; with a token the
 * window is the token's, and `event_category` and `filter.events` must be those of its first page
 * (else 400). Answer `{ data, token }`: every page with entries gives a token to the next one (as
 * OPSWAT's add-on expects: it reads on until an empty page or a 413); the page after the last entry
 * is a 413; a first page without entries answers `{ data: [], token: "" }`.
 */
function getLogs(version: Version) {
	return ({ sim, body, request }: ApiContext): Answer => {
		const fields = jsonObjectBody(body);
		if (fields.event_category === undefined || fields.event_category === null)
			throw invalidRequest(`event_category is required: one of ${LOG_CATEGORIES.join(', ')}`);
		const category = choice(fields.event_category, LOG_CATEGORIES, 'event_category');
		const limit = limitParam(fields.limit, DEFAULT_LOG_LIMIT, MAX_LOG_LIMIT);
		const events = filterEvents(version, category, fields.filter);
		const window = firstWindow(fields, request.now);
		const key = events?.join(',') ?? '';
		const token = cursorParam<Cursor>(fields.token, isCursor);
		if (token && (token.v !== version || token.c !== category || token.f !== key))
			throw invalidRequest(
				'token belongs to another query: send the event_category and filter of its first page',
			);
		const shown = new Set(events);
		const entries = sim.events.page(
			category,
			token ? { start: token.s, end: token.e } : window,
			token ? ({ time: token.t, seq: token.q } satisfies LogPosition) : undefined,
			(entry) => !events || shown.has(shownEvent(version, entry)),
			limit,
		);
		// The page after the last one: nothing to return (the platform's 413).
		if (token && entries.length === 0)
			throw new HttpError(413, 'invalid_request', 'No more log entries for this token');
		const last = entries.at(-1);
		const next = last
			? encodeCursor({
					v: version,
					c: category,
					f: key,
					s: token?.s ?? window.start,
					e: token?.e ?? window.end,
					t: last.time,
					q: last.seq,
				})
			: '';
		return jsonAnswer(200, {
			data: entries.map((entry) => render(version, entry)),
			token: next,
		});
	};
}

export const getLogsV32 = getLogs('3.2');
export const getLogsV33 = getLogs('3.3');
