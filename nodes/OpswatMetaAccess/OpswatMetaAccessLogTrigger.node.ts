import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { MetaAccessClient } from './transport/client';
import { systemClock, type Clock } from './transport/clock';
import { type RequestOptions } from './transport/types';
import {
	LOG_CATEGORIES,
	MAX_LOG_AGE_SECONDS,
	MAX_LOG_LIMIT,
	type LogCategory,
} from './helpers/logs';
import {
	DEFAULT_LOG_REQUESTS_PER_POLL,
	logTriggerProperties,
	MAX_LOG_REQUESTS_PER_POLL,
} from './trigger/logDescription';
import { firstLogState, nextWindow, readLogState, takeWindow } from './trigger/logWindow';
import { checkLogEvents, logsQuery, matchesEvents, walkLogs } from './helpers/logs';
import { checkChoice, checkNumber, toNodeError } from './helpers/parameters';
import { requestOptionsFrom } from './helpers/requestOptions';

interface LogTriggerConfig {
	category: LogCategory;
	/** Events to emit (none: all). */
	events: string[];
	maxRequestsPerPoll: number;
	requestOptions: RequestOptions;
}

function readConfig(context: IPollFunctions): LogTriggerConfig {
	const node = context.getNode();
	const category = checkChoice(
		node,
		context.getNodeParameter('category', 'device'),
		'Category',
		LOG_CATEGORIES,
	);
	const filtered = category === 'device' || category === 'admin';
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		category,
		events: filtered ? checkLogEvents(node, context.getNodeParameter('events', [])) : [],
		maxRequestsPerPoll: checkNumber(
			node,
			options.maxRequestsPerPoll ?? DEFAULT_LOG_REQUESTS_PER_POLL,
			'Max Requests per Poll',
			{ min: 1, max: MAX_LOG_REQUESTS_PER_POLL, integer: true },
		),
		requestOptions: requestOptionsFrom(node, options),
	};
}

/**
 * The editor's "Fetch Test Event": the first entry of the last 24 hours of the category (and
 * event), one request; with none, a sample marked `sample: true`.
 */
async function sampleEntry(client: MetaAccessClient, config: LogTriggerConfig) {
	const query = logsQuery(config.category, config.events, { age: MAX_LOG_AGE_SECONDS }, 1);
	const page = await client.logsPage(query, config.requestOptions);
	const real = page.entries.find((entry) => matchesEvents(config.events, entry));
	if (real) return real;
	return {
		sample: true,
		timestamp: new Date(client.now()).toISOString(),
		event: config.events[0] ?? '',
		details: `A sample: MetaAccess logged no ${config.category} entry${config.events.length ? ` of ${config.events.join(', ')}` : ''} in the last 24 hours`,
	};
}

export class OpswatMetaAccessLogTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OPSWAT MetaAccess Log Trigger',
		name: 'opswatMetaAccessLogTrigger',
		icon: { light: 'file:opswatMetaAccess.svg', dark: 'file:opswatMetaAccess.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["category"] + " log"}}',
		description:
			'Starts a workflow for each new entry of an OPSWAT MetaAccess log: admin, device, webhook or device report events',
		documentationUrl:
			'https://github.com/opswat-metaaccess/n8n-nodes-opswat-metaaccess/blob/main/docs/log-trigger.md',
		defaults: { name: 'OPSWAT MetaAccess Log Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'opswatMetaAccessApi', required: true }],
		properties: logTriggerProperties,
	};

	/** One poll: n8n calls it with the poll context as `this`. */
	poll: (this: IPollFunctions) => Promise<INodeExecutionData[][] | null>;

	/** `clock`: what the trigger paces requests, waits and dates windows with (tests give a virtual one). */
	constructor(clock: Clock = systemClock) {
		this.poll = async function (this: IPollFunctions) {
			return await pollLog.call(this, clock);
		};
	}
}

/**
 * One poll: reads the log from where the last poll got to (less an overlap) up to now, emits each
 * entry not emitted before, oldest first, and only then stores how far it read. A failed request
 * stores nothing: the next poll reads the same window again, and more.
 */
async function pollLog(this: IPollFunctions, clock: Clock): Promise<INodeExecutionData[][] | null> {
	const client = new MetaAccessClient(this, clock);
	const config = readConfig(this);
	if (this.getMode() === 'manual')
		return [this.helpers.returnJsonArray([await sampleEntry(client, config)])];

	const staticData = this.getWorkflowStaticData('node');
	const state = readLogState(staticData.log, config.category);
	if (!state) {
		// First activation (or a new category): the log is read from now on, nothing before.
		staticData.log = firstLogState(config.category, client.now());
		return null;
	}
	const window = nextWindow(state, client.now());
	let walk;
	try {
		const query = logsQuery(config.category, config.events, window, MAX_LOG_LIMIT);
		walk = await walkLogs(this.getNode(), client, query, {
			maxRequests: config.maxRequestsPerPoll,
			requestOptions: config.requestOptions,
		});
	} catch (error) {
		const failure = toNodeError(this.getNode(), error);
		const nothing = `Nothing was recorded from this poll: the next poll reads the log again from ${new Date(window.start).toISOString()}, so no entry is lost or emitted twice.`;
		failure.description = `${failure.description ?? ''} ${nothing}`.trim();
		throw failure;
	}
	const { fresh, state: next } = takeWindow(state, window, walk.entries, walk.complete);
	const items = fresh.filter((entry) => matchesEvents(config.events, entry));
	staticData.log = next;
	return items.length > 0 ? [this.helpers.returnJsonArray(items)] : null;
}
