/**
 * The account's event log, as Get Logs v3.2 / v3.3 read it: entries of four categories, each with
 * the time it happened on the simulator's clock, kept in time order.
 */
import { firstIndex } from './checks';
import type { SimDevice } from './fleet';

export const LOG_CATEGORIES = ['device', 'admin', 'webhook', 'device_report'] as const;
export type LogCategory = (typeof LOG_CATEGORIES)[number];

/**
 * The `filter.events` values of Get Logs v3.3, per category. Of the device list, `added`,
 * `deleted`, `deleted_user`, `unseen`, `compliant`, `noncompliant` and `deleted_api` are the
 * vendor's; the rest, and the admin and webhook lists, are the simulator's (the vendor's lists were
 * not recoverable; the admin names follow the console's audit filter). device_report has no filter.
 */
export const LOG_EVENTS: Record<LogCategory, readonly string[]> = {
	device: [
		'added',
		'deleted',
		'deleted_user',
		'unseen',
		'compliant',
		'noncompliant',
		'deleted_api',
		'exempted',
		'unexempted',
		'ignored',
		'unignored',
		're_identified',
		'group_changed',
		'dhcp_renewed',
		'fetch_log',
		'agent_uninstalled',
	],
	admin: [
		'logged_on',
		'logged_off',
		'failed_authentication',
		'changed_password',
		'configuration_change',
		'revoke_registration_code',
		'submit_support_ticket',
		'secure_access_configuration_change',
		'allowed_vulnerabilities',
		'system_log',
	],
	webhook: ['push_succeeded', 'push_failed', 'webhook_disabled'],
	device_report: ['agent_log'],
};

/** What each device event's `details` says. */
const DEVICE_DETAILS: Record<string, (name: string) => string> = {
	added: (name) => `Device ${name} was added`,
	deleted: (name) => `Device ${name} was removed by administrator`,
	deleted_user: (name) => `The agent of device ${name} was uninstalled by the user`,
	unseen: (name) => `Device ${name} was deleted by the unseen setting`,
	compliant: (name) => `Device ${name} changed status to compliant`,
	noncompliant: (name) => `Device ${name} changed status to non-compliant`,
	deleted_api: (name) => `Device ${name} was deleted through the API`,
	exempted: (name) => `Device ${name} was exempted`,
	unexempted: (name) => `Device ${name} was unexempted`,
	ignored: (name) => `Device ${name} was ignored`,
	unignored: (name) => `Device ${name} was unignored`,
	re_identified: (name) => `Device ${name} was asked to re-identify`,
	group_changed: (name) => `Device ${name} was moved to another group`,
	dhcp_renewed: (name) => `Device ${name} was asked to renew its IP address`,
	fetch_log: (name) => `The agent log of device ${name} was requested`,
	agent_uninstalled: (name) => `The agent of device ${name} was uninstalled through the API`,
};

export interface LogEntry {
	/** Order of arrival (breaks ties of time). */
	seq: number;
	/** When it happened (ms since the epoch, simulator clock). */
	time: number;
	category: LogCategory;
	/** The v3.3 event name. */
	event: string;
	/** The entry's other fields, in answer order. */
	fields: Record<string, unknown>;
}

/** A place in a category's order: after the entry of this time and seq. */
export interface LogPosition {
	time: number;
	seq: number;
}

const after = (entry: LogEntry, position: LogPosition) =>
	entry.time > position.time || (entry.time === position.time && entry.seq > position.seq);

/** The device events a change of a device tells (the control API's changes; the API's actions log their own). */
export function changeEvents(before: SimDevice, device: SimDevice): string[] {
	const events: string[] = [];
	if (device.status !== before.status && (device.status === 0 || device.status === 1))
		events.push(device.status === 0 ? 'compliant' : 'noncompliant');
	if (device.exempt !== before.exempt) events.push(device.exempt === 1 ? 'exempted' : 'unexempted');
	if (device.category !== before.category) {
		if (device.category === 'ignored') events.push('ignored');
		else if (before.category === 'ignored') events.push('unignored');
	}
	if (device.group !== before.group) events.push('group_changed');
	if (before.agent !== 'none' && device.agent === 'none') events.push('agent_uninstalled');
	return events;
}

/** Every entry of every category, in time order within each, appended from anywhere in time. */
export class EventLog {
	private readonly entries = new Map<LogCategory, LogEntry[]>(
		LOG_CATEGORIES.map((category) => [category, []]),
	);

	private seq = 0;

	append(
		category: LogCategory,
		event: string,
		time: number,
		fields: Record<string, unknown>,
	): LogEntry {
		const entry: LogEntry = { seq: ++this.seq, time, category, event, fields };
		const list = this.entries.get(category)!;
		// After every entry of the same time or earlier: (time, seq) order.
		const at = firstIndex(list, (other) => other.time > time);
		if (at === list.length) list.push(entry);
		else list.splice(at, 0, entry);
		return entry;
	}

	/** A device event, with the device's ID, name and group as they are. */
	device(device: SimDevice, event: string, time: number, groupName: string, details?: string) {
		return this.append('device', event, time, {
			device_id: device.hwid,
			device_name: device.hostname,
			device_group: groupName,
			details: details ?? DEVICE_DETAILS[event]?.(device.hostname) ?? event,
		});
	}

	/**
	 * Entries of a category in [start, end], in (time, seq) order, after `position` when given,
	 * that `matches`: at most `limit`.
	 */
	page(
		category: LogCategory,
		window: { start: number; end: number },
		position: LogPosition | undefined,
		matches: (entry: LogEntry) => boolean,
		limit: number,
	): LogEntry[] {
		const list = this.entries.get(category)!;
		const from = firstIndex(list, (entry) => entry.time >= window.start);
		const entries: LogEntry[] = [];
		for (let i = from; i < list.length && list[i].time <= window.end; i++) {
			const entry = list[i];
			if ((position && !after(entry, position)) || !matches(entry)) continue;
			if (entries.length === limit) break;
			entries.push(entry);
		}
		return entries;
	}

	/** Every entry (of one category, or all), oldest first. */
	list(category?: LogCategory): LogEntry[] {
		const lists = category ? [this.entries.get(category)!] : [...this.entries.values()];
		return lists.flat().sort((a, b) => a.time - b.time || a.seq - b.seq);
	}

	clear(): number {
		let count = 0;
		for (const list of this.entries.values()) {
			count += list.length;
			list.length = 0;
		}
		return count;
	}
}
