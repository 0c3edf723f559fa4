/**
 * What the nodes should output, written from the package's documentation (README, docs/trigger.md)
 * rather than from its code, and assertions that print what differs.
 */
import assert from 'node:assert/strict';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const COMPLIANCE: Record<number, string> = {
	0: 'compliant',
	1: 'non-compliant',
	2: 'MAC not found',
	3: 'sending information',
};
const CRITICAL: Record<number, string> = { 0: 'no critical issue', 1: 'critical issue' };
const EXEMPT: Record<number, string> = { 0: 'not exempted', 1: 'exempted' };

const label = (table: Record<number, string>, code: unknown) =>
	(typeof code === 'number' && table[code]) || `unknown (${String(code)})`;

/**
 * A device as Get Many, Get and Search give it with Simplify on (docs/operations.md): 12 fields,
 * status as a word, critical / exempt / online as booleans, absent fields left out.
 */
export function expectedSimple(listed: Json): Json {
	const critical = 'critical_status' in listed ? listed.critical_status : listed.critical_issue;
	const flag = (value: unknown) => (value === 1 ? true : value === 0 ? false : undefined);
	const adapters: Json[] = Array.isArray(listed.network_info) ? listed.network_info : [];
	const device: Json = {
		hwid: listed.hwid,
		hostname: listed.hostname,
		status: 'status' in listed ? label(COMPLIANCE, listed.status) : undefined,
		critical: flag(critical),
		exempt: flag(listed.exempt),
		online: flag(listed.active),
		total_issues: listed.total_issue,
		last_seen: listed.last_seen,
		os_family: listed.os_info?.family,
		os_name: listed.os_info?.name,
		device_type: listed.machine_type,
		mac_addresses: adapters
			.map((adapter) => adapter.mac_addr)
			.filter((value) => typeof value === 'string' && value !== ''),
	};
	for (const key of Object.keys(device)) if (device[key] === undefined) delete device[key];
	return device;
}

/** A device as the trigger gives it (Simplify on): flat, codes with labels, absent fields left out. */
export function expectedSimplified(listed: Json): Json {
	const user = listed.user_info ?? {};
	const os = listed.os_info ?? {};
	const adapters: Json[] = Array.isArray(listed.network_info) ? listed.network_info : [];
	const addresses = (field: string) =>
		adapters
			.map((adapter) => adapter[field])
			.filter((value) => typeof value === 'string' && value !== '');
	const device: Json = {
		hwid: listed.hwid,
		hostname: listed.hostname,
		nickname: listed.nickname,
		status: listed.status,
		status_label: 'status' in listed ? label(COMPLIANCE, listed.status) : undefined,
		critical_status: listed.critical_status,
		critical_status_label:
			'critical_status' in listed ? label(CRITICAL, listed.critical_status) : undefined,
		exempt: listed.exempt,
		exempt_label: 'exempt' in listed ? label(EXEMPT, listed.exempt) : undefined,
		online: 'active' in listed ? listed.active === 1 : undefined,
		total_issue: listed.total_issue,
		total_critical_issue: listed.total_critical_issue,
		last_seen: listed.last_seen,
		machine_type: listed.machine_type,
		agent_type: listed.agent_type,
		agent_version: listed.agent_version,
		country: listed.country,
		user: listed.user,
		username: user.username,
		user_domain: user.domain,
		os_family: os.family,
		os_name: os.name,
		os_vendor: os.vendor,
		os_version: os.version,
		os_service_pack: os.service_pack_version,
		os_architecture: os.architecture,
		os_language: os.os_language,
		os_user_password_set: os.user_password_set,
		mac_addresses: addresses('mac_addr'),
		ipv4_addresses: addresses('ipv4_addr'),
		ipv6_addresses: addresses('ipv6_addr'),
		remediation_link: listed.remediation_link,
	};
	for (const key of Object.keys(device)) if (device[key] === undefined) delete device[key];
	return device;
}

const short = (value: unknown, max = 1500) => {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
};

/** Deep equality with a readable report: the first differing index of a list, then a diff. */
export function assertEqual(actual: unknown, expected: unknown, what: string): void {
	if (Array.isArray(actual) && Array.isArray(expected)) {
		const count = Math.max(actual.length, expected.length);
		for (let i = 0; i < count; i++) {
			try {
				assert.deepStrictEqual(actual[i], expected[i]);
			} catch (error) {
				throw new Error(
					`${what}: item ${i} differs (got ${actual.length} items, expected ${expected.length})\n` +
						`  got:      ${short(actual[i])}\n  expected: ${short(expected[i])}\n${(error as Error).message.split('\n').slice(0, 30).join('\n')}`,
				);
			}
		}
		return;
	}
	try {
		assert.deepStrictEqual(actual, expected);
	} catch (error) {
		throw new Error(`${what}:\n${(error as Error).message.split('\n').slice(0, 40).join('\n')}`);
	}
}

export function assertTrue(condition: unknown, what: string): asserts condition {
	if (!condition) throw new Error(what);
}

/** Splits a list into runs of at most `size`, in order (the batches the nodes send). */
export function chunks<T>(list: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
	return out;
}

/** Get Devices requests for a Return All walk of `devices` devices: pages 1…⌊n/50⌋+1 (page 1 without `page`). */
export function expectedPageQueries(
	devices: number,
	tokenLabel: string,
): Array<Record<string, string>> {
	const pages = Math.floor(devices / 50) + 1;
	return Array.from({ length: pages }, (_, i) => ({
		limit: '50',
		...(i > 0 ? { page: String(i + 1) } : {}),
		access_token: tokenLabel,
	}));
}

/** The statuses of those page requests: 200, and 413 for a last page past the end (n a multiple of 50). */
export function expectedPageStatuses(devices: number): number[] {
	const pages = Math.floor(devices / 50) + 1;
	return Array.from({ length: pages }, (_, i) =>
		i === pages - 1 && devices % 50 === 0 && devices > 0 ? 413 : 200,
	);
}

/** The package's sentence for a Device Action result code (each sentence as its unit tests pin it). */
export function actionDescription(action: string, code: number): string {
	const names: Json = {
		exempt: 'Exempt',
		assign_to_group: 'Assign to Group',
		dhcprenew: 'Renew IP Address',
	};
	const appliesTo: Json = {
		exempt: 'every device except unknown, ignored and out-of-license-usage ones',
		assign_to_group: 'every device except domain-controller agents',
		dhcprenew: 'devices with a persistent agent only',
	};
	const name = names[action];
	assertTrue(name !== undefined, `a sentence for ${action} is written here`);
	if (code === 1) return `MetaAccess applied ${name} to the device.`;
	assertEqual(code, -1, `the result code of ${action}`);
	return `MetaAccess does not support ${name} on this device: ${name} applies to ${appliesTo[action]}.`;
}

/** The package's sentence for Get Remediation Link's result code 1 or -1. */
export function remediationDescription(code: number): string {
	return code === 1
		? 'MetaAccess found the device: remediation_link is its remediation page.'
		: 'The device is out of license (beyond the devices the account is licensed for), so MetaAccess gives no remediation page.';
}
