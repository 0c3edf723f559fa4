/**
 * Checks of request and control values, with the platform's codes: 400 for an invalid value, 406
 * for a `limit` above the endpoint's maximum, 413 for a page past the end; and the orders of
 * listings (text comparison, search in a sorted list).
 */
import { HttpError, invalidRequest, isObject } from './http';

export function choice<T extends string | number>(
	value: unknown,
	choices: readonly T[],
	name: string,
): T {
	if (!choices.includes(value as T))
		throw invalidRequest(`${name} must be one of ${choices.join(', ')}`);
	return value as T;
}

/** A JSON whole number in [min, max] (absent or null: the fallback); else 400. */
export function wholeNumber(
	value: unknown,
	name: string,
	fallback: number,
	min = 0,
	max = Number.MAX_SAFE_INTEGER,
): number {
	if (value === undefined || value === null) return fallback;
	if (!Number.isSafeInteger(value) || (value as number) < min || (value as number) > max)
		throw invalidRequest(
			`${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`,
		);
	return value as number;
}

/** `limit`: a whole number from 1 (else 400), at most `max` (else 406); absent: the default. */
export function limitParam(
	value: unknown,
	fallback: number,
	max: number,
	what = 'entries',
): number {
	const limit = wholeNumber(value, 'limit', fallback, 1);
	if (limit > max)
		throw new HttpError(
			406,
			'invalid_request',
			`Too many ${what} to return: limit must be at most ${max}`,
		);
	return limit;
}

/** A query parameter as a JSON-like value: digits become a number, other text stays text (and fails the check). */
export function queryValue(query: URLSearchParams, name: string): unknown {
	const raw = query.get(name);
	if (raw === null) return undefined;
	return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** Page `page` of `limit` items; past the last page (page > 1) → 413; page 1 of nothing is empty. */
export function pageOf<T>(items: T[], page: number, limit: number): T[] {
	const start = (page - 1) * limit;
	if (page > 1 && start >= items.length)
		throw new HttpError(413, 'invalid_request', 'Requested page number exceeds limit');
	return items.slice(start, start + limit);
}

/** 0 or 1 (absent or null: the fallback); else 400. */
export const flag = (value: unknown, name: string, fallback: 0 | 1) =>
	wholeNumber(value, name, fallback, 0, 1) as 0 | 1;

/** An optional object parameter (absent or null: `{}`); else 400. */
export function objectParam(value: unknown, name: string): Record<string, unknown> {
	if (value === undefined || value === null) return {};
	if (!isObject(value)) throw invalidRequest(`${name} must be an object`);
	return value;
}

/**
 * A list of allowed values, given as one string or an array of strings (absent, null or empty:
 * undefined, no filter); any other value, or a value not allowed, → 400.
 */
export function valueList(
	value: unknown,
	name: string,
	allowed?: readonly string[],
): string[] | undefined {
	if (value === undefined || value === null) return undefined;
	const list = typeof value === 'string' ? [value] : value;
	if (!Array.isArray(list) || !list.every((item) => typeof item === 'string' && item !== ''))
		throw invalidRequest(`${name} must be a string or an array of strings`);
	if (allowed) {
		const wrong = list.find((item) => !allowed.includes(item));
		if (wrong !== undefined)
			throw invalidRequest(`${name}: ${wrong} is not one of ${allowed.join(', ')}`);
	}
	return list.length === 0 ? undefined : [...new Set(list)];
}

/** An optional string (absent or null: undefined); another type → 400. */
export function textParam(value: unknown, name: string): string | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value !== 'string') throw invalidRequest(`${name} must be a string`);
	return value;
}

/** `sort: { field, order }`: each one of its values (absent: the defaults). */
export function sortParam<F extends string>(
	value: unknown,
	fields: readonly F[],
	defaults: { field: F; order: 'asc' | 'desc' },
): { field: F; order: 'asc' | 'desc' } {
	const sort = objectParam(value, 'sort');
	return {
		field: choice(sort.field ?? defaults.field, fields, 'sort.field'),
		order: choice(sort.order ?? defaults.order, ['asc', 'desc'] as const, 'sort.order'),
	};
}

/** Compares texts by code unit, for stable sorts. */
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The first index of a sorted list whose item passes `test` (false for every item before it). */
export function firstIndex<T>(list: readonly T[], test: (item: T) => boolean): number {
	let low = 0;
	let high = list.length;
	while (low < high) {
		const middle = (low + high) >> 1;
		if (test(list[middle])) high = middle;
		else low = middle + 1;
	}
	return low;
}

/** An opaque cursor: what a listing needs to go on, as base64url JSON. */
export const encodeCursor = (state: object) =>
	Buffer.from(JSON.stringify(state)).toString('base64url');

/**
 * The state of the `token` a request sends: absent, null or "" → undefined (the first page); a
 * cursor this simulator gave (`valid` says) → its state; anything else → 400.
 */
export function cursorParam<T>(
	value: unknown,
	valid: (state: Record<string, unknown>) => boolean,
): T | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string') throw invalidRequest('token must be a string');
	let state: unknown;
	try {
		state = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
	} catch {
		state = undefined;
	}
	if (!isObject(state) || !valid(state)) throw invalidRequest('token is not a token this API gave');
	return state as T;
}
