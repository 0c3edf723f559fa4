import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IPollFunctions,
} from 'n8n-workflow';

/** The n8n contexts the client works in: an action node's execution, or a trigger's poll. */
export type MetaAccessContext = IExecuteFunctions | IPollFunctions;

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
}

export interface ApiResponse {
	statusCode: number;
	body: unknown;
}

export interface RequestOptions {
	/** Longest wait, in seconds, for one rate-limit reset before retrying. */
	maxWaitOnRateLimit: number;
	/** Seconds to wait for an answer. */
	timeout: number;
	itemIndex?: number;
}

export const DEFAULT_REQUEST_OPTIONS: RequestOptions = { maxWaitOnRateLimit: 120, timeout: 60 };

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

/** Device Action v3.1: the action, the devices (by ID or by MAC address, never both) and its parameters. */
export interface DeviceActionBody extends IDataObject {
	types: string;
	ids?: string[];
	macs?: string[];
	params?: IDataObject;
}

/** The `opt` of Get Remediation Link v3.0: 0 for a device ID or MAC address, 1 for a custom ID. */
export type RemediationOpt = 0 | 1;

/**
 * The page size that reaches `wanted` devices in the fewest requests without fetching more than
 * needed: ceil(wanted / 50) pages, of equal size.
 */
export function pageSizeFor(wanted: number): number {
	if (wanted <= MAX_PAGE_SIZE) return Math.max(1, wanted);
	return Math.ceil(wanted / Math.ceil(wanted / MAX_PAGE_SIZE));
}

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
