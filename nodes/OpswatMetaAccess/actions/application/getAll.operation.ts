import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { describeValue } from '../../helpers/text';
import { applicationsPage, INVENTORY_PAGE } from '../shared/inventoryEndpoints';
import {
	optionLabel,
	optionsCollection,
	returnAllAndLimit,
	sortOrderField,
} from '../shared/descriptions';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';
import { listPages, readPagedQuery } from '../shared/paging';
import type { NodeParameters } from '../shared/parameters';

const show = { resource: ['application'], operation: ['getAll'] };

/** An application's severity: the OPSWAT scale of its CVEs (the page lists no values). */
export const APPLICATION_SEVERITIES = ['critical', 'important', 'moderate', 'low', 'unknown'];
/** The sort fields: the fields of an application (the page names only the default, `name`). */
export const APPLICATION_SORT_FIELDS = [
	'name',
	'vendor',
	'version',
	'severity',
	'category_name',
	'number_of_devices',
	'number_of_cves',
] as const;
const ORDERS = ['desc', 'asc'] as const;

export const description: INodeProperties[] = [
	{
		displayName: 'Search',
		name: 'search',
		type: 'string',
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. chrome',
		description:
			'Return only applications whose name or vendor holds this keyword. Empty: every application installed on a device of the account.',
	},
	{
		displayName: 'Severity',
		name: 'severity',
		type: 'multiOptions',
		displayOptions: { show },
		options: APPLICATION_SEVERITIES.map((value) => ({ name: optionLabel(value), value })),
		default: [],
		description:
			'Return only applications whose worst known vulnerability (OPSWAT severity) is one of these. None selected: every severity.',
	},
	{
		displayName: 'Category IDs',
		name: 'categories',
		type: 'string',
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. 3, 7',
		description:
			'Return only applications of these categories: category IDs (the category_id of an application), comma-separated. Empty: every category.',
	},
	{
		displayName: 'Sort By',
		name: 'sortBy',
		type: 'options',
		displayOptions: { show },
		options: APPLICATION_SORT_FIELDS.map((value) => ({ name: optionLabel(value), value })),
		default: 'name',
		description: 'The field MetaAccess sorts the applications by',
	},
	sortOrderField(show, 'A to Z, or the smallest first', 'Z to A, or the largest first', 'desc'),
	...returnAllAndLimit(show, 'Up to 50 applications come in one request'),
	{ ...optionsCollection('getAll'), displayOptions: { show } },
];

/** The category IDs of an item: a comma-separated text or a list of IDs (text or whole numbers). */
function readCategories(parameters: NodeParameters, itemIndex: number): string[] {
	const raw = parameters.value('categories', itemIndex, '');
	const list: unknown[] =
		typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [raw];
	const ids = list.map((id) =>
		typeof id === 'string' ? id.trim() : Number.isSafeInteger(id) ? String(id) : undefined,
	);
	if (ids.includes(undefined))
		throw parameters.refuse(
			itemIndex,
			`'Category IDs' is ${describeValue(raw)}, which is not a list of category IDs`,
			'Give category IDs (the category_id of an application), comma-separated, or leave it empty.',
		);
	return [...new Set(ids.filter((id): id is string => Boolean(id)))];
}

/** The request body of an item (without paging), checked before any request. */
function readBody(parameters: NodeParameters, itemIndex: number): IDataObject {
	const search = parameters.value('search', itemIndex, '');
	if (typeof search !== 'string')
		throw parameters.refuse(
			itemIndex,
			`'Search' is ${describeValue(search)}, not text`,
			'Give a keyword of the name or vendor of the applications, or leave it empty.',
		);
	const severity = parameters.value('severity', itemIndex, []);
	if (!Array.isArray(severity) || severity.some((s) => !APPLICATION_SEVERITIES.includes(s)))
		throw parameters.refuse(
			itemIndex,
			`'Severity' is ${describeValue(severity)}, which is not a list of severities`,
			`Choose severities among ${APPLICATION_SEVERITIES.join(', ')}, or none for every severity.`,
		);
	const category = readCategories(parameters, itemIndex);
	const field = parameters.choice('sortBy', 'Sort By', itemIndex, APPLICATION_SORT_FIELDS);
	const order = parameters.choice('order', 'Order', itemIndex, ORDERS);
	const body: IDataObject = {};
	if (search.trim() !== '') body.search = search.trim();
	const filter: IDataObject = {};
	if (severity.length) filter.severity = [...new Set(severity as string[])];
	if (category.length) filter.category = category;
	if (Object.keys(filter).length) body.filter = filter;
	if (field !== 'name' || order !== 'desc') body.sort = { field, order };
	return body;
}

/** Application → Get Many: Get Applications v3.0, page by page. */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const { node } = parameters;
	const requests = readRequests(this, items.length, (itemIndex) => ({
		body: readBody(parameters, itemIndex),
		query: readPagedQuery(parameters, itemIndex, INVENTORY_PAGE.max),
		options: parameters.requestOptions(itemIndex),
	}));
	// Items asking the same listing share its requests.
	const listings = new Map<string, ReturnType<typeof listPages>>();
	return await executePerItem(this, requests, async ({ body, query, options }, itemIndex) => {
		const what = { endpoint: 'Get Applications', noun: 'application', itemIndex };
		const apps = await shared(listings, JSON.stringify([body, query]), async () =>
			listPages(node, what, query, async (page, size) =>
				applicationsPage(client, body, page, size, options),
			),
		);
		return apps.map((app) => ({ json: { ...app } }));
	});
}
