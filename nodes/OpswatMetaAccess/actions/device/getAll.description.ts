import type { INodeProperties } from 'n8n-workflow';

import { MAX_PAGE_SIZE } from '../../transport/types';
import {
	MAX_LIMIT,
	optionsCollection,
	returnAllAndLimit,
	simplifyField,
} from '../shared/descriptions';
import { filtersField } from './getAll.filterFields';

/** Highest Limit accepted: 2,000 pages of 50. */
export { MAX_LIMIT };

const show = { resource: ['device'], operation: ['getAll'] };

/** The Get Many form. Sort By and Order are Get Devices' `groupBy` and `order`; Page Size and Start Page its `limit` and `page`. */
export const description: INodeProperties[] = [
	...returnAllAndLimit(
		show,
		'Up to 50 devices come in one request; more are fetched page by page, in as few requests as possible',
	),
	{
		displayName: 'Sort By',
		name: 'groupBy',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'None', value: 'none', description: "MetaAccess's own order" },
			{ name: 'Device ID', value: 'hwid' },
			{ name: 'Hostname', value: 'host' },
			{ name: 'Number of Issues', value: 'issues' },
		],
		default: 'none',
		description:
			'The field MetaAccess sorts the devices by (sent as the API\'s "groupBy", which sorts rather than groups)',
	},
	{
		displayName: 'Order',
		name: 'order',
		type: 'options',
		displayOptions: { show },
		options: [
			{
				name: 'Descending',
				value: 'des',
				description:
					"Z to A, or the most issues first; with Sort By None, MetaAccess's own order (the order devices joined)",
			},
			{
				name: 'Ascending',
				value: 'asc',
				description:
					"A to Z, or the fewest issues first; with Sort By None, the reverse of MetaAccess's own order (the device that joined last first)",
			},
		],
		default: 'des',
		description:
			'The direction of the listing (sent as the API\'s "order"): of the Sort By field, or of MetaAccess\'s own order when Sort By is None',
	},
	{
		displayName: 'Paging',
		name: 'paging',
		type: 'options',
		displayOptions: { show },
		options: [
			{
				name: 'Automatic',
				value: 'automatic',
				description: 'Ask for the pages Return All or Limit needs, in as few requests as possible',
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'Choose the devices per request (Page Size) and the first page (Start Page)',
			},
		],
		default: 'automatic',
		description: 'Whether the node chooses the pages it asks MetaAccess for, or you do',
	},
	{
		displayName: 'Page Size',
		name: 'pageSize',
		type: 'number',
		displayOptions: { show: { ...show, paging: ['manual'] } },
		typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
		default: 50,
		description:
			"Devices per request (the API's limit parameter, 1 to 50). Return All or Limit still decides how many devices come in all.",
	},
	{
		displayName: 'Start Page',
		name: 'startPage',
		type: 'number',
		displayOptions: { show: { ...show, paging: ['manual'] } },
		typeOptions: { minValue: 1 },
		default: 1,
		description:
			'The first page to ask for, in pages of Page Size devices. A page past the last one gives no devices, and the node says so in a note above its output.',
	},
	filtersField,
	simplifyField('getAll'),
	optionsCollection('getAll'),
];
