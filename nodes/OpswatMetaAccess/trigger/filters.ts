import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { describeValue } from '../helpers/text';
import type { ApiDevice } from './events';

/** The Filters collection of the node. */
export interface DeviceFilters {
	/** Part of the hostname, any case. */
	hostnameContains?: string;
	/** OS families (os_info.family), comma-separated, any case: "Windows, macOS". */
	osFamily?: string;
	/** Machine types (machine_type), comma-separated, any case: "laptop, vm". */
	machineType?: string;
}

/** A filter's text, trimmed and in lower case ('' when unset); an expression giving a number counts as its digits. */
function filterText(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number'
		? String(value).trim().toLowerCase()
		: '';
}

function listOf(value: unknown): string[] {
	return filterText(value)
		.split(',')
		.map((part) => part.trim().toLowerCase())
		.filter((part) => part !== '');
}

function lower(value: unknown): string | undefined {
	return typeof value === 'string' ? value.trim().toLowerCase() : undefined;
}

/**
 * The test a device must pass for its changes to be reported, or undefined when no filter is set.
 * Every filter set must match; a device that lacks the field a filter looks at does not match it.
 */
export function deviceMatcher(
	filters: DeviceFilters,
): ((device: ApiDevice) => boolean) | undefined {
	const hostnamePart = filterText(filters.hostnameContains);
	const families = new Set(listOf(filters.osFamily));
	const machineTypes = new Set(listOf(filters.machineType));
	if (hostnamePart === '' && families.size === 0 && machineTypes.size === 0) return undefined;
	return (device) => {
		if (hostnamePart !== '') {
			const hostname =
				typeof device.hostname === 'string' ? device.hostname.toLowerCase() : undefined;
			if (hostname === undefined || !hostname.includes(hostnamePart)) return false;
		}
		if (families.size > 0) {
			const osInfo = device.os_info as Record<string, unknown> | undefined;
			const family =
				typeof osInfo === 'object' && osInfo !== null ? lower(osInfo.family) : undefined;
			if (family === undefined || !families.has(family)) return false;
		}
		if (machineTypes.size > 0) {
			const machineType = lower(device.machine_type);
			if (machineType === undefined || !machineTypes.has(machineType)) return false;
		}
		return true;
	};
}

const FILTER_LABELS: Record<keyof DeviceFilters, string> = {
	hostnameContains: 'Hostname Contains',
	machineType: 'Other Machine Types',
	osFamily: 'Other OS Families',
};

/** The lists of documented values, and the text filter each one adds to. */
const LIST_FILTERS: Record<string, { label: string; adds: 'machineType' | 'osFamily' }> = {
	machineTypes: { label: 'Machine Type', adds: 'machineType' },
	osFamilies: { label: 'OS Family', adds: 'osFamily' },
};

/** A list filter's values (from the form, a list of text; from an expression, also text), or undefined when it is neither. */
function listValues(value: unknown): string[] | undefined {
	if (typeof value === 'string') return [value];
	if (Array.isArray(value) && value.every((entry) => typeof entry === 'string'))
		return value as string[];
	return undefined;
}

/**
 * The Filters collection as the user set it, checked: each filter is text (or a number, taken as
 * its digits). A filter an expression turned into an object, a list or a boolean would otherwise
 * match nothing or everything without a word, so it is refused, naming the filter and the value.
 */
export function checkFilters(node: INode, raw: unknown): DeviceFilters {
	if (raw === undefined || raw === null) return {};
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		throw new NodeOperationError(
			node,
			`'Filters' must be a collection; it is ${describeValue(raw)}`,
		);
	}
	const filters: DeviceFilters = {};
	const chosen: Record<'machineType' | 'osFamily', string[]> = { machineType: [], osFamily: [] };
	for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
		const list = LIST_FILTERS[name];
		if (list !== undefined) {
			const values = listValues(value);
			if (values === undefined)
				throw new NodeOperationError(
					node,
					`'${list.label}' must be a list of text; it is ${describeValue(value)}`,
					{
						description: `Choose '${list.label}' values from the list, or make its expression give text (several values separated by commas) or a list of text.`,
					},
				);
			chosen[list.adds].push(...values);
			continue;
		}
		const label = FILTER_LABELS[name as keyof DeviceFilters];
		if (label === undefined) continue;
		if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
			filters[name as keyof DeviceFilters] = String(value);
			continue;
		}
		throw new NodeOperationError(node, `'${label}' must be text; it is ${describeValue(value)}`, {
			description: `Give '${label}' as text${name === 'hostnameContains' ? '' : ' (several values separated by commas)'}, or make its expression give text.`,
		});
	}
	// A device of a chosen value or of a typed one passes: one comma-separated list for the matcher.
	for (const key of ['machineType', 'osFamily'] as const) {
		const parts = [...chosen[key], filters[key] ?? ''].filter((part) => part.trim() !== '');
		if (parts.length) filters[key] = parts.join(', ');
	}
	return filters;
}
