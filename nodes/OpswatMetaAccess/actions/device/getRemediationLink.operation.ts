import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IDataObject,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RemediationOpt } from '../../client/types';
import { remediationResultLabel } from '../../helpers/labels';
import { MAC_FORMS_HINT, normalizeMac } from '../../helpers/mac';
import { optionsCollection } from '../descriptions';
import type { ItemReader } from '../itemReader';
import { outputPerItem, readAllItems } from '../itemLoop';
import type { OperationRun } from '../operation';

export const VALUE_TYPES = ['id', 'mac', 'custom'] as const;
type ValueType = (typeof VALUE_TYPES)[number];

const show = { resource: ['device'], operation: ['getRemediationLink'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Value Type',
		name: 'valueType',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Device ID', value: 'id', description: 'The device ID (HWID) of the device' },
			{ name: 'MAC Address', value: 'mac', description: 'A MAC address of the device' },
			{
				name: 'Custom ID',
				value: 'custom',
				description: 'A third-party custom ID linked with the device',
			},
		],
		default: 'id',
	},
	{
		displayName: 'Value',
		name: 'value',
		type: 'string',
		required: true,
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. {{ $json.hwid }}',
		description: 'The device ID, MAC address or custom ID of the device',
	},
	optionsCollection('getRemediationLink'),
];

function readValue(reader: ItemReader, itemIndex: number): { valueType: ValueType; value: string } {
	const valueType = reader.choice('valueType', 'Value Type', itemIndex, VALUE_TYPES);
	const text = reader.identifier('value', 'Value', itemIndex, '');
	if (text === '') {
		throw new NodeOperationError(reader.node, `Item ${itemIndex}: 'Value' is empty`, {
			itemIndex,
			description:
				'Give the device ID, MAC address or custom ID of the device whose remediation link you want.',
		});
	}
	if (text.length > 256) {
		throw new NodeOperationError(
			reader.node,
			`Item ${itemIndex}: 'Value' is longer than 256 characters`,
			{
				itemIndex,
				description: 'Give one device ID, MAC address or custom ID.',
			},
		);
	}
	if (text === '.' || text === '..') {
		// Sent as a path segment, it would be a step of the path: /o/api/v3/devices/../remediation
		// is /o/api/v3/remediation.
		throw new NodeOperationError(
			reader.node,
			`Item ${itemIndex}: 'Value' is "${text}", which would change the path of the request instead of naming a device`,
			{
				itemIndex,
				description:
					'Give the device ID, MAC address or custom ID of the device: "." and ".." cannot be looked up.',
			},
		);
	}
	if (valueType === 'mac') {
		const mac = normalizeMac(text);
		if (mac === undefined) {
			throw new NodeOperationError(
				reader.node,
				`Item ${itemIndex}: "${text}" is not a MAC address`,
				{
					itemIndex,
					description: `${MAC_FORMS_HINT}, or choose another Value Type.`,
				},
			);
		}
		return { valueType, value: mac };
	}
	return { valueType, value: text };
}

/** The `opt` of Get Remediation Link v3.0: 0 for a device ID or MAC address, 1 for a custom ID. */
function optFor(valueType: ValueType): RemediationOpt {
	return valueType === 'custom' ? 1 : 0;
}

/** The API's response as output fields (without the item's own value and value type). */
function outputFields(response: IDataObject): IDataObject {
	const code = response.result;
	return {
		result_code: typeof code === 'number' ? code : null,
		result: typeof code === 'number' ? remediationResultLabel(code) : 'no result returned',
		found: code === 1,
		remediation_link:
			typeof response.remediation_link === 'string' ? response.remediation_link : '',
	};
}

export async function execute(
	this: IExecuteFunctions,
	{ items, client, reader }: OperationRun,
): Promise<INodeExecutionData[]> {
	const plans = readAllItems(this, items.length, (itemIndex) => ({
		...readValue(reader, itemIndex),
		options: reader.requestOptions(itemIndex),
	}));
	// Several items asking for the same device share one request: a device ID and a MAC address are
	// both looked up with opt 0, the same request.
	const responses = new Map<string, IDataObject>();
	return await outputPerItem(this, plans, async ({ valueType, value, options }) => {
		const opt = optFor(valueType);
		const key = `${opt}|${value}`;
		let fields = responses.get(key);
		if (!fields) {
			fields = outputFields(await client.remediationLink(value, opt, options));
			responses.set(key, fields);
		}
		return [{ value, value_type: valueType, ...fields }];
	});
}
