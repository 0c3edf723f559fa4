import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { PUSH_LIMITS } from './push';

/**
 * How long an entry is remembered after it was last received: MetaAccess retries a push after 4 s
 * and after 1 min, so 64 s covers its retries; 10 minutes more cover a slow network and clocks.
 */
export const REMEMBER_MS = 64_000 + 10 * 60_000;

/** Most entries remembered (a whole push of the most entries taken); the oldest go first. */
export const MAX_REMEMBERED = PUSH_LIMITS.entries;

/** Most pushes remembered whole (a retry is the same push again); the oldest go first. */
export const MAX_REMEMBERED_PUSHES = 1_000;

/** Characters of one remembered digest: 96 bits of SHA-256 in base64, whatever the entry's size. */
export const DIGEST_LENGTH = 16;

/** The digest of a text: what is remembered of an entry or a push. */
export const digestOf = (text: string) =>
	createHash('sha256').update(text, 'utf8').digest().subarray(0, 12).toString('base64');

/** One entry's digest: the same device, status and timestamp is the same change. */
export function entryDigest(entry: { device_id: string; status: string; timestamp: number }) {
	return digestOf(JSON.stringify([entry.device_id, entry.status, entry.timestamp]));
}

/**
 * Digests received lately, each with when it was last received, at most `capacity` of them. Kept
 * in the static data as `[receivedAt, "<digest><digest>…"]` pairs, oldest first: one pair per
 * moment of receipt, DIGEST_LENGTH characters per digest.
 */
class Digests {
	private readonly seen = new Map<string, number>();

	constructor(
		stored: unknown,
		now: number,
		private readonly capacity: number,
	) {
		if (!Array.isArray(stored)) return;
		for (const pair of stored) {
			if (!Array.isArray(pair) || typeof pair[0] !== 'number' || typeof pair[1] !== 'string')
				continue;
			const [at, digests] = pair as [number, string];
			if (at <= now - REMEMBER_MS || digests.length % DIGEST_LENGTH !== 0) continue;
			for (let start = 0; start < digests.length; start += DIGEST_LENGTH)
				this.seen.set(digests.slice(start, start + DIGEST_LENGTH), at);
		}
	}

	/** Whether the digest was received lately; notes it as received `now` either way. */
	note(digest: string, now: number): boolean {
		const known = this.seen.delete(digest);
		this.seen.set(digest, now);
		return known;
	}

	/** The newest `capacity` digests, grouped by when they were received. */
	toStored(): Array<[number, string]> {
		const kept = [...this.seen].slice(-this.capacity);
		const pairs: Array<[number, string]> = [];
		for (const [digest, at] of kept) {
			const last = pairs[pairs.length - 1];
			if (last?.[0] === at) last[1] += digest;
			else pairs.push([at, digest]);
		}
		return pairs;
	}
}

/**
 * The entries and pushes received lately, in the node's workflow static data (n8n saves it as
 * JSON after each webhook call): `recent` holds the entries, `pushes` the pushes whole. Whatever
 * the size of what was pushed, each is remembered as one digest, so the static data stays under
 * (MAX_REMEMBERED + MAX_REMEMBERED_PUSHES) × (DIGEST_LENGTH + 19) characters: about 385 kB.
 */
export class RecentPushes {
	private readonly entries: Digests;

	private readonly pushes: Digests;

	constructor(
		private readonly staticData: IDataObject,
		private readonly now: number,
	) {
		this.entries = new Digests(staticData.recent, now, MAX_REMEMBERED);
		this.pushes = new Digests(staticData.pushes, now, MAX_REMEMBERED_PUSHES);
	}

	/**
	 * The entries of a push not received lately (each once), in order; none when the same push was
	 * received lately. Notes the push and each entry as received now.
	 */
	fresh<T extends { device_id: string; status: string; timestamp: number }>(entries: T[]): T[] {
		const digests = entries.map(entryDigest);
		const fresh = entries.filter((_entry, index) => !this.entries.note(digests[index], this.now));
		if (entries.length === 0) return fresh;
		return this.pushes.note(digestOf(digests.join('')), this.now) ? [] : fresh;
	}

	/** Writes what is remembered back to the static data. */
	save(): void {
		this.staticData.recent = this.entries.toStored();
		this.staticData.pushes = this.pushes.toStored();
	}
}
