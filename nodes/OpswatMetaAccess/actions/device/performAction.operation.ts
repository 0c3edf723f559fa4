import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DeviceActionBody } from '../../client/types';
import { batchSizeOption, optionsCollection } from '../descriptions';
import { runDeviceBatches } from '../deviceBatches';
import type { OperationRun } from '../operation';
import { answerEntries, deviceOutput, outputFor, type ActionPayload } from './actionAnswer';

export const ACTION_TYPES = [
	'exempt',
	'unexempt',
	're-identify',
	'ignore',
	'unignore',
	'delete',
	'dhcprenew',
	'assign_to_group',
	'fetch_agent_log',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Exempt Time must be below this (documented: "less than 65000"). */
export const EXEMPT_TIME_LIMIT = 65000;

/** Actions that must not be sent twice on a timeout: their second answer would misreport the first. */
const NOT_IDEMPOTENT: ActionType[] = ['delete', 'fetch_agent_log'];

const show = { resource: ['device'], operation: ['performAction'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Action',
		name: 'actionType',
		type: 'options',
		noDataExpression: false,
		required: true,
		displayOptions: { show },
		// eslint-disable-next-line n8n-nodes-base/node-param-options-type-unsorted-items
		options: [
			{
				name: 'Exempt',
				value: 'exempt',
				description: 'Exempt devices from compliance checks, for a time or forever',
			},
			{ name: 'Unexempt', value: 'unexempt', description: 'End the exemption of devices' },
			{
				name: 'Re-Identify',
				value: 're-identify',
				description: 'Ask devices to identify themselves again',
			},
			{ name: 'Ignore', value: 'ignore', description: 'Ignore unknown devices' },
			{ name: 'Unignore', value: 'unignore', description: 'Stop ignoring ignored devices' },
			{ name: 'Delete', value: 'delete', description: 'Delete devices' },
			{
				name: 'DHCP Renew',
				value: 'dhcprenew',
				description: 'Renew the IP address of devices with a persistent agent',
			},
			{
				name: 'Assign to Group',
				value: 'assign_to_group',
				description: 'Move devices into a group',
			},
			{
				name: 'Fetch Agent Log',
				value: 'fetch_agent_log',
				description:
					'Ask persistent agents (7.6.231.0+ / 10.4.225.0+) to upload their log; gives a command ID for Get Reports',
			},
		],
		default: 'exempt',
		description: 'Which command of Device Action v3.1 to send to the devices',
	},
	{
		displayName: 'Identify Devices By',
		name: 'identifyBy',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Device ID', value: 'id' },
			{ name: 'MAC Address', value: 'mac' },
		],
		default: 'id',
	},
	{
		displayName: 'Devices',
		name: 'devices',
		type: 'string',
		required: true,
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. {{ $json.hwid }} or id1, id2',
		description:
			'The devices to act on: one identifier, a comma-separated list, or an expression giving an array. MAC addresses may be written 00:0c:29:f2:7a:29, 00-0C-29-F2-7A-29, 000c.29f2.7a29 or 000c29f27a29.',
	},
	{
		displayName: 'Exempt Time (Hours)',
		name: 'exemptTime',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: EXEMPT_TIME_LIMIT - 1 },
		displayOptions: { show: { ...show, actionType: ['exempt'] } },
		default: 0,
		description:
			'How many hours the exemption lasts; 0 exempts the devices forever. Must be below 65000.',
	},
	{
		displayName: 'Group ID',
		name: 'groupId',
		type: 'string',
		displayOptions: { show: { ...show, actionType: ['assign_to_group'] } },
		default: 'default',
		description: 'The ID of the group to move the devices into',
	},
	optionsCollection('performAction', [batchSizeOption]),
];

export async function execute(
	this: IExecuteFunctions,
	{ items, client, reader }: OperationRun,
): Promise<INodeExecutionData[]> {
	return await runDeviceBatches(this, items, {
		readRequest(itemIndex) {
			const types = reader.choice('actionType', 'Action', itemIndex, ACTION_TYPES);
			const identifyBy = reader.choice('identifyBy', 'Identify Devices By', itemIndex, [
				'id',
				'mac',
			] as const);
			let params: IDataObject | undefined;
			let key = `${types}|${identifyBy}`;
			if (types === 'exempt') {
				const exemptTime = reader.integer(
					'exemptTime',
					'Exempt Time (Hours)',
					itemIndex,
					0,
					EXEMPT_TIME_LIMIT - 1,
					0,
				);
				params = { exempt_time: exemptTime };
				key += `|${exemptTime}`;
			} else if (types === 'assign_to_group') {
				const groupId = reader.identifier('groupId', 'Group ID', itemIndex, 'default');
				if (groupId === '') {
					throw new NodeOperationError(reader.node, `Item ${itemIndex}: 'Group ID' is empty`, {
						itemIndex,
						description:
							"Give the ID of the group to assign the devices to (MetaAccess's own default group is 'default').",
					});
				}
				params = { group_id: groupId };
				key += `|${groupId}`;
			}
			const devices = reader.devices(itemIndex, identifyBy);
			const options = reader.requestOptions(itemIndex);
			const { payload, signature } = reader.sharedPayload<ActionPayload>(key, () => ({
				types,
				identifyBy,
				...(params ? { params } : {}),
			}));
			return { signature, payload, devices, batchSize: reader.batchSize(itemIndex), options };
		},
		async send(batch, options) {
			const { types, identifyBy, params } = batch.payload;
			const body: DeviceActionBody = {
				types,
				[identifyBy === 'mac' ? 'macs' : 'ids']: batch.devices,
			};
			if (params) body.params = params;
			const answer = await client.deviceAction(body, !NOT_IDEMPOTENT.includes(types), options);
			const entries = answerEntries(batch.devices, answer, identifyBy);
			return new Map(
				batch.devices.map((device) => [
					device,
					deviceOutput(batch.payload, device, entries.get(device)),
				]),
			);
		},
		missing: (device, payload) => outputFor(payload, device, undefined, undefined),
	});
}
