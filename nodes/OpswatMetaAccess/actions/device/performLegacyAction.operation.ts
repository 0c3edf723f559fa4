import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { batchSizeOption, optionsCollection } from '../descriptions';
import type { OperationRun } from '../operation';

import { legacyDevicesField, legacyIdentifyByField, runV2DeviceList } from './v2DeviceList';

export const LEGACY_ACTION_TYPES = ['dhcprenew', 'exempt_all', 'unexempt'] as const;

export const description: INodeProperties[] = [
	{
		displayName: 'Action',
		name: 'legacyActionType',
		type: 'options',
		required: true,
		displayOptions: { show: { resource: ['device'], operation: ['performLegacyAction'] } },
		options: [
			{
				name: 'DHCP Renew',
				value: 'dhcprenew',
				description: 'Renew the IP address of the network interfaces of devices',
			},
			{ name: 'Exempt', value: 'exempt_all', description: 'Exempt devices' },
			{ name: 'Unexempt', value: 'unexempt', description: 'End the exemption of devices' },
		],
		default: 'dhcprenew',
		description:
			'Which command of the older Devices Action v2.0 to send (it identifies devices by MAC address or HWID)',
	},
	legacyIdentifyByField('performLegacyAction'),
	legacyDevicesField('performLegacyAction', 'act on'),
	optionsCollection('performLegacyAction', [batchSizeOption]),
];

export async function execute(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<INodeExecutionData[]> {
	return await runV2DeviceList(this, run, {
		path: '/o/api/v2/devices/action',
		idempotent: true,
		read(reader, itemIndex, identifyBy) {
			const types = reader.choice('legacyActionType', 'Action', itemIndex, LEGACY_ACTION_TYPES);
			return { fields: { types, opt: identifyBy === 'mac' ? 0 : 1 }, describe: { action: types } };
		},
	});
}
