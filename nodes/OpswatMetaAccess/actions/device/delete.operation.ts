import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchSizeOption, optionsCollection } from '../descriptions';
import type { OperationRun } from '../operation';
import { devicesFields, identifyByField } from './deviceFields';
import { runVerb } from './verbRun';
import { DELETE_DEVICES_PATH } from './v2DeviceList';

/** Delete Devices' `opt` values, and the Device Action `delete` command. */
export const DELETE_MODES = [0, 2, 1, 'deviceAction'] as const;
const DELETE_OPTION_NAMES: Record<number, string> = {
	0: 'uninstall agent, keep record',
	1: 'uninstall agent, remove record',
	2: 'uninstall agent, archive record',
};

const show = { resource: ['device'], operation: ['delete'] };

export const description: INodeProperties[] = [
	identifyByField(['delete']),
	...devicesFields(['delete'], 'delete'),
	{
		displayName: 'What to Delete',
		name: 'deleteOption',
		type: 'options',
		displayOptions: { show },
		// Most reversible first.
		options: [
			{
				name: 'Agent Only (Keep Cloud Record)',
				value: 0,
				description: 'Uninstall the agent from the device and keep its record in the cloud',
			},
			{
				name: 'Agent, and Archive the Cloud Record',
				value: 2,
				description: 'Uninstall the agent and archive the device record in the cloud',
			},
			{
				name: 'Agent and Cloud Record',
				value: 1,
				description: 'Uninstall the agent and remove the device from the cloud for good',
			},
			{
				name: 'Delete Command of Device Action',
				value: 'deviceAction',
				description:
					"Send the delete command of MetaAccess's Device Action endpoint instead, which answers per device ID. Its documentation does not say what it keeps.",
			},
		],
		default: 0,
		description: 'What happens to each device',
	},
	optionsCollection('delete', [batchSizeOption]),
];

export async function execute(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<INodeExecutionData[]> {
	return await runVerb(this, run, (reader, itemIndex) => {
		const mode = reader.choice('deleteOption', 'What to Delete', itemIndex, DELETE_MODES);
		if (mode === 'deviceAction') return { endpoint: 'action', types: 'delete' };
		return {
			endpoint: 'list',
			path: DELETE_DEVICES_PATH,
			// A second delete of a deleted device answers 0: never resend one whose fate is unknown.
			idempotent: false,
			fields: { opt: mode },
			describe: {
				action: 'delete',
				delete_option: mode,
				delete_option_name: DELETE_OPTION_NAMES[mode],
			},
		};
	});
}
