import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { RequestOptions } from '../transport/types';
import { planBatches, type Batch, type ItemRequest } from '../helpers/batching';
import { toNodeError } from '../helpers/parameters';
import { plural } from '../helpers/text';
import { errorMessage, readAllItems } from './itemLoop';

/** The error of a batch, as the result of each of its devices. */
class BatchFailure {
	constructor(readonly message: string) {}
}

export interface DeviceListOperation<P> {
	/** Reads and validates an item: its request (without itemIndex). Throws NodeOperationError on bad input. */
	readRequest(itemIndex: number): Omit<ItemRequest<P>, 'itemIndex'> & { options: RequestOptions };
	/** Sends one batch; resolves to the output fields per device of the batch. */
	send(batch: Batch<P>, options: RequestOptions): Promise<Map<string, IDataObject>>;
	/** Output fields for a device the response said nothing about. */
	missing(device: string, payload: P): IDataObject;
}

/**
 * Runs a device-list operation over all input items: validates every item before any request,
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
	const continueOnFail = context.continueOnFail();
	const requests: Array<ItemRequest<P>> = [];
	const itemErrors = new Map<number, string>();
	const optionsBySignature = new Map<string, RequestOptions>();
	for (const read of readAllItems(context, items.length, (itemIndex) =>
		operation.readRequest(itemIndex),
	)) {
		if ('error' in read) {
			itemErrors.set(read.itemIndex, read.error);
			continue;
		}
		const { options, ...request } = read.plan;
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
			const failure = new BatchFailure(errorMessage(error));
			for (const device of batch.devices) ofSignature.set(device, failure);
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
