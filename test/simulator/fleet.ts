import { macKey } from './mac';

/**
 * Where a device stands in the account. The Device Action v3.1 applicability table is written in
 * these terms: unknown devices (seen on the network, no agent), ignored ones (unknown devices an
 * admin ignored), devices over the license count, and the rest (monitored).
 */
export const CATEGORIES = ['monitored', 'unknown', 'ignored', 'out_of_license'] as const;
export type Category = (typeof CATEGORIES)[number];

/** The agent installed on a device; 'none' for unknown devices and after an agent uninstall. */
export const AGENTS = ['persistent', 'on-demand', 'domain-controller', 'mobile', 'none'] as const;
export type Agent = (typeof AGENTS)[number];

export interface UserInfo {
	username: string;
	domain: string;
}

export interface OsInfo {
	family: string;
	name: string;
	vendor: string;
	version: string;
	service_pack_version: string;
	architecture: string;
	os_language: string;
	user_password_set: string;
}

export interface NetworkAdapter {
	mac_addr: string;
	ipv4_addr: string;
	ipv6_addr: string;
}

/** An action carried out on a device (kept so that tests can see commands that change nothing listed). */
export interface DeviceCommand {
	type: string;
	at: string;
	command_id: string;
}

/**
 * A device as the simulator keeps it: the fields Get Devices v2.3 lists (but `agent_type`, which
 * follows from `agent`), then the internal attributes that no listing shows.
 */
export interface SimDevice {
	hwid: string;
	hostname: string;
	nickname: string;
	agent_version: string;
	critical_status: number;
	total_critical_issue: number;
	last_seen: string;
	machine_type: string;
	country: string;
	active: number;
	total_issue: number;
	exempt: number;
	user_info: UserInfo;
	user: string;
	os_info: OsInfo;
	network_info: NetworkAdapter[];
	status: number;
	remediation_link: string;
	category: Category;
	agent: Agent;
	group: string;
	/** The third-party custom ID linked with the device (Get Remediation Link opt=1). */
	custom_id: string | null;
	/** When a timed exemption ends (ISO time); null for no exemption or one without end. */
	exempt_until: string | null;
	/** When the device joined the account (ISO time; Get Devices v3.3+ `enrolled_at`, their order). */
	enrolled_at: string;
	commands: DeviceCommand[];
}

export interface ArchivedDevice extends SimDevice {
	archived_at: string;
}

export const GROUP_BY = ['none', 'hwid', 'host', 'issues'] as const;
export type GroupBy = (typeof GROUP_BY)[number];
export const ORDERS = ['des', 'asc'] as const;
type Order = (typeof ORDERS)[number];

/** The `agent_type` Get Devices shows: "managed" as in the documentation's example, "guest" for on-demand agents. */
const LISTED_AGENT_TYPE: Partial<Record<Agent, string>> = {
	persistent: 'managed',
	'domain-controller': 'managed',
	'on-demand': 'guest',
};

/** Ends a timed exemption whose time has come; answers the device. */
export function settleExemption(device: SimDevice, now: number): SimDevice {
	if (device.exempt_until !== null && Date.parse(device.exempt_until) <= now) {
		device.exempt = 0;
		device.exempt_until = null;
	}
	return device;
}

/**
 * A device as Get Devices v2.3 lists it: exactly the documented fields, in the documentation's
 * order. Phones take the shape of the documentation's mobile example, which has no agent_type,
 * nickname, country, exempt, user_info, user, or os_info service pack, architecture and password.
 */
export function listedDevice(device: SimDevice): Record<string, unknown> {
	const { os_info: os } = device;
	const networkInfo = device.network_info.map((adapter) => ({ ...adapter }));
	if (device.machine_type === 'phone') {
		return {
			hwid: device.hwid,
			hostname: device.hostname,
			agent_version: device.agent_version,
			machine_type: device.machine_type,
			active: device.active,
			critical_status: device.critical_status,
			total_critical_issue: device.total_critical_issue,
			total_issue: device.total_issue,
			status: device.status,
			last_seen: device.last_seen,
			remediation_link: device.remediation_link,
			os_info: {
				family: os.family,
				name: os.name,
				vendor: os.vendor,
				version: os.version,
				os_language: os.os_language,
			},
			network_info: networkInfo,
		};
	}
	const agentType = LISTED_AGENT_TYPE[device.agent];
	return {
		hwid: device.hwid,
		...(agentType === undefined ? {} : { agent_type: agentType }),
		hostname: device.hostname,
		nickname: device.nickname,
		agent_version: device.agent_version,
		critical_status: device.critical_status,
		total_critical_issue: device.total_critical_issue,
		last_seen: device.last_seen,
		machine_type: device.machine_type,
		country: device.country,
		active: device.active,
		total_issue: device.total_issue,
		exempt: device.exempt,
		user_info: { ...device.user_info },
		user: device.user,
		os_info: { ...os },
		network_info: networkInfo,
		status: device.status,
		remediation_link: device.remediation_link,
	};
}

/** A device that joined, changed (`before`: a shallow copy from before the change) or left the fleet. */
export type FleetChange =
	| { kind: 'added'; device: SimDevice }
	| { kind: 'updated'; device: SimDevice; before: SimDevice }
	| { kind: 'removed'; device: SimDevice };

/** Two devices would share a HWID, a MAC address or a custom ID. */
export class ConflictError extends Error {}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sort keys of Get Devices' GroupBy values; ties keep the fleet's order. */
const GROUP_COMPARATORS: Record<
	Exclude<GroupBy, 'none'>,
	(a: SimDevice, b: SimDevice) => number
> = {
	hwid: (a, b) => compareText(a.hwid, b.hwid),
	host: (a, b) => compareText(a.hostname.toLowerCase(), b.hostname.toLowerCase()),
	issues: (a, b) => a.total_issue - b.total_issue,
};

/**
 * The devices of the account, in the order they joined it, with lookups by HWID, MAC address (any
 * form) and custom ID, and the archive of devices deleted with Delete Devices opt=2.
 */
export class Fleet {
	private readonly byHwid = new Map<string, SimDevice>();

	private readonly byMac = new Map<string, SimDevice>();

	private readonly byCustomId = new Map<string, SimDevice>();

	/** Listing orders already sorted, dropped whenever devices join, leave or change. */
	private readonly orders = new Map<string, SimDevice[]>();

	readonly archive: ArchivedDevice[] = [];

	/** Told of every device added, updated or removed (clear() tells nothing). */
	private readonly listeners: Array<(change: FleetChange) => void> = [];

	listen(listener: (change: FleetChange) => void): void {
		this.listeners.push(listener);
	}

	get size(): number {
		return this.byHwid.size;
	}

	all(): SimDevice[] {
		return [...this.byHwid.values()];
	}

	findByHwid(hwid: string): SimDevice | undefined {
		return this.byHwid.get(hwid);
	}

	/** The device that reports this MAC address, given in any accepted form and case. */
	findByMac(text: string): SimDevice | undefined {
		const key = macKey(text);
		return key === undefined ? undefined : this.byMac.get(key);
	}

	findByCustomId(customId: string): SimDevice | undefined {
		return this.byCustomId.get(customId);
	}

	/** Adds devices at the end of the fleet, all or none: throws a ConflictError on a shared identifier. */
	add(devices: SimDevice[], options: { quiet?: boolean } = {}): void {
		const hwids = new Set<string>();
		const macs = new Set<string>();
		const customIds = new Set<string>();
		for (const device of devices) {
			this.checkFree(device, undefined);
			claim(hwids, device.hwid, `HWID ${device.hwid}`);
			for (const adapter of device.network_info)
				claim(macs, macKey(adapter.mac_addr)!, `MAC address ${adapter.mac_addr}`);
			if (device.custom_id !== null)
				claim(customIds, device.custom_id, `custom ID ${device.custom_id}`);
		}
		for (const device of devices) {
			this.byHwid.set(device.hwid, device);
			this.index(device);
		}
		this.changed();
		if (!options.quiet) for (const device of devices) this.tell({ kind: 'added', device });
	}

	/** Changes a device in place (keeping its place in the fleet); throws a ConflictError on a shared identifier. */
	update(device: SimDevice, changes: Partial<SimDevice>): void {
		this.unindex(device);
		try {
			this.checkFree({ ...device, ...changes }, device);
		} catch (error) {
			this.index(device);
			throw error;
		}
		const before = { ...device };
		Object.assign(device, changes);
		this.index(device);
		this.changed();
		this.tell({ kind: 'updated', device, before });
	}

	remove(device: SimDevice): void {
		this.byHwid.delete(device.hwid);
		this.unindex(device);
		this.changed();
		this.tell({ kind: 'removed', device });
	}

	/** Removes a device from the fleet into the archive. */
	archiveDevice(device: SimDevice, now: number): void {
		this.remove(device);
		this.archive.push({ ...device, archived_at: new Date(now).toISOString() });
	}

	/** Removes every device (the archive stays). */
	clear(): void {
		this.byHwid.clear();
		this.byMac.clear();
		this.byCustomId.clear();
		this.changed();
	}

	clearArchive(): void {
		this.archive.length = 0;
	}

	/**
	 * The fleet in Get Devices order. GroupBy none: the fleet's own order for `des` (the default),
	 * its reverse for `asc`.
	 */
	ordered(groupBy: GroupBy, order: Order): SimDevice[] {
		const key = `${groupBy}/${order}`;
		let devices = this.orders.get(key);
		if (!devices) {
			devices = this.all();
			if (groupBy === 'none') {
				if (order === 'asc') devices.reverse();
			} else {
				const compare = GROUP_COMPARATORS[groupBy];
				devices.sort(order === 'asc' ? compare : (a, b) => compare(b, a));
			}
			this.orders.set(key, devices);
		}
		return devices;
	}

	/** The fleet oldest-enrolled first (Get Devices v3.3+), ties by HWID. */
	byEnrolment(): SimDevice[] {
		let devices = this.orders.get('enrolled');
		if (!devices) {
			devices = this.all().sort(
				(a, b) =>
					Date.parse(a.enrolled_at) - Date.parse(b.enrolled_at) || compareText(a.hwid, b.hwid),
			);
			this.orders.set('enrolled', devices);
		}
		return devices;
	}

	/** Throws when a device's identifiers are taken by a device other than `self`. */
	private checkFree(device: SimDevice, self: SimDevice | undefined) {
		const holder = this.byHwid.get(device.hwid);
		if (holder && holder !== self)
			throw new ConflictError(`HWID ${device.hwid} is taken by another device`);
		for (const adapter of device.network_info) {
			const reporter = this.byMac.get(macKey(adapter.mac_addr)!);
			if (reporter)
				throw new ConflictError(
					`MAC address ${adapter.mac_addr} is reported by device ${reporter.hwid}`,
				);
		}
		const linked = device.custom_id === null ? undefined : this.byCustomId.get(device.custom_id);
		if (linked)
			throw new ConflictError(`custom ID ${device.custom_id} is linked with device ${linked.hwid}`);
	}

	private index(device: SimDevice) {
		for (const adapter of device.network_info) this.byMac.set(macKey(adapter.mac_addr)!, device);
		if (device.custom_id !== null) this.byCustomId.set(device.custom_id, device);
	}

	private unindex(device: SimDevice) {
		for (const adapter of device.network_info) this.byMac.delete(macKey(adapter.mac_addr)!);
		if (device.custom_id !== null) this.byCustomId.delete(device.custom_id);
	}

	private tell(change: FleetChange) {
		for (const listener of this.listeners) listener(change);
	}

	private changed() {
		this.orders.clear();
	}
}

function claim(taken: Set<string>, key: string, what: string) {
	if (taken.has(key)) throw new ConflictError(`${what} appears twice among the new devices`);
	taken.add(key);
}
