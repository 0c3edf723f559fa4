/**
 * Device Action's response read per device: entries matched by id (by position only when the
 * response names no device and has one entry per device sent), and each device's output item.
 */
import type { IDataObject } from 'n8n-workflow';

import { actionResultLabel } from '../../helpers/labels';
import { normalizeMac } from '../../helpers/mac';
import type { IdentifyBy } from './descriptions';

export const ACTION_TYPES = [
	'exempt',
	'unexempt',
	're-identify',
	'ignore',
	'unignore',
	'delete',
	'dhcprenew',
	'assign_to_group',
	'fetch_agent_log',
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Actions that must not be sent twice on a timeout: their second response would misreport the first. */
export const NOT_IDEMPOTENT: readonly ActionType[] = ['delete', 'fetch_agent_log'];

/** What one request of Device Action carries besides its devices. */
export interface ActionPayload {
	endpoint: 'action';
	types: ActionType;
	identifyBy: IdentifyBy;
	params?: IDataObject;
}

/** Said of a device the response has no entry for. */
export const NO_RESULT = 'MetaAccess returned no result for this device';

/** Said of a device answered several different results in one response. */
export const CONFLICT_DESCRIPTION =
	'MetaAccess answered several different results for this device in one response, so none can be taken as its result: list the devices to see which holds.';

/** Each command as the Operation list names it. */
const COMMAND_NAMES: Record<ActionType, string> = {
	exempt: 'Exempt',
	unexempt: 'Unexempt',
	're-identify': 'Re-Identify',
	ignore: 'Ignore',
	unignore: 'Unignore',
	delete: 'Delete',
	dhcprenew: 'Renew IP Address',
	assign_to_group: 'Assign to Group',
	fetch_agent_log: 'Fetch Agent Log',
};

/** The devices each command applies to, as MetaAccess's Device Action page lists them. */
const APPLIES_TO: Record<ActionType, string> = {
	exempt: 'every device except unknown, ignored and out-of-license-usage ones',
	unexempt: 'every device except unknown, ignored and out-of-license-usage ones',
	're-identify': 'every device except unknown, ignored and out-of-license-usage ones',
	ignore: 'unknown devices only',
	unignore: 'ignored devices only',
	delete: 'every device',
	dhcprenew: 'devices with a persistent agent only',
	assign_to_group: 'every device except domain-controller agents',
	fetch_agent_log: 'persistent agents 7.6.231.0 or later (10.4.225.0 or later in version 10)',
};

/** What a Device Action result code means for a device, in a sentence for the output item. */
export function actionResultDescription(types: ActionType, code: unknown): string {
	const name = COMMAND_NAMES[types];
	switch (code) {
		case 1:
			return types === 'fetch_agent_log'
				? 'MetaAccess asked the agent for its log: get it with Get Agent Log and the command ID.'
				: `MetaAccess applied ${name} to the device.`;
		case 0:
			return `MetaAccess did not apply ${name} to the device and gave no reason. Check with Get that the account has the device${['dhcprenew', 'fetch_agent_log'].includes(types) ? ' and that its agent is online' : ''}.`;
		case -1:
			return `MetaAccess does not support ${name} on this device: ${name} applies to ${APPLIES_TO[types]}.`;
		case undefined:
		case null:
			return `${NO_RESULT}: check the device with Get before sending it again.`;
		default:
			return `MetaAccess answered ${String(code)}, a code its Device Action page does not list: take ${name} as not done and check the device with Get.`;
	}
}

export function outputFor(
	payload: ActionPayload,
	id: string,
	status: unknown,
	commandId: unknown,
): IDataObject {
	const output: IDataObject = {
		id,
		action: payload.types,
		result_code: typeof status === 'number' ? status : null,
		result: typeof status === 'number' ? actionResultLabel(status) : 'no result returned',
		result_description: actionResultDescription(
			payload.types,
			typeof status === 'number' ? status : undefined,
		),
		success: status === 1,
	};
	if (typeof commandId === 'string' && commandId !== '') output.command_id = commandId;
	if (typeof status !== 'number') output.error = NO_RESULT;
	return output;
}

/** A device whose entries in one response disagree: failed, with every result it was given. */
function conflictOutput(payload: ActionPayload, id: string, entries: IDataObject[]): IDataObject {
	const codes = entries.map((entry) => (typeof entry.status === 'number' ? entry.status : null));
	const output: IDataObject = {
		id,
		action: payload.types,
		result_code: null,
		result: 'conflicting results',
		result_description: CONFLICT_DESCRIPTION,
		success: false,
		result_codes: codes,
	};
	const commandIds = entries
		.map((entry) => entry.command_id)
		.filter((commandId) => typeof commandId === 'string' && commandId !== '');
	if (commandIds.length > 0) output.command_ids = commandIds;
	output.error = `MetaAccess returned ${entries.length} different results for this device (${codes
		.map((code) => (code === null ? 'none' : actionResultLabel(code)))
		.join(', ')}); list the devices to see which holds`;
	return output;
}

/** The device a response entry names by its `id`, in the form the devices were sent; undefined if none. */
function entryDevice(entry: IDataObject, identifyBy: IdentifyBy): string | undefined {
	const id = entry.id;
	let text: string | undefined;
	if (typeof id === 'string' && id.trim() !== '') text = id.trim();
	else if (typeof id === 'number' && Number.isSafeInteger(id)) text = String(id);
	if (text === undefined) return undefined;
	return identifyBy === 'mac' ? (normalizeMac(text) ?? text) : text;
}

/**
 * Device Action's response, per device sent: its entries. A response that names devices (any
 * entry with an `id`) is read by id only: an entry without one is not guessed onto a device, and
 * an entry naming a device not sent is ignored. A response that names none is read by position,
 * and only when it has one entry per device sent; otherwise no device has a result.
 */
export function responseEntries(
	devices: string[],
	response: unknown[],
	identifyBy: IdentifyBy,
): Map<string, IDataObject[]> {
	const entries = response.map((entry) =>
		typeof entry === 'object' && entry !== null && !Array.isArray(entry)
			? (entry as IDataObject)
			: {},
	);
	const named = entries.map((entry) => entryDevice(entry, identifyBy));
	const byDevice = new Map<string, IDataObject[]>();
	const add = (device: string, entry: IDataObject) => {
		const known = byDevice.get(device);
		if (known) known.push(entry);
		else byDevice.set(device, [entry]);
	};
	if (named.some((device) => device !== undefined)) {
		const sent = new Set(devices);
		entries.forEach((entry, position) => {
			const device = named[position];
			if (device !== undefined && sent.has(device)) add(device, entry);
		});
	} else if (entries.length === devices.length) {
		entries.forEach((entry, position) => add(devices[position], entry));
	}
	return byDevice;
}

/** The output item of a device from its entries in the response (none, one, or several). */
export function deviceOutput(
	payload: ActionPayload,
	device: string,
	entries: IDataObject[] = [],
): IDataObject {
	if (entries.length === 0) return outputFor(payload, device, undefined, undefined);
	const distinct = new Map<string, IDataObject>();
	for (const entry of entries) {
		const status = typeof entry.status === 'number' ? entry.status : null;
		const commandId = typeof entry.command_id === 'string' ? entry.command_id : '';
		const key = JSON.stringify([status, commandId]);
		if (!distinct.has(key)) distinct.set(key, entry);
	}
	if (distinct.size > 1) return conflictOutput(payload, device, entries);
	return outputFor(payload, device, entries[0].status, entries[0].command_id);
}
