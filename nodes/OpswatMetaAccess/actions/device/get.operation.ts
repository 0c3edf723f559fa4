import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { normalizeMac } from '../../helpers/mac';
import { simplifyDevice } from '../../helpers/simplify';
import { describeValue } from '../../helpers/text';
import { deviceLocator, readDevice, type NamedDevice } from '../shared/device';
import { optionsCollection, simplifyField } from '../shared/descriptions';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';

const MODES = ['list', 'id', 'mac', 'url'] as const;

export const description: INodeProperties[] = [
	deviceLocator('get', MODES),
	simplifyField('get'),
	optionsCollection('get'),
];

/** The MAC addresses a Device Details response lists (network_info[].mac_addr), in colon form. */
function macAddressesOf(device: IDataObject): string[] {
	const adapters = Array.isArray(device.network_info) ? (device.network_info as unknown[]) : [];
	return adapters.flatMap((adapter) => {
		const mac = (adapter as IDataObject | null)?.mac_addr;
		return typeof mac === 'string' ? [normalizeMac(mac) ?? mac] : [];
	});
}

/**
 * The Device Details response, when it is about the device asked: its hwid is the device ID asked
 * (in any case), or its MAC addresses hold the MAC address asked. Anything else is an error naming
 * both, and is not output as the device.
 */
function checkIsDevice(
	node: INode,
	response: IDataObject,
	device: NamedDevice,
	itemIndex: number,
): IDataObject {
	const hwid = typeof response.hwid === 'string' ? response.hwid.trim() : undefined;
	// Shortened: the response's own text goes into the message.
	const theirs = hwid
		? `the device ${describeValue(hwid)}`
		: 'an object without a device ID (hwid)';
	if (device.by === 'id') {
		if (hwid?.toLowerCase() === device.value.toLowerCase()) return response;
		throw notTheDevice(node, `the device ID "${device.value}"`, theirs, itemIndex);
	}
	const macs = macAddressesOf(response);
	if (macs.includes(device.value)) return response;
	const listed = macs.length ? `MAC addresses ${describeValue(macs)}` : 'no MAC address';
	throw notTheDevice(
		node,
		`the MAC address "${device.value}"`,
		`${theirs}, with ${listed}`,
		itemIndex,
	);
}

function notTheDevice(node: INode, asked: string, got: string, itemIndex: number): NodeApiError {
	return new NodeApiError(
		node,
		{},
		{
			message: `MetaAccess answered Device Details for ${asked} with ${got}`,
			description:
				'The response is not about the device asked, so it is not output. Check that the Base URL of the credential points to the MetaAccess cloud, then run the node again.',
			itemIndex,
		},
	);
}

/** Get a Device: Device Details of the device each item names (by device ID or MAC address). */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const requests = readRequests(this, items.length, (itemIndex) => ({
		device: readDevice(parameters, itemIndex, MODES),
		simplify: parameters.boolean('simplify', 'Simplify', itemIndex, true),
		options: parameters.requestOptions(itemIndex),
	}));
	// Items naming the same device share one request.
	const responses = new Map<string, Promise<IDataObject>>();
	return await executePerItem(this, requests, async ({ device, simplify, options }, itemIndex) => {
		const response = await shared(responses, `${device.by}|${device.value}`, async () => {
			const opt = device.by === 'mac' ? 1 : 0;
			const details = await client.deviceDetails(device.value, opt, options);
			return checkIsDevice(parameters.node, details, device, itemIndex);
		});
		return [{ json: simplify ? simplifyDevice(response) : { ...response } }];
	});
}
