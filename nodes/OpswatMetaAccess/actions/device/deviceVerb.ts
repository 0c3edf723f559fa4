/**
 * One operation per Device Action command (exempt, ignore, renew IP …), all made here: the same
 * fields, batch engine and answer reading; some may be sent through the older Devices Action
 * endpoint instead (an option).
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { batchSizeOption, optionsCollection } from '../descriptions';
import type { ItemReader } from '../itemReader';
import type { OperationRun } from '../operation';
import type { ActionType } from './actionAnswer';
import { devicesFields, identifyByField } from './deviceFields';
import { runVerb, type ReadVerb } from './verbRun';
import { devicesActionPayload, type LegacyType } from './v2DeviceList';

export const OLDER_ENDPOINT_LABEL = 'Use Older Endpoint';

export interface DeviceVerbSpec {
	/** The operation's value. */
	operation: string;
	/** The Device Action command it sends. */
	type: ActionType;
	/** What the Devices field says is done to the devices ("exempt", "re-identify" …). */
	verb: string;
	/** The verb's own fields, shown after Devices. */
	fields?: INodeProperties[];
	/** The verb's own options, before Batch Size. */
	options?: INodeProperties[];
	/** Checks the item's other fields of the verb (read again after the requests), before any request. */
	validate?(reader: ItemReader, itemIndex: number): void;
	/** The command's `params` for an item, validated; undefined when it has none. */
	params?(reader: ItemReader, itemIndex: number): IDataObject | undefined;
	/** The older Devices Action command that does the same, offered as an option. */
	older?: {
		type: LegacyType;
		/** Refuses (before any request) what the older endpoint cannot do. */
		check?(params: IDataObject | undefined, reader: ItemReader, itemIndex: number): void;
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

export interface DeviceVerb {
	description: INodeProperties[];
	read: ReadVerb;
	execute(this: IExecuteFunctions, run: OperationRun): Promise<INodeExecutionData[]>;
}

export function deviceVerb(spec: DeviceVerbSpec): DeviceVerb {
	const { operation, older } = spec;
	const description: INodeProperties[] = [
		identifyByField([operation]),
		...devicesFields([operation], spec.verb),
		...(spec.fields ?? []),
		optionsCollection(operation, [
			...(spec.options ?? []),
			batchSizeOption,
			...(older ? [olderEndpointOption(older.type)] : []),
		]),
	];
	const read: ReadVerb = (reader, itemIndex, identifyBy) => {
		spec.validate?.(reader, itemIndex);
		const params = spec.params?.(reader, itemIndex);
		if (older && reader.optionBoolean('olderEndpoint', OLDER_ENDPOINT_LABEL, itemIndex, false)) {
			older.check?.(params, reader, itemIndex);
			return devicesActionPayload(older.type, identifyBy);
		}
		return { endpoint: 'action', types: spec.type, ...(params ? { params } : {}) };
	};
	return {
		description,
		read,
		async execute(this: IExecuteFunctions, run: OperationRun) {
			return await runVerb(this, run, read);
		},
	};
}
