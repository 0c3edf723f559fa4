/**
 * The account's settings (Account Details' name, e-mail, licence; `/_sim/account`) and its device
 * groups with their policies (Get Groups). A device's `group` is its group's ID (Device Action's
 * `assign_to_group` sets it); an ID no seeded group has is a group of that name with the default policy.
 */
import type { Fleet } from './fleet';
import { FLEET_CLOCK } from './generator';
import { invalidRequest, isObject } from './http';

export interface AccountSettings {
	name: string;
	email: string;
	last_login: string;
	date_created: string;
	/** The licence size. */
	devices_allowed: number;
	license_key: string;
}

/** The documentation's example account (APIs page, v2 account), licensed for `devicesAllowed`. */
export function defaultAccount(devicesAllowed: number): AccountSettings {
	return {
		name: 'OPSWAT MetaAccess',
		email: 'opswat_metaaccess@opswat.com',
		last_login: '2017-03-09T08:00:00Z',
		date_created: '2013-10-04T08:00:00Z',
		devices_allowed: devicesAllowed,
		license_key: 'MA-SIM-4F2A-9C1E-77D0',
	};
}

/** Who admin log entries name: the account's owner (its e-mail is the account's). */
export const OWNER = { first_name: 'Account', last_name: 'Owner' };

const TEXT_SETTINGS = ['name', 'email', 'last_login', 'date_created', 'license_key'] as const;

/** The settings with a change laid over them (checked: texts, a whole devices_allowed). */
export function changedAccount(account: AccountSettings, change: unknown): AccountSettings {
	if (!isObject(change)) throw invalidRequest('Give the account fields to change');
	const next = { ...account };
	for (const [key, value] of Object.entries(change)) {
		if (key === 'devices_allowed') {
			if (!Number.isSafeInteger(value) || (value as number) < 0)
				throw invalidRequest('devices_allowed must be a whole number');
			next.devices_allowed = value as number;
		} else if ((TEXT_SETTINGS as readonly string[]).includes(key)) {
			if (typeof value !== 'string') throw invalidRequest(`${key} must be a string`);
			next[key as (typeof TEXT_SETTINGS)[number]] = value;
		} else {
			throw invalidRequest(
				`${key} is not an account setting (${[...TEXT_SETTINGS, 'devices_allowed'].join(', ')}); the counts follow the fleet`,
			);
		}
	}
	return next;
}

export interface Group {
	group_id: string;
	group_name: string;
	domain_name: string;
	auto_join: boolean;
	policy_id: string;
	policy_name: string;
	description: string;
	created_date: string;
	last_modified: string;
}

const DAY_MS = 86_400_000;
const at = (daysBefore: number) =>
	`${new Date(FLEET_CLOCK - daysBefore * DAY_MS).toISOString().slice(0, 19)}Z`;

const DEFAULT_POLICY = { policy_id: 'policy-default', policy_name: 'Default Policy' };

/** The seeded groups (the IDs the generator gives devices). */
export const SEEDED_GROUPS: Group[] = [
	{
		group_id: 'default',
		group_name: 'Default',
		domain_name: '',
		auto_join: true,
		...DEFAULT_POLICY,
		description: 'Devices not assigned to another group',
		created_date: at(900),
		last_modified: at(30),
	},
	{
		group_id: 'finance',
		group_name: 'Finance',
		domain_name: 'corp.example.com',
		auto_join: false,
		policy_id: 'policy-strict',
		policy_name: 'Strict Compliance',
		description: 'Finance laptops and desktops',
		created_date: at(700),
		last_modified: at(12),
	},
	{
		group_id: 'engineering',
		group_name: 'Engineering',
		domain_name: 'corp.example.com',
		auto_join: true,
		policy_id: 'policy-dev',
		policy_name: 'Developer Workstations',
		description: 'Build machines and developer workstations',
		created_date: at(650),
		last_modified: at(3),
	},
	{
		group_id: 'sales',
		group_name: 'Sales',
		domain_name: '',
		auto_join: false,
		...DEFAULT_POLICY,
		description: 'Field sales devices',
		created_date: at(400),
		last_modified: at(90),
	},
	{
		group_id: 'servers',
		group_name: 'Servers',
		domain_name: '',
		auto_join: false,
		policy_id: 'policy-server',
		policy_name: 'Server Baseline',
		description: 'Data-center servers and domain controllers',
		created_date: at(880),
		last_modified: at(45),
	},
];

const SEEDED_BY_ID = new Map(SEEDED_GROUPS.map((group) => [group.group_id, group]));

/** A group by ID: a seeded one, or one named after its ID. */
export const groupOf = (id: string): Group =>
	SEEDED_BY_ID.get(id) ?? {
		group_id: id,
		group_name: id,
		domain_name: '',
		auto_join: false,
		...DEFAULT_POLICY,
		description: '',
		created_date: at(0),
		last_modified: at(0),
	};

/** The account's groups: the seeded ones, then the other IDs devices hold (first seen first), with their device counts. */
export function accountGroups(fleet: Fleet): Array<Group & { number_of_devices: number }> {
	const counts = new Map<string, number>(SEEDED_GROUPS.map((group) => [group.group_id, 0]));
	for (const device of fleet.all()) counts.set(device.group, (counts.get(device.group) ?? 0) + 1);
	return [...counts].map(([id, count]) => ({ ...groupOf(id), number_of_devices: count }));
}
