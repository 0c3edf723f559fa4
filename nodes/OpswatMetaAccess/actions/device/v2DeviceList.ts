/**
 * The older device-list endpoints (Devices Action, Delete Devices): devices by MAC address
 * (`MAC_list`) or device ID (`HWID_list`), and a `result` list read by position.
 */
import type { IDataObject } from 'n8n-workflow';

import type { MetaAccessClient } from '../../transport/client';
import type { RequestOptions } from '../../transport/types';
import { legacyResultLabel } from '../../helpers/labels';
import type { IdentifyBy } from './deviceFields';

export const DEVICES_ACTION_PATH = '/o/api/v2/devices/action';
export const DELETE_DEVICES_PATH = '/o/api/v2/devices/delete';

/** The commands of the older Devices Action endpoint. */
export type LegacyType = 'exempt_all' | 'unexempt' | 'dhcprenew';

/** What one request to an older device-list endpoint carries besides its devices. */
export interface ListPayload {
	endpoint: 'list';
	path: string;
	/** Whether sending a batch twice is harmless (see ApiRequest.idempotent). */
	idempotent: boolean;
	identifyBy: IdentifyBy;
	/** Body fields besides the device list. */
	fields: IDataObject;
	/** Fields of the output item besides the device and its result. */
	describe: IDataObject;
}

/** Devices Action's body fields for a command: `opt` says what the list holds (0 MAC addresses, 1 device IDs). */
export function devicesActionPayload(
	types: LegacyType,
	identifyBy: IdentifyBy,
): Omit<ListPayload, 'identifyBy'> {
	return {
		endpoint: 'list',
		path: DEVICES_ACTION_PATH,
		idempotent: true,
		fields: { types, opt: identifyBy === 'mac' ? 0 : 1 },
		describe: { action: types },
	};
}

export function listOutput(payload: ListPayload, device: string, code: unknown): IDataObject {
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

/** Sends one batch to an older endpoint: `{ result: [1, 0, …] }` holds result[i] for the i-th device sent. */
export async function sendList(
	client: MetaAccessClient,
	payload: ListPayload,
	devices: string[],
	options: RequestOptions,
): Promise<Map<string, IDataObject>> {
	const body = {
		...payload.fields,
		// Never both lists.
		...(payload.identifyBy === 'mac' ? { MAC_list: devices } : { HWID_list: devices }),
	};
	const result = await client.legacyDeviceList(payload.path, body, payload.idempotent, options);
	return new Map(
		devices.map((device, position) => [device, listOutput(payload, device, result[position])]),
	);
}
