import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { applicationDetails } from '../shared/inventoryEndpoints';
import { optionsCollection } from '../shared/descriptions';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';

const show = { resource: ['application'], operation: ['get'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Product ID',
		name: 'productId',
		type: 'string',
		required: true,
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. {{ $json.product_id }}',
		description:
			'The OPSWAT signature ID of the product: the product_id of an application that Get Many lists',
	},
	{
		displayName: 'Version',
		name: 'version',
		type: 'string',
		required: true,
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. {{ $json.version }}',
		description: 'The version of the product, exactly as Get Many lists it (e.g. 120.0.6099.71)',
	},
	{
		displayName: 'Include CVEs',
		name: 'includeCves',
		type: 'boolean',
		displayOptions: { show },
		default: false,
		description:
			'Whether to add the top 100 CVEs of this version (ID, severity, summary, update date, OPSWAT, CVSS 2 and CVSS 3 scores), worst first, under cves',
	},
	{ ...optionsCollection('get'), displayOptions: { show } },
];

/** Application → Get: Application Details v3.0 of a product version, optionally with its CVEs. */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const requests = readRequests(this, items.length, (itemIndex) => {
		const read = (name: string, label: string, what: string) => {
			const value = parameters.identifier(name, label, itemIndex);
			if (value !== '') return value;
			throw parameters.refuse(itemIndex, `'${label}' is empty`, `Give the ${what}.`);
		};
		return {
			productId: read('productId', 'Product ID', 'product_id of an application from Get Many'),
			version: read('version', 'Version', 'version of the application, as Get Many lists it'),
			withCves: parameters.boolean('includeCves', 'Include CVEs', itemIndex, false),
			options: parameters.requestOptions(itemIndex),
		};
	});
	// Items asking the same application share one request.
	const answers = new Map<string, Promise<IDataObject>>();
	return await executePerItem(this, requests, async ({ productId, version, withCves, options }) => {
		const key = JSON.stringify([productId, version, withCves]);
		const app = await shared(answers, key, () =>
			applicationDetails(client, productId, version, withCves, options),
		);
		return [{ json: { ...app } }];
	});
}
