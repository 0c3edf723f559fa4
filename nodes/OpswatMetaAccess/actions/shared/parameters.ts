import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DeviceListError, parseDeviceList, type DeviceKey } from '../../helpers/deviceList';
import {
	checkBoolean,
	checkChoice,
	checkIdentifier,
	checkNumber,
	itemPrefix,
	toNodeError,
} from '../../helpers/parameters';
import { requestOptionsFrom } from '../../helpers/requestOptions';
import { describeValue } from '../../helpers/text';
import type { RequestOptions } from '../../transport/types';
import { BATCH_SIZE } from './descriptions';

/**
 * The node's parameters for an item, read with n8n's `getNodeParameter` (n8n resolves every
 * expression) and checked: each reader gives a value of its type, or throws a NodeOperationError
 * naming the item and the field and saying what to fix.
 */
export class NodeParameters {
	/** The node, copied once (n8n deep-copies it on every getNode()); errors name it. */
	readonly node: INode;

	constructor(private readonly context: IExecuteFunctions) {
		this.node = context.getNode();
	}

	/** A parameter's value for an item, as `getNodeParameter` gives it. */
	value(name: string, itemIndex: number, fallback?: unknown): unknown {
		return this.context.getNodeParameter(name, itemIndex, fallback);
	}

	/** A whole number parameter within bounds. */
	integer(
		name: string,
		label: string,
		itemIndex: number,
		bounds: { min: number; max: number },
		fallback?: number,
	): number {
		const raw = this.value(name, itemIndex, fallback);
		return checkNumber(this.node, raw, label, { ...bounds, integer: true }, itemIndex);
	}

	/** One of a parameter's allowed values. */
	choice<T extends string | number>(
		name: string,
		label: string,
		itemIndex: number,
		allowed: readonly T[],
	): T {
		return checkChoice(this.node, this.value(name, itemIndex), label, allowed, itemIndex);
	}

	/** A boolean parameter (a switch): true or false, never text such as "false". */
	boolean(name: string, label: string, itemIndex: number, fallback: boolean): boolean {
		return checkBoolean(this.node, this.value(name, itemIndex, fallback), label, itemIndex);
	}

	/** An identifier parameter (text, or a whole number as its text), trimmed; possibly empty. */
	identifier(name: string, label: string, itemIndex: number, maxLength?: number): string {
		const raw = this.value(name, itemIndex, '');
		return checkIdentifier(this.node, raw, label, itemIndex, maxLength);
	}

	/** The Options collection of an item: an object (each of its fields is checked by its reader). */
	options(itemIndex: number): IDataObject {
		const raw = this.value('options', itemIndex, {});
		if (raw === undefined || raw === null) return {};
		if (typeof raw === 'object' && !Array.isArray(raw)) return raw as IDataObject;
		throw new NodeOperationError(
			this.node,
			`${itemPrefix(itemIndex)}'Options' must be a collection of options; it is ${describeValue(raw)}`,
			{ itemIndex, description: "Set each option of 'Options' on its own." },
		);
	}

	/** The request options (wait on rate limit, timeout) of an item's Options collection. */
	requestOptions(itemIndex: number, options = this.options(itemIndex)): RequestOptions {
		return requestOptionsFrom(this.node, options, itemIndex);
	}

	/** The Batch Size option of an item. */
	batchSize(itemIndex: number, options: IDataObject): number {
		const { min, max } = BATCH_SIZE;
		const raw = options.batchSize ?? BATCH_SIZE.default;
		return checkNumber(this.node, raw, 'Batch Size', { min, max, integer: true }, itemIndex);
	}

	/** A switch of an item's Options collection: true or false (absent: false). */
	optionBoolean(options: IDataObject, option: string, label: string, itemIndex: number): boolean {
		return checkBoolean(this.node, options[option] ?? false, label, itemIndex);
	}

	/** The devices named by the 'Devices' field of an item. */
	devices(itemIndex: number, key: DeviceKey): string[] {
		try {
			return parseDeviceList(this.value('devices', itemIndex), key);
		} catch (error) {
			if (!(error instanceof DeviceListError)) throw toNodeError(this.node, error, itemIndex);
			throw new NodeOperationError(this.node, `Item ${itemIndex}: ${error.message}`, {
				itemIndex,
				description: 'Fix the Devices field of this item; no request was sent.',
			});
		}
	}

	/** An error about an item's input, raised before any request. */
	refuse(itemIndex: number, message: string, description: string): NodeOperationError {
		return new NodeOperationError(this.node, `Item ${itemIndex}: ${message}`, {
			itemIndex,
			description: `${description} No request was sent.`,
		});
	}
}
