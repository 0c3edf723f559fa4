import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { INVENTORY_PAGE, threatsPage } from '../shared/inventoryEndpoints';
import { deviceLocator, readDevice } from '../shared/device';
import { optionsCollection, returnAllAndLimit } from '../shared/descriptions';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';
import { listPages, readPagedQuery } from '../shared/paging';
import { withoutUndefined } from '../../helpers/simplify';

const show = { resource: ['threat'], operation: ['getAll'] };
const MODES = ['list', 'id', 'mac'] as const;

export const description: INodeProperties[] = [
	{
		...deviceLocator('getAll', MODES),
		displayOptions: { show },
		description:
			'The device whose threats to list: pick it from the list, or give its device ID (the hwid of Get Many) or one of its MAC addresses',
	},
	{
		displayName: 'Include Anti-Malware Scan',
		name: 'antimalwareScan',
		type: 'boolean',
		displayOptions: { show },
		default: true,
		description:
			"Whether to list the threats MetaAccess's daily anti-malware scan found on the device (source antimalware_scan)",
	},
	{
		displayName: 'Include Local Anti-Malware',
		name: 'localAntimalware',
		type: 'boolean',
		displayOptions: { show },
		default: true,
		description:
			'Whether to list the threats the anti-malware products installed on the device reported (source local_antimalware_threats)',
	},
	...returnAllAndLimit(show, 'Up to 50 threats of each source come in one request'),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show },
		default: true,
		description:
			'Whether to return each threat as device, source, threat_name, critical, time, file, hash and product_name, instead of the raw API record (with its source)',
	},
	{ ...optionsCollection('getAll'), displayOptions: { show } },
];

/** A threat in a few well-named fields, those it has: `time` is the scan time or the time it was detected. */
export function simplifyThreat(device: string, threat: IDataObject): IDataObject {
	return withoutUndefined({
		device,
		source: threat.source,
		threat_name: threat.threat_name,
		critical: threat.critical,
		time: threat.scan_time ?? threat.detected_time,
		file: threat.file,
		hash: threat.hash,
		product_name: threat.product_name,
	});
}

/** Threat → Get Many: Get Threats v3.0 of the device each item names, page by page. */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const { node } = parameters;
	const requests = readRequests(this, items.length, (itemIndex) => {
		const device = readDevice(parameters, itemIndex, MODES);
		const include = {
			antimalware_scan: parameters.boolean(
				'antimalwareScan',
				'Include Anti-Malware Scan',
				itemIndex,
				true,
			),
			local_antimalware_threats: parameters.boolean(
				'localAntimalware',
				'Include Local Anti-Malware',
				itemIndex,
				true,
			),
		};
		if (!include.antimalware_scan && !include.local_antimalware_threats)
			throw parameters.refuse(
				itemIndex,
				"'Include Anti-Malware Scan' and 'Include Local Anti-Malware' are both off: there is nothing to list",
				'Turn on at least one of them.',
			);
		return {
			device,
			include,
			query: readPagedQuery(parameters, itemIndex, INVENTORY_PAGE.max),
			simplify: parameters.boolean('simplify', 'Simplify', itemIndex, true),
			options: parameters.requestOptions(itemIndex),
		};
	});
	// Items asking the same listing share its requests.
	const listings = new Map<string, ReturnType<typeof listPages>>();
	return await executePerItem(
		this,
		requests,
		async ({ device, include, query, simplify, options }, itemIndex) => {
			const what = { endpoint: 'Get Threats', noun: 'threat', itemIndex };
			const key = JSON.stringify([device, include, query]);
			const threats = await shared(listings, key, async () =>
				listPages(node, what, query, async (page, size) =>
					threatsPage(client, device, include, page, size, options),
				),
			);
			return threats.map((threat) => ({
				json: simplify ? simplifyThreat(device.value, threat) : { ...threat },
			}));
		},
	);
}
