/**
 * The legacy device-list endpoints, Devices Action and Delete Devices (the UI's "Use Older
 * Endpoint" and Delete's What to Delete): devices by MAC address (`MAC_list`) or device ID
 * (`HWID_list`), and a `result` list read by position, only when it has one entry per device sent.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { legacyResultLabel } from '../../helpers/labels';
import { plural } from '../../helpers/text';
import type { MetaAccessClient } from '../../transport/client';
import type { RequestOptions } from '../../transport/types';
import { noResultForAnyDevice } from './batching';
import type { IdentifyBy } from './descriptions';

export const DEVICES_ACTION_PATH = '/o/api/v2/devices/action';
export const DELETE_DEVICES_PATH = '/o/api/v2/devices/delete';

/** The commands of the legacy Devices Action endpoint. */
export type LegacyType = 'exempt_all' | 'unexempt' | 'dhcprenew';

/** What one request to a legacy device-list endpoint carries besides its devices. */
export interface LegacyPayload {
	endpoint: 'legacy';
	path: string;
	/** The endpoint's name in messages. */
	name: 'Devices Action' | 'Delete Devices';
	/** Whether sending a batch twice is harmless (see ApiRequest.idempotent). */
	idempotent: boolean;
	identifyBy: IdentifyBy;
	/** Body fields besides the device list. */
	fields: IDataObject;
	/** Fields of the output item besides the device and its result. */
	describe: IDataObject;
}

/** Devices Action's request for a command: `opt` says what the list holds (0 MAC addresses, 1 device IDs). */
export function devicesActionPayload(
	types: LegacyType,
	identifyBy: IdentifyBy,
): Omit<LegacyPayload, 'identifyBy'> {
	return {
		endpoint: 'legacy',
		path: DEVICES_ACTION_PATH,
		name: 'Devices Action',
		idempotent: true,
		fields: { types, opt: identifyBy === 'mac' ? 0 : 1 },
		describe: { action: types },
	};
}

/**
 * What a legacy endpoint's result code means for a device, in a sentence for the output item:
 * `describe` is the payload's (Delete Devices': with delete_option_name), `name` the endpoint's.
 */
export function legacyResultDescription(
	describe: IDataObject,
	name: string,
	code: unknown,
): string {
	const deleting = describe.delete_option_name !== undefined;
	switch (code) {
		case 1:
			return deleting
				? `MetaAccess deleted the device (${String(describe.delete_option_name)}).`
				: `MetaAccess carried out ${String(describe.action)} for the device.`;
		case 0:
			return deleting
				? 'MetaAccess could not delete the device and gave no reason: check with Get that the account still has it.'
				: 'MetaAccess did not carry it out: no device of the account has this device ID or MAC address, or the MAC address is not valid.';
		case undefined:
		case null:
			return 'MetaAccess returned no result for this device: check the device with Get before sending it again.';
		default:
			return `MetaAccess answered ${String(code)}, a code its ${name} page does not list: take it as not done and check the device with Get.`;
	}
}

export function legacyOutput(payload: LegacyPayload, device: string, code: unknown): IDataObject {
	const output: IDataObject = {
		id: device,
		...payload.describe,
		result_code: typeof code === 'number' ? code : null,
		result: typeof code === 'number' ? legacyResultLabel(code) : 'no result returned',
		result_description: legacyResultDescription(payload.describe, payload.name, code),
		success: code === 1,
	};
	if (typeof code !== 'number') output.error = 'MetaAccess returned no result for this device';
	return output;
}

/**
 * Sends one batch to a legacy endpoint: `{ result: [1, 0, …] }` holds result[i] for the i-th
 * device sent. A list of another length cannot be matched to the devices: no device gets a
 * result, and the batch fails with an error saying so.
 */
export async function sendLegacy(
	client: MetaAccessClient,
	node: INode,
	payload: LegacyPayload,
	devices: string[],
	options: RequestOptions,
): Promise<Map<string, IDataObject>> {
	const body = {
		...payload.fields,
		// Never both lists.
		...(payload.identifyBy === 'mac' ? { MAC_list: devices } : { HWID_list: devices }),
	};
	const result = await client.legacyDeviceList(payload.path, body, payload.idempotent, options);
	if (result.length !== devices.length) {
		const message = `MetaAccess answered ${payload.name} with ${plural(result.length, 'result')} for the ${plural(devices.length, 'device')} sent, so no result can be told to its device`;
		const description =
			'The request may have been carried out for some or all of these devices: list them to check before sending it again.';
		throw noResultForAnyDevice(
			new NodeApiError(node, {}, { message, description, itemIndex: options.itemIndex }),
		);
	}
	return new Map(
		devices.map((device, position) => [device, legacyOutput(payload, device, result[position])]),
	);
}
