import { settleExemption, type Fleet, type SimDevice } from './fleet';

/** What Status Change follows of a device: its compliance status and its exemption. */
interface Signature {
	status: number;
	exempt: number;
	/** When a timed exemption ends (ISO), so that its end is dated when it came, not when noticed. */
	exemptUntil: string | null;
	/** The device itself, so that a deletion no hook saw still names it. */
	device: SimDevice;
}

/** A device deleted from the account, as Status Change still names it. */
export interface DeletedDevice {
	hwid: string;
	hostname: string;
	group: string;
	macs: string[];
	/** Its OS family (Status Change v2.1 answers by OS group). */
	family: string;
	at: number;
}

const signatureOf = (device: SimDevice): Signature => ({
	status: device.status,
	exempt: device.exempt,
	exemptUntil: device.exempt_until,
	device,
});

/**
 * The fleet's history as Status Change v3.0 and v2.1 answer it: for each device, when its status or
 * exemption last changed, and the devices deleted, each with the simulator's clock time. Changes
 * are recorded where they are made (control API, device actions, deletions); a sweep before each
 * Status Change answer dates the ends of timed exemptions at their end time and catches what no
 * hook saw (dated then). Devices that join are not a change: new devices are not in Status Change.
 */
export class StatusHistory {
	private readonly known = new Map<string, Signature>();

	private readonly changedAt = new Map<string, number>();

	private readonly deletedDevices = new Map<string, DeletedDevice>();

	/** Forgets every change; the fleet as it is now is the starting point. */
	reset(fleet: Fleet): void {
		this.known.clear();
		this.changedAt.clear();
		this.deletedDevices.clear();
		for (const device of fleet.all()) this.known.set(device.hwid, signatureOf(device));
	}

	/** Notes a device as it is now (after a change made at `now`). */
	observe(device: SimDevice, now: number): void {
		const before = this.known.get(device.hwid);
		if (!before) {
			// A device that joined (or came back): not a status change.
			this.known.set(device.hwid, signatureOf(device));
			this.deletedDevices.delete(device.hwid);
			return;
		}
		let at = now;
		if (
			before.exemptUntil !== null &&
			Date.parse(before.exemptUntil) <= now &&
			(device.exempt_until === before.exemptUntil || device.exempt_until === null)
		) {
			// A timed exemption ended on its own: it changed the status then, not now.
			settleExemption(device, now);
			if (device.status === before.status && device.exempt === 0)
				at = Date.parse(before.exemptUntil);
		}
		const after = signatureOf(device);
		if (after.status !== before.status || after.exempt !== before.exempt)
			this.changedAt.set(device.hwid, at);
		this.known.set(device.hwid, after);
	}

	/** Notes a device deleted at `now`. */
	deleted(device: SimDevice, now: number): void {
		this.known.delete(device.hwid);
		this.changedAt.delete(device.hwid);
		this.deletedDevices.set(device.hwid, {
			hwid: device.hwid,
			hostname: device.hostname,
			group: device.group,
			macs: device.network_info.map((adapter) => adapter.mac_addr),
			family: device.os_info.family,
			at: now,
		});
	}

	/** Brings the history up to the fleet as it is at `now`: every device observed, the missing ones deleted. */
	sweep(fleet: Fleet, now: number): void {
		const present = new Set<string>();
		for (const device of fleet.all()) {
			present.add(device.hwid);
			this.observe(device, now);
		}
		for (const [hwid, { device }] of [...this.known]) {
			if (!present.has(hwid)) this.deleted(device, now);
		}
	}

	/** Devices of the fleet whose status or exemption changed in [since, now], in the fleet's order. */
	changedSince(fleet: Fleet, since: number): SimDevice[] {
		return fleet.all().filter((device) => {
			const at = this.changedAt.get(device.hwid);
			return at !== undefined && at >= since;
		});
	}

	/** Devices deleted in [since, now], oldest deletion first. */
	deletedSince(since: number): DeletedDevice[] {
		return [...this.deletedDevices.values()]
			.filter((device) => device.at >= since)
			.sort((a, b) => a.at - b.at);
	}
}
