import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { systemClock, type Clock, type RateLimitWaits } from './clock';
import { Requester } from './requester';
import {
	objectsIn,
	isObject,
	ENDPOINTS,
	type Endpoint,
	type AgentLogReport,
	type ApiRequest,
	type ApiResponse,
	type DeviceActionBody,
	type DeviceDetailsOpt,
	type DevicesPage,
	type DevicesPageQuery,
	type MetaAccessContext,
	type RemediationOpt,
	type RequestOptions,
	type SearchPage,
	type SearchQuery,
	type StatusChangedPage,
	type StatusChangedQuery,
} from './types';

/** Search Devices' response. */
type SearchResponse = { results: unknown[]; total_count?: unknown };

/**
 * Encodes a path segment; colons are legal there and kept, as in the documentation's example.
 * "." and ".." (which encoding leaves as they are) would be steps of the path, not a segment: the
 * operations refuse them with the item's error before they get here.
 */
function pathSegment(value: string): string {
	if (value === '' || value === '.' || value === '..')
		throw new Error(`"${value}" as a path segment would change the request's path`);
	return encodeURIComponent(value).replace(/%3A/gi, ':');
}

/** The file name a Content-Disposition header gives (RFC 6266: filename* first), without any folder. */
export function dispositionFileName(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	let name: string | undefined;
	try {
		const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
		name = extended ? decodeURIComponent(extended[2].trim()) : undefined;
	} catch {
		name = undefined;
	}
	const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
	name ??= plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]) : undefined;
	// A name is a name, not a path: keep what follows the last slash or backslash.
	const base = name?.split(/[/\\]/).pop()?.trim();
	return base === undefined || base === '' || base === '.' || base === '..' ? undefined : base;
}

/**
 * The one way the nodes talk to MetaAccess, made once per execution (or poll) with the clock it
 * paces and waits with: one typed method per endpoint, each checking its own response's shape.
 * Documented defaults are not sent, so each request is the documentation's own; a 413 (a page
 * past the end) is an empty last page.
 */
export class MetaAccessClient {
	private readonly requester: Requester;

	constructor(
		private readonly context: MetaAccessContext,
		private readonly clock: Clock = systemClock,
	) {
		this.requester = new Requester(context, clock);
	}

	/** The time now, on the client's clock. */
	now(): number {
		return this.clock.now();
	}

	/** What the rate limit has cost this client's requests so far (waits, 429s). */
	get rateLimitWaits(): RateLimitWaits {
		return this.requester.waits;
	}

	/** An error about a response MetaAccess gave: what it was, and what to check. */
	private error(options: RequestOptions, message: string, description?: string, httpCode?: string) {
		const wording = { message, description, httpCode, itemIndex: options.itemIndex };
		return new NodeApiError(this.context.getNode(), httpCode ? { httpCode } : {}, wording);
	}

	/** One request to `endpoint`; a success whose body is not the documented one is an error. */
	private async send<T>(
		endpoint: keyof typeof ENDPOINTS,
		parts: Partial<ApiRequest>,
		options: RequestOptions,
	): Promise<ApiResponse & { body: T }> {
		const { documented, otherwise, advice, ...defaults } = ENDPOINTS[endpoint] as Endpoint;
		const request = { idempotent: false, ...defaults, ...parts } as ApiRequest;
		const response = await this.requester.request(request, options);
		if (response.statusCode >= 300 || documented(response.body))
			return response as ApiResponse & { body: T };
		const what = endpoint === 'legacyDeviceList' ? `${request.path} ${otherwise}` : otherwise;
		throw this.error(options, `MetaAccess answered ${what}`, advice);
	}

	/** Device Action v3.1: the list of per-device results, as the API gave it. */
	async deviceAction(
		body: DeviceActionBody,
		idempotent: boolean,
		options: RequestOptions,
	): Promise<unknown[]> {
		return (await this.send<unknown[]>('deviceAction', { body, idempotent }, options)).body;
	}

	/**
	 * A legacy v2.0 device-list endpoint (Devices Action `/o/api/v2/devices/action`, Delete Devices
	 * `/o/api/v2/devices/delete`): its `result` list, result[i] for the i-th device sent.
	 */
	async legacyDeviceList(
		path: string,
		body: IDataObject,
		idempotent: boolean,
		options: RequestOptions,
	): Promise<unknown[]> {
		const parts = { path, body, idempotent };
		return (await this.send<{ result: unknown[] }>('legacyDeviceList', parts, options)).body.result;
	}

	/** Get Remediation Link v3.0 of a device ID, MAC address (opt 0) or custom ID (opt 1): the API's object. */
	async remediationLink(
		value: string,
		opt: RemediationOpt,
		options: RequestOptions,
	): Promise<IDataObject> {
		const path = `/o/api/v3/devices/${pathSegment(value)}/remediation`;
		return (await this.send<IDataObject>('remediationLink', { path, qs: { opt } }, options)).body;
	}

	/**
	 * Device Details v2.1 of a device ID (opt 0, the default: not sent) or MAC address (opt 1): the
	 * device object. A 404 (no such device) is an error that names the value and what to check.
	 */
	async deviceDetails(
		value: string,
		opt: DeviceDetailsOpt,
		options: RequestOptions,
	): Promise<IDataObject> {
		const parts = {
			path: `/o/api/v2.1/devices/${pathSegment(value)}`,
			qs: opt === 1 ? { opt } : {},
		};
		const response = await this.send<IDataObject>('deviceDetails', parts, options);
		if (response.statusCode !== 404) return response.body;
		throw this.error(
			options,
			`MetaAccess has no device with the ${opt === 1 ? 'MAC address' : 'device ID'} "${value}"`,
			opt === 1
				? 'Check the MAC address, or look the device up By ID (its device ID is the hwid of Get Many).'
				: 'Check the device ID (the hwid of Get Many), or look the device up By MAC Address. If every device is reported missing, check the Base URL of the credential.',
			'404',
		);
	}

	/**
	 * Get Reports v3.0 for the agent log a fetch_agent_log asked for (`type=agent_log`, the command
	 * ID it gave): the file once it is ready (named by Content-Disposition, else
	 * `agent_log_<command ID>.zip`; typed by Content-Type, else application/zip), else the state
	 * MetaAccess gave (`pending`). Its `status: "error"` (an unknown command ID) is an error.
	 */
	async agentLogReport(commandId: string, options: RequestOptions): Promise<AgentLogReport> {
		const qs = { type: 'agent_log', command_id: commandId };
		const { body, headers } = await this.send<unknown>('agentLogReport', { qs }, options);
		if (Buffer.isBuffer(body)) {
			const type = String(headers?.['content-type'] ?? '')
				.split(';')[0]
				.trim();
			const named = dispositionFileName(headers?.['content-disposition']);
			const fileName = named ?? `agent_log_${commandId}.zip`;
			return {
				ready: true,
				data: body,
				fileName,
				mimeType: type.toLowerCase() || 'application/zip',
			};
		}
		const { status, message } = body as { status: string; message?: unknown };
		const text = typeof message === 'string' ? message : '';
		if (status.toLowerCase() !== 'error') return { ready: false, status, message: text };
		throw this.error(
			options,
			`MetaAccess has no agent log for command ID "${commandId}"${text ? `: ${text}` : ''}`,
			'Check the Command ID: it is the command_id that Fetch Agent Log gave for the device (an empty command_id means the device could not send its log).',
		);
	}

	/** One page of Get Devices v2.3 (GroupBy spelled `groupBy`, as in the documentation's example). */
	async getDevicesPage(query: DevicesPageQuery, options: RequestOptions): Promise<DevicesPage> {
		const qs: IDataObject = { limit: query.limit };
		if (query.page > 1) qs.page = query.page;
		if (query.groupBy && query.groupBy !== 'none') qs.groupBy = query.groupBy;
		if (query.order && query.order !== 'des') qs.order = query.order;
		const { statusCode, body } = await this.send<unknown[]>('getDevicesPage', { qs }, options);
		if (statusCode === 413) return { devices: [], last: true, pastTheEnd: 413 };
		const empty = body.length === 0 ? { pastTheEnd: 'empty' as const } : {};
		return { devices: objectsIn(body), last: body.length < query.limit, ...empty };
	}

	/**
	 * One page of Status Change v3.0. Its container is not documented: read as
	 * `{ monitored_devices: [...], deleted_devices: [...] }`, a missing list as empty, and a bare
	 * list as the monitored devices.
	 */
	async statusChangedPage(
		query: StatusChangedQuery,
		options: RequestOptions,
	): Promise<StatusChangedPage> {
		const body = { age: query.age, page: query.page, limit: query.limit };
		const response = await this.send<IDataObject | unknown[]>(
			'statusChangedPage',
			{ body },
			options,
		);
		if (response.statusCode === 413) return { monitored: [], deleted: [], last: true };
		const list = response.body;
		const monitored = objectsIn(Array.isArray(list) ? list : list.monitored_devices);
		const deleted = objectsIn(Array.isArray(list) ? [] : list.deleted_devices);
		return { monitored, deleted, last: monitored.length + deleted.length < query.limit };
	}

	/**
	 * One page of Search Devices v2.1 `{ total_count, results }`: its device objects, and whether it
	 * is the last page (total_count reached, or fewer results than asked). A total_count that is not
	 * a whole number is left out.
	 */
	async searchDevices(query: SearchQuery, options: RequestOptions): Promise<SearchPage> {
		const qs: IDataObject = { q: query.q };
		if (query.in && query.in !== 'name') qs.in = query.in;
		qs.limit = query.limit;
		if (query.page > 1) qs.page = query.page;
		const response = await this.send<SearchResponse>('searchDevices', { qs }, options);
		if (response.statusCode === 413) return { devices: [], last: true };
		const { results, total_count: total } = response.body;
		const counted = typeof total === 'number' && Number.isSafeInteger(total) && total >= 0;
		const last = results.length < query.limit || (counted && query.page * query.limit >= total);
		return { devices: results.filter(isObject), ...(counted ? { totalCount: total } : {}), last };
	}
}
