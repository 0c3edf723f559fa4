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

/** Longest identifier taken where MetaAccess documents none (its own are 16 to 17 characters). */
export const MAX_IDENTIFIER_LENGTH = 256;

/**
 * Characters an identifier never holds: control characters, and characters that show as nothing
 * (zero-width spaces and joiners U+200B to U+200F, U+2060 to U+2064, U+FEFF, bidi controls, soft
 * hyphens, variation selectors, …), which come with copied text and make a value that looks right
 * name nothing. Also line and paragraph separators, private-use characters and lone surrogates.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/** The first invisible or control character of a text, as "U+200B at character 4"; undefined if none. */
export function invisibleCharacter(text: string): string | undefined {
	const match = INVISIBLE.exec(text);
	if (!match) return undefined;
	const code = match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
	return `U+${code} at character ${[...text.slice(0, match.index)].length + 1}`;
}

/**
 * An identifier parameter (a group ID, a device's ID or custom ID, a command ID, a search query):
 * text, or a whole number (safe integer) an expression read from JSON, as its decimal text;
 * trimmed, possibly empty (the caller says what an empty one means). Refused, naming the item and
 * the field: anything else (an object, a list, a boolean, NaN, Infinity, 1.5: it would be sent as
 * "[object Object]", "g1,g2", "false" or "NaN"), a control or invisible character anywhere, and
 * more than `maxLength` characters.
 */
export function checkIdentifier(
	node: INode,
	raw: unknown,
	label: string,
	itemIndex?: number,
	maxLength = MAX_IDENTIFIER_LENGTH,
): string {
	let text: string;
	if (typeof raw === 'string') text = raw.trim();
	else if (typeof raw === 'number' && Number.isSafeInteger(raw)) text = String(raw);
	else {
		throw new NodeOperationError(
			node,
			`${itemPrefix(itemIndex)}'${label}' must be text or a whole number; it is ${describeValue(raw)}`,
			{
				itemIndex,
				description: `Give '${label}' as text, for example {{ $json.id }} where id holds one identifier, not a list or an object.`,
			},
		);
	}
	const invisible = invisibleCharacter(text);
	if (invisible !== undefined) {
		throw new NodeOperationError(
			node,
			`${itemPrefix(itemIndex)}'${label}' holds a control or invisible character (${invisible}): ${describeValue(text)}`,
			{
				itemIndex,
				description: `Type '${label}' again, or remove the character from the data it comes from: copied text often carries zero-width spaces, direction marks or line breaks. No request was sent.`,
			},
		);
	}
	if (text.length > maxLength) {
		throw new NodeOperationError(
			node,
			`${itemPrefix(itemIndex)}'${label}' is longer than ${maxLength} characters (${text.length})`,
			{
				itemIndex,
				description: `Give one value of at most ${maxLength} characters in '${label}'. No request was sent.`,
			},
		);
	}
	return text;
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
