import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Batch } from '../../helpers/batching';
import { legacyResultLabel } from '../../helpers/labels';
import { metaAccessRequest, type RequestOptions } from '../../transport';

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
export function legacyDeviceList(key: LegacyKey, devices: string[]): IDataObject {
	return key === 'mac' ? { MAC_list: devices } : { HWID_list: devices };
}

export interface LegacyPayload {
	identifyBy: LegacyKey;
	/** Fields of the output item besides the device and its result. */
	describe: IDataObject;
}

export function legacyOutput(payload: LegacyPayload, device: string, code: unknown): IDataObject {
	return {
		id: device,
		...payload.describe,
		result_code: typeof code === 'number' ? code : null,
		result: typeof code === 'number' ? legacyResultLabel(code) : 'no result returned',
		success: code === 1,
	};
}

/**
 * Sends a v2.0 batch and maps `{ result: [1, 0, …] }` (result[i] is for the i-th device sent)
 * back to the devices.
 */
export async function sendLegacyBatch(
	this: IExecuteFunctions,
	path: string,
	body: IDataObject,
	batch: Batch<LegacyPayload>,
	options: RequestOptions,
	idempotent: boolean,
): Promise<Map<string, IDataObject>> {
	const answer = await metaAccessRequest.call(this, { method: 'POST', path, body, idempotent }, options);
	const result = (answer.body as { result?: unknown } | undefined)?.result;
	if (!Array.isArray(result)) {
		throw new NodeApiError(this.getNode(), {}, {
			message: `MetaAccess answered ${path} without the documented result list`,
			description: 'The request may have been carried out; list the devices to check.',
			itemIndex: options.itemIndex,
		});
	}
	return new Map(batch.devices.map((device, position) => [device, legacyOutput(batch.payload, device, result[position])]));
}
