/**
 * Removals are reported only on a confirmation that does not rely on a listing: Device Details
 * answering 404 for the device (here), or Status Change's deleted_devices (delta.ts). A device a
 * complete scan missed is suspect; each poll asks Device Details about suspects, oldest first,
 * with the requests it has left (see `pageShare`).
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { MetaAccessClient } from '../transport/client';
import type { RequestOptions } from '../transport/types';
import { toNodeError } from '../helpers/parameters';
import type { FleetScan } from './diff';
import type { Change } from './events';

/**
 * The requests of a poll's `budget` that may go to the pages of a scan: all of them when no
 * device awaits Device Details, else half (rounded down), so that at least half go to Device
 * Details. (A scan that completes leaves the rest of the poll to Device Details as well.)
 */
export function pageShare(scan: FleetScan, budget: number): number {
	return scan.suspects(1).length > 0 ? Math.floor(budget / 2) : budget;
}

/** Whether Device Details answers 404 for the device (true) or the device itself (false). */
async function isGone(
	node: INode,
	client: MetaAccessClient,
	hwid: string,
	options: RequestOptions,
): Promise<boolean> {
	try {
		await client.deviceDetails(hwid, 0, options);
		return false;
	} catch (error) {
		if (error instanceof NodeApiError && error.httpCode === '404') return true;
		throw toNodeError(node, error);
	}
}

/**
 * Asks Device Details about the suspect devices, oldest first, with at most `budget` requests: a
 * 404 reports the device removed and forgets it; an answer clears it (and every suspicion, when
 * they come from a scan that fell short: one request settles a wrong listing). Returns the
 * requests sent. Errors are thrown as they come: the caller stores nothing then.
 */
export async function confirmRemovals(
	node: INode,
	client: MetaAccessClient,
	scan: FleetScan,
	budget: number,
	options: RequestOptions,
	changes: Change[],
): Promise<number> {
	let sent = 0;
	for (const hwid of scan.suspects(budget)) {
		const gone = await isGone(node, client, hwid, options);
		sent++;
		if (gone) scan.removed(hwid, client.now(), changes);
		else if (scan.present(hwid)) break;
	}
	return sent;
}
