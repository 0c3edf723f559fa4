import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['application'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one application version: its devices and CVE counts, optionally its CVEs',
				action: 'Get an application',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the applications installed on the devices of the account, with their severity and numbers of devices and CVEs',
				action: 'Get many applications',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
];
