import { createHash, timingSafeEqual } from 'crypto';

/** The statuses MetaAccess documents for a webhook push ("this can be extended in future"). */
export const PUSH_STATUSES = ['compliant', 'non_compliant', 'installed', 'deleted'] as const;

/** One entry of a push, as the trigger emits it. */
export interface PushEntry {
	device_id: string;
	status: string;
	/** Unix time in ms, as MetaAccess sent it. */
	timestamp: number;
	/** The same instant as an ISO time. */
	changed_at: string;
	/** Any further field MetaAccess sends, kept as sent. */
	[extra: string]: unknown;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether the Authorization header is the API key. Compared in constant time: both sides are
 * hashed first, so the comparison takes as long whatever the header's length or content. A
 * missing or repeated header, or an empty key, never matches.
 */
export function authorizationMatches(header: unknown, apiKey: unknown): boolean {
	if (typeof apiKey !== 'string' || apiKey === '') return false;
	const given = typeof header === 'string' ? header : '';
	const equal = timingSafeEqual(digest(given), digest(apiKey));
	return equal && typeof header === 'string';
}

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A timestamp in Unix ms: a whole number, or its digits as text. */
function readTimestamp(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
	if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
	return undefined;
}

/** A push body read into entries, or what is wrong with it (then nothing is emitted). */
export type ReadPush = { entries: PushEntry[] } | { problem: string };

/**
 * Reads a push: a JSON array of `{ device_id, status, timestamp }` (extra fields kept). Anything
 * else, or one entry without a text device_id and status or with a timestamp that is not Unix ms,
 * refuses the whole push, naming the first wrong entry.
 */
export function readPush(body: unknown): ReadPush {
	if (!Array.isArray(body)) {
		const shape = body === null || body === undefined ? 'nothing' : typeof body;
		return {
			problem: `The body must be a JSON array of { device_id, status, timestamp } (got ${isObject(body) ? 'an object' : shape})`,
		};
	}
	const entries: PushEntry[] = [];
	for (const [index, raw] of body.entries()) {
		const where = `Entry ${index}`;
		if (!isObject(raw)) return { problem: `${where} is not an object` };
		const { device_id: deviceId, status, timestamp: rawTimestamp, ...extra } = raw;
		if (typeof deviceId !== 'string' || deviceId === '')
			return { problem: `${where} has no device_id (a non-empty string)` };
		if (typeof status !== 'string' || status === '')
			return { problem: `${where} has no status (a non-empty string)` };
		const timestamp = readTimestamp(rawTimestamp);
		if (timestamp === undefined || Number.isNaN(new Date(timestamp).getTime()))
			return { problem: `${where} has no timestamp (Unix time in milliseconds)` };
		entries.push({
			...extra,
			device_id: deviceId,
			status,
			timestamp,
			changed_at: new Date(timestamp).toISOString(),
		});
	}
	return { entries };
}
