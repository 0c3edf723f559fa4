/**
 * Get Many's Filters. Status, Severity, OS and Device Type are Get Devices v3's `filter` criteria,
 * applied by MetaAccess; Exempt, Online, Last Seen and Name Contains are checked here over the
 * pages, and Limit counts the devices that match.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { checkChoice } from '../../helpers/parameters';
import { simplifyDevice } from '../../helpers/simplify';
import { describeValue } from '../../helpers/text';
import type { NodeParameters } from '../shared/parameters';

/** A criterion of Get Devices v3's `filter`: its field, its API name and its values. */
interface Criterion {
	name: string;
	displayName: string;
	api: string;
	options: Array<{ name: string; value: string; description?: string }>;
	description: string;
}

const option = (name: string, value: string, description?: string) =>
	description ? { name, value, description } : { name, value };

const CRITERIA: Criterion[] = [
	{
		name: 'status',
		displayName: 'Status',
		api: 'device_status',
		options: [
			option('Compliant', 'compliant'),
			option('Exempted', 'exempted'),
			option('Ignored', 'ignored'),
			option('Installed', 'installed'),
			option('Non-Compliant', 'non_compliant'),
			option('Out of License Usage', 'out_of_license_usage'),
			option('Pending', 'pending', 'Still sending its information'),
			option('Quarantined', 'quarantined'),
			option('Unknown', 'unknown'),
		],
		description:
			'Keep only devices with one of these compliance statuses (MetaAccess filters them, no extra request). An exempted device has the status Exempted, not Compliant or Non-Compliant.',
	},
	{
		name: 'severity',
		displayName: 'Severity',
		api: 'severity',
		options: [
			option('Critical', 'critical', 'At least one critical issue'),
			option('Warning', 'warning', 'Issues, none critical'),
			option('No Issues', 'no_issues'),
		],
		description:
			'Keep only devices whose worst issue is one of these (MetaAccess filters them, no extra request). Choose Critical for the devices with a critical issue.',
	},
	{
		name: 'os',
		displayName: 'OS',
		api: 'os',
		options: [
			option('Android', 'android'),
			option('iOS', 'ios'),
			option('Linux', 'linux'),
			option('macOS', 'mac'),
			option('Windows', 'windows'),
		],
		description:
			'Keep only devices running one of these operating systems (MetaAccess filters them, no extra request)',
	},
	{
		name: 'deviceType',
		displayName: 'Device Type',
		api: 'device_type',
		options: [
			option('Desktop', 'desktop'),
			option('Laptop', 'laptop'),
			option('Phone', 'phone'),
			option('Server', 'server'),
			option('Tablet', 'tablet'),
			option('Virtual Machine', 'vm'),
		],
		description:
			'Keep only devices of one of these types (MetaAccess filters them, no extra request)',
	},
];

const OVER_THE_PAGES =
	'Checked by the node over the pages of devices: Limit counts the devices that match, and finding them can take one request per 50 devices of the account';

const ONLINE: INodeProperties = {
	displayName: 'Online',
	name: 'online',
	type: 'options',
	options: [
		option('Online', 'online', 'Only devices whose agent is connected now'),
		option('Offline', 'offline', 'Only devices whose agent is not connected'),
	],
	default: 'online',
	description: `Keep only devices whose agent is connected now, or only those whose agent is not. ${OVER_THE_PAGES}.`,
};

/** A criterion's field: a list of its values. */
function criterionField(name: string): INodeProperties {
	const criterion = CRITERIA.find((entry) => entry.name === name)!;
	return {
		displayName: criterion.displayName,
		name: criterion.name,
		type: 'multiOptions',
		options: criterion.options,
		default: [],
		description: criterion.description,
	};
}

/** The Filters collection of Get Many. */
export const filtersField: INodeProperties = {
	displayName: 'Filters',
	name: 'filters',
	type: 'collection',
	placeholder: 'Add Filter',
	default: {},
	displayOptions: { show: { resource: ['device'], operation: ['getAll'] } },
	description:
		'Keep only the devices that match every filter set. Status, Severity, OS and Device Type are applied by MetaAccess and cost no extra request (they list the devices oldest-enrolled first, so Sort By must be None and Order Descending). Exempt, Online, Last Seen and Name Contains are checked over the pages and can cost extra requests.',
	options: [
		criterionField('deviceType'),
		{
			displayName: 'Exempt',
			name: 'exempt',
			type: 'options',
			options: [
				option('Exempted', 'exempted', 'Only devices exempted from compliance checks'),
				option('Not Exempted', 'notExempted', 'Only devices not exempted'),
			],
			default: 'exempted',
			description: `Keep only exempted devices, or only devices not exempted. ${OVER_THE_PAGES}.`,
		},
		{
			displayName: 'Last Seen After',
			name: 'lastSeenAfter',
			type: 'dateTime',
			default: '',
			description: `Keep only devices last seen after this date and time (ISO 8601, e.g. 2026-01-31T08:00:00Z). ${OVER_THE_PAGES}.`,
		},
		{
			displayName: 'Last Seen Before',
			name: 'lastSeenBefore',
			type: 'dateTime',
			default: '',
			description: `Keep only devices last seen before this date and time (ISO 8601), e.g. devices not seen for 90 days. ${OVER_THE_PAGES}.`,
		},
		{
			displayName: 'Name Contains',
			name: 'nameContains',
			type: 'string',
			default: '',
			placeholder: 'e.g. LAB-',
			description: `Keep only devices whose hostname or nickname contains this text, in any case. ${OVER_THE_PAGES}.`,
		},
		ONLINE,
		criterionField('os'),
		criterionField('severity'),
		criterionField('status'),
	],
};

/** The filters of an item, as plain values (items asking for the same listing share it). */
export interface FilterValues {
	/** Get Devices v3's `filter` (criterion → values), when Status, Severity, OS or Device Type is set. */
	server?: Record<string, string[]>;
	exempt?: boolean;
	online?: boolean;
	/** Epoch milliseconds. */
	lastSeenAfter?: number;
	lastSeenBefore?: number;
	/** Lower case. */
	nameContains?: string;
}

/** Whether a filter is checked over the pages (rather than by MetaAccess). */
export const checksPages = (filters: FilterValues): boolean =>
	Object.keys(filters).some((name) => name !== 'server');

/** Reads an item's Filters, checked: a bad value is refused before any request. */
export function readFilters(parameters: NodeParameters, itemIndex: number): FilterValues {
	const raw = parameters.value('filters', itemIndex, {});
	if (raw === null || raw === undefined) return {};
	if (typeof raw !== 'object' || Array.isArray(raw))
		throw parameters.refuse(
			itemIndex,
			`'Filters' must be a collection of filters; it is ${describeValue(raw)}`,
			"Set each filter of 'Filters' on its own.",
		);
	const given = raw as IDataObject;
	const filters: FilterValues = {};
	for (const criterion of CRITERIA) {
		const value = given[criterion.name];
		if (value === undefined || value === null || value === '') continue;
		const list = Array.isArray(value) ? value : [value];
		const allowed = criterion.options.map((entry) => entry.value);
		const label = `Filters → ${criterion.displayName}`;
		const values = list.map((entry) =>
			checkChoice(parameters.node, entry, label, allowed, itemIndex),
		);
		if (values.length > 0) (filters.server ??= {})[criterion.api] = [...new Set(values)];
	}
	const choice = (name: string, label: string, yes: string, no: string) => {
		if (given[name] === undefined) return undefined;
		return checkChoice(parameters.node, given[name], label, [yes, no], itemIndex) === yes;
	};
	const exempt = choice('exempt', 'Filters → Exempt', 'exempted', 'notExempted');
	if (exempt !== undefined) filters.exempt = exempt;
	const online = choice('online', 'Filters → Online', 'online', 'offline');
	if (online !== undefined) filters.online = online;
	for (const [name, label] of [
		['lastSeenAfter', 'Last Seen After'],
		['lastSeenBefore', 'Last Seen Before'],
	] as const) {
		const value = given[name];
		if (value === undefined || value === null || value === '') continue;
		const time =
			typeof value === 'object' || typeof value === 'string' ? Date.parse(String(value)) : NaN;
		if (Number.isNaN(time))
			throw parameters.refuse(
				itemIndex,
				`'Filters → ${label}' is ${describeValue(value)}, which is not a date and time`,
				`Give '${label}' as a date and time, e.g. 2026-01-31T08:00:00Z, or an expression such as {{ $now.minus({ days: 90 }) }}.`,
			);
		filters[name] = time;
	}
	if (
		filters.lastSeenAfter !== undefined &&
		filters.lastSeenBefore !== undefined &&
		filters.lastSeenAfter >= filters.lastSeenBefore
	)
		throw parameters.refuse(
			itemIndex,
			"'Filters → Last Seen After' is not before 'Last Seen Before', so no device can match",
			'Set Last Seen After to an earlier time than Last Seen Before, or remove one of them.',
		);
	const name = given.nameContains;
	if (name !== undefined && name !== null && name !== '') {
		if (typeof name !== 'string' && typeof name !== 'number')
			throw parameters.refuse(
				itemIndex,
				`'Filters → Name Contains' is ${describeValue(name)}, which is not text`,
				'Give Name Contains as text, e.g. LAB-.',
			);
		const text = String(name).trim().toLowerCase();
		if (text !== '') filters.nameContains = text;
	}
	return filters;
}

/** Whether a device (as any Get Devices version lists it) passes the filters checked over the pages. */
export function matchesFilters(filters: FilterValues, device: IDataObject): boolean {
	const simple = simplifyDevice(device);
	if (filters.exempt !== undefined && simple.exempt !== filters.exempt) return false;
	if (filters.online !== undefined && simple.online !== filters.online) return false;
	if (filters.lastSeenAfter !== undefined || filters.lastSeenBefore !== undefined) {
		const seen = typeof simple.last_seen === 'string' ? Date.parse(simple.last_seen) : NaN;
		if (Number.isNaN(seen)) return false;
		if (filters.lastSeenAfter !== undefined && !(seen > filters.lastSeenAfter)) return false;
		if (filters.lastSeenBefore !== undefined && !(seen < filters.lastSeenBefore)) return false;
	}
	const text = filters.nameContains;
	if (text !== undefined) {
		const names = [device.hostname, device.nickname, device.host_name, device.device_name];
		if (!names.some((name) => typeof name === 'string' && name.toLowerCase().includes(text)))
			return false;
	}
	return true;
}
