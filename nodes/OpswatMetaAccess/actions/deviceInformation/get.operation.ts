import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { describeValue } from '../../helpers/text';
import { deviceInformation } from '../shared/inventoryEndpoints';
import { deviceLocator, readDevice } from '../shared/device';
import { optionLabel, optionsCollection } from '../shared/descriptions';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';

const show = { resource: ['deviceInformation'], operation: ['get'] };
const MODES = ['list', 'id', 'mac', 'custom'] as const;

/** The categories Device Information's `select.categories` takes, as the vendor page lists them. */
export const DEVICE_CATEGORIES = [
	'anti-malware',
	'anti-phishing',
	'backup',
	'cleaner_optimizer',
	'cloud_storage',
	'custom_check',
	'developer_tool',
	'encryption',
	'firewall',
	'hard_drive',
	'instant_messenger',
	'media_player',
	'operating_system',
	'patch_management',
	'public_file_sharing',
	'recording_web_meeting',
	'remote_control',
	'repeated_threats',
	'suspicious_ips',
	'system_security',
	'threats',
	'toolbars',
	'unclassified_pua',
	'uninstaller',
	'user_authentication',
	'vpn_client',
	'vulnerabilities',
];

export const description: INodeProperties[] = [
	{
		...deviceLocator('get', MODES),
		displayOptions: { show },
		description:
			'The device whose compliance categories to get: pick it from the list, or give its device ID (the hwid of Get Many), one of its MAC addresses, or the custom ID linked with it',
	},
	{
		displayName: 'Categories',
		name: 'categories',
		type: 'multiOptions',
		displayOptions: { show },
		options: DEVICE_CATEGORIES.map((value) => ({ name: optionLabel(value), value })),
		default: [],
		description:
			'The compliance categories to return (e.g. anti-malware, encryption, patch_management). None selected: every category that applies to the device.',
	},
	{ ...optionsCollection('get'), displayOptions: { show } },
];

/**
 * Device Information → Get: Device Information v3.0 of the device each item names: its status,
 * severity and compliance categories with their issues, as the API gives them.
 */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const requests = readRequests(this, items.length, (itemIndex) => {
		const raw = parameters.value('categories', itemIndex, []);
		const list = typeof raw === 'string' ? raw.split(',').map((c) => c.trim()) : raw;
		if (!Array.isArray(list) || list.some((c) => c !== '' && !DEVICE_CATEGORIES.includes(c)))
			throw parameters.refuse(
				itemIndex,
				`'Categories' is ${describeValue(raw)}, which is not a list of compliance categories`,
				`Choose categories among ${DEVICE_CATEGORIES.join(', ')}, or none for every category.`,
			);
		return {
			device: readDevice(parameters, itemIndex, MODES),
			categories: [...new Set(list.filter((c) => c !== '') as string[])],
			options: parameters.requestOptions(itemIndex),
		};
	});
	// Items asking the same device and categories share one request.
	const answers = new Map<string, Promise<IDataObject>>();
	return await executePerItem(this, requests, async ({ device, categories, options }) => {
		const key = JSON.stringify([device, categories]);
		const info = await shared(answers, key, () =>
			deviceInformation(client, device, categories, options),
		);
		return [{ json: { ...info } }];
	});
}
