import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchSizeOption, optionsCollection } from '../descriptions';
import type { OperationRun } from '../operation';

import { legacyDevicesField, legacyIdentifyByField, runV2DeviceList } from './v2DeviceList';

export const DELETE_OPTIONS = [0, 1, 2] as const;
const DELETE_OPTION_NAMES: Record<number, string> = {
	0: 'uninstall agent, keep record',
	1: 'uninstall agent, remove record',
	2: 'uninstall agent, archive record',
};

export const description: INodeProperties[] = [
	{
		displayName: 'What to Delete',
		name: 'deleteOption',
		type: 'options',
		displayOptions: { show: { resource: ['device'], operation: ['delete'] } },
		options: [
			{
				name: 'Agent Only',
				value: 0,
				description: 'Uninstall the agent from the device and keep its data in the cloud',
			},
			{
				name: 'Agent and Cloud Record',
				value: 1,
				description: 'Uninstall the agent and remove the device from the cloud',
			},
			{
				name: 'Agent, Archive Cloud Record',
				value: 2,
				description: 'Uninstall the agent and archive the device record in the cloud',
			},
		],
		default: 1,
		description: 'What happens to each device (Delete Devices v2.0)',
	},
	legacyIdentifyByField('delete'),
	legacyDevicesField('delete', 'delete'),
	optionsCollection('delete', [batchSizeOption]),
];

export async function execute(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<INodeExecutionData[]> {
	return await runV2DeviceList(this, run, {
		path: '/o/api/v2/devices/delete',
		// A second delete of a deleted device answers 0: never resend one whose fate is unknown.
		idempotent: false,
		read(reader, itemIndex) {
			const opt = reader.choice('deleteOption', 'What to Delete', itemIndex, DELETE_OPTIONS);
			return {
				fields: { opt },
				describe: {
					action: 'delete',
					delete_option: opt,
					delete_option_name: DELETE_OPTION_NAMES[opt],
				},
			};
		},
	});
}
