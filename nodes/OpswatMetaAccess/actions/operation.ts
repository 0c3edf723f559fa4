import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { MetaAccessClient } from '../transport/client';
import type { Clock } from '../transport/clock';
import type { ItemReader } from './itemReader';

/** What an operation runs with: every input item at once, the execution's client and item reader. */
export interface OperationRun {
	items: INodeExecutionData[];
	client: MetaAccessClient;
	reader: ItemReader;
	/** What the execution waits with (besides the client's own pacing). */
	clock: Clock;
}

/** An operation's `execute`: its output items, each paired with the input item it came from. */
export type Operation = (
	this: IExecuteFunctions,
	run: OperationRun,
) => Promise<INodeExecutionData[]>;
