import type { INode } from 'n8n-workflow';

import type { MetaAccessClient } from '../transport/client';
import { MAX_PAGE_SIZE, type RequestOptions } from '../transport/types';
import { ListingPages } from '../helpers/listing';
import { confirmRemovals, pageShare } from './confirm';
import type { FleetScan } from './diff';
import type { Change } from './events';

/**
 * Fetches up to `budget` pages of Get Devices v2.3 for the scan, from its next page, comparing
 * each as it arrives; stops at the scan's last page (and completes the scan). A page that repeats
 * any earlier page of the scan (fetched by this poll or an earlier one) stops the poll. Returns
 * the requests sent. Errors are thrown as they come: the caller stores nothing then.
 */
async function scanPages(
	node: INode,
	client: MetaAccessClient,
	scan: FleetScan,
	budget: number,
	requestOptions: RequestOptions,
	changes: Change[],
): Promise<number> {
	const pages = new ListingPages(node, 'Get Devices', { earlier: scan.pageKeys });
	while (pages.requests < budget) {
		const page = await client.getDevicesPage(
			{ page: scan.nextPage, limit: MAX_PAGE_SIZE },
			requestOptions,
		);
		const at = client.now();
		pages.take(scan.nextPage, page.devices);
		scan.addPage(page.devices, at, changes);
		if (page.last) {
			scan.complete();
			return pages.requests;
		}
	}
	if (pages.requests > 0) scan.pageKeys = pages.keys;
	return pages.requests;
}

/**
 * A poll's requests for the scan and the removals: the pages of the scan (all of `budget`, or half
 * while devices await Device Details), then Device Details with what is left. `scanDue`: whether
 * the scan may fetch pages this poll. Returns the pages fetched, the changes of the scan and
 * those of Device Details.
 */
export async function scanAndConfirm(
	node: INode,
	client: MetaAccessClient,
	scan: FleetScan,
	budget: number,
	scanDue: boolean,
	requestOptions: RequestOptions,
): Promise<{ pages: number; scanned: Change[]; confirmed: Change[] }> {
	const scanned: Change[] = [];
	const confirmed: Change[] = [];
	const pages = scanDue
		? await scanPages(node, client, scan, pageShare(scan, budget), requestOptions, scanned)
		: 0;
	await confirmRemovals(node, client, scan, budget - pages, requestOptions, confirmed);
	return { pages, scanned, confirmed };
}
