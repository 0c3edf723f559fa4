import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { checkNumber } from './parameters';

/** How long a request may wait: set in the Options of every operation and of the trigger. */
export interface RequestOptions {
	/** Longest wait, in seconds, for one rate-limit reset before retrying. */
	maxWaitOnRateLimit: number;
	/** Seconds to wait for a response. */
	timeout: number;
	itemIndex?: number;
}

export const DEFAULT_REQUEST_OPTIONS: RequestOptions = { maxWaitOnRateLimit: 120, timeout: 60 };

/** Max Wait on Rate Limit, in seconds. */
export const MAX_WAIT_ON_RATE_LIMIT = { min: 0, max: 3600 } as const;

/** Timeout of one request, in seconds. */
export const TIMEOUT = { min: 1, max: 600 } as const;

/** Options of every operation and of the trigger: how long to wait for the API. */
// The defaults are written out for n8n's linter; they are DEFAULT_REQUEST_OPTIONS' (a test holds
// them equal).
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Max Wait on Rate Limit',
		name: 'maxWaitOnRateLimit',
		type: 'number',
		typeOptions: { minValue: MAX_WAIT_ON_RATE_LIMIT.min, maxValue: MAX_WAIT_ON_RATE_LIMIT.max },
		default: 120,
		description:
			'Longest time, in seconds, to wait for the rate limit to reset when MetaAccess answers 429 before retrying. A request refused with 429 is retried for as long as the account makes progress; it fails once no request of the account has succeeded for this long.',
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: TIMEOUT.min, maxValue: TIMEOUT.max },
		default: 60,
		description: 'Seconds to wait for MetaAccess to answer one request',
	},
];

/** The request options set in an Options collection, validated. */
export function requestOptionsFrom(
	node: INode,
	options: IDataObject,
	itemIndex?: number,
): RequestOptions {
	return {
		maxWaitOnRateLimit: checkNumber(
			node,
			options.maxWaitOnRateLimit ?? DEFAULT_REQUEST_OPTIONS.maxWaitOnRateLimit,
			'Max Wait on Rate Limit',
			{ ...MAX_WAIT_ON_RATE_LIMIT, integer: false },
			itemIndex,
		),
		timeout: checkNumber(
			node,
			options.timeout ?? DEFAULT_REQUEST_OPTIONS.timeout,
			'Timeout',
			{ ...TIMEOUT, integer: false },
			itemIndex,
		),
		itemIndex,
	};
}
