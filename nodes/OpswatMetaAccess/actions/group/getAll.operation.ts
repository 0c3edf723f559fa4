import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { groupsPage, MAX_PAGE } from '../shared/complianceEndpoints';
import { optionsCollection, returnAllAndLimit, sortOrderField } from '../shared/descriptions';
import { readRequests, type OperationRun } from '../shared/items';
import { listPerItem, readPagedQuery } from '../shared/paging';

const show = { resource: ['group'], operation: ['getAll'] };
export const GROUP_SORT_FIELDS = [
	'group_name',
	'domain_name',
	'policy_name',
	'number_of_devices',
	'last_update',
] as const;
const ORDERS = ['asc', 'desc'] as const;

export const description: INodeProperties[] = [
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. finance',
		description:
			"Return only groups whose name or policy's name holds this text. Empty: every group.",
	},
	{
		displayName: 'Sort By',
		name: 'sortBy',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Domain Name', value: 'domain_name' },
			{ name: 'Group Name', value: 'group_name' },
			{ name: 'Last Update', value: 'last_update' },
			{ name: 'Number of Devices', value: 'number_of_devices' },
			{ name: 'Policy Name', value: 'policy_name' },
		],
		default: 'group_name',
		description: 'The field MetaAccess sorts the groups by',
	},
	sortOrderField(
		show,
		'A to Z, or the fewest devices first',
		'Z to A, or the most devices first',
		'asc',
	),
	...returnAllAndLimit(show, 'Up to 50 groups come in one request'),
	{ ...optionsCollection('getAll'), displayOptions: { show } },
];

/** Group → Get Many: Get Groups v3.0, page by page (each group as the API gives it). */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const requests = readRequests(this, items.length, (itemIndex) => {
		const search = parameters.value('search', itemIndex, '');
		if (typeof search !== 'string')
			throw parameters.refuse(
				itemIndex,
				"'Search' must be text",
				'Give words of a group or policy name.',
			);
		const field = parameters.choice('sortBy', 'Sort By', itemIndex, GROUP_SORT_FIELDS);
		const order = parameters.choice('order', 'Order', itemIndex, ORDERS);
		const body: IDataObject = {};
		if (search.trim() !== '') body.search = search.trim();
		if (field !== 'group_name' || order !== 'asc') body.sort = { field, order };
		return {
			body,
			query: readPagedQuery(parameters, itemIndex, MAX_PAGE.groups),
			options: parameters.requestOptions(itemIndex),
		};
	});
	return await listPerItem(
		this,
		requests,
		{ endpoint: 'Get Groups', noun: 'group' },
		async ({ body, options }, page, size) => groupsPage(client, body, page, size, options),
		(group) => ({ ...group }),
	);
}
