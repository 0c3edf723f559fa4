import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { describeValue } from './text';

export interface NumberBounds {
	min: number;
	max: number;
	integer: boolean;
}

/** "Item 3: " before the message of an item's parameter; nothing for a parameter of no item (the trigger's). */
export function itemPrefix(itemIndex: number | undefined): string {
	return itemIndex === undefined ? '' : `Item ${itemIndex}: `;
}

/** Numbers given as text: decimal digits only (no hex, no exponent, no Infinity). */
const DECIMAL_INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * A number parameter within bounds, or a NodeOperationError that names the item, the parameter
 * and the value as given, and says what to set. A number, or text in decimal notation (an
 * expression's "24"); not "0x10", "1e3", "Infinity", NaN, a boolean or an object.
 */
export function checkNumber(
	node: INode,
	raw: unknown,
	label: string,
	bounds: NumberBounds,
	itemIndex?: number,
): number {
	let value: number | undefined;
	if (typeof raw === 'number') value = raw;
	else if (typeof raw === 'string') {
		const text = raw.trim();
		if ((bounds.integer ? DECIMAL_INTEGER : DECIMAL).test(text)) value = Number(text);
	}
	const kind = bounds.integer ? 'whole number' : 'number';
	if (
		value === undefined ||
		!Number.isFinite(value) ||
		(bounds.integer && !Number.isInteger(value)) ||
		value < bounds.min ||
		value > bounds.max
	) {
		throw new NodeOperationError(
			node,
			`${itemPrefix(itemIndex)}'${label}' must be a ${kind} from ${bounds.min} to ${bounds.max}; it is ${describeValue(raw)}`,
			{
				itemIndex,
				description: `Set '${label}' to a ${kind} from ${bounds.min} to ${bounds.max}: a number, or text of decimal digits${bounds.integer ? '' : ' (and a decimal point)'} only.`,
			},
		);
	}
	// -0 as 0.
	return value + 0;
}

/**
 * A boolean parameter (a switch): true or false only, from the switch or an expression. Text such
 * as "false" is refused rather than read as true: `{{ "false" }}` must not turn Return All on.
 */
export function checkBoolean(
	node: INode,
	raw: unknown,
	label: string,
	itemIndex?: number,
): boolean {
	if (typeof raw === 'boolean') return raw;
	throw new NodeOperationError(
		node,
		`${itemPrefix(itemIndex)}'${label}' must be true or false; it is ${describeValue(raw)}`,
		{
			itemIndex,
			description: `Set '${label}' with its switch, or make the expression give true or false (a boolean, not text such as "false").`,
		},
	);
}

/**
 * An identifier parameter (a group ID, a device's ID or custom ID): text, or a whole number
 * (safe integer) an expression read from JSON, as its decimal text; trimmed, possibly empty (the
 * caller says what an empty one means). Anything else (an object, a list, a boolean, NaN,
 * Infinity, 1.5) is refused: it would be sent as "[object Object]", "g1,g2", "false" or "NaN".
 */
export function checkIdentifier(
	node: INode,
	raw: unknown,
	label: string,
	itemIndex?: number,
): string {
	if (typeof raw === 'string') return raw.trim();
	if (typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
	throw new NodeOperationError(
		node,
		`${itemPrefix(itemIndex)}'${label}' must be text or a whole number; it is ${describeValue(raw)}`,
		{
			itemIndex,
			description: `Give '${label}' as text, for example {{ $json.id }} where id holds one identifier, not a list or an object.`,
		},
	);
}

/**
 * One of a parameter's allowed values (from a list in the editor, or an expression): the value
 * itself, or its text (trimmed; "1" for 1). A list, an object or a boolean is refused even when its
 * text would match (["exempt"] is not "exempt").
 */
export function checkChoice<T extends string | number>(
	node: INode,
	raw: unknown,
	label: string,
	allowed: readonly T[],
	itemIndex?: number,
): T {
	const match = allowed.find(
		(value) => value === raw || (typeof raw === 'string' && String(value) === raw.trim()),
	);
	if (match === undefined) {
		throw new NodeOperationError(
			node,
			`${itemPrefix(itemIndex)}'${label}' is ${describeValue(raw)}, which is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
			{
				itemIndex,
				description: `Choose '${label}' from the list, or make the expression give one of those values.`,
			},
		);
	}
	return match;
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
