/**
 * The fields the operations share: Options (with the wait options), Batch Size, Return All and
 * Limit, Simplify, and the device-list operations' Identify Devices By and Devices.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { MAX_IDENTIFIER_LENGTH } from '../../helpers/parameters';
import { waitOptions } from '../../helpers/requestOptions';

/** Devices per request of the device-list operations: the one place their bounds are written. */
export const BATCH_SIZE = { min: 1, max: 1000, default: 100 } as const;

// The default is written out for n8n's linter; it is BATCH_SIZE.default (a test holds them equal).
export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	typeOptions: { minValue: BATCH_SIZE.min, maxValue: BATCH_SIZE.max },
	default: 100,
	description:
		'Most devices to send in one request. Devices from all input items are gathered into as few requests as this allows.',
};

/** The Options collection of an operation: its own options, then the wait options. */
export function optionsCollection(operation: string, own: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['device'], operation: [operation] } },
		options: [...own, ...waitOptions],
	};
}

/** Most devices Return All or Limit may give: the listings' bound (a page cap follows from it). */
export const MAX_LIMIT = 100_000;

/** Return All, and Limit when it is off (default 50), for the operations that list devices. */
/**
 * The Order field of a sorted listing (`asc` / `desc`): what each direction means for this
 * listing, and its default.
 */
export function sortOrderField(
	show: IDisplayOptions['show'],
	ascending: string,
	descending: string,
	defaultOrder: 'asc' | 'desc',
): INodeProperties {
	return {
		displayName: 'Order',
		name: 'order',
		type: 'options',
		displayOptions: { show },
		options: [
			{ name: 'Ascending', value: 'asc', description: ascending },
			{ name: 'Descending', value: 'desc', description: descending },
		],
		default: defaultOrder,
		description: 'The direction of the sort by Sort By',
	};
}

export function returnAllAndLimit(
	show: IDisplayOptions['show'],
	limitHint?: string,
): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			displayOptions: { show },
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			displayOptions: { show: { ...show, returnAll: [false] } },
			typeOptions: { minValue: 1, maxValue: MAX_LIMIT },
			default: 50,
			description: 'Max number of results to return',
			...(limitHint ? { hint: limitHint } : {}),
		},
	];
}

/** Simplify (default on) of the operations that give devices. */
export function simplifyField(operation: string): INodeProperties {
	return {
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show: { resource: ['device'], operation: [operation] } },
		default: true,
		description:
			'Whether to return 12 fields per device (hwid, hostname, status as a word such as non-compliant, critical, exempt and online as true or false, total_issues, last_seen, os_family, os_name, device_type, mac_addresses) instead of the whole record MetaAccess answered',
	};
}

/** How a device-list operation names its devices: by Device ID (the hwid) or by MAC address. */
export type IdentifyBy = 'id' | 'mac';

export const IDENTIFY_BY: readonly IdentifyBy[] = ['id', 'mac'];

export function identifyByField(operation: string): INodeProperties {
	return {
		displayName: 'Identify Devices By',
		name: 'identifyBy',
		type: 'options',
		displayOptions: { show: { resource: ['device'], operation: [operation] } },
		options: [
			{
				name: 'Device ID',
				value: 'id',
				description: "The device's ID (hwid), as Get Many gives it",
			},
			{ name: 'MAC Address', value: 'mac', description: 'A MAC address of the device' },
		],
		default: 'id',
		description: 'Whether Devices holds device IDs or MAC addresses (one kind per item)',
	};
}

/**
 * The Devices field, defined once per identifier (same name, shown by Identify Devices By) so that
 * its placeholder and description name what to give. `action` completes "The devices to …".
 */
export function devicesFields(operation: string, action: string): INodeProperties[] {
	const show = { resource: ['device'], operation: [operation] };
	return [
		{
			displayName: 'Devices',
			name: 'devices',
			type: 'string',
			required: true,
			displayOptions: { show: { ...show, identifyBy: ['id'] } },
			default: '',
			placeholder: 'e.g. {{ $json.hwid }} or id1, id2',
			description: `The devices to ${action}: one device ID (hwid, at most ${MAX_IDENTIFIER_LENGTH} characters), a comma-separated list, or an expression giving an array`,
		},
		{
			displayName: 'Devices',
			name: 'devices',
			type: 'string',
			required: true,
			displayOptions: { show: { ...show, identifyBy: ['mac'] } },
			default: '',
			placeholder: 'e.g. {{ $json.mac_addresses[0] }} or 00:0c:29:cd:c7:b2, 00:0c:30:cd:ff:b2',
			description: `The devices to ${action}: one MAC address, a comma-separated list, or an expression giving an array. MAC addresses may be written 00:0c:29:f2:7a:29, 00-0C-29-F2-7A-29, 000c.29f2.7a29 or 000c29f27a29.`,
		},
	];
}

/** Words an option label writes otherwise than capitalized. */
const LABEL_WORDS: Record<string, string> = {
	Of: 'of',
	Cves: 'CVEs',
	Ips: 'IPs',
	Pua: 'PUA',
	Vpn: 'VPN',
};

/** The label of an API value in a list of options: `number_of_cves` → "Number of CVEs". */
export const optionLabel = (value: string): string =>
	value.replace(/_/g, ' ').replace(/\b\w+/g, (word) => {
		const capitalized = word[0].toUpperCase() + word.slice(1);
		return LABEL_WORDS[capitalized] ?? capitalized;
	});
