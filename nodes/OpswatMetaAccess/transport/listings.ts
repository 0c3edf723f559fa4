import type { IDataObject } from 'n8n-workflow';

import { readSearchPage } from './answers';
import { ClientCore, objectsIn } from './clientCore';
import type {
	DevicesPage,
	DevicesPageQuery,
	RequestOptions,
	SearchPage,
	SearchQuery,
	StatusChangedPage,
	StatusChangedQuery,
} from './types';

/** The paged listings: Get Devices, Status Change and Search Devices, one page a call. */
export abstract class ListingEndpoints extends ClientCore {
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
		if (response.statusCode === 413) return { devices: [], last: true, pastTheEnd: 413 };
		if (!Array.isArray(response.body)) {
			throw this.unexpected(
				'MetaAccess answered Get Devices with something other than the documented list of devices',
				options,
				'Check that the Base URL of the credential points to the MetaAccess cloud.',
			);
		}
		return {
			devices: objectsIn(response.body),
			last: response.body.length < query.limit,
			...(response.body.length === 0 ? { pastTheEnd: 'empty' as const } : {}),
		};
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

	/**
	 * One page of Search Devices v2.1. Documented defaults are not sent (in=name, page 1). A 413
	 * (page past the end) is an empty last page.
	 */
	async searchDevices(query: SearchQuery, options: RequestOptions): Promise<SearchPage> {
		const qs: IDataObject = { q: query.q };
		if (query.in && query.in !== 'name') qs.in = query.in;
		qs.limit = query.limit;
		if (query.page > 1) qs.page = query.page;
		const response = await this.requester.request(
			{
				method: 'GET',
				path: '/o/api/v2.1/devices/search',
				qs,
				idempotent: true,
				acceptStatus: [413],
			},
			options,
		);
		if (response.statusCode === 413) return { devices: [], last: true };
		const page = readSearchPage(response.body, query);
		if (!page) {
			throw this.unexpected(
				'MetaAccess answered Search Devices with something other than the documented total_count and results',
				options,
				'Check that the Base URL of the credential points to the MetaAccess cloud.',
			);
		}
		return page;
	}
}
