/**
 * What the log trigger and Log → Get Many share: the event values each category is filtered by,
 * an entry's time and fingerprint (Get Logs gives no entry ID), and the cursor walk over Get
 * Logs v3.3, bounded and loop-checked as every listing.
 */
import type {
	IDataObject,
	IDisplayOptions,
	INode,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { RequestOptions } from './requestOptions';
import { describeValue, plural } from './text';

const options = (values: string[]): INodePropertyOptions[] =>
	values.map((value) => ({
		name: value
			.split('_')
			.map((word) => word[0].toUpperCase() + word.slice(1))
			.join(' '),
		value,
	}));

/** Get Logs v3.3: its categories, most entries a page (above: 406), longest `age` (one day). */
export const LOG_CATEGORIES = ['device', 'admin', 'webhook', 'device_report'] as const;
export type LogCategory = (typeof LOG_CATEGORIES)[number];
export const MAX_LOG_LIMIT = 100;
export const MAX_LOG_AGE_SECONDS = 86400;

/**
 * A Get Logs query. `window`: `age` seconds back from now, or start and end times (epoch ms, both
 * included); `cursor`: the previous page's token ('' or absent: the first page); `events`: the
 * `filter.events` (one event, the documented string, or several).
 */
export interface LogsQuery {
	category: LogCategory;
	window: { age: number } | { start: number; end: number };
	cursor?: string;
	limit: number;
	events?: string | string[];
}
export type LogsPage = { entries: IDataObject[]; nextToken: string };

/** What reads Get Logs pages (the transport's client). */
type LogsReader = {
	logsPage(query: LogsQuery, options: RequestOptions): Promise<LogsPage>;
};

/**
 * The `filter.events` values offered per category. Device: the values OPSWAT's developer guide
 * lists (deleted_api since v3.3). Admin: the guide's list was not published whole; these follow
 * the console's audit names. Webhook and Device Report: none published (every entry is read).
 */
export const LOG_EVENT_OPTIONS: Partial<Record<LogCategory, INodePropertyOptions[]>> = {
	device: options(
		'added compliant deleted deleted_api deleted_user noncompliant unseen'.split(' '),
	),
	admin: options(
		'allowed_vulnerabilities changed_password configuration_change failed_authentication logged_off logged_on revoke_registration_code secure_access_configuration_change submit_support_ticket system_log'.split(
			' ',
		),
	),
};

/**
 * The Category field and, for the categories with an event list, the Events field: the log
 * trigger's and Log → Get Many's (`show`: where they appear; `what`: what the category is for).
 */
export function logFields(show: IDisplayOptions['show'], what: string): INodeProperties[] {
	const events = (category: 'device' | 'admin', example: string): INodeProperties => ({
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: LOG_EVENT_OPTIONS[category],
		default: [],
		displayOptions: { show: { ...show, category: [category] } },
		description: `Only entries of these events (the entry's event field), e.g. ${example}. None: every entry of the category.`,
	});
	return [
		{
			displayName: 'Category',
			name: 'category',
			type: 'options',
			...(show ? { displayOptions: { show } } : {}),
			options: [
				{
					name: 'Admin',
					value: 'admin',
					description: 'What administrators did: log-ons, configuration changes, …',
				},
				{
					name: 'Device',
					value: 'device',
					description: 'What happened to devices: added, deleted, compliant, non-compliant, …',
				},
				{
					name: 'Device Report',
					value: 'device_report',
					description: 'Reports devices sent, such as agent logs',
				},
				{ name: 'Webhook', value: 'webhook', description: "MetaAccess's pushes to your webhook" },
			],
			default: 'device',
			description: `Which of MetaAccess's logs (Get Logs "event_category") ${what}`,
		},
		events('device', 'deleted_api for devices deleted through the API'),
		events('admin', 'configuration_change'),
	];
}

/**
 * The query of a window. One event is filtered by MetaAccess (`filter.events`, documented as one
 * string); several are filtered by `matchesEvents` (the API's form for several is not documented).
 */
export function logsQuery(
	category: LogCategory,
	events: string[],
	window: LogsQuery['window'],
	limit: number,
): Omit<LogsQuery, 'cursor'> {
	return { category, window, limit, ...(events.length === 1 ? { events: events[0] } : {}) };
}

/** Whether an entry is of one of the events (none: every entry). */
export const matchesEvents = (events: string[], entry: IDataObject) =>
	events.length === 0 || events.includes(String(entry.event));

/** An entry's time in epoch ms (an ISO 8601 string or a number), or undefined when it has none. */
export function entryTime(entry: IDataObject): number | undefined {
	const value = entry.timestamp;
	const time = typeof value === 'number' ? value : Date.parse(String(value));
	return Number.isFinite(time) ? time : undefined;
}

/** JSON with every object's keys sorted: the same entry gives the same text whatever its key order. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (typeof value === 'object' && value !== null) {
		const record = value as Record<string, unknown>;
		const keys = Object.keys(record).sort();
		return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * An entry's fingerprint: two 32-bit FNV-1a hashes of its canonical JSON, in base 36 (under one
 * chance in 10^9 that two different entries of the same millisecond share one).
 */
export function entryFingerprint(entry: IDataObject): string {
	const text = canonical(entry);
	let a = 0x811c9dc5;
	let b = 0x050c5d1f;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		a = Math.imul(a ^ code, 0x01000193) >>> 0;
		b = Math.imul(b ^ code, 0x01000193) >>> 0;
	}
	return a.toString(36) + '.' + b.toString(36);
}

export interface LogWalk {
	/** The entries read (those `keep` kept), oldest first. */
	entries: IDataObject[];
	/** The walk reached the window's last entry (a short page, no token, or a 413). */
	complete: boolean;
	requests: number;
}

export interface WalkLimits {
	maxRequests: number;
	requestOptions: RequestOptions;
	/** Stop once this many entries are kept (the rest of the window unread). */
	enough?: number;
	/** Which entries to keep (default: all). */
	keep?: (entry: IDataObject) => boolean;
}

/**
 * Reads a window page by page through the cursor, at most `maxRequests` pages. A page is the last
 * when it holds fewer than `limit` entries or gives no token. A token given before, or a page
 * holding exactly the entries of an earlier one, means the API repeats itself: walking on would
 * never end, so it stops with an error.
 */
export async function walkLogs(
	node: INode,
	client: LogsReader,
	query: Omit<LogsQuery, 'cursor'>,
	{ maxRequests, requestOptions, enough = Infinity, keep = () => true }: WalkLimits,
): Promise<LogWalk> {
	const entries: IDataObject[] = [];
	const tokens = new Set<string>();
	const pages = new Map<string, number>();
	let cursor = '';
	for (let requests = 1; requests <= maxRequests; requests++) {
		const page = await client.logsPage({ ...query, cursor }, requestOptions);
		const key = page.entries.map(entryFingerprint).sort().join();
		const earlier = pages.get(key);
		if (earlier !== undefined || tokens.has(page.nextToken)) {
			const count = page.entries.length;
			const what =
				earlier !== undefined
					? `the same ${count} ${count === 1 ? 'entry' : 'entries'} as page ${earlier}`
					: 'a cursor it had given before';
			throw new NodeApiError(
				node,
				{},
				{
					message: `MetaAccess answered page ${requests} of Get Logs with ${what}: its pages repeat, so the log would never end; stopped after ${plural(requests, 'request')}`,
					description:
						'Reading further pages would only repeat these entries. Check that the Base URL of the credential points to the MetaAccess cloud, not a proxy that drops the token, then try again.',
					itemIndex: requestOptions.itemIndex,
				},
			);
		}
		entries.push(...page.entries.filter(keep));
		if (page.entries.length < query.limit || page.nextToken === '')
			return { entries, complete: true, requests };
		if (entries.length >= enough) return { entries, complete: false, requests };
		pages.set(key, requests);
		tokens.add(page.nextToken);
		cursor = page.nextToken;
	}
	return { entries, complete: false, requests: maxRequests };
}

/**
 * The Events parameter: event values (a list from the editor; an expression may give a list or a
 * comma-separated text), trimmed and without repeats. Anything else is a NodeOperationError.
 */
export function checkLogEvents(node: INode, raw: unknown, itemIndex?: number): string[] {
	const list = typeof raw === 'string' ? raw.split(',') : (raw ?? []);
	const events = Array.isArray(list) ? list : [list];
	const bad = events.filter((event) => typeof event !== 'string');
	if (bad.length > 0)
		throw new NodeOperationError(node, `'Events' holds ${describeValue(bad[0])}, not an event`, {
			itemIndex,
			description:
				"Choose the events from the list, or make the expression give event values such as 'noncompliant' (a list, or text separated by commas).",
		});
	return [...new Set((events as string[]).map((event) => event.trim()).filter(Boolean))];
}
