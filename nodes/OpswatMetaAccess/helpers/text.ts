/** A noun for a count: "device" for 1, "devices" otherwise (the plural adds an s). */
export function nounFor(count: number, noun: string): string {
	return count === 1 ? noun : `${noun}s`;
}

/** "1 device", "3 devices": a count with its noun. */
export function plural(count: number, noun: string): string {
	return `${count} ${nounFor(count, noun)}`;
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
