import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runDeviceAction } from '../shared/deviceAction';
import {
	batchSizeOption,
	devicesFields,
	identifyByField,
	optionsCollection,
} from '../shared/descriptions';
import type { OperationRun } from '../shared/items';
import { DELETE_DEVICES_PATH } from '../shared/legacy';

/** Delete Devices' `opt` values, and the Device Action `delete` command. */
export const DELETE_MODES = [0, 2, 1, 'deviceAction'] as const;
const DELETE_OPTION_NAMES: Record<number, string> = {
	0: 'uninstall agent, keep record',
	1: 'uninstall agent, remove record',
	2: 'uninstall agent, archive record',
};

const show = { resource: ['device'], operation: ['delete'] };

export const description: INodeProperties[] = [
	identifyByField('delete'),
	...devicesFields('delete', 'delete'),
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
				name: 'Device Action Delete Command',
				value: 'deviceAction',
				description:
					"Device Action's delete command: a result per device (applied, failed, not supported)",
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
	return await runDeviceAction(this, run, (parameters, itemIndex) => {
		const mode = parameters.choice('deleteOption', 'What to Delete', itemIndex, DELETE_MODES);
		if (mode === 'deviceAction') return { endpoint: 'action', types: 'delete' };
		return {
			endpoint: 'legacy',
			path: DELETE_DEVICES_PATH,
			name: 'Delete Devices',
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
