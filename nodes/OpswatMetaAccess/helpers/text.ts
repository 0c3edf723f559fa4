/** A noun for a count: "device" for 1, "devices" otherwise (the plural adds an s). */
export function nounFor(count: number, noun: string): string {
	return count === 1 ? noun : `${noun}s`;
}

/** "1 device", "3 devices": a count with its noun. */
export function plural(count: number, noun: string): string {
	return `${count} ${nounFor(count, noun)}`;
}

/** The base URL without surrounding space and trailing slashes, so that `${base}/o/api/...` is well formed. */
export function trimBaseUrl(value: unknown): string {
	return String(value ?? '')
		.trim()
		.replace(/\/+$/, '');
}

/** What is wrong with a Base URL: a message (after "has a Base URL …") and what to do. */
export interface BaseUrlProblem {
	message: string;
	description: string;
}

const BASE_URL_EXAMPLE = 'for example https://gears.opswat.com';

/**
 * What would make requests built as `${base}${path}` go elsewhere than `path` under the base:
 * anything but http(s), a user name or password, a query or fragment (the path would land inside
 * it), a backslash or white space, or a "." or ".." segment (URL parsing would collapse it).
 * Undefined when the (trimmed) Base URL is fine. The message never repeats a password.
 */
export function baseUrlProblem(baseUrl: string): BaseUrlProblem | undefined {
	if (baseUrl.includes('@')) {
		// Shown without what comes before the last @: a password never reaches a message.
		const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(baseUrl)?.[0] ?? '';
		const host = baseUrl.slice(baseUrl.lastIndexOf('@') + 1).split(/[/?#\\]/, 1)[0];
		return {
			message: `with a user name or password in it ("${scheme}…@${host}")`,
			description: `Remove the "user:password@" part from Base URL, ${BASE_URL_EXAMPLE}: MetaAccess takes the credential's token, and the address goes with every request.`,
		};
	}
	const scheme = /^https?:\/\//i.exec(baseUrl);
	if (!scheme) {
		return {
			message: `that is not an http(s) address ("${baseUrl}")`,
			description: `Set Base URL to your MetaAccess cloud, starting with https://, ${BASE_URL_EXAMPLE}.`,
		};
	}
	const query = baseUrl.search(/[?#]/);
	if (query >= 0) {
		// Shown up to the "?" or "#": what follows may hold a token.
		return {
			message: `with a query or fragment ("${baseUrl.slice(0, query + 1)}…"): the path of every request would land inside it`,
			description: `Set Base URL to the address of your MetaAccess cloud alone, without "?…" or "#…", ${BASE_URL_EXAMPLE}.`,
		};
	}
	const rest = baseUrl.slice(scheme[0].length);
	const authority = rest.split(/[/\\]/, 1)[0];
	if (authority === '' || /[\s\\\p{Cc}]/u.test(baseUrl)) {
		return {
			message: `that is not a valid address ("${baseUrl}")`,
			description: `Set Base URL to your MetaAccess cloud, without spaces or backslashes, ${BASE_URL_EXAMPLE}.`,
		};
	}
	const path = rest.slice(authority.length);
	if (path.split('/').some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
		return {
			message: `with a "." or ".." in its path ("${baseUrl}"): it would change the path of every request`,
			description: `Write the path of Base URL without "." or ".." segments, ${BASE_URL_EXAMPLE}.`,
		};
	}
	try {
		new URL(baseUrl);
	} catch {
		return {
			message: `that is not a valid address ("${baseUrl}")`,
			description: `Set Base URL to your MetaAccess cloud, ${BASE_URL_EXAMPLE}.`,
		};
	}
	return undefined;
}

const MAX_DESCRIBED_LENGTH = 80;

function render(value: unknown, depth: number): string {
	if (value === undefined) return 'undefined';
	if (value === null) return 'null';
	switch (typeof value) {
		case 'string':
			return JSON.stringify(value);
		case 'number':
			// NaN, Infinity and -Infinity as they are (JSON would say null); -0 as 0.
			return String(value);
		case 'boolean':
			return String(value);
		case 'bigint':
			return `${value}n`;
		case 'function':
			return 'a function';
		case 'symbol':
			return value.toString();
	}
	if (value instanceof Date) {
		return Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
	}
	if (depth >= 3) return Array.isArray(value) ? '[…]' : '{…}';
	if (Array.isArray(value)) return `[${value.map((entry) => render(entry, depth + 1)).join(',')}]`;
	const fields = Object.entries(value as Record<string, unknown>).map(
		([key, entry]) => `${JSON.stringify(key)}:${render(entry, depth + 1)}`,
	);
	return `{${fields.join(',')}}`;
}

/**
 * A value as a user gave it, for an error message: text in quotes, numbers as written (NaN and
 * Infinity too, where JSON.stringify says null), lists and objects in JSON notation, shortened to
 * about 80 characters.
 */
export function describeValue(value: unknown): string {
	const text = render(value, 0);
	if (text.length <= MAX_DESCRIBED_LENGTH) return text;
	if (typeof value === 'string') {
		// Shortened inside its quotes.
		return `${JSON.stringify(value.slice(0, MAX_DESCRIBED_LENGTH - 5)).slice(0, -1)}..."`;
	}
	return `${text.slice(0, MAX_DESCRIBED_LENGTH - 3)}...`;
}
