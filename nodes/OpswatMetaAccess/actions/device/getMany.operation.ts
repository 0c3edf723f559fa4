import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { simplifyDevice } from '../../helpers/simplify';
import {
	getDevicesPage,
	GROUP_BY_VALUES,
	MAX_PAGE_SIZE,
	ORDER_VALUES,
	pageSizeFor,
	type GroupBy,
	type Order,
} from '../../transport/getDevices';
import type { RequestOptions } from '../../transport';
import { errorMessage, itemParameter, nodeOf, optionsCollection, readAllItems, readChoice, readInteger, readRequestOptions } from './common';
import { checkNumber, toNodeError } from '../../helpers/parameters';

/** Highest Limit accepted: 2,000 pages of 50. */
export const MAX_LIMIT = 100_000;

const show = { resource: ['device'], operation: ['getAll'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		displayOptions: { show },
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		displayOptions: { show: { ...show, returnAll: [false] } },
		typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
		default: 50,
		description: 'Max number of results to return',
		hint: 'Up to 50 devices come in one request; more are fetched page by page, in as few requests as possible',
	},
	{
		displayName: 'Group By',
		name: 'groupBy',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'None', value: 'none' },
			{ name: 'HWID', value: 'hwid' },
			{ name: 'Hostname', value: 'host' },
			{ name: 'Number of Issues', value: 'issues' },
		],
		default: 'none',
		description: 'How MetaAccess groups the devices it lists',
	},
	{
		displayName: 'Order',
		name: 'order',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Descending', value: 'des' },
			{ name: 'Ascending', value: 'asc' },
		],
		default: 'des',
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show },
		default: true,
		description:
			'Whether to return a flat device with status codes also given as labels (compliant, non-compliant, …) instead of the raw API object',
	},
	optionsCollection('getAll', [
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
			default: 50,
			description:
				"Devices per request (the API's limit, 1 to 50). Unset, Return All uses 50 and Limit the size that reaches it in the fewest requests.",
		},
		{
			displayName: 'Start Page',
			name: 'startPage',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 1,
			description: 'The page (of Page Size devices) to start listing from',
		},
	]),
];

interface Walk {
	returnAll: boolean;
	limit: number;
	groupBy: GroupBy;
	order: Order;
	pageSize: number;
	startPage: number;
}

/** Walks the pages Get Many needs: Return All until a short, empty or past-the-end page; else up to Limit. */
async function walkDevices(this: IExecuteFunctions, walk: Walk, options: RequestOptions): Promise<IDataObject[]> {
	const devices: IDataObject[] = [];
	for (let page = walk.startPage; ; page++) {
		const answer = await getDevicesPage.call(this, { page, limit: walk.pageSize, groupBy: walk.groupBy, order: walk.order }, options);
		devices.push(...answer.devices);
		if (answer.last || answer.devices.length === 0) break;
		if (!walk.returnAll && devices.length >= walk.limit) break;
	}
	return walk.returnAll ? devices : devices.slice(0, walk.limit);
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = readAllItems(this, items.length, (itemIndex) => {
		const returnAll = itemParameter(this, 'returnAll', itemIndex, false) as boolean;
		const limit = returnAll ? 0 : readInteger(this, 'limit', 'Limit', itemIndex, 1, MAX_LIMIT, 50);
		const paging = itemParameter(this, 'options', itemIndex, {}) as IDataObject;
		const node = nodeOf(this);
		const walk: Walk = {
			returnAll,
			limit,
			groupBy: readChoice(this, 'groupBy', 'Group By', itemIndex, GROUP_BY_VALUES),
			order: readChoice(this, 'order', 'Order', itemIndex, ORDER_VALUES),
			pageSize:
				paging.pageSize === undefined
					? returnAll
						? MAX_PAGE_SIZE
						: pageSizeFor(limit)
					: checkNumber(node, paging.pageSize, 'Page Size', { min: 1, max: MAX_PAGE_SIZE, integer: true }, itemIndex),
			startPage: checkNumber(node, paging.startPage ?? 1, 'Start Page', { min: 1, max: Number.MAX_SAFE_INTEGER, integer: true }, itemIndex),
		};
		return {
			walk,
			simplify: itemParameter(this, 'simplify', itemIndex, true) as boolean,
			options: readRequestOptions(this, itemIndex),
		};
	});
	const output: INodeExecutionData[] = [];
	// Items asking for the same listing share one walk of the pages.
	const walks = new Map<string, IDataObject[]>();
	for (const read of plans) {
		const pairedItem = { item: read.itemIndex };
		if ('error' in read) {
			output.push({ json: { error: read.error }, pairedItem });
			continue;
		}
		const { walk, simplify, options } = read.plan;
		try {
			const key = JSON.stringify(walk);
			let devices = walks.get(key);
			if (!devices) {
				devices = await walkDevices.call(this, walk, options);
				walks.set(key, devices);
			}
			for (const device of devices) {
				output.push({ json: simplify ? simplifyDevice(device) : { ...device }, pairedItem });
			}
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, read.itemIndex);
			output.push({ json: { error: errorMessage(error) }, pairedItem });
		}
	}
	return output;
}
