import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readCredentialsAhead } from '../transport';
import * as device from './device';

type Operation = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const operations: Record<string, Record<string, { execute: Operation }>> = {
	device: {
		getAll: device.getAll,
		performAction: device.performAction,
		performLegacyAction: device.performLegacyAction,
		delete: device.delete,
		getRemediationLink: device.getRemediationLink,
	},
};

/**
 * Runs the chosen operation over all input items at once: the device-list operations gather the
 * devices of every item into shared requests, so operations see the whole input, not one item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of resource "${resource}" is not supported`, {
			description: 'Choose a resource and operation from the lists.',
		});
	}
	// Start reading the credential (a database read in n8n) while the items are validated.
	readCredentialsAhead(this);
	return [await run.execute.call(this, items)];
}
