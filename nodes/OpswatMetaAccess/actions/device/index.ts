import type { INodeProperties } from 'n8n-workflow';

import * as assignToGroup from './assignToGroup.operation';
import * as deleteDevices from './delete.operation';
import * as exempt from './exempt.operation';
import * as fetchAgentLog from './fetchAgentLog.operation';
import * as get from './get.operation';
import * as getAgentLog from './getAgentLog.operation';
import * as getAll from './getAll.operation';
import * as getRemediationLink from './getRemediationLink.operation';
import * as ignore from './ignore.operation';
import * as reIdentify from './reIdentify.operation';
import * as renewIp from './renewIp.operation';
import * as search from './search.operation';
import * as unexempt from './unexempt.operation';
import * as unignore from './unignore.operation';

// Each export is named as its operation value ("delete" cannot be a variable's name).
export {
	assignToGroup,
	deleteDevices as delete,
	exempt,
	fetchAgentLog,
	get,
	getAgentLog,
	getAll,
	getRemediationLink,
	ignore,
	reIdentify,
	renewIp,
	search,
	unexempt,
	unignore,
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
				name: 'Assign to Group',
				value: 'assignToGroup',
				description: 'Move devices into a group',
				action: 'Assign devices to a group',
			},
			{
				name: 'Delete',
				value: 'delete',
				description:
					'Uninstall the agent of devices; keep, archive or remove their record in the cloud',
				action: 'Delete devices',
			},
			{
				name: 'Exempt',
				value: 'exempt',
				description: 'Exempt devices from compliance checks, for a time or forever',
				action: 'Exempt devices',
			},
			{
				name: 'Fetch Agent Log',
				value: 'fetchAgentLog',
				description:
					'Ask the persistent agents of devices (7.6.231.0+ / 10.4.225.0+) to upload their log',
				action: 'Fetch the agent log of devices',
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
				description: 'List the devices of the account',
				action: 'Get many devices',
			},
			{
				name: 'Get Remediation Link',
				value: 'getRemediationLink',
				description: 'Get the remediation page of a device',
				action: 'Get the remediation link of a device',
			},
			{
				name: 'Ignore',
				value: 'ignore',
				description: 'Ignore unknown devices',
				action: 'Ignore devices',
			},
			{
				name: 'Re-Identify',
				value: 'reIdentify',
				description: 'Ask devices to identify themselves again',
				action: 'Identify devices again',
			},
			{
				name: 'Renew IP Address',
				value: 'renewIp',
				description: 'Renew the IP address (DHCP) of devices with a persistent agent',
				action: 'Renew the IP address of devices',
			},
			{
				name: 'Search',
				value: 'search',
				description: 'Find devices by name, device ID, MAC address, IP address or user',
				action: 'Search devices',
			},
			{
				name: 'Unexempt',
				value: 'unexempt',
				description: 'End the exemption of devices',
				action: 'Unexempt devices',
			},
			{
				name: 'Unignore',
				value: 'unignore',
				description: 'Stop ignoring ignored devices',
				action: 'Unignore devices',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...exempt.description,
	...unexempt.description,
	...reIdentify.description,
	...ignore.description,
	...unignore.description,
	...assignToGroup.description,
	...renewIp.description,
	...fetchAgentLog.description,
	...deleteDevices.description,
	...getRemediationLink.description,
	...get.description,
	...search.description,
	...getAgentLog.description,
];
