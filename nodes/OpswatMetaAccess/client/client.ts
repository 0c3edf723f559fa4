import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { systemClock, type Clock } from './clock';
import { Requester } from './requester';
import type {
	DeviceActionBody,
	DevicesPage,
	DevicesPageQuery,
	MetaAccessContext,
	RemediationOpt,
	RequestOptions,
	StatusChangedPage,
	StatusChangedQuery,
} from './types';

const objectsIn = (list: unknown): IDataObject[] =>
	Array.isArray(list)
		? list.filter(
				(entry): entry is IDataObject =>
					typeof entry === 'object' && entry !== null && !Array.isArray(entry),
			)
		: [];

/**
 * Encodes a path segment; colons are legal there and kept, as in the documentation's example.
 * "." and ".." (which encoding leaves as they are) would be steps of the path, not a segment: the
 * operations refuse them with the item's error before they get here.
 */
function pathSegment(value: string): string {
	if (value === '' || value === '.' || value === '..') {
		throw new Error(
			`"${value}" cannot be sent as a path segment: it would change the request's path`,
		);
	}
	return encodeURIComponent(value).replace(/%3A/gi, ':');
}

/**
 * The one way the nodes talk to MetaAccess, made once per execution (or poll) with the clock it
 * paces and waits with: one typed method per endpoint, each checking its own answer's shape. Its
 * requester holds the credential session (read once, from the moment the client is made), the
 * account's rate limiter and the cancel signal.
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

	/** An answer whose shape is not the documented one: says which endpoint, and what may have happened. */
	private unexpected(message: string, options: RequestOptions, description?: string): NodeApiError {
		const wording = { message, itemIndex: options.itemIndex };
		return new NodeApiError(
			this.context.getNode(),
			{},
			description === undefined ? wording : { ...wording, description },
		);
	}

	/**
	 * One page of Get Devices v2.3. Documented defaults are not sent (page 1, GroupBy none,
	 * order des), so the request is the documentation's own; GroupBy is spelled `groupBy` as in the
	 * documentation's example request. A 413 (page past the end) is an empty last page.
	 */
	async getDevicesPage(query: DevicesPageQuery, options: RequestOptions): Promise<DevicesPage> {
		const qs: IDataObject = { limit: query.limit };
		if (query.page > 1) qs.page = query.page;
		if (query.groupBy && query.groupBy !== 'none') qs.groupBy = query.groupBy;
		if (query.order && query.order !== 'des') qs.order = query.order;
		const response = await this.requester.request(
			{ method: 'GET', path: '/o/api/v2.3/devices', qs, idempotent: true, acceptStatus: [413] },
			options,
		);
		if (response.statusCode === 413) return { devices: [], last: true };
		if (!Array.isArray(response.body)) {
			throw this.unexpected(
				'MetaAccess answered Get Devices with something other than the documented list of devices',
				options,
				'Check that the Base URL of the credential points to the MetaAccess cloud.',
			);
		}
		const devices = response.body.filter(
			(device): device is IDataObject =>
				typeof device === 'object' && device !== null && !Array.isArray(device),
		);
		return { devices, last: response.body.length < query.limit };
	}

	/**
	 * One page of Status Change v3.0. Its container is not documented: read as
	 * `{ monitored_devices: [...], deleted_devices: [...] }`, a missing list as empty, and a bare
	 * list as the monitored devices. A 413 (page past the end) is an empty last page.
	 */
	async statusChangedPage(
		query: StatusChangedQuery,
		options: RequestOptions,
	): Promise<StatusChangedPage> {
		const response = await this.requester.request(
			{
				method: 'POST',
				path: '/o/api/v3/devices/status_changed',
				body: { age: query.age, page: query.page, limit: query.limit },
				idempotent: true,
				acceptStatus: [413],
			},
			options,
		);
		if (response.statusCode === 413) return { monitored: [], deleted: [], last: true };
		const body = response.body as IDataObject | unknown[] | undefined;
		if (typeof body !== 'object' || body === null) {
			throw this.unexpected(
				'MetaAccess answered Status Change with something other than a list of changed devices',
				options,
				'Check that the Base URL of the credential points to the MetaAccess cloud, and that the account offers Status Change v3.0.',
			);
		}
		const monitored = objectsIn(Array.isArray(body) ? body : body.monitored_devices);
		const deleted = objectsIn(Array.isArray(body) ? [] : body.deleted_devices);
		return { monitored, deleted, last: monitored.length + deleted.length < query.limit };
	}

	/** Device Action v3.1: the list of per-device results, as the API gave it. */
	async deviceAction(
		body: DeviceActionBody,
		idempotent: boolean,
		options: RequestOptions,
	): Promise<unknown[]> {
		const response = await this.requester.request(
			{ method: 'POST', path: '/o/api/v3.1/devices/action', body, idempotent },
			options,
		);
		if (!Array.isArray(response.body)) {
			throw this.unexpected(
				'MetaAccess answered Device Action with something other than the documented list of device results',
				options,
				'The action may have been applied; list the devices to check.',
			);
		}
		return response.body;
	}

	/**
	 * A v2.0 device-list endpoint (Devices Action `/o/api/v2/devices/action`, Delete Devices
	 * `/o/api/v2/devices/delete`): its `result` list, result[i] for the i-th device sent.
	 */
	async v2DeviceList(
		path: string,
		body: IDataObject,
		idempotent: boolean,
		options: RequestOptions,
	): Promise<unknown[]> {
		const response = await this.requester.request(
			{ method: 'POST', path, body, idempotent },
			options,
		);
		const result = (response.body as { result?: unknown } | undefined)?.result;
		if (!Array.isArray(result)) {
			throw this.unexpected(
				`MetaAccess answered ${path} without the documented result list`,
				options,
				'The request may have been carried out; list the devices to check.',
			);
		}
		return result;
	}

	/** Get Remediation Link v3.0 of a device ID, MAC address (opt 0) or custom ID (opt 1): the API's object. */
	async remediationLink(
		value: string,
		opt: RemediationOpt,
		options: RequestOptions,
	): Promise<IDataObject> {
		const response = await this.requester.request(
			{
				method: 'GET',
				path: `/o/api/v3/devices/${pathSegment(value)}/remediation`,
				qs: { opt },
				idempotent: true,
			},
			options,
		);
		const body = response.body;
		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			throw this.unexpected(
				'MetaAccess answered Get Remediation Link with something other than the documented object',
				options,
			);
		}
		return body as IDataObject;
	}
}
