import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['deviceInformation'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					"Get a device's compliance status, severity and categories (anti-malware, encryption, patches, …) with their issues",
				action: 'Get the information of a device',
			},
		],
		default: 'get',
	},
	...get.description,
];
