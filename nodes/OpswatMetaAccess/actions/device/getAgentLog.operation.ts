import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { MAX_IDENTIFIER_LENGTH } from '../../helpers/parameters';
import type { AgentLogReport } from '../../transport/types';
import { optionsCollection } from '../shared/descriptions';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';
import type { NodeParameters } from '../shared/parameters';

const show = { resource: ['device'], operation: ['getAgentLog'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Command ID',
		name: 'commandId',
		type: 'string',
		required: true,
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. {{ $json.command_id }}',
		description: `The command_id that Fetch Agent Log gave for the device (at most ${MAX_IDENTIFIER_LENGTH} characters). The log is ready some time after the fetch; until then the output says it is not ready.`,
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		displayOptions: { show },
		default: 'data',
		description: "Name of the output item's binary field that receives the log file",
		hint: 'The name of the output binary field to put the log file in',
	},
	optionsCollection('getAgentLog'),
];

function readCommandId(parameters: NodeParameters, itemIndex: number): string {
	const commandId = parameters.identifier('commandId', 'Command ID', itemIndex);
	if (commandId === '') {
		throw parameters.refuse(
			itemIndex,
			"'Command ID' is empty",
			'Give the command_id that Fetch Agent Log gave for the device (an empty command_id means the device could not send its log).',
		);
	}
	if (/\s/.test(commandId)) {
		throw parameters.refuse(
			itemIndex,
			`'Command ID' is not one command ID`,
			'Give one command_id from Fetch Agent Log, without spaces.',
		);
	}
	return commandId;
}

function readField(parameters: NodeParameters, itemIndex: number): string {
	const label = 'Put Output File in Field';
	const field = parameters.identifier('binaryPropertyName', label, itemIndex);
	if (field === '') {
		throw parameters.refuse(
			itemIndex,
			`'${label}' is empty`,
			'Name the binary field to put the log file in, for example data.',
		);
	}
	return field;
}

/**
 * Get an Agent Log: the log of a fetch_agent_log command as n8n binary data once MetaAccess has
 * it; until then one item that says it is not ready (its status and message), never an error.
 * MetaAccess's error response (an unknown command ID) is an error, or an error item with Continue
 * On Fail.
 */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const requests = readRequests(this, items.length, (itemIndex) => ({
		commandId: readCommandId(parameters, itemIndex),
		field: readField(parameters, itemIndex),
		options: parameters.requestOptions(itemIndex),
	}));
	// Items asking for the same log share one request.
	const reports = new Map<string, Promise<AgentLogReport>>();
	return await executePerItem(this, requests, async ({ commandId, field, options }) => {
		const report = await shared(reports, commandId, () =>
			client.agentLogReport(commandId, options),
		);
		if (!report.ready) {
			const { status, message } = report;
			return [{ json: { command_id: commandId, ready: false, status, message } }];
		}
		const { data, fileName, mimeType } = report;
		const binary = await this.helpers.prepareBinaryData(data, fileName, mimeType);
		const json = {
			command_id: commandId,
			ready: true,
			file_name: fileName,
			mime_type: mimeType,
			file_size: data.length,
		};
		return [{ json, binary: { [field]: binary } }];
	});
}
