import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { waitOptions } from '../helpers/requestOptions';

/** Devices per request of the device-list operations: the one place their bounds are written. */
export const BATCH_SIZE = { min: 1, max: 1000, default: 100 } as const;

// The default is written out for n8n's linter; it is BATCH_SIZE.default (a test holds them equal).
export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: BATCH_SIZE.min, maxValue: BATCH_SIZE.max },
	default: 100,
	description:
		'Most devices to send in one request. Devices from all input items are gathered into as few requests as this allows.',
};

/** The Options collection of an operation: its own options, then the wait options. */
export function optionsCollection(operation: string, own: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['device'], operation: [operation] } },
		options: [...own, ...waitOptions],
	};
}

/** Most devices Return All or Limit may give: the listings' bound (a page cap follows from it). */
export const MAX_LIMIT = 100_000;

/** Return All, and Limit when it is off (default 50), for the operations that list devices. */
export function returnAllAndLimit(
	show: IDisplayOptions['show'],
	limitHint?: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { ...show, returnAll: [false] } },
			typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
			default: 50,
			description: 'Max number of results to return',
			...(limitHint ? { hint: limitHint } : {}),
		},
	];
}
