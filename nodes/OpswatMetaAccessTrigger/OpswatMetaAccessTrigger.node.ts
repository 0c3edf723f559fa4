import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { checkNumber, requestOptionsFrom, toNodeError, waitOptions } from '../OpswatMetaAccess/helpers/parameters';
import { forgetCredentials, transportClock, type RequestOptions } from '../OpswatMetaAccess/transport';
import { getDevicesPage, MAX_PAGE_SIZE } from '../OpswatMetaAccess/transport/getDevices';
import { FleetScan, hwidOf, isTriggerEvent, type Change, type TriggerEvent } from './helpers/diff';
import { deviceMatcher, type DeviceFilters } from './helpers/filters';
import { changeItem } from './helpers/output';
import { storeState, trackedValues } from './helpers/state';

/** Requests one poll may send by default: leaves 2 of the 10 a minute to actions. */
export const DEFAULT_MAX_REQUESTS_PER_POLL = 8;
export const MAX_REQUESTS_PER_POLL_LIMIT = 100;

interface TriggerConfig {
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
				: `Unknown event${unknown.length === 1 ? '' : 's'}: ${unknown.map((event) => JSON.stringify(event)).join(', ')}`,
			{ description: "Choose at least one event in 'Events', from the list." },
		);
	}
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return {
		events: [...new Set(events as TriggerEvent[])],
		filters: context.getNodeParameter('filters', {}) as DeviceFilters,
		simplify: context.getNodeParameter('simplify', true) as boolean,
		maxRequestsPerPoll: checkNumber(node, options.maxRequestsPerPoll ?? DEFAULT_MAX_REQUESTS_PER_POLL, 'Max Requests per Poll', {
			min: 1,
			max: MAX_REQUESTS_PER_POLL_LIMIT,
			integer: true,
		}),
		emitExisting: options.emitExisting === true,
		requestOptions: requestOptionsFrom(node, options),
	};
}

/** The editor's "Fetch Test Event": one real device (one request, limit 1), shaped as the first event. */
async function sampleEvent(this: IPollFunctions, config: TriggerConfig): Promise<INodeExecutionData[][] | null> {
	const answer = await getDevicesPage.call(this, { page: 1, limit: 1 }, config.requestOptions);
	const device = answer.devices[0];
	if (!device) return null;
	const event = config.events[0];
	const values = trackedValues(device);
	const change: Change = {
		event,
		hwid: hwidOf(device) ?? '',
		device,
		previous: event === 'deviceRemoved' ? values : null,
		current: event === 'deviceRemoved' ? null : values,
		at: transportClock.now(),
	};
	return [this.helpers.returnJsonArray([changeItem(change, config.simplify)])];
}

export class OpswatMetaAccessTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OPSWAT MetaAccess Trigger',
		name: 'opswatMetaAccessTrigger',
		icon: { light: 'file:../OpswatMetaAccess/opswatMetaAccess.svg', dark: 'file:../OpswatMetaAccess/opswatMetaAccess.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["events"] || []).join(", ")}}',
		description: 'Starts the workflow when devices in OPSWAT MetaAccess change status, go offline or online, appear or are removed',
		defaults: { name: 'OPSWAT MetaAccess Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'opswatMetaAccessApi', required: true }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				options: [
					{
						name: 'Became Compliant',
						value: 'becameCompliant',
						description: 'The compliance status became compliant (0)',
					},
					{
						name: 'Became Non-Compliant',
						value: 'becameNonCompliant',
						description: 'The compliance status became non-compliant (1)',
					},
					{
						name: 'Came Online',
						value: 'cameOnline',
						description: 'The device connected to the MetaAccess cloud (active 1)',
					},
					{
						name: 'Compliance Status Changed',
						value: 'complianceStatusChanged',
						description: 'The compliance status changed, from any value to any other',
					},
					{
						name: 'Critical Status Changed',
						value: 'criticalStatusChanged',
						description: 'The critical status changed (a critical issue appeared or was solved)',
					},
					{
						name: 'Device Removed',
						value: 'deviceRemoved',
						description: 'MetaAccess no longer lists the device (confirmed by two complete scans)',
					},
					{
						name: 'Exemption Changed',
						value: 'exemptionChanged',
						description: 'The device was exempted or unexempted',
					},
					{
						name: 'New Device',
						value: 'newDevice',
						description: 'MetaAccess lists a device it did not list before',
					},
					{
						name: 'Went Offline',
						value: 'wentOffline',
						description: 'The device disconnected from the MetaAccess cloud (active 0)',
					},
				],
				default: ['complianceStatusChanged'],
				description:
					'The changes that start the workflow. A device that changes in two chosen ways gives two items.',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				description: 'Report changes only for the devices that pass every filter set',
				options: [
					{
						displayName: 'Hostname Contains',
						name: 'hostnameContains',
						type: 'string',
						default: '',
						placeholder: 'LAPTOP-',
						description: 'Only devices whose hostname contains this text (any case)',
					},
					{
						displayName: 'Machine Type',
						name: 'machineType',
						type: 'string',
						default: '',
						placeholder: 'laptop, vm',
						description: 'Only devices of these machine types (comma-separated, any case), e.g. laptop, vm, phone',
					},
					{
						displayName: 'OS Family',
						name: 'osFamily',
						type: 'string',
						default: '',
						placeholder: 'Windows, android',
						description: 'Only devices of these OS families (comma-separated, any case), e.g. Windows, android',
					},
				],
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					'Whether to give the device as a flat object with status codes also given as labels (as Get Many does) instead of the raw API object',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Emit Existing Devices on First Run',
						name: 'emitExisting',
						type: 'boolean',
						default: false,
						description:
							'Whether the first scan, which records the baseline, also reports the devices that already match the events (non-compliant ones for Became Non-Compliant, offline ones for Went Offline, every device for the "changed" events and New Device)',
					},
					{
						displayName: 'Max Requests per Poll',
						name: 'maxRequestsPerPoll',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_REQUESTS_PER_POLL_LIMIT },
						default: DEFAULT_MAX_REQUESTS_PER_POLL,
						description:
							'Most requests one poll sends (50 devices each). A fleet that needs more pages is scanned over several polls, continuing where the last one stopped. The API allows 10 requests a minute: leave room for your other workflows.',
					},
					...waitOptions,
				],
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		// n8n keeps this context while the workflow is active: read the credential afresh each poll.
		forgetCredentials(this);
		const config = readConfig(this);
		if (this.getMode() === 'manual') return await sampleEvent.call(this, config);

		const staticData = this.getWorkflowStaticData('node');
		// The scan works on a copy of the state: a failed request leaves the stored state as it was.
		const scan = new FleetScan(staticData, {
			events: config.events,
			matches: deviceMatcher(config.filters),
			emitExisting: config.emitExisting,
		});
		const startPage = scan.nextPage;
		const changes: Change[] = [];
		try {
			for (let request = 0; request < config.maxRequestsPerPoll; request++) {
				const answer = await getDevicesPage.call(this, { page: scan.nextPage, limit: MAX_PAGE_SIZE }, config.requestOptions);
				const at = transportClock.now();
				scan.addPage(answer.devices, at, changes);
				if (answer.last) {
					scan.complete(at, changes);
					break;
				}
			}
		} catch (error) {
			const note = `Nothing was recorded from this poll: the next poll scans again from page ${startPage}, so no change is lost or reported twice.`;
			const failure = toNodeError(this.getNode(), error);
			failure.description = `${failure.description ?? ''} ${note}`.trim();
			throw failure;
		}
		storeState(staticData, scan.save());
		if (changes.length === 0) return null;
		return [this.helpers.returnJsonArray(changes.map((change) => changeItem(change, config.simplify)))];
	}
}
