import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { MetaAccessClient } from './transport/client';
import { systemClock, type Clock } from './transport/clock';
import { MAX_PAGE_SIZE, type RequestOptions } from './transport/types';
import { FULL_SCAN_EVENTS } from './trigger/delta';
import { pollStatusChanges } from './trigger/deltaPoll';
import {
	CHANGE_DETECTION,
	DEFAULT_FULL_SCAN_EVERY_HOURS,
	DEFAULT_MAX_REQUESTS_PER_POLL,
	MAX_FULL_SCAN_EVERY_HOURS,
	MAX_REQUESTS_PER_POLL_LIMIT,
	TRIGGER_MODES,
	triggerProperties,
	type TriggerMode,
} from './trigger/description';
import { FleetScan } from './trigger/diff';
import {
	hwidOf,
	isTriggerEvent,
	matchesAtBaseline,
	type Change,
	type TriggerEvent,
} from './trigger/events';
import { checkFilters, deviceMatcher, type DeviceFilters } from './trigger/filters';
import { changeItem, SAMPLE_NOTE } from './trigger/output';
import { scanAndConfirm } from './trigger/scanPages';
import { storeState, trackedValues } from './trigger/state';
import { checkBoolean, checkChoice, checkNumber, toNodeError } from './helpers/parameters';
import { requestOptionsFrom } from './helpers/requestOptions';
import { describeValue, nounFor } from './helpers/text';

interface TriggerConfig {
	mode: TriggerMode;
	fullScanEveryHours: number;
	events: TriggerEvent[];
	filters: DeviceFilters;
	simplify: boolean;
	maxRequestsPerPoll: number;
	emitExisting: boolean;
	requestOptions: RequestOptions;
}

function readConfig(context: IPollFunctions): TriggerConfig {
	const node = context.getNode();
	const rawEvents = context.getNodeParameter('events', []) as unknown;
	const events = Array.isArray(rawEvents) ? rawEvents : [rawEvents];
	const unknown = events.filter((event) => !isTriggerEvent(event));
	if (events.length === 0 || unknown.length > 0) {
		throw new NodeOperationError(
			node,
			events.length === 0
				? 'No event is chosen'
				: `Unknown ${nounFor(unknown.length, 'event')}: ${unknown.map((event) => describeValue(event)).join(', ')}`,
			{ description: "Choose at least one event in 'Events', from the list." },
		);
	}
	const options = context.getNodeParameter('options', {}) as IDataObject;
	const mode = checkChoice(
		node,
		context.getNodeParameter('mode', 'fullScan'),
		CHANGE_DETECTION,
		TRIGGER_MODES,
	);
	const fullScanEveryHours =
		mode === 'fullScan'
			? 0
			: checkNumber(
					node,
					context.getNodeParameter('fullScanEveryHours', DEFAULT_FULL_SCAN_EVERY_HOURS),
					'Full Scan Every (Hours)',
					{ min: 0, max: MAX_FULL_SCAN_EVERY_HOURS, integer: false },
				);
	const blind = events.filter((event) => FULL_SCAN_EVENTS.includes(event as TriggerEvent));
	if (mode === 'statusChanges' && fullScanEveryHours === 0 && blind.length > 0) {
		throw new NodeOperationError(
			node,
			`${blind.join(', ')} ${blind.length === 1 ? 'needs' : 'need'} full scans, which 'Full Scan Every (Hours)' 0 turns off`,
			{
				description:
					"Status Change does not carry online/offline, critical status or new devices: set 'Full Scan Every (Hours)' above 0, or remove those events.",
			},
		);
	}
	return {
		mode,
		fullScanEveryHours,
		events: [...new Set(events as TriggerEvent[])],
		filters: checkFilters(node, context.getNodeParameter('filters', {})),
		simplify: checkBoolean(node, context.getNodeParameter('simplify', true), 'Simplify'),
		maxRequestsPerPoll: checkNumber(
			node,
			options.maxRequestsPerPoll ?? DEFAULT_MAX_REQUESTS_PER_POLL,
			'Max Requests per Poll',
			// Status Changes: one for the window, at least one for the pages of a full scan.
			{ min: mode === 'fullScan' ? 1 : 2, max: MAX_REQUESTS_PER_POLL_LIMIT, integer: true },
		),
		emitExisting: checkBoolean(
			node,
			options.emitExisting ?? false,
			'Emit Existing Devices on First Run',
		),
		requestOptions: requestOptionsFrom(node, options),
	};
}

/**
 * The editor's "Fetch Test Event": one request (the first page of devices, MAX_PAGE_SIZE of them),
 * and the first chosen event that one of them, matching the filters, is in the state of (a
 * non-compliant device for Became Non-Compliant); else the first device and the first event. The
 * item is marked as a sample.
 */
async function sampleEvent(
	this: IPollFunctions,
	client: MetaAccessClient,
	config: TriggerConfig,
): Promise<INodeExecutionData[][] | null> {
	const page = await client.getDevicesPage(
		{ page: 1, limit: MAX_PAGE_SIZE },
		config.requestOptions,
	);
	if (page.devices.length === 0) return null;
	const matches = deviceMatcher(config.filters) ?? (() => true);
	const candidates = page.devices.filter((device) => hwidOf(device) !== undefined);
	let event = config.events[0];
	let device = candidates.find(matches) ?? page.devices[0];
	for (const wanted of config.events) {
		const found = candidates.find((d) => matches(d) && matchesAtBaseline(wanted, trackedValues(d)));
		if (found !== undefined) {
			[event, device] = [wanted, found];
			break;
		}
	}
	const values = trackedValues(device);
	const change: Change = {
		event,
		hwid: hwidOf(device) ?? '',
		device,
		previous: event === 'deviceRemoved' ? values : null,
		current: event === 'deviceRemoved' ? null : values,
		at: client.now(),
	};
	const item = { ...changeItem(change, config.simplify), sample: true, note: SAMPLE_NOTE };
	return [this.helpers.returnJsonArray([item])];
}

export class OpswatMetaAccessTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OPSWAT MetaAccess Trigger',
		name: 'opswatMetaAccessTrigger',
		icon: { light: 'file:opswatMetaAccess.svg', dark: 'file:opswatMetaAccess.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		// n8n's nodes panel shows one OPSWAT MetaAccess entry for both nodes, with this description
		// (the trigger's replaces the action node's): it speaks of both.
		description:
			'List, act on and remediate devices in OPSWAT MetaAccess, and start workflows when devices change status, go offline or online, appear or are removed',
		documentationUrl:
			'https://github.com/opswat-metaaccess/n8n-nodes-opswat-metaaccess/blob/main/docs/trigger.md',
		defaults: { name: 'OPSWAT MetaAccess Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'opswatMetaAccessApi', required: true }],
		properties: triggerProperties,
	};

	/** One poll: n8n calls it with the poll context as `this`. */
	poll: (this: IPollFunctions) => Promise<INodeExecutionData[][] | null>;

	/** `clock`: what the trigger paces requests, waits and dates changes with (tests give a virtual one). */
	constructor(clock: Clock = systemClock) {
		this.poll = async function (this: IPollFunctions) {
			return await pollOnce.call(this, clock);
		};
	}
}

/**
 * One poll. n8n keeps one poll context while the workflow is active; each poll makes its own client,
 * so the credential is read as it is stored at that poll (a token pasted meanwhile is used).
 */
async function pollOnce(
	this: IPollFunctions,
	clock: Clock,
): Promise<INodeExecutionData[][] | null> {
	const client = new MetaAccessClient(this, clock);
	const config = readConfig(this);
	if (this.getMode() === 'manual') return await sampleEvent.call(this, client, config);

	const staticData = this.getWorkflowStaticData('node');
	// The poll works on a copy of the state: a failed request leaves the stored state as it was.
	const scan = new FleetScan(staticData, {
		events: config.events,
		matches: deviceMatcher(config.filters),
		emitExisting: config.emitExisting,
	});
	let changes: Change[] = [];
	let note: string | undefined;
	if (config.mode === 'statusChanges') {
		({ changes, note } = await pollStatusChanges(this.getNode(), client, scan, config));
	} else {
		const startPage = scan.nextPage;
		try {
			const { scanned, confirmed } = await scanAndConfirm(
				this.getNode(),
				client,
				scan,
				config.maxRequestsPerPoll,
				true,
				config.requestOptions,
			);
			changes = [...scanned, ...confirmed];
		} catch (error) {
			const nothing = `Nothing was recorded from this poll: the next poll scans again from page ${startPage}, so no change is lost or reported twice.`;
			const failure = toNodeError(this.getNode(), error);
			failure.description = `${failure.description ?? ''} ${nothing}`.trim();
			throw failure;
		}
	}
	storeState(staticData, scan.save());
	if (changes.length === 0) return null;
	const items = changes.map((change) => changeItem(change, config.simplify));
	if (note !== undefined) for (const item of items) item.note = note;
	return [this.helpers.returnJsonArray(items)];
}
