import type { INodeProperties } from 'n8n-workflow';

import * as deleteDevices from './delete.operation';
import * as get from './get.operation';
import * as getAgentLog from './getAgentLog.operation';
import * as getAll from './getAll.operation';
import * as getRemediationLink from './getRemediationLink.operation';
import * as performAction from './performAction.operation';
import * as performLegacyAction from './performLegacyAction.operation';
import * as search from './search.operation';

// Each export is named as its operation value ("delete" cannot be a variable's name).
export {
	deleteDevices as delete,
	get,
	getAgentLog,
	getAll,
	getRemediationLink,
	performAction,
	performLegacyAction,
	search,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['device'] } },
		options: [
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Uninstall the agent of devices, and remove or archive their record (Delete Devices v2.0)',
				action: 'Delete devices',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get one device by its ID or MAC address',
				action: 'Get a device',
			},
			{
				name: 'Get Agent Log',
				value: 'getAgentLog',
				description: 'Get the log file that Fetch Agent Log asked a device for',
				action: 'Get an agent log',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List the devices of the account (Get Devices v2.3)',
				action: 'Get many devices',
			},
			{
				name: 'Get Remediation Link',
				value: 'getRemediationLink',
				description: 'Get the remediation page of a device (v3.0)',
				action: 'Get the remediation link of a device',
			},
			{
				name: 'Perform Action',
				value: 'performAction',
				description:
					'Exempt, unexempt, re-identify, ignore, unignore, delete, DHCP-renew, assign to a group, or fetch the agent log of devices (Device Action v3.1)',
				action: 'Perform an action on devices',
			},
			{
				name: 'Perform Legacy Action',
				value: 'performLegacyAction',
				description:
					'DHCP-renew, exempt or unexempt devices by MAC address or HWID (Devices Action v2.0)',
				action: 'Perform a legacy action on devices',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find devices by name, device ID, MAC address, IP address or user',
				action: 'Search devices',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...performAction.description,
	...performLegacyAction.description,
	...deleteDevices.description,
	...getRemediationLink.description,
	...get.description,
	...search.description,
	...getAgentLog.description,
];
