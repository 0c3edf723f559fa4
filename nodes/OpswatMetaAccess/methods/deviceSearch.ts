import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { MetaAccessClient } from '../transport/client';
import type { Clock } from '../transport/clock';
import { MAX_SEARCH_LIMIT, MAX_PAGE_SIZE, type RequestOptions } from '../transport/types';
import { normalizeMac } from '../helpers/mac';

/** Shortest filter sent to Search Devices (its `q` takes 3 to 100 characters). */
export const MIN_SEARCH_FILTER = 3;
const MAX_SEARCH_FILTER = 100;

/**
 * The editor waits for the list: a rate-limited account is waited for (the same per-account
 * limiter as executions paces these requests) for up to a minute, one request up to 30 s.
 */
export const LIST_REQUEST_OPTIONS: RequestOptions = { maxWaitOnRateLimit: 60, timeout: 30 };

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** A device as a list entry: its hostname (and nickname), then its device ID; the value is the device ID. */
export function deviceEntry(device: IDataObject): INodeListSearchItems | undefined {
	const hwid = text(device.hwid);
	if (hwid === '') return undefined;
	const hostname = text(device.hostname);
	const nickname = text(device.nickname);
	const label =
		hostname && nickname && nickname !== hostname
			? `${hostname} (${nickname})`
			: hostname || nickname || 'Unnamed device';
	return { name: `${label} · ${hwid}`, value: hwid, description: `Device ID ${hwid}` };
}

/** Whether a device's hostname, nickname or device ID holds the filter (any case). */
function holds(device: IDataObject, filter: string): boolean {
	const wanted = filter.toLowerCase();
	return [device.hostname, device.nickname, device.hwid].some((field) =>
		text(field).toLowerCase().includes(wanted),
	);
}

/**
 * The device picker's list, one request a page: Search Devices (in names, or in MAC addresses
 * for a filter that is one) for a filter of 3 characters or more, else the pages of Get Devices
 * (a filter of 1 or 2 characters is matched on each page's hostnames, nicknames and device IDs).
 * The pagination token is the next page's number.
 */
export async function searchDeviceList(
	context: ILoadOptionsFunctions,
	clock: Clock,
	filter?: string,
	paginationToken?: unknown,
): Promise<INodeListSearchResult> {
	const client = new MetaAccessClient(context, clock);
	const wanted = (filter ?? '').trim();
	const token = Number(paginationToken);
	const page = Number.isSafeInteger(token) && token > 1 ? token : 1;
	let devices: IDataObject[];
	let last: boolean;
	if (wanted.length >= MIN_SEARCH_FILTER) {
		const q = wanted.slice(0, MAX_SEARCH_FILTER);
		const answer = await client.searchDevices(
			{
				q,
				in: normalizeMac(q) === undefined ? 'name' : 'mac',
				limit: MAX_SEARCH_LIMIT,
				page,
			},
			LIST_REQUEST_OPTIONS,
		);
		({ devices, last } = answer);
	} else {
		const answer = await client.getDevicesPage(
			{ page, limit: MAX_PAGE_SIZE },
			LIST_REQUEST_OPTIONS,
		);
		devices = wanted === '' ? answer.devices : answer.devices.filter((d) => holds(d, wanted));
		last = answer.last || answer.devices.length === 0;
	}
	const results = devices
		.map(deviceEntry)
		.filter((entry): entry is INodeListSearchItems => entry !== undefined);
	return last ? { results } : { results, paginationToken: String(page + 1) };
}
