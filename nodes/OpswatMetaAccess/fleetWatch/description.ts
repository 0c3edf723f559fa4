import type { INodeProperties } from 'n8n-workflow';

import { waitOptions } from '../helpers/requestOptions';

/** Requests one poll may send by default: leaves 2 of the 10 a minute to actions. */
export const DEFAULT_MAX_REQUESTS_PER_POLL = 8;
export const MAX_REQUESTS_PER_POLL_LIMIT = 100;

export const TRIGGER_MODES = ['fullScan', 'statusChanges'] as const;
export type TriggerMode = (typeof TRIGGER_MODES)[number];
/** Status Changes mode: hours between full scans by default (a day), and the most. */
export const DEFAULT_FULL_SCAN_EVERY_HOURS = 24;
export const MAX_FULL_SCAN_EVERY_HOURS = 720;

/** The trigger's parameters: mode, events, filters, Simplify and options. */
export const triggerProperties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Full Scan',
				value: 'fullScan',
				description:
					'Each poll lists the fleet (Get Devices, 50 devices a request) and compares every device: sees every event; costs grow with the fleet',
			},
			{
				name: 'Status Changes',
				value: 'statusChanges',
				description:
					'Each poll asks Status Change v3.0 what changed since the last poll (one request when nothing changed); full scans only as often as you set',
			},
		],
		default: 'fullScan',
	},
	{
		displayName:
			'Status Change carries Became Compliant, Became Non-Compliant, Compliance Status Changed, Exemption Changed and Device Removed: reported on the next poll. Critical Status Changed, Went Offline, Came Online and New Device need a full scan: reported by the next full scan.',
		name: 'statusChangesNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['statusChanges'] } },
	},
	{
		displayName: 'Full Scan Every (Hours)',
		name: 'fullScanEveryHours',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: MAX_FULL_SCAN_EVERY_HOURS },
		default: DEFAULT_FULL_SCAN_EVERY_HOURS,
		displayOptions: { show: { mode: ['statusChanges'] } },
		description:
			'How often to list the whole fleet as well, for the events Status Change does not carry (critical status, online/offline, new devices) and removals it missed. 0: never (only the first scan, and one after a gap of more than a day between polls). Fractions allowed (0.5: every 30 minutes).',
	},
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
				description:
					'Only devices of these machine types (comma-separated, any case), e.g. laptop, vm, phone',
			},
			{
				displayName: 'OS Family',
				name: 'osFamily',
				type: 'string',
				default: '',
				placeholder: 'Windows, android',
				description:
					'Only devices of these OS families (comma-separated, any case), e.g. Windows, android',
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
];
