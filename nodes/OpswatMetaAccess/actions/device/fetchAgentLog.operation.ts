/**
 * Fetch Agent Log: Device Action's fetch_agent_log; with Wait for the Log, then asks Get Reports
 * for each command ID (the transport's limiter paces the requests within the rate limit) until the
 * log is ready or the item's wait ends, and puts the log on the device's item as binary data.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { toNodeError } from '../../helpers/parameters';
import type { RequestOptions } from '../../transport/types';
import { deviceAction } from '../shared/deviceAction';
import type { OperationRun } from '../shared/items';
import type { NodeParameters } from '../shared/parameters';

/** The longest wait for the log, in seconds. */
export const LOG_WAIT = { min: 1, max: 3600, default: 300 } as const;

/** Time between two asks for the same log. */
export const LOG_POLL_INTERVAL_MS = 20_000;

/** The binary property the log goes into. */
export const LOG_BINARY_PROPERTY = 'data';

const WAIT_FOR_LOG = 'Wait for the Log';
const MAX_WAIT = 'Max Wait for the Log (Seconds)';

const show = { resource: ['device'], operation: ['fetchAgentLog'] };

export const waitFields: INodeProperties[] = [
	{
		displayName: WAIT_FOR_LOG,
		name: 'waitForLog',
		type: 'boolean',
		displayOptions: { show },
		default: false,
		description:
			'Whether to wait until each device has uploaded its log and output it as a file (binary field "data") on the device\'s item. Without it, each item gives the command ID to use with Get Agent Log later.',
	},
	// The default is written out for n8n's linter; it is LOG_WAIT.default (a test holds them equal).
	{
		displayName: MAX_WAIT,
		name: 'maxLogWait',
		type: 'number',
		typeOptions: { minValue: LOG_WAIT.min, maxValue: LOG_WAIT.max },
		displayOptions: { show: { ...show, waitForLog: [true] } },
		default: 300,
		description:
			'Longest time to wait for the logs, counted from the fetch. MetaAccess is asked about each log every 20 seconds, within the rate limit; a log not ready by then is reported as not ready, with its command ID.',
	},
];

interface WaitSettings {
	wait: boolean;
	maxWaitMs: number;
}

/** The item's wait settings, checked (the fetch reads them before any request). */
function waitSettings(parameters: NodeParameters, itemIndex: number): WaitSettings {
	const wait = parameters.boolean('waitForLog', WAIT_FOR_LOG, itemIndex, false);
	if (!wait) return { wait, maxWaitMs: 0 };
	const seconds = parameters.integer('maxLogWait', MAX_WAIT, itemIndex, LOG_WAIT, LOG_WAIT.default);
	return { wait, maxWaitMs: seconds * 1000 };
}

/** A log to wait for: its command ID, the output items it goes on, and when its wait ends. */
interface PendingLog {
	commandId: string;
	outputs: INodeExecutionData[];
	deadline: number;
	options: RequestOptions;
	lastMessage?: string;
}

function notReady(log: PendingLog, waitedSeconds: number): IDataObject {
	const said = log.lastMessage ? ` (MetaAccess: ${log.lastMessage})` : '';
	return {
		log: 'not ready',
		log_message: `The agent log was not ready after ${waitedSeconds} s of waiting${said}. Get it later with Get Agent Log and command ID ${log.commandId}.`,
	};
}

/** Waits for the logs of the fetch's output items that asked for it; the others are left as they are. */
async function waitForLogs(
	context: IExecuteFunctions,
	{ client, parameters, clock }: OperationRun,
	output: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const start = clock.now();
	const logs = new Map<string, PendingLog>();
	for (const item of output) {
		const commandId = item.json.command_id;
		if (item.json.success !== true || typeof commandId !== 'string' || commandId === '') continue;
		const itemIndex = (item.pairedItem as { item: number }).item;
		const { wait, maxWaitMs } = waitSettings(parameters, itemIndex);
		if (!wait) continue;
		const known = logs.get(commandId);
		if (known) known.outputs.push(item);
		else
			logs.set(commandId, {
				commandId,
				outputs: [item],
				deadline: start + maxWaitMs,
				options: parameters.requestOptions(itemIndex),
			});
	}
	const signal = (
		context as { getExecutionCancelSignal?: () => AbortSignal | undefined }
	).getExecutionCancelSignal?.();
	let pending = [...logs.values()];
	while (pending.length > 0) {
		const still: PendingLog[] = [];
		for (const log of pending) {
			let done: IDataObject | undefined;
			try {
				const report = await client.agentLogReport(log.commandId, log.options);
				if (report.ready) {
					const binary = await context.helpers.prepareBinaryData(
						report.data,
						report.fileName,
						report.mimeType,
					);
					for (const item of log.outputs) item.binary = { [LOG_BINARY_PROPERTY]: binary };
					done = { log: 'ready', log_file: report.fileName };
				} else {
					log.lastMessage = report.message || report.status;
					still.push(log);
				}
			} catch (error) {
				// The fetch was done: its result stays, and the log's failure is told on the item.
				if (!(error instanceof NodeApiError))
					throw toNodeError(context.getNode(), error, log.options.itemIndex);
				done = {
					log: 'error',
					log_error: `${error.message}. Get the log later with Get Agent Log and command ID ${log.commandId}.`,
				};
			}
			if (done) for (const item of log.outputs) Object.assign(item.json, done);
		}
		const nextAsk = clock.now() + LOG_POLL_INTERVAL_MS;
		pending = [];
		for (const log of still) {
			if (nextAsk <= log.deadline) pending.push(log);
			else {
				const waited = Math.round((clock.now() - start) / 1000);
				for (const item of log.outputs) Object.assign(item.json, notReady(log, waited));
			}
		}
		if (pending.length > 0) await clock.sleep(LOG_POLL_INTERVAL_MS, signal);
	}
	return output;
}

const fetchAgentLog = deviceAction({
	operation: 'fetchAgentLog',
	type: 'fetch_agent_log',
	action: 'fetch the agent log of',
	fields: waitFields,
	validate: waitSettings,
});

export const description = fetchAgentLog.description;

export async function execute(
	this: IExecuteFunctions,
	run: OperationRun,
): Promise<INodeExecutionData[]> {
	return await waitForLogs(this, run, await fetchAgentLog.execute.call(this, run));
}
