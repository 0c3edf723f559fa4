import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_REQUEST_OPTIONS, type RequestOptions } from '../transport';

/** Options of every operation and of the trigger: how long to wait for the API. */
export const waitOptions: INodeProperties[] = [
	{
		displayName: 'Max Wait on Rate Limit',
		name: 'maxWaitOnRateLimit',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 3600 },
		default: 120,
		description:
			'Longest time, in seconds, to wait for the rate limit to reset when MetaAccess answers 429 before retrying. The node retries up to 5 times.',
	},
	{
		displayName: 'Timeout',
		name: 'timeout',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 600 },
		default: 60,
		description: 'Seconds to wait for MetaAccess to answer one request',
	},
];

export interface NumberBounds {
	min: number;
	max: number;
	integer: boolean;
}

/**
 * A number parameter within bounds (a numeric string from an expression counts), or a
 * NodeOperationError that names the parameter and says what to set.
 */
export function checkNumber(node: INode, raw: unknown, label: string, bounds: NumberBounds, itemIndex?: number): number {
	const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
	const kind = bounds.integer ? 'whole number' : 'number';
	if (
		typeof value !== 'number' ||
		!Number.isFinite(value) ||
		(bounds.integer && !Number.isInteger(value)) ||
		value < bounds.min ||
		value > bounds.max
	) {
		throw new NodeOperationError(
			node,
			`'${label}' must be a ${kind} from ${bounds.min} to ${bounds.max}; it is ${JSON.stringify(raw) ?? 'empty'}`,
			{ itemIndex, description: `Set '${label}' to a ${kind} from ${bounds.min} to ${bounds.max}.` },
		);
	}
	return value;
}

/** The transport options set in an Options collection, validated. */
export function requestOptionsFrom(node: INode, options: IDataObject, itemIndex?: number): RequestOptions {
	return {
		maxWaitOnRateLimit: checkNumber(
			node,
			options.maxWaitOnRateLimit ?? DEFAULT_REQUEST_OPTIONS.maxWaitOnRateLimit,
			'Max Wait on Rate Limit',
			{ min: 0, max: 3600, integer: false },
			itemIndex,
		),
		timeout: checkNumber(node, options.timeout ?? DEFAULT_REQUEST_OPTIONS.timeout, 'Timeout', { min: 1, max: 600, integer: false }, itemIndex),
		itemIndex,
	};
}

/** The error as n8n shows it: NodeApiError and NodeOperationError pass; anything else is wrapped. */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
