import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { remediationResultLabel } from '../../helpers/labels';
import { MAC_FORMS_HINT, normalizeMac } from '../../helpers/mac';
import { metaAccessRequest, type RequestOptions } from '../../transport';
import { errorMessage, itemParameter, optionsCollection, readAllItems, readChoice, readRequestOptions } from './common';
import { toNodeError } from '../../helpers/parameters';

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
			{ name: 'Custom ID', value: 'custom', description: 'A third-party custom ID linked with the device' },
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

/** Encodes a path segment; colons are legal there and kept, as in the documentation's example. */
function pathSegment(value: string): string {
	return encodeURIComponent(value).replace(/%3A/gi, ':');
}

function readValue(this: IExecuteFunctions, itemIndex: number): { valueType: ValueType; value: string } {
	const valueType = readChoice(this, 'valueType', 'Value Type', itemIndex, VALUE_TYPES);
	const raw = itemParameter(this, 'value', itemIndex, '');
	const text = typeof raw === 'string' || typeof raw === 'number' ? String(raw).trim() : '';
	if (text === '') {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: 'Value' is empty`, {
			itemIndex,
			description: 'Give the device ID, MAC address or custom ID of the device whose remediation link you want.',
		});
	}
	if (text.length > 256) {
		throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: 'Value' is longer than 256 characters`, {
			itemIndex,
			description: 'Give one device ID, MAC address or custom ID.',
		});
	}
	if (valueType === 'mac') {
		const mac = normalizeMac(text);
		if (mac === undefined) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: "${text}" is not a MAC address`, {
				itemIndex,
				description: `${MAC_FORMS_HINT}, or choose another Value Type.`,
			});
		}
		return { valueType, value: mac };
	}
	return { valueType, value: text };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const plans = readAllItems(this, items.length, (itemIndex) => ({
		...readValue.call(this, itemIndex),
		options: readRequestOptions(this, itemIndex),
	}));
	const output: INodeExecutionData[] = [];
	// Several items asking for the same device share one request.
	const answers = new Map<string, IDataObject>();
	for (const read of plans) {
		const pairedItem = { item: read.itemIndex };
		if ('error' in read) {
			output.push({ json: { error: read.error }, pairedItem });
			continue;
		}
		const { valueType, value, options } = read.plan;
		try {
			// A device ID and a MAC address are both looked up with opt 0: the same request.
			const opt = optFor(valueType);
			const key = `${opt}|${value}`;
			let answer = answers.get(key);
			if (!answer) {
				answer = await fetchRemediationLink.call(this, opt, value, options);
				answers.set(key, answer);
			}
			output.push({ json: { value, value_type: valueType, ...answer }, pairedItem });
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, read.itemIndex);
			output.push({ json: { error: errorMessage(error) }, pairedItem });
		}
	}
	return output;
}

/** The `opt` of Get Remediation Link v3.0: 0 for a device ID or MAC address, 1 for a custom ID. */
function optFor(valueType: ValueType): 0 | 1 {
	return valueType === 'custom' ? 1 : 0;
}

/** The API's answer for a value, as output fields (without the item's own value and value type). */
async function fetchRemediationLink(
	this: IExecuteFunctions,
	opt: 0 | 1,
	value: string,
	options: RequestOptions,
): Promise<IDataObject> {
	const response = await metaAccessRequest.call(
		this,
		{
			method: 'GET',
			path: `/o/api/v3/devices/${pathSegment(value)}/remediation`,
			qs: { opt },
			idempotent: true,
		},
		options,
	);
	const body = response.body as IDataObject;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		throw new NodeApiError(this.getNode(), {}, {
			message: 'MetaAccess answered Get Remediation Link with something other than the documented object',
			itemIndex: options.itemIndex,
		});
	}
	const code = body.result;
	return {
		result_code: typeof code === 'number' ? code : null,
		result: typeof code === 'number' ? remediationResultLabel(code) : 'no result returned',
		found: code === 1,
		remediation_link: typeof body.remediation_link === 'string' ? body.remediation_link : '',
	};
}
