import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MetaAccessClient } from '../transport/client';
import { rateLimitWaitMessage, type Clock } from '../transport/clock';
import * as device from './device';
import type { Operation } from './shared/items';
import { NodeParameters } from './shared/parameters';

const operations: Record<string, Record<string, { execute: Operation }>> = {
	device: {
		getAll: device.getAll,
		exempt: device.exempt,
		unexempt: device.unexempt,
		reIdentify: device.reIdentify,
		ignore: device.ignore,
		unignore: device.unignore,
		assignToGroup: device.assignToGroup,
		renewIp: device.renewIp,
		fetchAgentLog: device.fetchAgentLog,
		delete: device.delete,
		getRemediationLink: device.getRemediationLink,
		get: device.get,
		search: device.search,
		getAgentLog: device.getAgentLog,
	},
};

/**
 * Runs the chosen operation over all input items at once (the device-list operations gather the
 * devices of every item into shared requests), with one client for the execution. The client
 * starts reading the credential (a database read in n8n) at once, so that the read overlaps the
 * checks of the items.
 */
export async function router(
	this: IExecuteFunctions,
	clock: Clock,
): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const run = operations[resource]?.[operation];
	if (!run) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
			{ description: 'Choose a resource and operation from the lists.' },
		);
	}
	const client = new MetaAccessClient(this, clock);
	const output = await run.execute.call(this, {
		items,
		client,
		parameters: new NodeParameters(this),
		clock,
	});
	// A run that stood waiting for the rate limit says so (n8n shows it above the node's output).
	const waited = rateLimitWaitMessage(client.rateLimitWaits);
	if (waited) this.addExecutionHints({ message: waited, type: 'info', location: 'outputPane' });
	return [output];
}
