import type { INodeProperties } from 'n8n-workflow';

import { LOG_EVENT_OPTIONS } from '../helpers/logs';
import { waitOptions } from '../helpers/requestOptions';

export const DEFAULT_LOG_REQUESTS_PER_POLL = 5;
export const MAX_LOG_REQUESTS_PER_POLL = 10;

/** The Events field of a category that has a published event list. */
const eventsField = (category: 'device' | 'admin', example: string): INodeProperties => ({
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: LOG_EVENT_OPTIONS[category],
	default: [],
	displayOptions: { show: { category: [category] } },
	description: `Only entries of these events (the entry's event field), e.g. ${example}. None: every entry of the category.`,
});

export const logTriggerProperties: INodeProperties[] = [
	{
		displayName: 'Category',
		name: 'category',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Admin',
				value: 'admin',
				description: 'What administrators did: log-ons, configuration changes, …',
			},
			{
				name: 'Device',
				value: 'device',
				description: 'What happened to devices: added, deleted, compliant, non-compliant, …',
			},
			{
				name: 'Device Report',
				value: 'device_report',
				description: 'Reports devices sent, such as agent logs',
			},
			{
				name: 'Webhook',
				value: 'webhook',
				description: "MetaAccess's pushes to your webhook",
			},
		],
		default: 'device',
		description: 'Which of MetaAccess\'s logs (Get Logs "event_category") starts the workflow',
	},
	eventsField('device', 'deleted_api for devices deleted through the API'),
	eventsField('admin', 'configuration_change'),
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
