import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	NodeApiError,
} from 'n8n-workflow';

import type { MetaAccessClient } from '../../transport/client';
import {
	GROUP_BY_VALUES,
	MAX_PAGE_SIZE,
	ORDER_VALUES,
	pageSizeFor,
	type DevicesPage,
	type GroupBy,
	type Order,
	type RequestOptions,
} from '../../transport/types';
import { ListingPages } from '../../helpers/listing';
import { simplifyDevice } from '../../helpers/simplify';
import { plural } from '../../helpers/text';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';
import { description, MAX_LIMIT } from './getAll.description';
import { checksPages, matchesFilters, readFilters, type FilterValues } from './getAll.filters';

export { description, MAX_LIMIT };

const PAGING_VALUES = ['automatic', 'manual'] as const;

const SORT_NAMES: Record<GroupBy, string> = {
	none: 'None',
	hwid: 'Device ID',
	host: 'Hostname',
	issues: 'Number of Issues',
};

/** The pages an item asks for. */
export interface PageQuery {
	returnAll: boolean;
	limit: number;
	groupBy: GroupBy;
	order: Order;
	pageSize: number;
	startPage: number;
	/** Manual paging: with a filter applied by MetaAccess, pages of Get Devices v3.3 rather than v3.7's cursor. */
	manual?: boolean;
	filters?: FilterValues;
}

/**
 * Most pages a listing may take: the pages Limit needs (Return All, or a filter checked over the
 * pages: the pages of MAX_LIMIT devices, and one more to see the end). Non-last pages are full, so
 * a listing reaches them only when the API's pages hold entries that are not devices, or when the
 * account lists more devices than Return All gives.
 */
export function maxPagesFor(
	query: Pick<PageQuery, 'returnAll' | 'limit' | 'pageSize' | 'filters'>,
): number {
	return query.returnAll || (query.filters && checksPages(query.filters))
		? Math.ceil(MAX_LIMIT / query.pageSize) + 1
		: Math.ceil(query.limit / query.pageSize);
}

/** Page `page` of a listing: Get Devices v2.3, or with a filter MetaAccess applies, v3.7 (v3.3 with manual paging). */
function pageReader(client: MetaAccessClient, query: PageQuery, options: RequestOptions) {
	const filter = query.filters?.server;
	const limit = query.pageSize;
	if (!filter) {
		const { groupBy, order } = query;
		return (page: number) => client.getDevicesPage({ page, limit, groupBy, order }, options);
	}
	if (query.manual)
		return (page: number) => client.filteredDevices({ page, limit, filter }, options);
	let token: string | undefined;
	return async () => {
		const response = await client.filteredDevices(
			token === undefined ? { limit, filter } : { token, limit, filter },
			options,
		);
		token = response.nextToken;
		return response;
	};
}

/**
 * Lists the pages Get Many needs: Return All until a short, empty or past-the-end page (v3.7: no
 * next token); else until Limit devices match the filters. Stops with an error when a page repeats
 * any earlier page of the listing, or after the most pages the query allows.
 */
export async function listDevices(
	client: MetaAccessClient,
	node: INode,
	query: PageQuery,
	options: RequestOptions,
): Promise<Listing> {
	const devices: IDataObject[] = [];
	let firstPage: DevicesPage | undefined;
	const pages = new ListingPages(node, 'Get Devices', { itemIndex: options.itemIndex });
	const maxPages = maxPagesFor(query);
	const readPage = pageReader(client, query, options);
	const filters = query.filters ?? {};
	const checked = checksPages(filters);
	for (let page = query.startPage; ; page++) {
		const response = await readPage(page);
		firstPage ??= response;
		pages.take(page, response.devices);
		devices.push(
			...(checked
				? response.devices.filter((device) => matchesFilters(filters, device))
				: response.devices),
		);
		if (response.last || response.devices.length === 0) break;
		if (!query.returnAll && devices.length >= query.limit) break;
		if (pages.requests >= maxPages) throw tooManyPages(pages, query, page, devices.length);
	}
	return {
		devices: query.returnAll ? devices : devices.slice(0, query.limit),
		pastTheEnd:
			pages.requests === 1 && query.startPage > 1 && firstPage?.devices.length === 0
				? firstPage.pastTheEnd
				: undefined,
	};
}

/** The devices of a listing, and how its Start Page (past 1) turned out past the last page, if it did. */
interface Listing {
	devices: IDataObject[];
	pastTheEnd?: 413 | 'empty';
}

/** The note a listing that began past the last page leaves above the output. */
export function pastTheEndMessage(query: PageQuery, how: 413 | 'empty'): string {
	const said =
		how === 413
			? 'MetaAccess answered HTTP 413 (page number too large)'
			: 'MetaAccess answered with an empty page';
	return `Start Page ${query.startPage} is past the last page of devices (pages of ${plural(query.pageSize, 'device')}): ${said}, so no devices were returned. Lower Start Page, or set Paging to Automatic.`;
}

function tooManyPages(
	listing: ListingPages,
	query: PageQuery,
	page: number,
	listed: number,
): NodeApiError {
	const pages = `${plural(listing.requests, 'page')} of Get Devices (pages ${query.startPage} to ${page})`;
	const stopped = `stopped after ${plural(listing.requests, 'request')}`;
	if (query.returnAll || (query.filters && checksPages(query.filters))) {
		return listing.error(
			`MetaAccess answered ${pages} without reaching the last page: Return All lists at most ${MAX_LIMIT.toLocaleString('en-US')} devices; ${stopped}`,
			'The account lists more devices than Return All gathers, or the API does not end its list. List a larger account in parts: set Paging to Manual and use Limit and Start Page.',
		);
	}
	return listing.error(
		`MetaAccess answered ${pages} without the ${plural(query.limit, 'device')} asked for or a last page: its pages held only ${plural(listed, 'device')}; ${stopped}`,
		'The pages held entries that are not devices. Check that the Base URL of the credential points to the MetaAccess cloud.',
	);
}

export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const { node } = parameters;
	const integer = (name: string, label: string, itemIndex: number, max: number, fallback: number) =>
		parameters.integer(name, label, itemIndex, { min: 1, max }, fallback);
	const requests = readRequests(this, items.length, (itemIndex) => {
		const returnAll = parameters.boolean('returnAll', 'Return All', itemIndex, false);
		const limit = returnAll ? 0 : integer('limit', 'Limit', itemIndex, MAX_LIMIT, 50);
		const groupBy = parameters.choice('groupBy', 'Sort By', itemIndex, GROUP_BY_VALUES);
		const manual = parameters.choice('paging', 'Paging', itemIndex, PAGING_VALUES) === 'manual';
		const order = parameters.choice('order', 'Order', itemIndex, ORDER_VALUES);
		const filters = readFilters(parameters, itemIndex);
		if (filters.server && (groupBy !== 'none' || order !== 'des'))
			throw parameters.refuse(
				itemIndex,
				`Sort By ${SORT_NAMES[groupBy]} with Order ${order === 'des' ? 'Descending' : 'Ascending'} cannot be combined with the Status, Severity, OS or Device Type filters`,
				'MetaAccess applies those filters only in a listing of its own order (oldest-enrolled device first), which it cannot sort. Set Sort By to None and Order to Descending, or sort the output with a Sort node.',
			);
		const query: PageQuery = {
			returnAll,
			limit,
			groupBy,
			order,
			pageSize: manual
				? integer('pageSize', 'Page Size', itemIndex, MAX_PAGE_SIZE, MAX_PAGE_SIZE)
				: returnAll || checksPages(filters)
					? MAX_PAGE_SIZE
					: pageSizeFor(limit),
			startPage: manual
				? integer('startPage', 'Start Page', itemIndex, Number.MAX_SAFE_INTEGER, 1)
				: 1,
			...(manual && filters.server ? { manual } : {}),
			...(Object.keys(filters).length > 0 ? { filters } : {}),
		};
		return {
			query,
			simplify: parameters.boolean('simplify', 'Simplify', itemIndex, true),
			options: parameters.requestOptions(itemIndex),
		};
	});
	// Items asking for the same listing share one listing of the pages.
	const listings = new Map<string, Promise<Listing>>();
	const output = await executePerItem(this, requests, async ({ query, simplify, options }) => {
		const listing = await shared(listings, JSON.stringify(query), () =>
			listDevices(client, node, query, options),
		);
		return listing.devices.map((device) => ({
			json: simplify ? simplifyDevice(device) : { ...device },
		}));
	});
	// A Start Page past the end says so above the output, once per listing, instead of 0 items only.
	const notes = new Set<string>();
	for (const [key, listing] of listings) {
		const { pastTheEnd } = await listing.catch(() => ({ pastTheEnd: undefined }));
		if (pastTheEnd) notes.add(pastTheEndMessage(JSON.parse(key) as PageQuery, pastTheEnd));
	}
	const hints = [...notes].map((message) => ({
		message,
		type: 'warning' as const,
		location: 'outputPane' as const,
	}));
	if (hints.length) this.addExecutionHints(...hints);
	return output;
}
