import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	LOG_CATEGORIES,
	MAX_LOG_AGE_SECONDS,
	MAX_LOG_LIMIT,
	type LogsQuery,
} from '../../helpers/logs';
import { checkLogEvents, logFields, logsQuery, matchesEvents, walkLogs } from '../../helpers/logs';
import { waitOptions } from '../../helpers/requestOptions';
import { MAX_LIMIT, returnAllAndLimit } from '../shared/descriptions';
import { executePerItem, readRequests, type OperationRun } from '../shared/items';
import type { NodeParameters } from '../shared/parameters';

const show = { resource: ['log'], operation: ['getAll'] };
const UNITS = { minutes: 60_000, hours: 3_600_000 } as const;
/** The longest look back of "Last": 90 days. */
const MAX_LOOK_BACK_HOURS = 2160;
/** Most pages one item reads: those of MAX_LIMIT entries, and one to see the end. */
const MAX_PAGES = MAX_LIMIT / MAX_LOG_LIMIT + 1;

/** Fields Simplify keeps, in this order, when the entry has them. */
const SIMPLE_FIELDS = [
	'timestamp',
	'event',
	'details',
	'device_id',
	'device_name',
	'device_group',
	'email',
	'first_name',
	'last_name',
	'url',
	'status_code',
	'command_id',
];

export const description: INodeProperties[] = [
	...logFields(show, 'to read'),
	{
		displayName: 'Time Window',
		name: 'window',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Between Two Dates', value: 'between', description: 'From a start to an end time' },
			{ name: 'Last', value: 'last', description: 'The last minutes or hours, up to now' },
		],
		default: 'last',
		description: 'Which entries to read, by the time they were logged',
	},
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'number',
		typeOptions: { minValue: 1 },
		displayOptions: { show: { ...show, window: ['last'] } },
		default: 60,
		description: `How far back to read, in Unit (at most ${MAX_LOOK_BACK_HOURS} hours)`,
	},
	{
		displayName: 'Unit',
		name: 'unit',
		type: 'options',
		displayOptions: { show: { ...show, window: ['last'] } },
		options: [
			{ name: 'Hours', value: 'hours' },
			{ name: 'Minutes', value: 'minutes' },
		],
		default: 'minutes',
		description: 'Whether Last counts minutes or hours back from now',
	},
	{
		displayName: 'Start',
		name: 'start',
		type: 'dateTime',
		required: true,
		displayOptions: { show: { ...show, window: ['between'] } },
		default: '',
		description: 'Earliest time of an entry (included)',
	},
	{
		displayName: 'End',
		name: 'end',
		type: 'dateTime',
		required: true,
		displayOptions: { show: { ...show, window: ['between'] } },
		default: '',
		description: 'Latest time of an entry (included)',
	},
	...returnAllAndLimit(show),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show },
		default: true,
		description: `Whether to return only the main fields of each entry (${SIMPLE_FIELDS.join(', ')}) instead of the raw API object`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: waitOptions,
	},
];

/** A date parameter as epoch ms: text n8n's date picker or an expression gives, a Date, or a number. */
function dateParameter(parameters: NodeParameters, name: string, label: string, itemIndex: number) {
	const raw = parameters.value(name, itemIndex, '');
	const value =
		raw instanceof Date ? raw.getTime() : typeof raw === 'number' ? raw : Date.parse(String(raw));
	if (raw === '' || raw === null || !Number.isSafeInteger(value))
		throw parameters.refuse(
			itemIndex,
			`'${label}' is not a date: ${JSON.stringify(raw)}`,
			`Set '${label}' with the date picker, or to an ISO 8601 date such as 2026-12-01T08:00:00Z.`,
		);
	return value;
}

/**
 * The window of an item: up to 24 hours back as `age`; longer, or between two dates, as explicit
 * start and end times (Get Logs' `age` reaches back one day at most).
 */
function readWindow(run: OperationRun, itemIndex: number, now: number): LogsQuery['window'] {
	const { parameters } = run;
	if (parameters.choice('window', 'Time Window', itemIndex, ['last', 'between']) === 'last') {
		const unit = parameters.choice('unit', 'Unit', itemIndex, ['minutes', 'hours']);
		const max = unit === 'hours' ? MAX_LOOK_BACK_HOURS : MAX_LOOK_BACK_HOURS * 60;
		const amount = parameters.integer('amount', 'Amount', itemIndex, { min: 1, max }, 60);
		const ms = amount * UNITS[unit];
		return ms <= MAX_LOG_AGE_SECONDS * 1000 ? { age: ms / 1000 } : { start: now - ms, end: now };
	}
	const start = dateParameter(parameters, 'start', 'Start', itemIndex);
	const end = dateParameter(parameters, 'end', 'End', itemIndex);
	if (start > end)
		throw parameters.refuse(
			itemIndex,
			`'Start' (${new Date(start).toISOString()}) is after 'End' (${new Date(end).toISOString()})`,
			'Set a Start before the End.',
		);
	return { start, end };
}

const simplified = (entry: IDataObject): IDataObject =>
	Object.fromEntries(SIMPLE_FIELDS.filter((field) => field in entry).map((f) => [f, entry[f]]));

/**
 * Log → Get Many: the entries of a category in a window, through the cursor (100 a page; Limit's
 * page size when smaller), oldest first. One event is filtered by MetaAccess (the documented
 * string); several are filtered here.
 */
export async function execute(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<INodeExecutionData[]> {
	const { parameters, client } = run;
	const requests = readRequests(this, run.items.length, (itemIndex) => {
		const category = parameters.choice('category', 'Category', itemIndex, LOG_CATEGORIES);
		const filtered = category === 'device' || category === 'admin';
		const events = filtered
			? checkLogEvents(parameters.node, parameters.value('events', itemIndex, []), itemIndex)
			: [];
		const returnAll = parameters.boolean('returnAll', 'Return All', itemIndex, false);
		const limit = returnAll
			? MAX_LIMIT
			: parameters.integer('limit', 'Limit', itemIndex, { min: 1, max: MAX_LIMIT }, 50);
		return {
			category,
			events,
			window: readWindow(run, itemIndex, client.now()),
			returnAll,
			limit,
			simplify: parameters.boolean('simplify', 'Simplify', itemIndex, true),
			options: parameters.requestOptions(itemIndex),
		};
	});
	return await executePerItem(this, requests, async (request) => {
		const { events, limit, options } = request;
		const pageSize = events.length > 1 ? MAX_LOG_LIMIT : Math.min(limit, MAX_LOG_LIMIT);
		const query = logsQuery(request.category, events, request.window, pageSize);
		const walk = await walkLogs(parameters.node, client, query, {
			maxRequests: MAX_PAGES,
			requestOptions: options,
			enough: limit,
			keep: (entry) => matchesEvents(events, entry),
		});
		if (request.returnAll && !walk.complete)
			throw new NodeApiError(
				parameters.node,
				{},
				{
					message: `MetaAccess answered ${walk.requests} pages of Get Logs without reaching the end of the window: Return All lists at most ${MAX_LIMIT.toLocaleString('en-US')} entries`,
					description: 'Choose a shorter time window, or turn Return All off and set a Limit.',
					itemIndex: options.itemIndex,
				},
			);
		return walk.entries
			.slice(0, limit)
			.map((entry) => ({ json: request.simplify ? simplified(entry) : { ...entry } }));
	});
}
