import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AgentLogReport } from '../../transport/types';
import { errorMessage, readAllItems } from '../itemLoop';
import type { ItemReader } from '../itemReader';
import { optionsCollection } from '../descriptions';
import type { OperationRun } from '../operation';
import { toNodeError } from '../../helpers/parameters';

const show = { resource: ['device'], operation: ['getAgentLog'] };

/** Longest command ID taken (MetaAccess's are 17 characters). */
const MAX_COMMAND_ID_LENGTH = 256;

export const description: INodeProperties[] = [
	{
		displayName: 'Command ID',
		name: 'commandId',
		type: 'string',
		required: true,
		displayOptions: { show },
		default: '',
		placeholder: 'e.g. {{ $json.command_id }}',
		description:
			'The command_id that Fetch Agent Log gave for the device. The log is ready some time after the fetch; until then the output says it is not ready.',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		displayOptions: { show },
		default: 'data',
		hint: 'The name of the output binary field to put the log file in',
	},
	optionsCollection('getAgentLog'),
];

function refuse(reader: ItemReader, itemIndex: number, message: string, description: string) {
	return new NodeOperationError(reader.node, `Item ${itemIndex}: ${message}`, {
		itemIndex,
		description: `${description} No request was sent.`,
	});
}

function readCommandId(reader: ItemReader, itemIndex: number): string {
	const commandId = reader.identifier('commandId', 'Command ID', itemIndex, '');
	if (commandId === '') {
		throw refuse(
			reader,
			itemIndex,
			"'Command ID' is empty",
			'Give the command_id that Fetch Agent Log gave for the device (an empty command_id means the device could not send its log).',
		);
	}
	if (commandId.length > MAX_COMMAND_ID_LENGTH || /\s/.test(commandId)) {
		throw refuse(
			reader,
			itemIndex,
			`'Command ID' is not one command ID`,
			'Give one command_id from Fetch Agent Log, without spaces.',
		);
	}
	return commandId;
}

function readField(reader: ItemReader, itemIndex: number): string {
	const field = reader.identifier(
		'binaryPropertyName',
		'Put Output File in Field',
		itemIndex,
		'data',
	);
	if (field === '') {
		throw refuse(
			reader,
			itemIndex,
			"'Put Output File in Field' is empty",
			'Name the binary field to put the log file in, for example data.',
		);
	}
	return field;
}

/**
 * Get an Agent Log: the log of a fetch_agent_log command as n8n binary data once MetaAccess has
 * it; until then one item that says it is not ready (its status and message), never an error.
 * MetaAccess's error answer (an unknown command ID) is an error, or an error item with Continue
 * On Fail.
 */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, reader }: OperationRun,
): Promise<INodeExecutionData[]> {
	const plans = readAllItems(this, items.length, (itemIndex) => ({
		commandId: readCommandId(reader, itemIndex),
		field: readField(reader, itemIndex),
		options: reader.requestOptions(itemIndex),
	}));
	// Items asking for the same log share one request.
	const reports = new Map<string, AgentLogReport>();
	const output: INodeExecutionData[] = [];
	for (const read of plans) {
		const pairedItem = { item: read.itemIndex };
		if ('error' in read) {
			output.push({ json: { error: read.error }, pairedItem });
			continue;
		}
		const { commandId, field, options } = read.plan;
		try {
			let report = reports.get(commandId);
			if (!report) {
				report = await client.agentLogReport(commandId, options);
				reports.set(commandId, report);
			}
			if (!report.ready) {
				output.push({
					json: {
						command_id: commandId,
						ready: false,
						status: report.status,
						message: report.message,
					},
					pairedItem,
				});
				continue;
			}
			const binary = await this.helpers.prepareBinaryData(
				report.data,
				report.fileName,
				report.mimeType,
			);
			output.push({
				json: {
					command_id: commandId,
					ready: true,
					file_name: report.fileName,
					mime_type: report.mimeType,
					file_size: report.data.length,
				},
				binary: { [field]: binary },
				pairedItem,
			});
		} catch (error) {
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, read.itemIndex);
			output.push({ json: { error: errorMessage(error) }, pairedItem });
		}
	}
	return output;
}
