import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['threat'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'List the threats found on a device by the anti-malware scan and by its local anti-malware products',
				action: 'Get many threats of a device',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
