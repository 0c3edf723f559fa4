import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { planBatches, resultKey, type Batch, type DeviceAsk } from '../../helpers/batching';
import { DeviceListError, parseDeviceList, type DeviceKey } from '../../helpers/deviceList';
import {
	checkNumber,
	holdsExpression,
	jsonFieldPath,
	readJsonField,
	requestOptionsFrom,
	toNodeError,
	waitOptions,
} from '../../helpers/parameters';
import type { RequestOptions } from '../../transport';

export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 1000 },
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

/** Per execution (its context): the node (n8n copies it on every getNode()), and each parameter without an expression. */
const executions = new WeakMap<IExecuteFunctions, { node: INode; fixed: Map<string, unknown> }>();

function execution(context: IExecuteFunctions) {
	let known = executions.get(context);
	if (!known) executions.set(context, (known = { node: context.getNode(), fixed: new Map() }));
	return known;
}

/** The node being executed, copied once per execution (for error messages and stored parameters). */
export function nodeOf(context: IExecuteFunctions): INode {
	return execution(context).node;
}

/**
 * A parameter's value for an item, as `getNodeParameter` gives it, without n8n's per-item cost
 * where the value cannot differ: a parameter without an expression is read once for all items,
 * and an expression that only reads a field of the item (`{{ $json.hwid }}`, what the editor
 * writes when a field is dragged in) is read from the item's JSON. Anything else is n8n's to
 * evaluate, item by item. (n8n evaluates an expression in about 0.1 ms; over 1,000 items that
 * was most of the node's time.)
 */
export function itemParameter(context: IExecuteFunctions, name: string, itemIndex: number, fallback?: unknown): unknown {
	const { node, fixed } = execution(context);
	const raw = node.parameters[name];
	if (!holdsExpression(raw)) {
		if (!fixed.has(name)) fixed.set(name, context.getNodeParameter(name, itemIndex, fallback));
		return fixed.get(name);
	}
	const path = jsonFieldPath(raw);
	if (path) {
		const field = readJsonField(context.getInputData()[itemIndex]?.json, path);
		if (field.found) return field.value;
	}
	return context.getNodeParameter(name, itemIndex, fallback);
}

/** A whole number parameter of an item within bounds, or an error that says what to fix. */
export function readInteger(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	min: number,
	max: number,
	fallback?: number,
): number {
	const raw = itemParameter(context, name, itemIndex, fallback);
	return checkNumber(nodeOf(context), raw, label, { min, max, integer: true }, itemIndex);
}

/** One of a parameter's allowed values, or an error naming them. */
export function readChoice<T extends string | number>(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	allowed: readonly T[],
): T {
	const raw = itemParameter(context, name, itemIndex);
	const match = allowed.find((value) => value === raw || String(value) === String(raw).trim());
	if (match === undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`'${label}' is ${JSON.stringify(raw) ?? 'empty'}, which is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
			{ itemIndex, description: `Choose '${label}' from the list, or make the expression give one of those values.` },
		);
	}
	return match;
}

/** The transport options of an item (its Options collection), validated. */
export function readRequestOptions(context: IExecuteFunctions, itemIndex: number): RequestOptions {
	return requestOptionsFrom(nodeOf(context), itemParameter(context, 'options', itemIndex, {}) as IDataObject, itemIndex);
}

export function readBatchSize(context: IExecuteFunctions, itemIndex: number): number {
	const options = itemParameter(context, 'options', itemIndex, {}) as IDataObject;
	return checkNumber(nodeOf(context), options.batchSize ?? 100, 'Batch Size', { min: 1, max: 1000, integer: true }, itemIndex);
}

/** The devices named by the 'Devices' field of an item, or a NodeOperationError naming the item. */
export function readDevices(context: IExecuteFunctions, itemIndex: number, key: DeviceKey): string[] {
	try {
		return parseDeviceList(itemParameter(context, 'devices', itemIndex), key);
	} catch (error) {
		if (error instanceof DeviceListError) {
			throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${error.message}`, {
				itemIndex,
				description: 'Fix the Devices field of this item; no request was sent.',
			});
		}
		throw toNodeError(context.getNode(), error, itemIndex);
	}
}

export interface DeviceListOperation<P> {
	/** Reads and validates an item: its ask (without itemIndex). Throws NodeOperationError on bad input. */
	readAsk(this: IExecuteFunctions, itemIndex: number): Omit<DeviceAsk<P>, 'itemIndex'> & { options: RequestOptions };
	/** Sends one batch; resolves to the output fields per device of the batch. */
	send(this: IExecuteFunctions, batch: Batch<P>, options: RequestOptions): Promise<Map<string, IDataObject>>;
	/** Output fields for a device the answer said nothing about. */
	missing(device: string, payload: P): IDataObject;
}

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export type ItemPlan<T> = { itemIndex: number; plan: T } | { itemIndex: number; error: string };

/**
 * Reads and validates every input item before any request is sent. Bad input stops the node
 * (naming the item) before anything is done; with Continue On Fail only that item fails.
 */
export function readAllItems<T>(
	context: IExecuteFunctions,
	itemCount: number,
	read: (itemIndex: number) => T,
): Array<ItemPlan<T>> {
	const continueOnFail = context.continueOnFail();
	const plans: Array<ItemPlan<T>> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			plans.push({ itemIndex, plan: read(itemIndex) });
		} catch (error) {
			if (!continueOnFail) throw toNodeError(context.getNode(), error, itemIndex);
			plans.push({ itemIndex, error: errorMessage(error) });
		}
	}
	return plans;
}

/**
 * Runs a device-list operation over all input items: validates every item before any request,
 * sends the devices of all items in as few batches as allowed, and emits one item per device,
 * paired with the item that named it. With Continue On Fail, a bad item or a failed batch yields
 * error items for those items only; without it, the first error stops the node and says which
 * item, and what had already been done.
 */
export async function executeDeviceListOperation<P>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: DeviceListOperation<P>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const asks: Array<DeviceAsk<P>> = [];
	const itemErrors = new Map<number, string>();
	const optionsBySignature = new Map<string, RequestOptions>();
	for (const read of readAllItems(context, items.length, (itemIndex) => operation.readAsk.call(context, itemIndex))) {
		if ('error' in read) {
			itemErrors.set(read.itemIndex, read.error);
			continue;
		}
		const { options, ...ask } = read.plan;
		asks.push({ ...ask, itemIndex: read.itemIndex });
		if (!optionsBySignature.has(ask.signature)) optionsBySignature.set(ask.signature, options);
	}

	const results = new Map<string, IDataObject>();
	const batchErrors = new Map<string, string>();
	let fatal: Error | undefined;
	let devicesDone = 0;
	let requestsDone = 0;
	for (const batch of planBatches(asks)) {
		const options = { ...optionsBySignature.get(batch.signature)!, itemIndex: batch.itemIndexes[0] };
		try {
			if (fatal) throw fatal;
			const answer = await operation.send.call(context, batch, options);
			for (const device of batch.devices) {
				results.set(resultKey(batch.signature, device), answer.get(device) ?? operation.missing(device, batch.payload));
			}
			devicesDone += batch.devices.length;
			requestsDone++;
		} catch (error) {
			// A refused credential fails every later request too: send none of them.
			if (error instanceof NodeApiError && error.httpCode === '401') fatal = error;
			if (!continueOnFail) {
				if (error instanceof NodeApiError && requestsDone > 0) {
					error.description = `${error.description ?? ''} Before this failure, ${requestsDone} request${
						requestsDone === 1 ? '' : 's'
					} had been answered for ${devicesDone} device${devicesDone === 1 ? '' : 's'}; turn on Continue On Fail to get the result of each device.`.trim();
				}
				throw toNodeError(context.getNode(), error, options.itemIndex);
			}
			for (const device of batch.devices) batchErrors.set(resultKey(batch.signature, device), errorMessage(error));
		}
	}

	const output: INodeExecutionData[] = [];
	const asksByItem = new Map(asks.map((ask) => [ask.itemIndex, ask]));
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		const itemError = itemErrors.get(itemIndex);
		if (itemError !== undefined) {
			output.push({ json: { error: itemError }, pairedItem });
			continue;
		}
		const ask = asksByItem.get(itemIndex)!;
		for (const device of ask.devices) {
			const key = resultKey(ask.signature, device);
			const batchError = batchErrors.get(key);
			output.push({
				json: batchError !== undefined ? { id: device, success: false, error: batchError } : { ...results.get(key)! },
				pairedItem,
			});
		}
	}
	return output;
}
