import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { legacyResultLabel } from '../../helpers/labels';
import { runDeviceBatches } from '../deviceBatches';
import type { ItemReader } from '../itemReader';
import type { OperationRun } from '../operation';

/** The v2.0 endpoints name devices by MAC address or HWID. */
export type LegacyKey = 'mac' | 'hwid';

export function legacyIdentifyByField(operation: string): INodeProperties {
	return {
		displayName: 'Identify Devices By',
		name: 'identifyBy',
		type: 'options',
		displayOptions: { show: { resource: ['device'], operation: [operation] } },
		options: [
			{ name: 'MAC Address', value: 'mac' },
			{ name: 'HWID', value: 'hwid' },
		],
		default: 'mac',
	};
}

export function legacyDevicesField(operation: string, verb: string): INodeProperties {
	return {
		displayName: 'Devices',
		name: 'devices',
		type: 'string',
		required: true,
		displayOptions: { show: { resource: ['device'], operation: [operation] } },
		default: '',
		placeholder: 'e.g. {{ $json.hwid }} or 00:0c:29:cd:c7:b2, 00:0c:30:cd:ff:b2',
		description: `The devices to ${verb}: one MAC address or HWID, a comma-separated list, or an expression giving an array`,
	};
}

/** The device list of a v2.0 body: `MAC_list` or `HWID_list`, never both. */
function legacyDeviceList(key: LegacyKey, devices: string[]): IDataObject {
	return key === 'mac' ? { MAC_list: devices } : { HWID_list: devices };
}

interface LegacyPayload {
	identifyBy: LegacyKey;
	/** Body fields besides the device list. */
	fields: IDataObject;
	/** Fields of the output item besides the device and its result. */
	describe: IDataObject;
}

function legacyOutput(payload: LegacyPayload, device: string, code: unknown): IDataObject {
	const output: IDataObject = {
		id: device,
		...payload.describe,
		result_code: typeof code === 'number' ? code : null,
		result: typeof code === 'number' ? legacyResultLabel(code) : 'no result returned',
		success: code === 1,
	};
	if (typeof code !== 'number') output.error = 'MetaAccess returned no result for this device';
	return output;
}

export interface V2Operation {
	path: string;
	/** Whether sending a batch twice is harmless (see ApiRequest.idempotent). */
	idempotent: boolean;
	/** The item's own body fields and output fields, validated. */
	read(
		reader: ItemReader,
		itemIndex: number,
		identifyBy: LegacyKey,
	): Pick<LegacyPayload, 'fields' | 'describe'>;
}

/**
 * Runs an operation on a v2.0 device-list endpoint (Devices Action, Delete Devices): devices by MAC
 * address or HWID, batched across items; the response `{ result: [1, 0, …] }` holds result[i] for
 * the i-th device sent.
 */
export async function runV2DeviceList(
	context: IExecuteFunctions,
	{ items, client, reader }: OperationRun,
	operation: V2Operation,
): Promise<INodeExecutionData[]> {
	return await runDeviceBatches(context, items, {
		readRequest(itemIndex) {
			const identifyBy = reader.choice('identifyBy', 'Identify Devices By', itemIndex, [
				'mac',
				'hwid',
			] as const);
			const own = operation.read(reader, itemIndex, identifyBy);
			const { payload, signature } = reader.sharedPayload<LegacyPayload>(
				`${identifyBy}|${JSON.stringify(own.fields)}`,
				() => ({ identifyBy, ...own }),
			);
			return {
				signature,
				payload,
				devices: reader.devices(itemIndex, identifyBy),
				batchSize: reader.batchSize(itemIndex),
				options: reader.requestOptions(itemIndex),
			};
		},
		async send(batch, options) {
			const body = {
				...batch.payload.fields,
				...legacyDeviceList(batch.payload.identifyBy, batch.devices),
			};
			const result = await client.v2DeviceList(operation.path, body, operation.idempotent, options);
			return new Map(
				batch.devices.map((device, position) => [
					device,
					legacyOutput(batch.payload, device, result[position]),
				]),
			);
		},
		missing: (device, payload) => legacyOutput(payload, device, undefined),
	});
}
