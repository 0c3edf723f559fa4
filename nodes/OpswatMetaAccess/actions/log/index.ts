import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['log'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the entries of one MetaAccess log (admin, device, webhook or device report events) in a time window, oldest first',
				action: 'Get many log entries',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
