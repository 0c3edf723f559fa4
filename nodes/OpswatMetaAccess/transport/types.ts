import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IPollFunctions,
} from 'n8n-workflow';

/**
 * The n8n contexts the client works in: an action node's execution, a trigger's poll, or the
 * editor's list search (the device picker), all paced by the same per-account rate limiter.
 */
export type MetaAccessContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, starting with `/o/`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Whether sending the request twice is harmless. Failures that leave it unknown whether the API
	 * acted (a timeout, a 500, a dropped connection) are retried only for idempotent requests.
	 */
	idempotent: boolean;
	/** HTTP codes that are a response to hand back rather than a failure (Get Devices: 413). */
	acceptStatus?: number[];
	/**
	 * The response may be a file: read as bytes, handed back as a Buffer unless it says it is JSON
	 * (then parsed, as other responses are), with the name and type its headers give.
	 */
	binary?: boolean;
}

export interface ApiResponse {
	statusCode: number;
	body: unknown;
	/** The response's headers (binary requests only: a file's name and type). */
	headers?: Record<string, unknown>;
}

export { DEFAULT_REQUEST_OPTIONS, type RequestOptions } from '../helpers/requestOptions';

export const GROUP_BY_VALUES = ['none', 'hwid', 'host', 'issues'] as const;
export const ORDER_VALUES = ['des', 'asc'] as const;
export type GroupBy = (typeof GROUP_BY_VALUES)[number];
export type Order = (typeof ORDER_VALUES)[number];

export { MAX_PAGE_SIZE } from '../helpers/listing';

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
	/** How a page past the last one showed: a 413, or an empty list. */
	pastTheEnd?: 413 | 'empty';
	/** Get Devices v3.7: the cursor of the next page ('' on the last). */
	nextToken?: string;
}

/** Get Devices v3.3 (by `page`) or v3.7 (by `token`, a cursor): a page of the devices `filter` keeps. */
export interface FilteredDevicesQuery extends IDataObject {
	limit: number;
	page?: number;
	token?: string;
	/** v3.3's criteria (`device_status`, `severity`, `os`, `device_type`): values OR-ed, criteria AND-ed. */
	filter?: Record<string, string[]>;
}

/** Device Action v3.1: the action, the devices (by ID or by MAC address, never both) and its parameters. */
export interface DeviceActionBody extends IDataObject {
	types: string;
	ids?: string[];
	macs?: string[];
	params?: IDataObject;
}

/**
 * Get Reports v3.0 for an agent log: the file once MetaAccess has it, else the state it gave
 * (`pending` while the agent collects it). MetaAccess's `status: "error"` response (an unknown
 * command ID) is a NodeApiError, not a report.
 */
export type AgentLogReport =
	| { ready: true; data: Buffer; fileName: string; mimeType: string }
	| { ready: false; status: string; message: string };

/** The `opt` of Device Details v2.1: 0 for a device ID (hwid), 1 for a MAC address. */
export type DeviceDetailsOpt = 0 | 1;

/**
 * The `in` of Search Devices v2.1: the vendor's value table was not recoverable; `name` is the
 * documented default, the others the project's decision (README, "Search Devices").
 */
export const SEARCH_IN_VALUES = ['name', 'hwid', 'mac', 'ip', 'user'] as const;
export type SearchIn = (typeof SEARCH_IN_VALUES)[number];

/** Most devices one Search Devices v2.1 request may ask for (above: 406). */
export const MAX_SEARCH_LIMIT = 50;

export interface SearchQuery {
	/** 3 to 100 characters. */
	q: string;
	in?: SearchIn;
	limit: number;
	page: number;
}

export interface SearchPage {
	devices: IDataObject[];
	/** Devices matching in all, as MetaAccess counted them (absent on a 413). */
	totalCount?: number;
	/** No more pages: past the end (413), a short page, or total_count reached. */
	last: boolean;
}

/** The `opt` of Get Remediation Link v3.0: 0 for a device ID or MAC address, 1 for a custom ID. */
export type RemediationOpt = 0 | 1;

/** One page of Status Change v3.0 (`age` seconds back, 1..86400; `limit` 1..50). */
export interface StatusChangedQuery {
	age: number;
	page: number;
	limit: number;
}

export interface StatusChangedPage {
	/** Devices whose status changed (`device_id`, `status`, `status_detail`, …). */
	monitored: IDataObject[];
	/** Devices deleted meanwhile (`device_id`, …). */
	deleted: IDataObject[];
	/** Fewer entries than asked, or 413: there are no more pages. */
	last: boolean;
}

export const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The objects of a list (anything else in it dropped); not a list: none. */
export const objectsIn = (list: unknown): IDataObject[] =>
	Array.isArray(list) ? list.filter(isObject) : [];

const BASE_URL = 'Check that the Base URL of the credential points to the MetaAccess cloud.';

/** An endpoint: its request (a legacy one's path is given per call), and its documented response. */
export interface Endpoint {
	method: IHttpRequestMethods;
	path?: string;
	/** Whether sending it twice is harmless (Device Action's: given per call). */
	idempotent?: boolean;
	acceptStatus?: number[];
	binary?: boolean;
	/** Whether a successful response has the documented shape. */
	documented: (body: unknown) => boolean;
	/** What it was instead (after "MetaAccess answered "), and what to do. */
	otherwise: string;
	advice?: string;
}

export const ENDPOINTS = {
	deviceAction: {
		method: 'POST',
		path: '/o/api/v3.1/devices/action',
		documented: Array.isArray,
		otherwise: 'Device Action with something other than the documented list of device results',
		advice: 'The action may have been applied; list the devices to check.',
	},
	legacyDeviceList: {
		method: 'POST',
		documented: (body) => isObject(body) && Array.isArray(body.result),
		otherwise: 'without the documented result list',
		advice: 'The request may have been carried out; list the devices to check.',
	},
	remediationLink: {
		method: 'GET',
		idempotent: true,
		documented: isObject,
		otherwise: 'Get Remediation Link with something other than the documented object',
	},
	deviceDetails: {
		method: 'GET',
		idempotent: true,
		acceptStatus: [404],
		documented: isObject,
		otherwise: 'Device Details with something other than the documented device object',
	},
	agentLogReport: {
		method: 'GET',
		path: '/o/api/v3/get_reports',
		idempotent: true,
		binary: true,
		documented: (body) =>
			Buffer.isBuffer(body) ||
			(isObject(body) && typeof body.status === 'string' && body.status !== ''),
		otherwise: 'Get Reports with neither a file nor the documented status and message',
		advice: BASE_URL,
	},
	getDevicesPage: {
		method: 'GET',
		path: '/o/api/v2.3/devices',
		idempotent: true,
		acceptStatus: [413],
		documented: Array.isArray,
		otherwise: 'Get Devices with something other than the documented list of devices',
		advice: BASE_URL,
	},
	filteredDevices: {
		method: 'POST',
		idempotent: true,
		acceptStatus: [413],
		documented: (body) => isObject(body) && Array.isArray(body.devices),
		otherwise: 'Get Devices with something other than the documented devices list',
		advice: BASE_URL,
	},
	statusChangedPage: {
		method: 'POST',
		path: '/o/api/v3/devices/status_changed',
		idempotent: true,
		acceptStatus: [413],
		documented: (body) => typeof body === 'object' && body !== null,
		otherwise: 'Status Change with something other than a list of changed devices',
		advice: `${BASE_URL.slice(0, -1)}, and that the account offers Status Change v3.0.`,
	},
	searchDevices: {
		method: 'GET',
		path: '/o/api/v2.1/devices/search',
		idempotent: true,
		acceptStatus: [413],
		documented: (body) => isObject(body) && Array.isArray(body.results),
		otherwise: 'Search Devices with something other than the documented total_count and results',
		advice: BASE_URL,
	},
	logsPage: {
		method: 'POST',
		path: '/o/api/v3.3/logs',
		idempotent: true,
		acceptStatus: [413],
		documented: (body) => isObject(body) && Array.isArray(body.data),
		otherwise: 'Get Logs with something other than the data list of log entries',
		advice: `${BASE_URL.slice(0, -1)}, and that the account offers Get Logs v3.3.`,
	},
} satisfies Record<string, Endpoint>;
