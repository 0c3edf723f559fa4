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
