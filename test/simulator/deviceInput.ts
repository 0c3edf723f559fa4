import { AGENTS, CATEGORIES, type OsInfo, type SimDevice, type UserInfo } from './fleet';
import { invalidRequest, isObject } from './http';
import { macKey } from './mac';

/** Device fields as the control API takes them: any of a device's fields, user_info and os_info field by field. */
export type DeviceInput = Partial<Omit<SimDevice, 'commands' | 'user_info' | 'os_info'>> & {
	user_info?: Partial<UserInfo>;
	os_info?: Partial<OsInfo>;
};

type Check = [test: (value: unknown) => boolean, expected: string];

const OS_INFO_KEYS: ReadonlyArray<keyof OsInfo> = [
	'family',
	'name',
	'vendor',
	'version',
	'service_pack_version',
	'architecture',
	'os_language',
	'user_password_set',
];
const ADAPTER_KEYS = ['mac_addr', 'ipv4_addr', 'ipv6_addr'];

const text: Check = [(value) => typeof value === 'string', 'a string'];
const name: Check = [(value) => typeof value === 'string' && value !== '', 'a non-empty string'];
const flag: Check = [(value) => value === 0 || value === 1, '0 or 1'];
const count: Check = [
	(value) => Number.isInteger(value) && (value as number) >= 0,
	'a whole number',
];
const integer: Check = [(value) => Number.isInteger(value), 'an integer'];
const time: Check = [
	(value) => typeof value === 'string' && !Number.isNaN(Date.parse(value)),
	'an ISO time',
];
const oneOf = (values: readonly string[]): Check => [
	(value) => values.includes(value as string),
	`one of ${values.join(', ')}`,
];
const orNull = ([test, expected]: Check): Check => [
	(value) => value === null || test(value),
	`${expected} or null`,
];
const stringsOf = (keys: readonly string[]): Check => [
	(value) =>
		isObject(value) &&
		Object.entries(value).every(([key, field]) => keys.includes(key) && typeof field === 'string'),
	`an object of strings among ${keys.join(', ')}`,
];
const adapters: Check = [
	(value) =>
		Array.isArray(value) &&
		value.every(
			(adapter) =>
				isObject(adapter) &&
				Object.keys(adapter).length === ADAPTER_KEYS.length &&
				ADAPTER_KEYS.every((key) => typeof adapter[key] === 'string') &&
				macKey(adapter.mac_addr as string) !== undefined,
		),
	'an array of { mac_addr, ipv4_addr, ipv6_addr } strings, mac_addr a MAC address',
];

const FIELD_CHECKS: Record<keyof DeviceInput, Check> = {
	hwid: name,
	hostname: text,
	nickname: text,
	agent_version: text,
	critical_status: flag,
	total_critical_issue: count,
	last_seen: time,
	machine_type: name,
	country: text,
	active: flag,
	total_issue: count,
	exempt: flag,
	user_info: stringsOf(['username', 'domain']),
	user: text,
	os_info: stringsOf(OS_INFO_KEYS),
	network_info: adapters,
	status: integer,
	remediation_link: text,
	category: oneOf(CATEGORIES),
	agent: oneOf(AGENTS),
	group: name,
	custom_id: orNull(name),
	exempt_until: orNull(time),
	enrolled_at: time,
};

/** Checks device fields given to the control API; throws a 400 naming the first wrong one. */
export function checkDeviceInput(input: unknown, what: string): DeviceInput {
	if (!isObject(input)) throw invalidRequest(`${what} must be an object of device fields`);
	for (const [key, value] of Object.entries(input)) {
		if (key === 'agent_type') {
			throw invalidRequest(
				`${what}: agent_type follows from agent (persistent and domain-controller are listed as "managed", ` +
					'on-demand as "guest", others without agent_type); set agent instead',
			);
		}
		const check = FIELD_CHECKS[key as keyof DeviceInput] as Check | undefined;
		if (!check) throw invalidRequest(`${what}: ${key} is not a device field that can be set`);
		if (!check[0](value)) throw invalidRequest(`${what}: ${key} must be ${check[1]}`);
	}
	return input as DeviceInput;
}

/** The changes that lay (a copy of) the given fields over a device, user_info and os_info field by field. */
export function changesFor(device: SimDevice, input: DeviceInput): Partial<SimDevice> {
	return {
		...structuredClone(input),
		...(input.user_info ? { user_info: { ...device.user_info, ...input.user_info } } : {}),
		...(input.os_info ? { os_info: { ...device.os_info, ...input.os_info } } : {}),
	} as Partial<SimDevice>;
}
