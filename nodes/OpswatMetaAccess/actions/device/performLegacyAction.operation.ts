import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	executeDeviceListOperation,
	optionsCollection,
	readBatchSize,
	readChoice,
	readDevices,
	readRequestOptions,
} from './common';
import {
	legacyDeviceList,
	legacyDevicesField,
	legacyIdentifyByField,
	legacyOutput,
	sendLegacyBatch,
	type LegacyPayload,
} from './legacyResults';

export const LEGACY_ACTION_TYPES = ['dhcprenew', 'exempt_all', 'unexempt'] as const;

export const description: INodeProperties[] = [
	{
		displayName: 'Action',
		name: 'legacyActionType',
		type: 'options',
		required: true,
		displayOptions: { show: { resource: ['device'], operation: ['performLegacyAction'] } },
		options: [
			{ name: 'DHCP Renew', value: 'dhcprenew', description: 'Renew the IP address of the network interfaces of devices' },
			{ name: 'Exempt', value: 'exempt_all', description: 'Exempt devices' },
			{ name: 'Unexempt', value: 'unexempt', description: 'End the exemption of devices' },
		],
		default: 'dhcprenew',
		description: 'Which command of the older Devices Action v2.0 to send (it identifies devices by MAC address or HWID)',
	},
	legacyIdentifyByField('performLegacyAction'),
	legacyDevicesField('performLegacyAction', 'act on'),
	optionsCollection('performLegacyAction', true),
];

function readAsk(this: IExecuteFunctions, itemIndex: number) {
	const types = readChoice(this, 'legacyActionType', 'Action', itemIndex, LEGACY_ACTION_TYPES);
	const identifyBy = readChoice(this, 'identifyBy', 'Identify Devices By', itemIndex, ['mac', 'hwid'] as const);
	const devices = readDevices(this, itemIndex, identifyBy);
	const payload: LegacyPayload = { identifyBy, describe: { action: types } };
	return {
		signature: `${types}|${identifyBy}`,
		payload,
		devices,
		batchSize: readBatchSize(this, itemIndex),
		options: readRequestOptions(this, itemIndex),
	};
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await executeDeviceListOperation(this, items, {
		readAsk,
		async send(batch, options) {
			const { identifyBy, describe } = batch.payload;
			const body = {
				types: describe.action as string,
				...legacyDeviceList(identifyBy, batch.devices),
				opt: identifyBy === 'mac' ? 0 : 1,
			};
			return await sendLegacyBatch.call(this, '/o/api/v2/devices/action', body, batch, options, true);
		},
		missing: (device, payload) => legacyOutput(payload, device, undefined),
	});
}
