import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { MetaAccessClient } from '../transport/client';
import type { Clock } from '../transport/clock';
import { MAX_SEARCH_LIMIT, MAX_PAGE_SIZE, type RequestOptions } from '../transport/types';
import { ListingPages } from '../helpers/listing';
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

/**
 * A device as a list entry: its hostname (and nickname), then its device ID; the value is the device
 * ID, the link its page in the MetaAccess console (its remediation page), when the listing gives one.
 */
export function deviceEntry(device: IDataObject): INodeListSearchItems | undefined {
	const hwid = text(device.hwid);
	if (hwid === '') return undefined;
	const hostname = text(device.hostname);
	const nickname = text(device.nickname);
	const label =
		hostname && nickname && nickname !== hostname
			? `${hostname} (${nickname})`
			: hostname || nickname || 'Unnamed device';
	const entry: INodeListSearchItems = {
		name: `${label} · ${hwid}`,
		value: hwid,
		description: `Device ID ${hwid}`,
	};
	const link = text(device.remediation_link);
	if (/^https?:\/\/\S+$/i.test(link)) entry.url = link;
	return entry;
}

/** Whether a device's hostname, nickname or device ID holds the filter (any case). */
function holds(device: IDataObject, filter: string): boolean {
	const wanted = filter.toLowerCase();
	return [device.hostname, device.nickname, device.hwid].some((field) =>
		text(field).toLowerCase().includes(wanted),
	);
}

/** Most pages the device picker lists (5,000 devices); past them, a filter narrows the list. */
export const MAX_LIST_PAGES = 100;

/**
 * The page a pagination token asks for, and the keys of the pages listed before it: the token is
 * `<page>.<key of page 1>.<key of page 2>…` (a bare page number, as older tokens were, has no keys).
 */
function readToken(token: unknown): { page: number; earlier: string[] } {
	const [first, ...earlier] = (typeof token === 'string' ? token : '').split('.');
	const page = Number(first);
	if (!Number.isSafeInteger(page) || page <= 1) return { page: 1, earlier: [] };
	return { page, earlier: earlier.length === page - 1 ? earlier : [] };
}

/**
 * The device picker's list, one request a page: Search Devices (in names, or in MAC addresses
 * for a filter that is one) for a filter of 3 characters or more, else the pages of Get Devices
 * (a filter of 1 or 2 characters is matched on each page's hostnames, nicknames and device IDs).
 * The pagination token is the next page's number and the keys of the pages listed: a page that
 * repeats an earlier one stops the list with an error, and so does a page past MAX_LIST_PAGES
 * (before any request).
 */
export async function searchDeviceList(
	context: ILoadOptionsFunctions,
	clock: Clock,
	filter?: string,
	paginationToken?: unknown,
): Promise<INodeListSearchResult> {
	const client = new MetaAccessClient(context, clock);
	const wanted = (filter ?? '').trim();
	const { page, earlier } = readToken(paginationToken);
	const search = wanted.length >= MIN_SEARCH_FILTER;
	const pages = new ListingPages(context.getNode(), search ? 'Search Devices' : 'Get Devices', {
		earlier,
	});
	// The list's requests so far: one a page.
	pages.requests = page - 1;
	if (page > MAX_LIST_PAGES) {
		throw pages.error(
			`The list shows at most ${MAX_LIST_PAGES} pages (${(MAX_LIST_PAGES * MAX_PAGE_SIZE).toLocaleString('en-US')} devices)`,
			'Type part of a hostname (3 characters or more) or a MAC address to search, or choose By ID.',
		);
	}
	let devices: IDataObject[];
	let last: boolean;
	if (search) {
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
		pages.take(page, answer.devices);
		({ devices, last } = answer);
	} else {
		const answer = await client.getDevicesPage(
			{ page, limit: MAX_PAGE_SIZE },
			LIST_REQUEST_OPTIONS,
		);
		pages.take(page, answer.devices);
		devices = wanted === '' ? answer.devices : answer.devices.filter((d) => holds(d, wanted));
		last = answer.last || answer.devices.length === 0;
	}
	const results = devices
		.map(deviceEntry)
		.filter((entry): entry is INodeListSearchItems => entry !== undefined);
	if (last) return { results };
	return { results, paginationToken: [String(page + 1), ...pages.keys].join('.') };
}
