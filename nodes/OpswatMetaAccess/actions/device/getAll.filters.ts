/**
 * Get Many's Filters. Status, Severity, OS and Device Type are Get Devices v3's `filter` criteria,
 * applied by MetaAccess; Exempt, Online, Last Seen and Name Contains are checked here over the
 * pages, and Limit counts the devices that match.
 */
import type { IDataObject } from 'n8n-workflow';

import { checkChoice } from '../../helpers/parameters';
import { simplifyDevice } from '../../helpers/simplify';
import { describeValue } from '../../helpers/text';
import type { NodeParameters } from '../shared/parameters';
import { CRITERIA } from './getAll.filterFields';

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

const isUnset = (value: unknown) => value === undefined || value === null || value === '';

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
		if (isUnset(value)) continue;
		const list = Array.isArray(value) ? value : [value];
		const allowed = criterion.options.map((entry) => entry.value);
		const label = `Filters → ${criterion.displayName}`;
		const values = list.map((entry) =>
			checkChoice(parameters.node, entry, label, allowed, itemIndex),
		);
		if (values.length > 0) (filters.server ??= {})[criterion.api] = [...new Set(values)];
	}
	for (const [name, label, yes, no] of [
		['exempt', 'Exempt', 'exempted', 'notExempted'],
		['online', 'Online', 'online', 'offline'],
	] as const) {
		if (given[name] === undefined) continue;
		const value = checkChoice(
			parameters.node,
			given[name],
			`Filters → ${label}`,
			[yes, no],
			itemIndex,
		);
		filters[name] = value === yes;
	}
	for (const [name, label] of [
		['lastSeenAfter', 'Last Seen After'],
		['lastSeenBefore', 'Last Seen Before'],
	] as const) {
		const value = given[name];
		if (isUnset(value)) continue;
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
	if (!isUnset(name)) {
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
		// A device without a readable last_seen matches neither (NaN compares false).
		const seen = typeof simple.last_seen === 'string' ? Date.parse(simple.last_seen) : NaN;
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
