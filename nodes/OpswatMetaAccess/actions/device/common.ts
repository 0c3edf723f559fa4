import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { planBatches, type Batch, type DeviceAsk } from '../../helpers/batching';
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

/** How a parameter's value is read for an item. */
type ParameterSource = { kind: 'fixed' } | { kind: 'field'; path: string[] } | { kind: 'n8n' };

interface Execution {
	/** The node, copied once (n8n deep-copies it on every getNode()). */
	node: INode;
	sources: Map<string, ParameterSource>;
	/** Parameters without an expression, as getNodeParameter gave them. */
	fixed: Map<string, unknown>;
	/** Checked values of parameters without an expression, by check and parameter. */
	checked: Map<string, unknown>;
	/** Shared payloads of the device-list operations, by their key. */
	payloads: Map<string, { payload: unknown; signature: string }>;
}

/** Per execution (its context): what is read once for all items. */
const executions = new WeakMap<IExecuteFunctions, Execution>();

function execution(context: IExecuteFunctions): Execution {
	let known = executions.get(context);
	if (!known) {
		known = { node: context.getNode(), sources: new Map(), fixed: new Map(), checked: new Map(), payloads: new Map() };
		executions.set(context, known);
	}
	return known;
}

/** The node being executed, copied once per execution (for error messages and stored parameters). */
export function nodeOf(context: IExecuteFunctions): INode {
	return execution(context).node;
}

function sourceOf(known: Execution, name: string): ParameterSource {
	let source = known.sources.get(name);
	if (!source) {
		const raw = known.node.parameters[name];
		if (!holdsExpression(raw)) {
			source = { kind: 'fixed' };
		} else {
			const path = jsonFieldPath(raw);
			source = path ? { kind: 'field', path } : { kind: 'n8n' };
		}
		known.sources.set(name, source);
	}
	return source;
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
	const known = execution(context);
	const source = sourceOf(known, name);
	if (source.kind === 'fixed') {
		if (!known.fixed.has(name)) known.fixed.set(name, context.getNodeParameter(name, itemIndex, fallback));
		return known.fixed.get(name);
	}
	if (source.kind === 'field') {
		const field = readJsonField(context.getInputData()[itemIndex]?.json, source.path);
		if (field.found) return field.value;
	}
	return context.getNodeParameter(name, itemIndex, fallback);
}

/**
 * A parameter's value for an item after a check: for a parameter without an expression the check
 * runs once per execution and its result serves every item (a failed check runs again for each
 * item, so that its error names the item).
 */
function checkedParameter<T>(
	context: IExecuteFunctions,
	check: string,
	name: string,
	itemIndex: number,
	read: (raw: unknown) => T,
	fallback?: unknown,
): T {
	const known = execution(context);
	if (sourceOf(known, name).kind !== 'fixed') return read(itemParameter(context, name, itemIndex, fallback));
	const key = `${check}|${name}`;
	if (known.checked.has(key)) return known.checked.get(key) as T;
	const value = read(itemParameter(context, name, itemIndex, fallback));
	known.checked.set(key, value);
	return value;
}

/**
 * One payload object (and its signature) for every item of an execution that asks the same of a
 * device-list endpoint: `key` tells the asks apart, `build` makes the payload the first time.
 */
export function sharedPayload<P>(context: IExecuteFunctions, key: string, build: () => P): { payload: P; signature: string } {
	const { payloads } = execution(context);
	let shared = payloads.get(key);
	if (!shared) {
		const payload = build();
		shared = { payload, signature: JSON.stringify(payload) };
		payloads.set(key, shared);
	}
	return shared as { payload: P; signature: string };
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
	return checkedParameter(
		context,
		'integer',
		name,
		itemIndex,
		(raw) => checkNumber(nodeOf(context), raw, label, { min, max, integer: true }, itemIndex),
		fallback,
	);
}

/** One of a parameter's allowed values, or an error naming them. */
export function readChoice<T extends string | number>(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	allowed: readonly T[],
): T {
	return checkedParameter(context, 'choice', name, itemIndex, (raw) => {
		const match = allowed.find((value) => value === raw || String(value) === String(raw).trim());
		if (match === undefined) {
			throw new NodeOperationError(
				context.getNode(),
				`'${label}' is ${JSON.stringify(raw) ?? 'empty'}, which is not one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`,
				{ itemIndex, description: `Choose '${label}' from the list, or make the expression give one of those values.` },
			);
		}
		return match;
	});
}

/** The transport options of an item (its Options collection), validated. */
export function readRequestOptions(context: IExecuteFunctions, itemIndex: number): RequestOptions {
	const options = checkedParameter(
		context,
		'requestOptions',
		'options',
		itemIndex,
		(raw) => requestOptionsFrom(nodeOf(context), raw as IDataObject, itemIndex),
		{},
	);
	// Shared by the items when the options hold no expression: each item names itself.
	return { ...options, itemIndex };
}

export function readBatchSize(context: IExecuteFunctions, itemIndex: number): number {
	return checkedParameter(
		context,
		'batchSize',
		'options',
		itemIndex,
		(raw) => checkNumber(nodeOf(context), (raw as IDataObject).batchSize ?? 100, 'Batch Size', { min: 1, max: 1000, integer: true }, itemIndex),
		{},
	);
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

/** The error of a batch, as the result of each of its devices. */
class BatchFailure {
	constructor(readonly message: string) {}
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

	// Per signature, per device: its result, or the error of its batch.
	const results = new Map<string, Map<string, IDataObject | BatchFailure>>();
	let fatal: Error | undefined;
	let devicesDone = 0;
	let requestsDone = 0;
	for (const batch of planBatches(asks)) {
		const options = { ...optionsBySignature.get(batch.signature)!, itemIndex: batch.itemIndexes[0] };
		let ofSignature = results.get(batch.signature);
		if (!ofSignature) results.set(batch.signature, (ofSignature = new Map()));
		try {
			if (fatal) throw fatal;
			const answer = await operation.send.call(context, batch, options);
			for (const device of batch.devices) ofSignature.set(device, answer.get(device) ?? operation.missing(device, batch.payload));
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
			const failure = new BatchFailure(errorMessage(error));
			for (const device of batch.devices) ofSignature.set(device, failure);
		}
	}

	const output: INodeExecutionData[] = [];
	const asksByItem = new Map(asks.map((ask) => [ask.itemIndex, ask]));
	// A device's result object goes to the first item that named it; other items get a copy.
	const handedOut = new Set<IDataObject>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		const itemError = itemErrors.get(itemIndex);
		if (itemError !== undefined) {
			output.push({ json: { error: itemError }, pairedItem });
			continue;
		}
		const ask = asksByItem.get(itemIndex)!;
		const ofSignature = results.get(ask.signature)!;
		for (const device of ask.devices) {
			const result = ofSignature.get(device)!;
			let json: IDataObject;
			if (result instanceof BatchFailure) json = { id: device, success: false, error: result.message };
			else if (handedOut.has(result)) json = { ...result };
			else {
				handedOut.add(result);
				json = result;
			}
			output.push({ json, pairedItem });
		}
	}
	return output;
}
