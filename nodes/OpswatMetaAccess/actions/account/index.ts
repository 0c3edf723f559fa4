import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';

export { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description:
					"Get the account's numbers: devices allowed and used, by compliance status, by issue severity and by worst CVE severity",
				action: 'Get the account details',
			},
		],
		default: 'get',
	},
	...get.description,
];
