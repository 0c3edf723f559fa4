import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { metaAccessRequest, type MetaAccessContext, type RequestOptions } from './index';

export const GROUP_BY_VALUES = ['none', 'hwid', 'host', 'issues'] as const;
export const ORDER_VALUES = ['des', 'asc'] as const;
export type GroupBy = (typeof GROUP_BY_VALUES)[number];
export type Order = (typeof ORDER_VALUES)[number];

/** Most devices one Get Devices v2.3 request may ask for (above: 406). */
export const MAX_PAGE_SIZE = 50;

export interface DevicesPageQuery {
	page: number;
	limit: number;
	groupBy?: GroupBy;
	order?: Order;
}

export interface DevicesPage {
	devices: IDataObject[];
	/** The page was past the last one (413), or shorter than asked: there are no more pages. */
	last: boolean;
}

/**
 * One page of Get Devices v2.3. Documented defaults are not sent (page 1, GroupBy none,
 * order des), so the request is the documentation's own; GroupBy is spelled `groupBy` as in the
 * documentation's example request. A 413 (page past the end) is an empty last page.
 */
export async function getDevicesPage(
	this: MetaAccessContext,
	query: DevicesPageQuery,
	options: RequestOptions,
): Promise<DevicesPage> {
	const qs: IDataObject = { limit: query.limit };
	if (query.page > 1) qs.page = query.page;
	if (query.groupBy && query.groupBy !== 'none') qs.groupBy = query.groupBy;
	if (query.order && query.order !== 'des') qs.order = query.order;
	const answer = await metaAccessRequest.call(
		this,
		{ method: 'GET', path: '/o/api/v2.3/devices', qs, idempotent: true, acceptStatus: [413] },
		options,
	);
	if (answer.statusCode === 413) return { devices: [], last: true };
	if (!Array.isArray(answer.body)) {
		throw new NodeApiError(this.getNode(), {}, {
			message: 'MetaAccess answered Get Devices with something other than the documented list of devices',
			description: 'Check that the Base URL of the credential points to the MetaAccess cloud.',
			itemIndex: options.itemIndex,
		});
	}
	const devices = answer.body.filter(
		(device): device is IDataObject => typeof device === 'object' && device !== null && !Array.isArray(device),
	);
	return { devices, last: answer.body.length < query.limit };
}

/**
 * The page size that reaches `wanted` devices in the fewest requests without fetching more than
 * needed: ceil(wanted / 50) pages, of equal size.
 */
export function pageSizeFor(wanted: number): number {
	if (wanted <= MAX_PAGE_SIZE) return Math.max(1, wanted);
	return Math.ceil(wanted / Math.ceil(wanted / MAX_PAGE_SIZE));
}
