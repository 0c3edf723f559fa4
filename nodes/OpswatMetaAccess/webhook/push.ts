import type { IDataObject } from 'n8n-workflow';

/** The statuses MetaAccess documents for a webhook push ("this can be extended in future"). */
export const PUSH_STATUSES = ['compliant', 'non_compliant', 'installed', 'deleted'] as const;

/**
 * What one push may hold; past any of these it is refused whole and starts nothing. `entries`:
 * entries in one push (as many as the trigger remembers, so that a retried push is recognised
 * whole); `textLength`: characters of any text (device_id, status, a field's name or text value);
 * `depth`: objects and arrays nested in the value of one other field (`[[1]]` is 2).
 */
export const PUSH_LIMITS = { entries: 10_000, textLength: 1_024, depth: 8 } as const;

/** The key of the item that holds the fields of an entry beyond device_id, status and timestamp. */
export const EXTRA_FIELDS = 'extra_fields';

/** One entry of a push, as the trigger emits it (the `json` of its item). */
export interface PushEntry {
	device_id: string;
	status: string;
	/** Unix time in ms, as MetaAccess sent it. */
	timestamp: number;
	/** The same instant as an ISO time. */
	changed_at: string;
	/** Every other field of the entry, as sent; absent when there is none. */
	[EXTRA_FIELDS]?: IDataObject;
}

/** Why a push is refused, with the status to answer: 413 past a size limit, 400 otherwise. */
export interface Refusal {
	status: 400 | 413;
	problem: string;
}

/** A push read into entries, or why it is refused. */
export type ReadPush = { entries: PushEntry[] } | Refusal;

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** A timestamp in Unix ms: a whole number, or its digits as text. */
function readTimestamp(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
	if (typeof value === 'string' && /^\d{1,15}$/.test(value)) return Number(value);
	return undefined;
}

const tooLong = (problem: string): Refusal => ({
	status: 413,
	problem: `${problem}; at most ${PUSH_LIMITS.textLength} characters are taken`,
});

/**
 * What is wrong with the value of another field (`field`: 'Entry 3: field "site"'): a text or a
 * name too long, or objects and arrays nested deeper than the limit (`level`: the value's, if it is
 * one). Stops at the first problem, and never goes deeper than the limit.
 */
function valueProblem(value: unknown, field: string, level = 1): Refusal | undefined {
	if (typeof value === 'string')
		return value.length > PUSH_LIMITS.textLength
			? tooLong(`${field} holds a text of ${value.length} characters`)
			: undefined;
	if (typeof value !== 'object' || value === null) return undefined;
	if (level > PUSH_LIMITS.depth)
		return {
			status: 400,
			problem: `${field} nests objects or arrays more than ${PUSH_LIMITS.depth} levels deep`,
		};
	for (const [key, inner] of Object.entries(value)) {
		if (key.length > PUSH_LIMITS.textLength)
			return tooLong(`${field} holds a field name of ${key.length} characters`);
		const problem = valueProblem(inner, field, level + 1);
		if (problem !== undefined) return problem;
	}
	return undefined;
}

/** A field named in a message: its name, unless that is long. */
const fieldName = (where: string, name: string) =>
	name.length <= 64 ? `${where}: field "${name}"` : `${where}: a field`;

/** One entry read, or what is wrong with it (`where`: "Entry 3"). */
function readEntry(raw: unknown, where: string): PushEntry | Refusal {
	const refuse = (problem: string): Refusal => ({ status: 400, problem });
	if (!isObject(raw)) return refuse(`${where} is not an object`);
	const { device_id: deviceId, status, timestamp: rawTimestamp, ...extra } = raw;
	if (typeof deviceId !== 'string' || deviceId === '')
		return refuse(`${where} has no device_id (a non-empty string)`);
	if (typeof status !== 'string' || status === '')
		return refuse(`${where} has no status (a non-empty string)`);
	for (const [name, text] of [
		['device_id', deviceId],
		['status', status],
	])
		if (text.length > PUSH_LIMITS.textLength)
			return tooLong(`${where}: ${name} is ${text.length} characters long`);
	const timestamp = readTimestamp(rawTimestamp);
	if (timestamp === undefined || Number.isNaN(new Date(timestamp).getTime()))
		return refuse(`${where} has no timestamp (Unix time in milliseconds)`);
	for (const [name, value] of Object.entries(extra)) {
		if (name.length > PUSH_LIMITS.textLength)
			return tooLong(`${where}: a field name is ${name.length} characters long`);
		const problem = valueProblem(value, fieldName(where, name));
		if (problem !== undefined) return problem;
	}
	return {
		device_id: deviceId,
		status,
		timestamp,
		changed_at: new Date(timestamp).toISOString(),
		...(Object.keys(extra).length > 0 ? { [EXTRA_FIELDS]: extra as IDataObject } : {}),
	};
}

/**
 * Reads a push: a JSON array of `{ device_id, status, timestamp }`, other fields kept under
 * EXTRA_FIELDS. Anything else, an entry without a text device_id and status or with a timestamp
 * that is not Unix ms, or a push past PUSH_LIMITS refuses the whole push, naming the first wrong
 * entry and the limit.
 */
export function readPush(body: unknown): ReadPush {
	if (!Array.isArray(body)) {
		const shape = body === null || body === undefined ? 'nothing' : typeof body;
		return {
			status: 400,
			problem: `The body must be a JSON array of { device_id, status, timestamp } (got ${isObject(body) ? 'an object' : shape})`,
		};
	}
	if (body.length > PUSH_LIMITS.entries)
		return {
			status: 413,
			problem: `The push has ${body.length} entries; at most ${PUSH_LIMITS.entries} are taken in one push`,
		};
	const entries: PushEntry[] = [];
	for (const [index, raw] of body.entries()) {
		const entry = readEntry(raw, `Entry ${index}`);
		if ('problem' in entry) return entry;
		entries.push(entry);
	}
	return { entries };
}
