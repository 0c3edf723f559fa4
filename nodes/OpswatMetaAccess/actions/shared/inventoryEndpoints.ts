/**
 * The endpoints of the action node's Application, Threat and Device Information resources: Get
 * Applications v3.0, Application Details v3.0, Get Threats v3.0 and Device Information v3.0. Each
 * goes through the client (the account's one rate limiter, the credential's token placement);
 * documented defaults are not sent; a 413 is an empty last page.
 */
import type { IDataObject } from 'n8n-workflow';

import type { MetaAccessClient } from '../../transport/client';
import { isObject, objectsIn, type Endpoint, type RequestOptions } from '../../transport/types';

const BASE_URL = 'Check that the Base URL of the credential points to the MetaAccess cloud.';

/** Most entries one page of these endpoints may hold (above: 406), and the documented default. */
export const INVENTORY_PAGE = { max: 50, default: 50 } as const;

/**
 * Get Applications' container is not documented: a bare list, or an object holding exactly one
 * list (OPSWAT's own add-on copes with both). The list, or undefined for anything else.
 */
function applicationList(body: unknown): unknown[] | undefined {
	if (Array.isArray(body)) return body;
	if (!isObject(body)) return undefined;
	const lists = Object.values(body).filter(Array.isArray);
	return lists.length === 1 ? lists[0] : undefined;
}

/** Get Threats' two lists; a missing list is empty (each is sent only when asked for). */
const THREAT_LISTS = ['antimalware_scan', 'local_antimalware_threats'] as const;
export type ThreatSource = (typeof THREAT_LISTS)[number];

export const INVENTORY_ENDPOINTS = {
	applications: {
		method: 'POST',
		path: '/o/api/v3/apps',
		idempotent: true,
		acceptStatus: [413],
		documented: (body) => applicationList(body) !== undefined,
		otherwise: 'Get Applications with something other than a list of applications',
		advice: BASE_URL,
	},
	applicationDetails: {
		method: 'POST',
		path: '/o/api/v3/apps/details',
		idempotent: true,
		acceptStatus: [404],
		documented: isObject,
		otherwise: 'Application Details with something other than the documented application object',
		advice: BASE_URL,
	},
	threats: {
		method: 'POST',
		path: '/o/api/v3/get_threats',
		idempotent: true,
		acceptStatus: [404, 413],
		documented: (body) =>
			isObject(body) &&
			THREAT_LISTS.every((list) => body[list] === undefined || Array.isArray(body[list])),
		otherwise: 'Get Threats with something other than the documented lists of threats',
		advice: BASE_URL,
	},
	deviceInfo: {
		method: 'POST',
		path: '/o/api/v3/device_info',
		idempotent: true,
		acceptStatus: [404],
		documented: isObject,
		otherwise: 'Device Information with something other than the documented device object',
		advice: BASE_URL,
	},
} satisfies Record<string, Endpoint>;

/** One page of a listing: its objects, and whether it is the last (short, empty or 413). */
export interface InventoryPage {
	entries: IDataObject[];
	last: boolean;
}

/** `page` and `limit`, each unless it is the documented default. */
function paging(page: number, limit: number): IDataObject {
	const parts: IDataObject = {};
	if (page > 1) parts.page = page;
	if (limit !== INVENTORY_PAGE.default) parts.limit = limit;
	return parts;
}

/** One page of Get Applications v3.0 (`body`: search, filter, sort). */
export async function applicationsPage(
	client: MetaAccessClient,
	body: IDataObject,
	page: number,
	limit: number,
	options: RequestOptions,
): Promise<InventoryPage> {
	const request = { body: { ...body, ...paging(page, limit) } };
	const response = await client.send<unknown>(INVENTORY_ENDPOINTS.applications, request, options);
	if (response.statusCode === 413) return { entries: [], last: true };
	const list = applicationList(response.body) ?? [];
	return { entries: objectsIn(list), last: list.length < limit };
}

/**
 * Application Details v3.0 of a product version, with its top 100 CVEs when `withCves`. A 404 is
 * an error naming the product and version.
 */
export async function applicationDetails(
	client: MetaAccessClient,
	productId: string,
	version: string,
	withCves: boolean,
	options: RequestOptions,
): Promise<IDataObject> {
	const body: IDataObject = { product_id: productId, version };
	if (withCves) body.verbose = { cves: 1 };
	const endpoint = INVENTORY_ENDPOINTS.applicationDetails;
	const response = await client.send<IDataObject>(endpoint, { body }, options);
	if (response.statusCode !== 404) return response.body;
	throw client.error(
		options,
		`MetaAccess has no application with product ID "${productId}" and version "${version}"`,
		'Check the Product ID and Version: they are the product_id and version of an application that Application → Get Many lists.',
		'404',
	);
}

/** A device as Get Threats and Device Information take it, and how it is named in errors. */
export interface DeviceRef {
	value: string;
	/** What `value` is: a device ID, a MAC address, or a custom ID (Device Information only). */
	by: 'id' | 'mac' | 'custom';
}

const NAMED = { id: 'device ID', mac: 'MAC address', custom: 'custom ID' } as const;

function noDevice(
	client: MetaAccessClient,
	device: DeviceRef,
	endpoint: string,
	options: RequestOptions,
) {
	return client.error(
		options,
		`MetaAccess has no device with the ${NAMED[device.by]} "${device.value}" (${endpoint} answered 404)`,
		'Check the device: it may have left the account. Its device ID is the hwid of Get Many.',
		'404',
	);
}

/**
 * One page of Get Threats v3.0 of a device: `limit` and `page` in the URL, the lists to include in
 * `verbose` (each 1 by default: only a 0 is sent). Each threat is given with `source`, the list it
 * came from; the page is the last when each list is shorter than `limit` (or on a 413).
 */
export async function threatsPage(
	client: MetaAccessClient,
	device: DeviceRef,
	include: Record<ThreatSource, boolean>,
	page: number,
	limit: number,
	options: RequestOptions,
): Promise<InventoryPage> {
	const verbose: IDataObject = {};
	if (!include.antimalware_scan) verbose.antimalware_scan = 0;
	if (!include.local_antimalware_threats) verbose.local_antimalware_threats = 0;
	const body: IDataObject = { id: device.value };
	if (Object.keys(verbose).length) body.verbose = verbose;
	const request = { body, qs: paging(page, limit) };
	const response = await client.send<IDataObject>(INVENTORY_ENDPOINTS.threats, request, options);
	if (response.statusCode === 413) return { entries: [], last: true };
	if (response.statusCode === 404) throw noDevice(client, device, 'Get Threats', options);
	const lists = THREAT_LISTS.map((source) => objectsIn(response.body[source]));
	const entries = lists.flatMap((list, i) =>
		list.map((threat) => ({ source: THREAT_LISTS[i], ...threat })),
	);
	return { entries, last: lists.every((list) => list.length < limit) };
}

/**
 * Device Information v3.0 of one device: `opt` 0 (device ID or MAC address) or 1 (custom ID),
 * always sent (its default is not documented); `select.categories` when some are chosen.
 */
export async function deviceInformation(
	client: MetaAccessClient,
	device: DeviceRef,
	categories: readonly string[],
	options: RequestOptions,
): Promise<IDataObject> {
	const body: IDataObject = { opt: device.by === 'custom' ? 1 : 0, ids: device.value };
	if (categories.length) body.select = { categories: [...categories] };
	const endpoint = INVENTORY_ENDPOINTS.deviceInfo;
	const response = await client.send<IDataObject>(endpoint, { body }, options);
	if (response.statusCode === 404) throw noDevice(client, device, 'Device Information', options);
	return response.body;
}
