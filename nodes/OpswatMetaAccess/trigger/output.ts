import type { IDataObject } from 'n8n-workflow';

import { complianceStatusLabel, criticalStatusLabel, exemptLabel } from '../helpers/labels';
import { flattenDevice } from '../helpers/simplify';
import type { Change, TriggerEvent } from './events';
import type { FieldValue, TrackedValues } from './state';

function label(value: FieldValue, labeller: (code: unknown) => string): string | null {
	return value === null ? null : labeller(value);
}

function statusPart(values: TrackedValues): IDataObject {
	return { status: values.status, status_label: label(values.status, complianceStatusLabel) };
}

function criticalPart(values: TrackedValues): IDataObject {
	return {
		critical_status: values.critical_status,
		critical_status_label: label(values.critical_status, criticalStatusLabel),
	};
}

function exemptPart(values: TrackedValues): IDataObject {
	return { exempt: values.exempt, exempt_label: label(values.exempt, exemptLabel) };
}

function onlinePart(values: TrackedValues): IDataObject {
	return { active: values.active, online: values.active === null ? null : values.active === 1 };
}

/** The watched values an event is about, each code with its label. */
export function valuesFor(event: TriggerEvent, values: TrackedValues | null): IDataObject | null {
	if (values === null) return null;
	switch (event) {
		case 'complianceStatusChanged':
		case 'becameNonCompliant':
		case 'becameCompliant':
			return statusPart(values);
		case 'criticalStatusChanged':
			return criticalPart(values);
		case 'wentOffline':
		case 'cameOnline':
			return onlinePart(values);
		case 'exemptionChanged':
			return exemptPart(values);
		default:
			return {
				...statusPart(values),
				...criticalPart(values),
				...exemptPart(values),
				...onlinePart(values),
			};
	}
}

/**
 * What the trigger knows of a removed device: its hwid and its last watched values, in the shape
 * of `device` (simplified or raw); missing fields are left out, as the API leaves them out.
 */
export function lastKnownDevice(
	hwid: string,
	values: TrackedValues,
	simplify: boolean,
): IDataObject {
	const raw: IDataObject = { hwid };
	if (values.status !== null) raw.status = values.status;
	if (values.critical_status !== null) raw.critical_status = values.critical_status;
	if (values.exempt !== null) raw.exempt = values.exempt;
	if (values.active !== null) raw.active = values.active;
	if (!simplify) return raw;
	return withoutAddresses(flattenDevice(raw));
}

/** Addresses the trigger does not know: left out rather than shown as empty lists. */
function withoutAddresses(flat: IDataObject): IDataObject {
	delete flat.mac_addresses;
	delete flat.ipv4_addresses;
	delete flat.ipv6_addresses;
	return flat;
}

/** One output item: the event, the device, what changed (before and after) and when it was seen. */
export function changeItem(change: Change, simplify: boolean): IDataObject {
	let device: IDataObject;
	if (change.device) {
		device = simplify
			? flattenDevice(change.device as IDataObject)
			: { ...(change.device as IDataObject) };
		if (change.partial && simplify) withoutAddresses(device);
	} else {
		device = lastKnownDevice(change.hwid, (change.previous ?? change.current)!, simplify);
	}
	const hostname = change.device?.hostname;
	return {
		event: change.event,
		hwid: change.hwid,
		hostname: typeof hostname === 'string' ? hostname : null,
		previous: valuesFor(change.event, change.previous),
		current: valuesFor(change.event, change.current),
		device,
		seen_at: new Date(change.at).toISOString(),
		...(change.source ? { detected_by: change.source } : {}),
	};
}

/** What a Fetch Test Event item says of itself. */
export const SAMPLE_NOTE =
	'A sample for trying the workflow (Fetch Test Event): a device of the account as it is now, in the state this event leads to where one of the first devices is; no change was seen, so previous is not known.';
