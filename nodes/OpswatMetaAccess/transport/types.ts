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
	 * The answer may be a file: read as bytes, handed back as a Buffer unless it says it is JSON
	 * (then parsed, as other answers are). Its headers come back too.
	 */
	binary?: boolean;
}

export interface ApiResponse {
	statusCode: number;
	body: unknown;
	/** The answer's headers (binary requests only). */
	headers?: Record<string, unknown>;
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
	/** How a page past the last one showed: a 413, or an empty list. */
	pastTheEnd?: 413 | 'empty';
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
 * (`pending` while the agent collects it). MetaAccess's `status: "error"` answer (an unknown
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
