import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationRun } from '../operation';
import { waitFields, waitForLogs, waitSettings } from './agentLogWait';
import { deviceVerb } from './deviceVerb';

const verb = deviceVerb({
	operation: 'fetchAgentLog',
	type: 'fetch_agent_log',
	verb: 'fetch the agent log of',
	fields: waitFields,
	validate: waitSettings,
});

export const description = verb.description;

export async function execute(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<INodeExecutionData[]> {
	return await waitForLogs(this, run, await verb.execute.call(this, run));
}
