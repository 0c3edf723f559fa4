/**
 * Return All / Limit over a page/limit endpoint (vulnerabilities, groups): as few requests as
 * Limit allows, each page checked against every earlier one (ListingPages, as the device listings),
 * and at most the pages of MAX_LIMIT entries (and one more to see the end).
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { ListingPages } from '../../helpers/listing';
import { plural } from '../../helpers/text';
import type { CompliancePage } from './complianceEndpoints';
import type { RequestOptions } from '../../transport/types';
import { MAX_LIMIT } from './descriptions';
import { executePerItem, shared, type ItemRequest } from './items';
import type { NodeParameters } from './parameters';

export interface PagedQuery {
	returnAll: boolean;
	/** Entries asked for (Return All: MAX_LIMIT). */
	limit: number;
	/** Entries per request. */
	pageSize: number;
}

/** Return All and Limit of an item, and the page size that reaches Limit in the fewest requests. */
export function readPagedQuery(
	parameters: NodeParameters,
	itemIndex: number,
	maxPageSize: number,
): PagedQuery {
	const returnAll = parameters.boolean('returnAll', 'Return All', itemIndex, false);
	if (returnAll) return { returnAll, limit: MAX_LIMIT, pageSize: maxPageSize };
	const bounds = { min: 1, max: MAX_LIMIT };
	const limit = parameters.integer('limit', 'Limit', itemIndex, bounds, 50);
	const pageSize = Math.ceil(limit / Math.ceil(limit / maxPageSize));
	return { returnAll, limit, pageSize };
}

/**
 * The entries of pages 1, 2, … until a last page (short, empty or past the end) or Limit. A page
 * that repeats an earlier one, or more pages than the query can need, stops it with an error.
 */
export async function listPages(
	node: INode,
	what: { endpoint: string; noun: string; itemIndex: number },
	query: PagedQuery,
	fetchPage: (page: number, pageSize: number) => Promise<CompliancePage>,
): Promise<IDataObject[]> {
	const pages = new ListingPages(node, what.endpoint, what);
	const maxPages = Math.ceil(query.limit / query.pageSize) + (query.returnAll ? 1 : 0);
	const entries: IDataObject[] = [];
	for (let page = 1; ; page++) {
		const response = await fetchPage(page, query.pageSize);
		pages.take(page, response.entries);
		entries.push(...response.entries);
		if (response.last || response.entries.length === 0) break;
		if (!query.returnAll && entries.length >= query.limit) break;
		if (pages.requests >= maxPages) {
			throw pages.error(
				`MetaAccess answered ${plural(pages.requests, 'page')} of ${what.endpoint} without reaching the last page or the ${plural(query.limit, what.noun)} asked for; stopped after ${plural(pages.requests, 'request')}`,
				query.returnAll
					? `Return All lists at most ${MAX_LIMIT.toLocaleString('en-US')} ${what.noun}s. Narrow the listing with its filters.`
					: `The pages held entries that are not ${what.noun}s. Check that the Base URL of the credential points to the MetaAccess cloud.`,
			);
		}
	}
	return entries.slice(0, query.limit);
}

/** An item's listing: its request body (without paging), Return All / Limit, and request options. */
export interface ItemListing {
	body: IDataObject;
	query: PagedQuery;
	options: RequestOptions;
}

/**
 * Runs each item's listing (items asking for the same one share it) and outputs its entries, each
 * paired with the item, as `toJson` shapes them.
 */
export async function listPerItem<T extends ItemListing>(
	context: IExecuteFunctions,
	requests: Array<ItemRequest<T>>,
	what: { endpoint: string; noun: string },
	fetchPage: (request: T, page: number, pageSize: number) => Promise<CompliancePage>,
	toJson: (entry: IDataObject, request: T) => IDataObject,
): Promise<INodeExecutionData[]> {
	const node = context.getNode();
	const listings = new Map<string, Promise<IDataObject[]>>();
	return await executePerItem(context, requests, async (request, itemIndex) => {
		const key = JSON.stringify([request.body, request.query]);
		const entries = await shared(listings, key, async () =>
			listPages(node, { ...what, itemIndex }, request.query, async (page, size) =>
				fetchPage(request, page, size),
			),
		);
		return entries.map((entry) => ({ json: toJson(entry, request) }));
	});
}
