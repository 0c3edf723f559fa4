import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export interface NumberBounds {
	min: number;
	max: number;
	integer: boolean;
}

/**
 * A number parameter within bounds (a numeric string from an expression counts), or a
 * NodeOperationError that names the parameter and says what to set.
 */
export function checkNumber(
	node: INode,
	raw: unknown,
	label: string,
	bounds: NumberBounds,
	itemIndex?: number,
): number {
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
			{
				itemIndex,
				description: `Set '${label}' to a ${kind} from ${bounds.min} to ${bounds.max}.`,
			},
		);
	}
	return value;
}

/** The error as n8n shows it: NodeApiError and NodeOperationError pass; anything else is wrapped. */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex?: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), {
		itemIndex,
	});
}

/** Whether a parameter's stored value holds an expression anywhere (n8n marks one with a leading '='). */
export function holdsExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (Array.isArray(raw)) return raw.some(holdsExpression);
	if (typeof raw === 'object' && raw !== null) return Object.values(raw).some(holdsExpression);
	return false;
}

const JSON_FIELD_EXPRESSION = /^=\{\{\s*\$json((?:\.[A-Za-z_$][\w$]*)+)\s*\}\}$/;

/**
 * The field path of an expression that does nothing but read a field of the current item, as the
 * editor writes when a field is dragged in: `={{ $json.hwid }}` → ['hwid'],
 * `={{ $json.device.hwid }}` → ['device', 'hwid']. Anything else: undefined.
 */
export function jsonFieldPath(raw: unknown): string[] | undefined {
	if (typeof raw !== 'string') return undefined;
	const match = JSON_FIELD_EXPRESSION.exec(raw);
	return match ? match[1].slice(1).split('.') : undefined;
}

const hasOwn = (value: object, key: string) => Object.prototype.hasOwnProperty.call(value, key);
const isScalar = (value: unknown) =>
	value === null ||
	typeof value === 'string' ||
	typeof value === 'number' ||
	typeof value === 'boolean';

/**
 * The value at a field path of an item's JSON when it is one n8n's expression would give as it is
 * (a string, number, boolean or null, or a list of them), found through own fields of plain objects
 * only; otherwise `{ found: false }`, and the caller lets n8n evaluate the expression.
 */
export function readJsonField(
	json: unknown,
	path: string[],
): { found: true; value: unknown } | { found: false } {
	let current: unknown = json;
	for (const key of path) {
		if (
			typeof current !== 'object' ||
			current === null ||
			Array.isArray(current) ||
			!hasOwn(current, key)
		) {
			return { found: false };
		}
		current = (current as Record<string, unknown>)[key];
	}
	if (isScalar(current) || (Array.isArray(current) && current.every(isScalar)))
		return { found: true, value: current };
	return { found: false };
}
