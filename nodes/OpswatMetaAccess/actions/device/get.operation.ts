import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { simplifyDevice } from '../../helpers/simplify';
import { optionsCollection } from '../descriptions';
import { outputPerItem, readAllItems } from '../itemLoop';
import type { OperationRun } from '../operation';
import { deviceLocator, readDevice } from './deviceLocator';

const MODES = ['list', 'id', 'mac'] as const;

export const description: INodeProperties[] = [
	deviceLocator('get', MODES),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show: { resource: ['device'], operation: ['get'] } },
		default: true,
		description:
			'Whether to return a flat device with status codes also given as labels (compliant, non-compliant, …) instead of the raw API object',
	},
	optionsCollection('get'),
];

/** Get a Device: Device Details of the device each item names (by device ID or MAC address). */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, reader }: OperationRun,
): Promise<INodeExecutionData[]> {
	const plans = readAllItems(this, items.length, (itemIndex) => ({
		device: readDevice(reader, itemIndex, MODES),
		simplify: reader.boolean('simplify', 'Simplify', itemIndex, true),
		options: reader.requestOptions(itemIndex),
	}));
	// Items naming the same device share one request.
	const answers = new Map<string, IDataObject>();
	return await outputPerItem(this, plans, async ({ device, simplify, options }) => {
		const key = `${device.by}|${device.value}`;
		let answer = answers.get(key);
		if (!answer) {
			answer = await client.deviceDetails(device.value, device.by === 'mac' ? 1 : 0, options);
			answers.set(key, answer);
		}
		return [simplify ? simplifyDevice(answer) : { ...answer }];
	});
}
