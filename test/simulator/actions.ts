import { randomBytes } from 'node:crypto';

import type { Category, Fleet, SimDevice } from './fleet';

/** Action types of Device Action v3.1. */
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
type ActionType = (typeof ACTION_TYPES)[number];

/** Action types of Devices Action v2.0. */
export const LEGACY_TYPES = ['dhcprenew', 'exempt_all', 'unexempt'] as const;
type LegacyType = (typeof LEGACY_TYPES)[number];

/** Delete Devices v2.0 `opt`: uninstall the agent only, remove the record, archive the record. */
export const DELETE_OPTIONS = [0, 1, 2] as const;
type DeleteOption = (typeof DELETE_OPTIONS)[number];

export interface ActionParams {
	/** Hours of exemption; 0 = forever. */
	exemptHours: number;
	groupId: string;
}

interface ActionResult {
	id: string;
	status: 1 | 0 | -1;
	command_id: string;
}

const NOT_IN_LICENSE_USE = new Set<Category>(['unknown', 'ignored', 'out_of_license']);

/** A version `a.b.c.d` as numbers; undefined when it has another form. */
function versionParts(version: string): number[] | undefined {
	const parts = version.split('.').map(Number);
	return parts.length === 4 && parts.every((part) => Number.isInteger(part) && part >= 0)
		? parts
		: undefined;
}

/**
 * Whether an agent version can send its log: 7.6.231.0+ on the 7.x–9.x line (Windows, Linux),
 * 10.4.225.0+ on the 10.x line (macOS), any later line.
 */
function supportsLogFetch(version: string): boolean {
	const parts = versionParts(version);
	if (!parts || parts[0] < 7) return false;
	if (parts[0] >= 11) return true;
	const minimum = parts[0] === 10 ? [10, 4, 225, 0] : [7, 6, 231, 0];
	for (let i = 0; i < 4; i++) {
		if (parts[i] !== minimum[i]) return parts[i] > minimum[i];
	}
	return true;
}

/** The applicability table of Device Action v3.1. */
const APPLIES_TO: Record<ActionType, (device: SimDevice) => boolean> = {
	exempt: (device) => !NOT_IN_LICENSE_USE.has(device.category),
	unexempt: (device) => !NOT_IN_LICENSE_USE.has(device.category),
	're-identify': (device) => !NOT_IN_LICENSE_USE.has(device.category),
	ignore: (device) => device.category === 'unknown',
	unignore: (device) => device.category === 'ignored',
	delete: () => true,
	dhcprenew: (device) => device.agent === 'persistent',
	assign_to_group: (device) => device.agent !== 'domain-controller',
	fetch_agent_log: (device) =>
		device.agent === 'persistent' && supportsLogFetch(device.agent_version),
};

/** Commands the agent must carry out there and then: they fail (status 0) on a device that is not connected. */
const NEEDS_CONNECTED_AGENT = new Set<ActionType>(['dhcprenew', 'fetch_agent_log']);

const iso = (time: number) => new Date(time).toISOString();

function exemptDevice(device: SimDevice, hours: number, now: number) {
	device.exempt = 1;
	device.exempt_until = hours === 0 ? null : iso(now + hours * 3_600_000);
}

function unexemptDevice(device: SimDevice) {
	device.exempt = 0;
	device.exempt_until = null;
}

function recordCommand(device: SimDevice, type: string, now: number, commandId = '') {
	device.commands.push({ type, at: iso(now), command_id: commandId });
}

interface ActionContext {
	fleet: Fleet;
	params: ActionParams;
	now: number;
}

/** What each action changes; dhcprenew and fetch_agent_log change nothing listed (the device's command history shows them). */
const EFFECTS: Record<ActionType, (device: SimDevice, context: ActionContext) => void> = {
	exempt: (device, { params, now }) => exemptDevice(device, params.exemptHours, now),
	unexempt: (device) => unexemptDevice(device),
	're-identify': (device) => {
		device.status = 3;
	},
	ignore: (device) => {
		device.category = 'ignored';
	},
	unignore: (device) => {
		device.category = 'unknown';
	},
	delete: (device, { fleet }) => fleet.remove(device),
	dhcprenew: () => {},
	assign_to_group: (device, { params }) => {
		device.group = params.groupId;
	},
	fetch_agent_log: () => {},
};

/** Unique command IDs shaped like the documentation's (`cdhk12j279h35k214`: 17 characters of [0-9a-z]). */
export function commandIdSource(): () => string {
	let count = 0;
	return () => {
		count += 1;
		const random = [...randomBytes(12)].map((byte) => (byte % 36).toString(36)).join('');
		return random + count.toString(36).padStart(5, '0');
	};
}

/**
 * The device a Device ID names. The device ID is the HWID (the only identifier Get Devices gives);
 * a MAC address is taken too, as the documentation's fetch_agent_log example sends MAC addresses
 * under `ids` and Get Remediation Link takes "a device ID or MAC address".
 */
export function findDevice(fleet: Fleet, id: string): SimDevice | undefined {
	return fleet.findByHwid(id) ?? fleet.findByMac(id);
}

/** Told of each device an action was applied to (before a deletion takes it away), with its command ID. */
type Applied = (device: SimDevice, commandId: string) => void;

/** Device Action v3.1 on each named device, in request order. */
export function performAction(
	fleet: Fleet,
	type: ActionType,
	targets: { by: 'ids' | 'macs'; values: string[] },
	params: ActionParams,
	now: number,
	newCommandId: () => string,
	applied: Applied = () => {},
): ActionResult[] {
	return targets.values.map((id) => {
		const device = targets.by === 'ids' ? findDevice(fleet, id) : fleet.findByMac(id);
		if (!device) return { id, status: 0, command_id: '' };
		if (!APPLIES_TO[type](device)) return { id, status: -1, command_id: '' };
		if (NEEDS_CONNECTED_AGENT.has(type) && device.active !== 1)
			return { id, status: 0, command_id: '' };
		const commandId = type === 'fetch_agent_log' ? newCommandId() : '';
		applied(device, commandId);
		EFFECTS[type](device, { fleet, params, now });
		if (type !== 'delete') recordCommand(device, type, now, commandId);
		return { id, status: 1, command_id: commandId };
	});
}

const LEGACY_EFFECTS: Record<LegacyType, (device: SimDevice, now: number) => void> = {
	dhcprenew: () => {},
	exempt_all: (device, now) => exemptDevice(device, 0, now),
	unexempt: (device) => unexemptDevice(device),
};

/** The device a Devices Action / Delete Devices v2.0 list entry names: 0 for none (unknown, or not a MAC address). */
function legacyLookup(
	fleet: Fleet,
	by: 'MAC_list' | 'HWID_list',
	value: string,
): SimDevice | undefined {
	return by === 'MAC_list' ? fleet.findByMac(value) : fleet.findByHwid(value);
}

/** Devices Action v2.0: 1 for each device found (and acted on), 0 for the others. */
export function performLegacyAction(
	fleet: Fleet,
	type: LegacyType,
	targets: { by: 'MAC_list' | 'HWID_list'; values: string[] },
	now: number,
	applied: Applied = () => {},
): number[] {
	return targets.values.map((value) => {
		const device = legacyLookup(fleet, targets.by, value);
		if (!device) return 0;
		applied(device, '');
		LEGACY_EFFECTS[type](device, now);
		recordCommand(device, type, now);
		return 1;
	});
}

/** Delete Devices v2.0: 1 for each device found (and deleted as `opt` says), 0 for the others. */
export function deleteDevices(
	fleet: Fleet,
	option: DeleteOption,
	targets: { by: 'MAC_list' | 'HWID_list'; values: string[] },
	now: number,
	applied: Applied = () => {},
): number[] {
	return targets.values.map((value) => {
		const device = legacyLookup(fleet, targets.by, value);
		if (!device) return 0;
		applied(device, '');
		if (option === 0) {
			// The record stays, without agent: disconnected, and no longer listed with an agent_type.
			fleet.update(device, { agent: 'none', agent_version: '', active: 0 });
			recordCommand(device, 'uninstall_agent', now);
		} else if (option === 1) {
			fleet.remove(device);
		} else {
			fleet.archiveDevice(device, now);
		}
		return 1;
	});
}
