import type { INodeProperties } from 'n8n-workflow';

import { logFields } from '../helpers/logs';
import { waitOptions } from '../helpers/requestOptions';

export const DEFAULT_LOG_REQUESTS_PER_POLL = 5;
export const MAX_LOG_REQUESTS_PER_POLL = 10;

export const logTriggerProperties: INodeProperties[] = [
	...logFields(undefined, 'starts the workflow'),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Requests per Poll',
				name: 'maxRequestsPerPoll',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_LOG_REQUESTS_PER_POLL },
				default: DEFAULT_LOG_REQUESTS_PER_POLL,
				description:
					'Most Get Logs pages (100 entries each) one poll reads. A quiet poll sends one request; more entries than this reads are read by the next polls, none lost. The API allows 10 requests a minute: leave room for your other workflows.',
			},
			...waitOptions,
		],
	},
];
