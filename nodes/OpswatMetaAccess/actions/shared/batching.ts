/**
 * The device-list operations' batching: the devices of every input item gathered into as few
 * requests as Batch Size allows, and each device's result handed back to the items that named it.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { toNodeError } from '../../helpers/parameters';
import { plural } from '../../helpers/text';
import type { RequestOptions } from '../../transport/types';
import { continuesOnFail } from './agentTool';
import { errorMessage, readRequests } from './items';

/** What one input item requests of a device-list endpoint. */
export interface DeviceRequest<P> {
	itemIndex: number;
	/** Requests with the same signature can share one (same endpoint, action and parameters). */
	signature: string;
	/** What the request needs besides the devices; the same for every request of a signature. */
	payload: P;
	/** Normalised device identifiers, each once. */
	devices: string[];
	batchSize: number;
}

export interface Batch<P> {
	signature: string;
	payload: P;
	/** Unique devices, in the order first named. */
	devices: string[];
	/** The items that named at least one of these devices, ascending. */
	itemIndexes: number[];
}

/**
 * Gathers the devices of all item requests into as few batches as the batch size allows: requests
 * are grouped by signature (in order of first appearance), a device named by several items is sent
 * once, and each group is cut into batches of at most its batch size (the first request's).
 */
export function planBatches<P>(requests: Array<DeviceRequest<P>>): Array<Batch<P>> {
	// Per device, the items that named it: one number while it is one item (the common case).
	const groups = new Map<
		string,
		{ payload: P; batchSize: number; namedBy: Map<string, number | number[]> }
	>();
	for (const request of requests) {
		let group = groups.get(request.signature);
		if (!group) {
			group = {
				payload: request.payload,
				batchSize: Math.max(1, Math.floor(request.batchSize)),
				namedBy: new Map(),
			};
			groups.set(request.signature, group);
		}
		const { namedBy } = group;
		const item = request.itemIndex;
		for (const device of request.devices) {
			const known = namedBy.get(device);
			if (known === undefined) namedBy.set(device, item);
			else if (typeof known === 'number') {
				if (known !== item) namedBy.set(device, [known, item]);
			} else if (known[known.length - 1] !== item) known.push(item);
		}
	}
	const batches: Array<Batch<P>> = [];
	for (const [signature, group] of groups) {
		const devices = [...group.namedBy.keys()];
		for (let start = 0; start < devices.length; start += group.batchSize) {
			const chunk = devices.slice(start, start + group.batchSize);
			const items = new Set<number>();
			for (const device of chunk) {
				const namedBy = group.namedBy.get(device)!;
				if (typeof namedBy === 'number') items.add(namedBy);
				else for (const item of namedBy) items.add(item);
			}
			const itemIndexes = [...items];
			if (!itemIndexes.every((item, i) => i === 0 || itemIndexes[i - 1] < item))
				itemIndexes.sort((a, b) => a - b);
			batches.push({ signature, payload: group.payload, devices: chunk, itemIndexes });
		}
	}
	return batches;
}

/** Errors of responses that cannot be read device by device: no device of the batch has a result. */
const noDeviceResults = new WeakSet<Error>();

/** Marks the error of a response that cannot be read device by device (a list of the wrong length). */
export function noResultForAnyDevice(error: NodeApiError): NodeApiError {
	noDeviceResults.add(error);
	return error;
}

/** The error of a batch, as the result of each of its devices. */
class BatchFailure {
	constructor(readonly message: string) {}
}

export interface DeviceListOperation<P> {
	/** Reads and checks an item: its request (without itemIndex). Throws NodeOperationError on bad input. */
	read(itemIndex: number): Omit<DeviceRequest<P>, 'itemIndex'> & { options: RequestOptions };
	/** Sends one batch; resolves to the output fields per device of the batch. */
	send(batch: Batch<P>, options: RequestOptions): Promise<Map<string, IDataObject>>;
	/** Output fields for a device the response said nothing about. */
	missing(device: string, payload: P): IDataObject;
}

/**
 * Runs a device-list operation over all input items: checks every item before any request,
 * sends the devices of all items in as few batches as allowed, and emits one item per device,
 * paired with the item that named it. With Continue On Fail, a bad item or a failed batch yields
 * error items for those items only; without it, the first error stops the node and says which
 * item, and what had already been done.
 */
export async function runDeviceBatches<P>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	operation: DeviceListOperation<P>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = continuesOnFail(context);
	const requests: Array<DeviceRequest<P>> = [];
	const itemErrors = new Map<number, string>();
	const optionsBySignature = new Map<string, RequestOptions>();
	for (const read of readRequests(context, items.length, (itemIndex) =>
		operation.read(itemIndex),
	)) {
		if ('error' in read) {
			itemErrors.set(read.itemIndex, read.error);
			continue;
		}
		const { options, ...request } = read.request;
		requests.push({ ...request, itemIndex: read.itemIndex });
		if (!optionsBySignature.has(request.signature))
			optionsBySignature.set(request.signature, options);
	}

	// Per signature, per device: its result, or the error of its batch.
	const results = new Map<string, Map<string, IDataObject | BatchFailure>>();
	let fatal: Error | undefined;
	let devicesDone = 0;
	let requestsDone = 0;
	for (const batch of planBatches(requests)) {
		const options = {
			...optionsBySignature.get(batch.signature)!,
			itemIndex: batch.itemIndexes[0],
		};
		let ofSignature = results.get(batch.signature);
		if (!ofSignature) results.set(batch.signature, (ofSignature = new Map()));
		try {
			if (fatal) throw fatal;
			const response = await operation.send(batch, options);
			for (const device of batch.devices) {
				ofSignature.set(device, response.get(device) ?? operation.missing(device, batch.payload));
			}
			devicesDone += batch.devices.length;
			requestsDone++;
		} catch (error) {
			// A refused credential fails every later request too: send none of them.
			if (error instanceof NodeApiError && error.httpCode === '401') fatal = error;
			if (!continueOnFail) {
				if (error instanceof NodeApiError && requestsDone > 0) {
					const done = `Before this failure, ${plural(requestsDone, 'request')} had been answered for ${plural(devicesDone, 'device')}; turn on Continue On Fail to get the result of each device.`;
					error.description = `${error.description ?? ''} ${done}`.trim();
				}
				throw toNodeError(context.getNode(), error, options.itemIndex);
			}
			const message = errorMessage(error);
			const failure = new BatchFailure(message);
			for (const device of batch.devices) {
				ofSignature.set(
					device,
					error instanceof Error && noDeviceResults.has(error)
						? { ...operation.missing(device, batch.payload), error: message }
						: failure,
				);
			}
		}
	}

	const output: INodeExecutionData[] = [];
	const requestsByItem = new Map(requests.map((request) => [request.itemIndex, request]));
	// A device's result object goes to the first item that named it; other items get a copy.
	const handedOut = new Set<IDataObject>();
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const pairedItem = { item: itemIndex };
		const itemError = itemErrors.get(itemIndex);
		if (itemError !== undefined) {
			output.push({ json: { error: itemError }, pairedItem });
			continue;
		}
		const request = requestsByItem.get(itemIndex)!;
		const ofSignature = results.get(request.signature)!;
		for (const device of request.devices) {
			const result = ofSignature.get(device)!;
			let json: IDataObject;
			if (result instanceof BatchFailure) {
				json = { id: device, success: false, error: result.message };
			} else if (handedOut.has(result)) json = { ...result };
			else {
				handedOut.add(result);
				json = result;
			}
			output.push({ json, pairedItem });
		}
	}
	return output;
}
