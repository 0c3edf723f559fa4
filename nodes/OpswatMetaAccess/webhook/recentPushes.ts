import type { IDataObject } from 'n8n-workflow';

/**
 * How long an entry is remembered after it was last received: MetaAccess retries a push after 4 s
 * and after 1 min, so 64 s covers its retries; 10 minutes more cover a slow network and clocks.
 */
export const REMEMBER_MS = 64_000 + 10 * 60_000;

/** Most entries remembered; past it the oldest are forgotten first. */
export const MAX_REMEMBERED = 10_000;

/** One entry's key: the same device, status and timestamp is the same change. */
export function entryKey(entry: { device_id: string; status: string; timestamp: number }): string {
	return JSON.stringify([entry.device_id, entry.status, entry.timestamp]);
}

/**
 * The entries received lately, kept in the node's workflow static data as `[key, receivedAt]`
 * pairs, oldest first (n8n saves static data as JSON after each webhook call).
 */
export class RecentPushes {
	private readonly seen = new Map<string, number>();

	constructor(
		private readonly staticData: IDataObject,
		private readonly now: number,
	) {
		const stored = staticData.recent;
		if (!Array.isArray(stored)) return;
		for (const pair of stored) {
			if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'number')
				continue;
			if (pair[1] > now - REMEMBER_MS) this.seen.set(pair[0], pair[1]);
		}
	}

	/** Whether the key was received lately; notes it as received now either way. */
	repeat(key: string): boolean {
		const known = this.seen.has(key);
		this.seen.delete(key);
		this.seen.set(key, this.now);
		return known;
	}

	/** Writes the remembered keys back, the newest MAX_REMEMBERED of them. */
	save(): void {
		const pairs = [...this.seen.entries()];
		this.staticData.recent = pairs.slice(Math.max(0, pairs.length - MAX_REMEMBERED));
	}
}
