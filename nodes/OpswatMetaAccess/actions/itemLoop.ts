import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { toNodeError } from '../helpers/parameters';

export function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

/** An item read for an operation: its plan, or (with Continue On Fail) why it could not be read. */
export type ItemPlan<T> = { itemIndex: number; plan: T } | { itemIndex: number; error: string };

/**
 * Reads and validates every input item before any request is sent. Bad input stops the node
 * (naming the item) before anything is done; with Continue On Fail only that item fails.
 */
export function readAllItems<T>(
	context: IExecuteFunctions,
	itemCount: number,
	read: (itemIndex: number) => T,
): Array<ItemPlan<T>> {
	const continueOnFail = context.continueOnFail();
	const plans: Array<ItemPlan<T>> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			plans.push({ itemIndex, plan: read(itemIndex) });
		} catch (error) {
			if (!continueOnFail) throw toNodeError(context.getNode(), error, itemIndex);
			plans.push({ itemIndex, error: errorMessage(error) });
		}
	}
	return plans;
}

/**
 * Runs each item's plan in turn and pairs what it gives with the item. An item that could not be
 * read, or whose run failed, gives one `{ error }` item with Continue On Fail; without it, the
 * first failure stops the node and names the item.
 */
export async function outputPerItem<T>(
	context: IExecuteFunctions,
	plans: Array<ItemPlan<T>>,
	run: (plan: T, itemIndex: number) => Promise<IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData[] = [];
	for (const read of plans) {
		const pairedItem = { item: read.itemIndex };
		if ('error' in read) {
			output.push({ json: { error: read.error }, pairedItem });
			continue;
		}
		try {
			for (const json of await run(read.plan, read.itemIndex)) output.push({ json, pairedItem });
		} catch (error) {
			if (!context.continueOnFail()) throw toNodeError(context.getNode(), error, read.itemIndex);
			output.push({ json: { error: errorMessage(error) }, pairedItem });
		}
	}
	return output;
}
