import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';

import type { MetaAccessClient } from '../../client/client';
import { DevicePageWalk } from '../../client/devicePages';
import {
	GROUP_BY_VALUES,
	MAX_PAGE_SIZE,
	ORDER_VALUES,
	pageSizeFor,
	type GroupBy,
	type Order,
	type RequestOptions,
} from '../../client/types';
import { checkNumber } from '../../helpers/parameters';
import { simplifyDevice } from '../../helpers/simplify';
import { plural } from '../../helpers/text';
import { optionsCollection } from '../descriptions';
import { outputPerItem, readAllItems } from '../itemLoop';
import type { OperationRun } from '../operation';

/** Highest Limit accepted: 2,000 pages of 50. */
export const MAX_LIMIT = 100_000;

const show = { resource: ['device'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: { show },
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...show, returnAll: [false] } },
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		default: 50,
		description: 'Max number of results to return',
		hint: 'Up to 50 devices come in one request; more are fetched page by page, in as few requests as possible',
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'HWID', value: 'hwid' },
			{ name: 'Hostname', value: 'host' },
			{ name: 'Number of Issues', value: 'issues' },
		],
		default: 'none',
		description: 'How MetaAccess groups the devices it lists',
	},
	{
		displayName: 'Order',
		name: 'order',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Descending', value: 'des' },
			{ name: 'Ascending', value: 'asc' },
		],
		default: 'des',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show },
		default: true,
		description:
			'Whether to return a flat device with status codes also given as labels (compliant, non-compliant, …) instead of the raw API object',
	},
	optionsCollection('getAll', [
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
			default: 50,
			description:
				"Devices per request (the API's limit, 1 to 50). Unset, Return All uses 50 and Limit the size that reaches it in the fewest requests.",
		},
		{
			displayName: 'Start Page',
			name: 'startPage',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'The page (of Page Size devices) to start listing from',
		},
	]),
];

/** The pages an item asks for. */
interface PageQuery {
	returnAll: boolean;
	limit: number;
	groupBy: GroupBy;
	order: Order;
	pageSize: number;
	startPage: number;
}

/**
 * Most pages a listing may take: the pages Limit needs (Return All: the pages of MAX_LIMIT
 * devices, and one more to see the end). Non-last pages are full, so a listing reaches them only
 * when the API's pages hold entries that are not devices, or when the account lists more devices
 * than Return All gives.
 */
export function maxPagesFor(query: Pick<PageQuery, 'returnAll' | 'limit' | 'pageSize'>): number {
	return query.returnAll
		? Math.ceil(MAX_LIMIT / query.pageSize) + 1
		: Math.ceil(query.limit / query.pageSize);
}

/**
 * Lists the pages Get Many needs: Return All until a short, empty or past-the-end page; else up to
 * Limit. Stops with an error when a page repeats the page before it (the API ignored `page`), or
 * after the most pages the query allows.
 */
async function listDevices(
	client: MetaAccessClient,
	node: INode,
	query: PageQuery,
	options: RequestOptions,
): Promise<IDataObject[]> {
	const devices: IDataObject[] = [];
	const walk = new DevicePageWalk(node, { itemIndex: options.itemIndex });
	const maxPages = maxPagesFor(query);
	for (let page = query.startPage; ; page++) {
		const response = await client.getDevicesPage(
			{ page, limit: query.pageSize, groupBy: query.groupBy, order: query.order },
			options,
		);
		walk.take(page, response.devices);
		devices.push(...response.devices);
		if (response.last || response.devices.length === 0) break;
		if (!query.returnAll && devices.length >= query.limit) break;
		if (walk.requests >= maxPages) throw tooManyPages(walk, query, page, devices.length);
	}
	return query.returnAll ? devices : devices.slice(0, query.limit);
}

function tooManyPages(
	walk: DevicePageWalk,
	query: PageQuery,
	page: number,
	listed: number,
): NodeApiError {
	const pages = `${plural(walk.requests, 'page')} of Get Devices (pages ${query.startPage} to ${page})`;
	const stopped = `stopped after ${plural(walk.requests, 'request')}`;
	if (query.returnAll) {
		return walk.error(
			`MetaAccess answered ${pages} without reaching the last page: Return All lists at most ${MAX_LIMIT.toLocaleString('en-US')} devices; ${stopped}`,
			'The account lists more devices than Return All gathers, or the API does not end its list. List a larger account in parts with Limit and the Start Page option.',
		);
	}
	return walk.error(
		`MetaAccess answered ${pages} without the ${plural(query.limit, 'device')} asked for or a last page: its pages held only ${plural(listed, 'device')}; ${stopped}`,
		'The pages held entries that are not devices. Check that the Base URL of the credential points to the MetaAccess cloud.',
	);
}

export async function execute(
	this: IExecuteFunctions,
	{ items, client, reader }: OperationRun,
): Promise<INodeExecutionData[]> {
	const { node } = reader;
	const plans = readAllItems(this, items.length, (itemIndex) => {
		const returnAll = reader.boolean('returnAll', 'Return All', itemIndex, false);
		const limit = returnAll ? 0 : reader.integer('limit', 'Limit', itemIndex, 1, MAX_LIMIT, 50);
		const paging = reader.parameter('options', itemIndex, {}) as IDataObject;
		const query: PageQuery = {
			returnAll,
			limit,
			groupBy: reader.choice('groupBy', 'Group By', itemIndex, GROUP_BY_VALUES),
			order: reader.choice('order', 'Order', itemIndex, ORDER_VALUES),
			pageSize:
				paging.pageSize === undefined
					? returnAll
						? MAX_PAGE_SIZE
						: pageSizeFor(limit)
					: checkNumber(
							node,
							paging.pageSize,
							'Page Size',
							{ min: 1, max: MAX_PAGE_SIZE, integer: true },
							itemIndex,
						),
			startPage: checkNumber(
				node,
				paging.startPage ?? 1,
				'Start Page',
				{ min: 1, max: Number.MAX_SAFE_INTEGER, integer: true },
				itemIndex,
			),
		};
		return {
			query,
			simplify: reader.boolean('simplify', 'Simplify', itemIndex, true),
			options: reader.requestOptions(itemIndex),
		};
	});
	// Items asking for the same listing share one listing of the pages.
	const listings = new Map<string, IDataObject[]>();
	return await outputPerItem(this, plans, async ({ query, simplify, options }) => {
		const key = JSON.stringify(query);
		let devices = listings.get(key);
		if (!devices) {
			devices = await listDevices(client, node, query, options);
			listings.set(key, devices);
		}
		return devices.map((device) => (simplify ? simplifyDevice(device) : { ...device }));
	});
}
