/**
 * The fields every device-list operation shares: Identify Devices By (Device ID by default) and
 * Devices, whose placeholder and description follow the chosen identifier.
 */
import type { INodeProperties } from 'n8n-workflow';

/** How a device-list operation names its devices: by Device ID (the hwid) or by MAC address. */
export type IdentifyBy = 'id' | 'mac';

export const IDENTIFY_BY: readonly IdentifyBy[] = ['id', 'mac'];

export function identifyByField(operations: string[]): INodeProperties {
	return {
		displayName: 'Identify Devices By',
		name: 'identifyBy',
		type: 'options',
		displayOptions: { show: { resource: ['device'], operation: operations } },
		options: [
			{
				name: 'Device ID',
				value: 'id',
				description: "The device's ID (hwid), as Get Many gives it",
			},
			{ name: 'MAC Address', value: 'mac', description: 'A MAC address of the device' },
		],
		default: 'id',
		description: 'Whether Devices holds device IDs or MAC addresses (one kind per item)',
	};
}

/**
 * The Devices field, defined once per identifier (same name, shown by Identify Devices By) so that
 * its placeholder and description name what to give.
 */
export function devicesFields(operations: string[], verb: string): INodeProperties[] {
	const show = { resource: ['device'], operation: operations };
	return [
		{
			displayName: 'Devices',
			name: 'devices',
			type: 'string',
			required: true,
			displayOptions: { show: { ...show, identifyBy: ['id'] } },
			default: '',
			placeholder: 'e.g. {{ $json.hwid }} or id1, id2',
			description: `The devices to ${verb}: one device ID (hwid), a comma-separated list, or an expression giving an array`,
		},
		{
			displayName: 'Devices',
			name: 'devices',
			type: 'string',
			required: true,
			displayOptions: { show: { ...show, identifyBy: ['mac'] } },
			default: '',
			placeholder: 'e.g. {{ $json.mac_addresses[0] }} or 00:0c:29:cd:c7:b2, 00:0c:30:cd:ff:b2',
			description: `The devices to ${verb}: one MAC address, a comma-separated list, or an expression giving an array. MAC addresses may be written 00:0c:29:f2:7a:29, 00-0C-29-F2-7A-29, 000c.29f2.7a29 or 000c29f27a29.`,
		},
	];
}
