import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestOptions } from '../transport/types';
import { DeviceListError, parseDeviceList, type DeviceKey } from '../helpers/deviceList';
import {
	checkBoolean,
	checkChoice,
	checkIdentifier,
	checkNumber,
	holdsExpression,
	itemPrefix,
	jsonFieldPath,
	readJsonField,
	toNodeError,
} from '../helpers/parameters';
import { requestOptionsFrom } from '../helpers/requestOptions';
import { describeValue } from '../helpers/text';
import { BATCH_SIZE } from './descriptions';

/** How a parameter's value is read for an item. */
type ParameterSource = { kind: 'fixed' } | { kind: 'field'; path: string[] } | { kind: 'n8n' };

/**
 * Reads the node's parameters for its items, made once per execution: what cannot differ between
 * items is read (and checked) once. A parameter without an expression is read once for all items;
 * an expression that only reads a field of the item (`{{ $json.hwid }}`, what the editor writes when
 * a field is dragged in) is read from the item's JSON; anything else is n8n's to evaluate, item by
 * item. (n8n evaluates an expression in about 0.1 ms; over 1,000 items that was most of the node's
 * time.) Items of one execution that ask the same of a device-list endpoint share one payload.
 */
export class ItemReader {
	/** The node, copied once (n8n deep-copies it on every getNode()). */
	readonly node: INode;

	private readonly sources = new Map<string, ParameterSource>();

	/** Parameters without an expression, as getNodeParameter gave them. */
	private readonly fixed = new Map<string, unknown>();

	/** Checked values of parameters without an expression, by check and parameter. */
	private readonly checked = new Map<string, unknown>();

	/** Shared payloads of the device-list operations, by their key. */
	private readonly payloads = new Map<string, { payload: unknown; signature: string }>();

	constructor(private readonly context: IExecuteFunctions) {
		this.node = context.getNode();
	}

	private sourceOf(name: string): ParameterSource {
		let source = this.sources.get(name);
		if (!source) {
			const raw = this.node.parameters[name];
			if (!holdsExpression(raw)) {
				source = { kind: 'fixed' };
			} else {
				const path = jsonFieldPath(raw);
				source = path ? { kind: 'field', path } : { kind: 'n8n' };
			}
			this.sources.set(name, source);
		}
		return source;
	}

	/** A parameter's value for an item, as `getNodeParameter` gives it. */
	parameter(name: string, itemIndex: number, fallback?: unknown): unknown {
		const source = this.sourceOf(name);
		if (source.kind === 'fixed') {
			if (!this.fixed.has(name)) {
				this.fixed.set(name, this.context.getNodeParameter(name, itemIndex, fallback));
			}
			return this.fixed.get(name);
		}
		if (source.kind === 'field') {
			const field = readJsonField(this.context.getInputData()[itemIndex]?.json, source.path);
			if (field.found) return field.value;
		}
		return this.context.getNodeParameter(name, itemIndex, fallback);
	}

	/**
	 * A parameter's value for an item after a check: for a parameter without an expression the check
	 * runs once per execution and its result serves every item (a failed check runs again for each
	 * item, so that its error names the item).
	 */
	private checkedParameter<T>(
		check: string,
		name: string,
		itemIndex: number,
		read: (raw: unknown) => T,
		fallback?: unknown,
	): T {
		if (this.sourceOf(name).kind !== 'fixed')
			return read(this.parameter(name, itemIndex, fallback));
		const key = `${check}|${name}`;
		if (this.checked.has(key)) return this.checked.get(key) as T;
		const value = read(this.parameter(name, itemIndex, fallback));
		this.checked.set(key, value);
		return value;
	}

	/** A whole number parameter of an item within bounds, or an error that says what to fix. */
	integer(
		name: string,
		label: string,
		itemIndex: number,
		min: number,
		max: number,
		fallback?: number,
	): number {
		return this.checkedParameter(
			'integer',
			name,
			itemIndex,
			(raw) => checkNumber(this.node, raw, label, { min, max, integer: true }, itemIndex),
			fallback,
		);
	}

	/** One of a parameter's allowed values, or an error naming them. */
	choice<T extends string | number>(
		name: string,
		label: string,
		itemIndex: number,
		allowed: readonly T[],
	): T {
		return this.checkedParameter('choice', name, itemIndex, (raw) =>
			checkChoice(this.node, raw, label, allowed, itemIndex),
		);
	}

	/** A boolean parameter (a switch): true or false, never text such as "false". */
	boolean(name: string, label: string, itemIndex: number, fallback: boolean): boolean {
		return this.checkedParameter(
			'boolean',
			name,
			itemIndex,
			(raw) => checkBoolean(this.node, raw, label, itemIndex),
			fallback,
		);
	}

	/** An identifier parameter (text, or a whole number as its text), trimmed; possibly empty. */
	identifier(name: string, label: string, itemIndex: number, fallback?: string): string {
		return this.checkedParameter(
			'identifier',
			name,
			itemIndex,
			(raw) => checkIdentifier(this.node, raw, label, itemIndex),
			fallback,
		);
	}

	/** The Options collection of an item: an object (each of its fields is checked by its reader). */
	private optionsOf(raw: unknown, itemIndex: number): IDataObject {
		if (raw === undefined || raw === null) return {};
		if (typeof raw === 'object' && !Array.isArray(raw)) return raw as IDataObject;
		throw new NodeOperationError(
			this.node,
			`${itemPrefix(itemIndex)}'Options' must be a collection of options; it is ${describeValue(raw)}`,
			{ itemIndex, description: "Set each option of 'Options' on its own." },
		);
	}

	/** The request options of an item (its Options collection), validated. */
	requestOptions(itemIndex: number): RequestOptions {
		const options = this.checkedParameter(
			'requestOptions',
			'options',
			itemIndex,
			(raw) => requestOptionsFrom(this.node, this.optionsOf(raw, itemIndex), itemIndex),
			{},
		);
		// Shared by the items when the options hold no expression: each item names itself.
		return { ...options, itemIndex };
	}

	/** The Batch Size option of an item, validated. */
	batchSize(itemIndex: number): number {
		return this.checkedParameter(
			'batchSize',
			'options',
			itemIndex,
			(raw) =>
				checkNumber(
					this.node,
					this.optionsOf(raw, itemIndex).batchSize ?? BATCH_SIZE.default,
					'Batch Size',
					{ min: BATCH_SIZE.min, max: BATCH_SIZE.max, integer: true },
					itemIndex,
				),
			{},
		);
	}

	/** A switch of the Options collection of an item: true or false (absent: `fallback`). */
	optionBoolean(option: string, label: string, itemIndex: number, fallback: boolean): boolean {
		return this.checkedParameter(
			`option:${option}`,
			'options',
			itemIndex,
			(raw) =>
				checkBoolean(
					this.node,
					this.optionsOf(raw, itemIndex)[option] ?? fallback,
					label,
					itemIndex,
				),
			{},
		);
	}

	/** The devices named by the 'Devices' field of an item, or a NodeOperationError naming the item. */
	devices(itemIndex: number, key: DeviceKey): string[] {
		try {
			return parseDeviceList(this.parameter('devices', itemIndex), key);
		} catch (error) {
			if (error instanceof DeviceListError) {
				throw new NodeOperationError(this.node, `Item ${itemIndex}: ${error.message}`, {
					itemIndex,
					description: 'Fix the Devices field of this item; no request was sent.',
				});
			}
			throw toNodeError(this.node, error, itemIndex);
		}
	}

	/**
	 * One payload object (and its signature) for every item that asks the same of a device-list
	 * endpoint: `key` tells the requests apart, `build` makes the payload the first time.
	 */
	sharedPayload<P>(key: string, build: () => P): { payload: P; signature: string } {
		let shared = this.payloads.get(key);
		if (!shared) {
			const payload = build();
			shared = { payload, signature: JSON.stringify(payload) };
			this.payloads.set(key, shared);
		}
		return shared as { payload: P; signature: string };
	}
}
