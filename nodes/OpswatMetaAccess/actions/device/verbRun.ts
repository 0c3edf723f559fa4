/**
 * Runs a device verb over all input items: each item's devices and request (Device Action, or an
 * older device-list endpoint) read and validated before any request, then sent in shared batches.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DeviceActionBody } from '../../transport/types';
import { runDeviceBatches } from '../deviceBatches';
import type { ItemReader } from '../itemReader';
import type { OperationRun } from '../operation';
import {
	answerEntries,
	deviceOutput,
	NOT_IDEMPOTENT,
	outputFor,
	type ActionPayload,
} from './actionAnswer';
import { IDENTIFY_BY, type IdentifyBy } from './deviceFields';
import { listOutput, sendList, type ListPayload } from './v2DeviceList';

export type VerbPayload = ActionPayload | ListPayload;

/** What an item asks, besides how it names its devices (validated; throws on bad input). */
export type VerbRequest = Omit<ActionPayload, 'identifyBy'> | Omit<ListPayload, 'identifyBy'>;

export type ReadVerb = (
	reader: ItemReader,
	itemIndex: number,
	identifyBy: IdentifyBy,
) => VerbRequest;

export async function runVerb(
	context: IExecuteFunctions,
	{ items, client, reader }: OperationRun,
	read: ReadVerb,
): Promise<INodeExecutionData[]> {
	return await runDeviceBatches<VerbPayload>(context, items, {
		readRequest(itemIndex) {
			const identifyBy = reader.choice('identifyBy', 'Identify Devices By', itemIndex, IDENTIFY_BY);
			const own = read(reader, itemIndex, identifyBy);
			const devices = reader.devices(itemIndex, identifyBy);
			const options = reader.requestOptions(itemIndex);
			const { payload, signature } = reader.sharedPayload<VerbPayload>(
				`${identifyBy}|${JSON.stringify(own)}`,
				() => ({ ...own, identifyBy }) as VerbPayload,
			);
			return { signature, payload, devices, batchSize: reader.batchSize(itemIndex), options };
		},
		async send(batch, options) {
			const payload = batch.payload;
			if (payload.endpoint === 'list')
				return await sendList(client, payload, batch.devices, options);
			const body: DeviceActionBody = {
				types: payload.types,
				[payload.identifyBy === 'mac' ? 'macs' : 'ids']: batch.devices,
			};
			if (payload.params) body.params = payload.params;
			const idempotent = !NOT_IDEMPOTENT.includes(payload.types);
			const answer = await client.deviceAction(body, idempotent, options);
			const entries = answerEntries(batch.devices, answer, payload.identifyBy);
			return new Map(
				batch.devices.map((device) => [device, deviceOutput(payload, device, entries.get(device))]),
			);
		},
		missing: (device, payload): IDataObject =>
			payload.endpoint === 'list'
				? listOutput(payload, device, undefined)
				: outputFor(payload, device, undefined, undefined),
	});
}
