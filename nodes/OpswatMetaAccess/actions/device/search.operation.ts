import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { MetaAccessClient } from '../../transport/client';
import {
	MAX_SEARCH_LIMIT,
	pageSizeFor,
	SEARCH_IN_VALUES,
	type RequestOptions,
	type SearchIn,
} from '../../transport/types';
import { ListingPages } from '../../helpers/listing';
import { checkIdentifier } from '../../helpers/parameters';
import { simplifyDevice } from '../../helpers/simplify';
import { plural } from '../../helpers/text';
import {
	MAX_LIMIT,
	optionsCollection,
	returnAllAndLimit,
	simplifyField,
} from '../shared/descriptions';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';

/** Length of a query Search Devices takes. */
export const QUERY_LENGTH = { min: 3, max: 100 } as const;

const show = { resource: ['device'], operation: ['search'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Query',
		name: 'query',
		type: 'string',
		required: true,
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. finance laptop',
		description:
			'Text to find, 3 to 100 characters; a device matches when it holds every word (in any case)',
	},
	{
		displayName: 'Search In',
		name: 'searchIn',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Device ID', value: 'hwid', description: 'The device ID (hwid)' },
			{ name: 'IP Address', value: 'ip', description: 'IPv4 and IPv6 addresses of the device' },
			{ name: 'MAC Address', value: 'mac', description: 'MAC addresses of the device' },
			{ name: 'Name', value: 'name', description: 'Hostname and nickname' },
			{ name: 'User', value: 'user', description: 'User name and domain of the device' },
		],
		default: 'name',
		description: 'Which fields of the devices to search',
	},
	...returnAllAndLimit(show),
	simplifyField('search'),
	optionsCollection('search'),
];

export interface SearchRequest {
	q: string;
	in: SearchIn;
	returnAll: boolean;
	limit: number;
}

function readQuery(node: INode, raw: unknown, itemIndex: number): string {
	const q = checkIdentifier(node, raw, 'Query', itemIndex, Infinity);
	if (q.length < QUERY_LENGTH.min || q.length > QUERY_LENGTH.max) {
		throw new NodeOperationError(
			node,
			`Item ${itemIndex}: 'Query' must be ${QUERY_LENGTH.min} to ${QUERY_LENGTH.max} characters long; it has ${plural(q.length, 'character')}`,
			{
				itemIndex,
				description: `MetaAccess searches for ${QUERY_LENGTH.min} to ${QUERY_LENGTH.max} characters. No request was sent.`,
			},
		);
	}
	return q;
}

/**
 * The devices a search finds: pages of Search Devices (50 a request for Return All, else the page
 * size that reaches Limit in the fewest requests) until Limit, total_count, a short page or a
 * page past the end (413). Stops with an error when a page repeats any earlier page of the search,
 * or after the most pages the search allows (those of Limit; Return All: those of 100,000 devices
 * and one to see the end) without its end.
 */
export async function searchAll(
	client: MetaAccessClient,
	node: INode,
	plan: SearchRequest,
	options: RequestOptions,
): Promise<IDataObject[]> {
	const limit = plan.returnAll ? MAX_SEARCH_LIMIT : pageSizeFor(plan.limit);
	const maxPages = plan.returnAll
		? Math.ceil(MAX_LIMIT / limit) + 1
		: Math.ceil(plan.limit / limit);
	const devices: IDataObject[] = [];
	const pages = new ListingPages(node, 'Search Devices', { itemIndex: options.itemIndex });
	for (let page = 1; ; page++) {
		const answer = await client.searchDevices({ q: plan.q, in: plan.in, limit, page }, options);
		pages.take(page, answer.devices);
		devices.push(...answer.devices);
		if (answer.last || answer.devices.length === 0) break;
		if (!plan.returnAll && devices.length >= plan.limit) break;
		if (page >= maxPages) {
			const stopped = `stopped after ${plural(page, 'request')}`;
			throw plan.returnAll
				? pages.error(
						`MetaAccess answered ${plural(page, 'page')} of Search Devices without reaching the last page or total_count: Return All lists at most ${MAX_LIMIT.toLocaleString('en-US')} devices; ${stopped}`,
						'The search finds more devices than Return All gathers, or the API does not end its list. Narrow the query, or turn Return All off and set a Limit.',
					)
				: pages.error(
						`MetaAccess answered ${plural(page, 'page')} of Search Devices without the ${plural(plan.limit, 'device')} asked for or a last page: its pages held only ${plural(devices.length, 'device')}; ${stopped}`,
						'The pages held entries that are not devices. Check that the Base URL of the credential points to the MetaAccess cloud.',
					);
		}
	}
	return plan.returnAll ? devices : devices.slice(0, plan.limit);
}

/** Search Devices: the devices whose chosen fields hold every word of the query. */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const { node } = parameters;
	const requests = readRequests(this, items.length, (itemIndex) => {
		const returnAll = parameters.boolean('returnAll', 'Return All', itemIndex, false);
		const limit = returnAll
			? 0
			: parameters.integer('limit', 'Limit', itemIndex, { min: 1, max: MAX_LIMIT }, 50);
		const query: SearchRequest = {
			q: readQuery(node, parameters.value('query', itemIndex, ''), itemIndex),
			in: parameters.choice('searchIn', 'Search In', itemIndex, SEARCH_IN_VALUES),
			returnAll,
			limit,
		};
		return {
			query,
			simplify: parameters.boolean('simplify', 'Simplify', itemIndex, true),
			options: parameters.requestOptions(itemIndex),
		};
	});
	// Items asking the same search share its requests.
	const searches = new Map<string, Promise<IDataObject[]>>();
	return await executePerItem(this, requests, async ({ query, simplify, options }) => {
		const devices = await shared(searches, JSON.stringify(query), () =>
			searchAll(client, node, query, options),
		);
		return devices.map((device) => ({ json: simplify ? simplifyDevice(device) : { ...device } }));
	});
}
