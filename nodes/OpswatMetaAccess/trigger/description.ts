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

/** The label of the `mode` parameter (Full Scan or Status Changes). */
export const CHANGE_DETECTION = 'Change Detection';

/** The trigger's parameters: change detection, events, filters, Simplify and options. */
export const triggerProperties: INodeProperties[] = [
	{
		// Not "Mode": n8n's Poll Times above holds a field of that name (Every Minute, Every Hour, …).
		displayName: CHANGE_DETECTION,
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
					"Each poll asks MetaAccess's Status Change list what changed since the last poll (one request when nothing changed); full scans only as often as you set",
			},
		],
		default: 'fullScan',
		description:
			'How each poll finds what changed (when it polls is Poll Times above). Full Scan sees every event; Status Changes sends fewer requests on large fleets.',
	},
	{
		displayName:
			'Status Change carries Became Compliant, Became Non-Compliant, Compliance Status Changed, Exemption Changed and Device Removed: reported on the next poll. Critical Status Changed, Went Offline, Came Online and New Device need a full scan: reported by the next full scan. So does a compliance change of an exempted device (Status Change lists it as exempted either way).',
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
				action: 'On device becoming compliant',
				description: 'The compliance status became compliant (0)',
			},
			{
				name: 'Became Non-Compliant',
				value: 'becameNonCompliant',
				action: 'On device becoming non-compliant',
				description: 'The compliance status became non-compliant (1)',
			},
			{
				name: 'Came Online',
				value: 'cameOnline',
				action: 'On device coming online',
				description: 'The device connected to the MetaAccess cloud (active 1)',
			},
			{
				name: 'Compliance Status Changed',
				value: 'complianceStatusChanged',
				action: 'On compliance status change',
				description: 'The compliance status changed, from any value to any other',
			},
			{
				name: 'Critical Status Changed',
				value: 'criticalStatusChanged',
				action: 'On critical status change',
				description: 'The critical status changed (a critical issue appeared or was solved)',
			},
			{
				name: 'Device Removed',
				value: 'deviceRemoved',
				action: 'On device removal',
				description:
					'MetaAccess no longer has the device (Device Details answers 404, or Status Change lists it as deleted)',
			},
			{
				name: 'Exemption Changed',
				value: 'exemptionChanged',
				action: 'On exemption change',
				description: 'The device was exempted or unexempted',
			},
			{
				name: 'New Device',
				value: 'newDevice',
				action: 'On new device',
				description: 'MetaAccess lists a device it did not list before',
			},
			{
				name: 'Went Offline',
				value: 'wentOffline',
				action: 'On device going offline',
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
				name: 'machineTypes',
				type: 'multiOptions',
				options: [
					{ name: 'Laptop', value: 'laptop' },
					{ name: 'Phone', value: 'phone' },
					{ name: 'VM', value: 'vm', description: 'A virtual machine' },
				],
				default: [],
				description:
					'Only devices of these machine types (the values MetaAccess documents). For others, use Other Machine Types.',
			},
			{
				displayName: 'OS Family',
				name: 'osFamilies',
				type: 'multiOptions',
				options: [
					{ name: 'Android', value: 'android' },
					{ name: 'iOS', value: 'ios' },
					{ name: 'Linux', value: 'linux' },
					{ name: 'macOS', value: 'macos' },
					{ name: 'Windows', value: 'windows' },
				],
				default: [],
				description:
					'Only devices of these OS families (os_info.family, any case). For others, use Other OS Families.',
			},
			{
				displayName: 'Other Machine Types',
				name: 'machineType',
				type: 'string',
				default: '',
				placeholder: 'desktop, server',
				description:
					'Only devices of these machine types too (comma-separated, any case), as MetaAccess gives them in machine_type',
			},
			{
				displayName: 'Other OS Families',
				name: 'osFamily',
				type: 'string',
				default: '',
				placeholder: 'ChromeOS',
				description:
					'Only devices of these OS families too (comma-separated, any case), as MetaAccess gives them in os_info.family',
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
					'Most requests one poll sends: pages of 50 devices, Status Change pages, and Device Details requests that confirm removals. A fleet that needs more pages is scanned over several polls, continuing where the last one stopped. The API allows 10 requests a minute: leave room for your other workflows.',
			},
			...waitOptions,
		],
	},
];
