/**
 * The device-list operations (exempt, ignore, renew IP, …, delete): one per Device Action command,
 * all made here with the same fields, batching and response reading; some may be sent through a
 * legacy endpoint instead (the option Use Older Endpoint, or Delete's What to Delete).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { DeviceActionBody } from '../../transport/types';
import { runDeviceBatches } from './batching';
import {
	batchSizeOption,
	devicesFields,
	IDENTIFY_BY,
	identifyByField,
	optionsCollection,
	type IdentifyBy,
} from './descriptions';
import {
	deviceOutput,
	NOT_IDEMPOTENT,
	outputFor,
	responseEntries,
	type ActionPayload,
	type ActionType,
} from './deviceActionResponse';
import type { OperationRun } from './items';
import {
	devicesActionPayload,
	legacyOutput,
	sendLegacy,
	type LegacyPayload,
	type LegacyType,
} from './legacy';
import type { NodeParameters } from './parameters';

export const OLDER_ENDPOINT_LABEL = 'Use Older Endpoint';

/** What an item asks, besides how it names its devices (checked; throws on bad input). */
export type DeviceActionRequest =
	| Omit<ActionPayload, 'identifyBy'>
	| Omit<LegacyPayload, 'identifyBy'>;

export type ReadRequest = (
	parameters: NodeParameters,
	itemIndex: number,
	identifyBy: IdentifyBy,
	options: IDataObject,
) => DeviceActionRequest;

/**
 * Runs a device-list operation over all input items: each item's devices and request (Device
 * Action, or a legacy endpoint) read and checked before any request, then sent in shared batches.
 */
export async function runDeviceAction(
	context: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
	read: ReadRequest,
): Promise<INodeExecutionData[]> {
	return await runDeviceBatches<ActionPayload | LegacyPayload>(context, items, {
		read(itemIndex) {
			const identifyBy = parameters.choice(
				'identifyBy',
				'Identify Devices By',
				itemIndex,
				IDENTIFY_BY,
			);
			const options = parameters.options(itemIndex);
			const request = read(parameters, itemIndex, identifyBy, options);
			const payload = { ...request, identifyBy } as ActionPayload | LegacyPayload;
			const devices = parameters.devices(itemIndex, identifyBy);
			const requestOptions = parameters.requestOptions(itemIndex, options);
			const batchSize = parameters.batchSize(itemIndex, options);
			const signature = JSON.stringify(payload);
			return { signature, payload, devices, batchSize, options: requestOptions };
		},
		async send(batch, options) {
			const payload = batch.payload;
			if (payload.endpoint === 'legacy')
				return await sendLegacy(client, parameters.node, payload, batch.devices, options);
			const body: DeviceActionBody = {
				types: payload.types,
				[payload.identifyBy === 'mac' ? 'macs' : 'ids']: batch.devices,
			};
			if (payload.params) body.params = payload.params;
			const idempotent = !NOT_IDEMPOTENT.includes(payload.types);
			const response = await client.deviceAction(body, idempotent, options);
			const entries = responseEntries(batch.devices, response, payload.identifyBy);
			return new Map(
				batch.devices.map((device) => [device, deviceOutput(payload, device, entries.get(device))]),
			);
		},
		missing: (device, payload): IDataObject =>
			payload.endpoint === 'legacy'
				? legacyOutput(payload, device, undefined)
				: outputFor(payload, device, undefined, undefined),
	});
}

export interface DeviceActionSpec {
	/** The operation's value. */
	operation: string;
	/** The Device Action command it sends. */
	type: ActionType;
	/** What the Devices field says is done to the devices ("exempt", "re-identify" …). */
	action: string;
	/** The operation's own fields, shown after Devices. */
	fields?: INodeProperties[];
	/** Checks the item's other fields (read again after the requests), before any request. */
	validate?(parameters: NodeParameters, itemIndex: number): void;
	/** The command's `params` for an item, checked; undefined when it has none. */
	params?(parameters: NodeParameters, itemIndex: number): IDataObject | undefined;
	/** The legacy Devices Action command that does the same, offered as Use Older Endpoint. */
	legacy?: {
		type: LegacyType;
		/** Refuses (before any request) what the legacy endpoint cannot do. */
		check?(params: IDataObject | undefined, parameters: NodeParameters, itemIndex: number): void;
	};
}

function olderEndpointOption(type: LegacyType): INodeProperties {
	return {
		displayName: OLDER_ENDPOINT_LABEL,
		name: 'olderEndpoint',
		type: 'boolean',
		default: false,
		description: `Whether to send the ${type} command of MetaAccess's older Devices Action endpoint instead. It answers each device by position, with 1 (done) or 0 (not done).`,
	};
}

/** A device-list operation sending one Device Action command: its description and execute. */
export function deviceAction(spec: DeviceActionSpec) {
	const { operation, legacy } = spec;
	const description: INodeProperties[] = [
		identifyByField(operation),
		...devicesFields(operation, spec.action),
		...(spec.fields ?? []),
		optionsCollection(operation, [
			batchSizeOption,
			...(legacy ? [olderEndpointOption(legacy.type)] : []),
		]),
	];
	const read: ReadRequest = (parameters, itemIndex, identifyBy, options) => {
		spec.validate?.(parameters, itemIndex);
		const params = spec.params?.(parameters, itemIndex);
		if (
			legacy &&
			parameters.optionBoolean(options, 'olderEndpoint', OLDER_ENDPOINT_LABEL, itemIndex)
		) {
			legacy.check?.(params, parameters, itemIndex);
			return devicesActionPayload(legacy.type, identifyBy);
		}
		return { endpoint: 'action', types: spec.type, ...(params ? { params } : {}) };
	};
	return {
		description,
		async execute(this: IExecuteFunctions, run: OperationRun): Promise<INodeExecutionData[]> {
			return await runDeviceAction(this, run, read);
		},
	};
}
