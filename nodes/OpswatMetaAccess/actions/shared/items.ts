import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
} from 'n8n-workflow';

import { toNodeError } from '../../helpers/parameters';
import { continuesOnFail } from './agentTool';
import type { MetaAccessClient } from '../../transport/client';
import type { Clock } from '../../transport/clock';
import type { NodeParameters } from './parameters';

/** What an operation runs with: every input item at once, the execution's client and parameters. */
export interface OperationRun {
	items: INodeExecutionData[];
	client: MetaAccessClient;
	parameters: NodeParameters;
	/** What the execution waits with (besides the client's own pacing). */
	clock: Clock;
}

/** An operation's `execute`: its output items, each paired with the input item it came from. */
export type Operation = (
	this: IExecuteFunctions,
	run: OperationRun,
) => Promise<INodeExecutionData[]>;

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** An input item's request, as read and checked; or (with Continue On Fail) why it could not be. */
export type ItemRequest<T> =
	| { itemIndex: number; request: T }
	| { itemIndex: number; error: string };

/**
 * Reads and checks the request of every input item before any request is sent. Bad input stops
 * the node (naming the item) before anything is done; with Continue On Fail (or as an AI agent's
 * tool) only that item fails.
 */
export function readRequests<T>(
	context: IExecuteFunctions,
	itemCount: number,
	read: (itemIndex: number) => T,
): Array<ItemRequest<T>> {
	const continueOnFail = continuesOnFail(context);
	const requests: Array<ItemRequest<T>> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			requests.push({ itemIndex, request: read(itemIndex) });
		} catch (error) {
			if (!continueOnFail) throw toNodeError(context.getNode(), error, itemIndex);
			requests.push({ itemIndex, error: errorMessage(error) });
		}
	}
	return requests;
}

/**
 * Runs each item's request in turn and pairs the items it gives with the input item. An item that
 * could not be read, or whose run failed, gives one `{ error }` item with Continue On Fail;
 * without it, the first failure stops the node and names the item.
 */
export async function executePerItem<T>(
	context: IExecuteFunctions,
	requests: Array<ItemRequest<T>>,
	run: (
		request: T,
		itemIndex: number,
	) => Promise<Array<{ json: IDataObject; binary?: IBinaryKeyData }>>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const read of requests) {
		const pairedItem = { item: read.itemIndex };
		if ('error' in read) {
			output.push({ json: { error: read.error }, pairedItem });
			continue;
		}
		try {
			for (const item of await run(read.request, read.itemIndex))
				output.push({ ...item, pairedItem });
		} catch (error) {
			if (!continuesOnFail(context)) throw toNodeError(context.getNode(), error, read.itemIndex);
			output.push({ json: { error: errorMessage(error) }, pairedItem });
		}
	}
	return output;
}

/**
 * What `get` gives for `key`, asked once: items asking the same share one request, and its
 * failure (a request that failed once is not sent again for the next item).
 */
export async function shared<T>(
	cache: Map<string, Promise<T>>,
	key: string,
	get: () => Promise<T>,
): Promise<T> {
	let result = cache.get(key);
	if (!result) cache.set(key, (result = get()));
	return await result;
}
