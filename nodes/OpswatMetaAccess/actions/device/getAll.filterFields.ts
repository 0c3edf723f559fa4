/**
 * The Filters collection of Get Many: Status, Severity, OS and Device Type, Get Devices v3's
 * `filter` criteria (applied by MetaAccess); Exempt, Online, Last Seen and Name Contains (checked
 * over the pages, see getAll.filters.ts).
 */
import type { INodeProperties } from 'n8n-workflow';

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

export const CRITERIA: Criterion[] = [
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

/** A filter of two choices (Exempt, Online), checked over the pages. */
const twoWays = (displayName: string, options: Array<ReturnType<typeof option>>, text: string) => ({
	displayName,
	name: displayName.toLowerCase(),
	type: 'options' as const,
	options,
	default: options[0].value,
	description: `Keep only ${text}. ${OVER_THE_PAGES}.`,
});

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
		twoWays(
			'Exempt',
			[
				option('Exempted', 'exempted', 'Only devices exempted from compliance checks'),
				option('Not Exempted', 'notExempted', 'Only devices not exempted'),
			],
			'exempted devices, or only devices not exempted',
		),
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
		twoWays(
			'Online',
			[
				option('Online', 'online', 'Only devices whose agent is connected now'),
				option('Offline', 'offline', 'Only devices whose agent is not connected'),
			],
			'devices whose agent is connected now, or only those whose agent is not',
		),
		criterionField('os'),
		criterionField('severity'),
		criterionField('status'),
	],
};
