import type { INode } from 'n8n-workflow';

import type { MetaAccessClient } from '../transport/client';
import { DevicePageWalk } from '../transport/devicePages';
import { MAX_PAGE_SIZE, type RequestOptions } from '../transport/types';
import type { FleetScan } from './diff';
import type { Change } from './events';

/**
 * Fetches up to `budget` pages of Get Devices v2.3 for the scan, from its next page, comparing
 * each as it arrives; stops at the scan's last page (and completes the scan). A page that repeats
 * the one before it (fetched by this poll or the last) stops the poll. Errors are thrown as they
 * come: the caller stores nothing then.
 */
export async function scanPages(
	node: INode,
	client: MetaAccessClient,
	scan: FleetScan,
	budget: number,
	requestOptions: RequestOptions,
	changes: Change[],
): Promise<void> {
	const walk = new DevicePageWalk(node, { previous: scan.previousPage });
	while (walk.requests < budget) {
		const page = await client.getDevicesPage(
			{ page: scan.nextPage, limit: MAX_PAGE_SIZE },
			requestOptions,
		);
		const at = client.now();
		const key = walk.take(scan.nextPage, page.devices);
		scan.addPage(page.devices, at, changes, key);
		if (page.last) {
			scan.complete(at, changes);
			break;
		}
	}
}
