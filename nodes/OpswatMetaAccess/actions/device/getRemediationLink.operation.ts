import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	IDataObject,
} from 'n8n-workflow';

import type { RemediationOpt } from '../../transport/types';
import { remediationResultLabel } from '../../helpers/labels';
import { deviceLocator, readDevice, type NamedDevice } from '../shared/device';
import { optionsCollection } from '../shared/descriptions';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';

const MODES = ['list', 'id', 'mac', 'url', 'custom'] as const;
type ValueType = NamedDevice['by'];

export const description: INodeProperties[] = [
	deviceLocator('getRemediationLink', MODES),
	optionsCollection('getRemediationLink'),
];

/** The `opt` of Get Remediation Link v3.0: 0 for a device ID or MAC address, 1 for a custom ID. */
function optFor(valueType: ValueType): RemediationOpt {
	return valueType === 'custom' ? 1 : 0;
}

/** Get Remediation Link's documented result codes, each in a sentence. */
const RESULT_DESCRIPTIONS: Record<number, string> = {
	1: 'MetaAccess found the device: remediation_link is its remediation page.',
	0: 'No device of the account has this device ID, MAC address or custom ID.',
	[-1]: 'The device is out of license (beyond the devices the account is licensed for), so MetaAccess gives no remediation page.',
};

/** What Get Remediation Link's result code means, in a sentence for the output item. */
export function remediationResultDescription(code: unknown): string {
	if (typeof code !== 'number')
		return 'MetaAccess returned no result for this device, so no link is given.';
	return (
		RESULT_DESCRIPTIONS[code] ??
		`MetaAccess answered ${code}, a code its Get Remediation Link page does not list: no link is given.`
	);
}

/** The API's response as output fields (without the item's own value and value type). */
function outputFields(response: IDataObject): IDataObject {
	const code = response.result;
	return {
		result_code: typeof code === 'number' ? code : null,
		result: typeof code === 'number' ? remediationResultLabel(code) : 'no result returned',
		result_description: remediationResultDescription(code),
		found: code === 1,
		remediation_link:
			typeof response.remediation_link === 'string' ? response.remediation_link : '',
	};
}

export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const requests = readRequests(this, items.length, (itemIndex) => {
		const { by: valueType, value } = readDevice(parameters, itemIndex, MODES);
		return { valueType, value, options: parameters.requestOptions(itemIndex) };
	});
	// Several items asking for the same device share one request: a device ID and a MAC address are
	// both looked up with opt 0, the same request.
	const responses = new Map<string, Promise<IDataObject>>();
	return await executePerItem(this, requests, async ({ valueType, value, options }) => {
		const opt = optFor(valueType);
		const fields = await shared(responses, `${opt}|${value}`, async () =>
			outputFields(await client.remediationLink(value, opt, options)),
		);
		return [{ json: { value, value_type: valueType, ...fields } }];
	});
}
