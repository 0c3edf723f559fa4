import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The secrets of a credential, to scrub from anything shown. */
export function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	return [credentials.accessToken, credentials.sessionToken, credentials.clientSecret].filter(
		(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
	);
}

/** Percent-escapes with lowercase hex digits (%2b for %2B), as some servers write them. */
const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase());

/**
 * Every form a secret may take in text a server or a library sends back: as it is, URL-encoded
 * (a query string), form-encoded (a request body: spaces as `+`), each with either case of hex
 * digits, and encoded twice. Longest first, so that a form is replaced whole.
 */
export function secretForms(secret: string): string[] {
	const encoded = encodeURIComponent(secret);
	const form = new URLSearchParams({ s: secret }).toString().slice(2);
	const forms = [
		secret,
		encoded,
		form,
		encodeURIComponent(encoded),
		encodeURIComponent(lowerHex(encoded)),
	];
	return [...new Set([...forms, ...forms.map(lowerHex)])].sort((a, b) => b.length - a.length);
}

/** Parameter names whose values are secrets in any query string or form body. */
const SECRET_PARAMETER =
	/((?:access_token|client_secret|refresh_token)(?:["']|%22)?\s*(?:=|:|%3D|%3A)\s*(?:["']|%22)?)(?!\*\*\*)[^&\s"',}<)]+/gi;

/**
 * Removes secrets from text that may be shown: every form of the known ones, and any value of an
 * `access_token`, `client_secret` or `refresh_token` parameter.
 */
export function redact(text: string, secrets: string[] = []): string {
	let clean = text;
	for (const form of secrets.flatMap(secretForms)) clean = clean.split(form).join('***');
	return clean.replace(SECRET_PARAMETER, '$1***');
}

/** Whether text holds any form of one of the secrets. */
export function holdsSecret(text: string, secrets: string[]): boolean {
	return secrets.flatMap(secretForms).some((form) => text.includes(form));
}

/**
 * A copy of an API answer with every string that holds a secret redacted (an answer that echoes
 * the request would otherwise put the token in output items). Answers without a secret, nearly
 * all, are returned as they are after one serialisation to look.
 */
export function scrubAnswer<T>(body: T, secrets: string[]): T {
	if (secrets.length === 0 || body === null || body === undefined) return body;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	if (typeof text !== 'string' || !holdsSecret(text, secrets)) return body;
	const scrub = (value: unknown): unknown => {
		if (typeof value === 'string') return redact(value, secrets);
		if (Array.isArray(value)) return value.map(scrub);
		if (typeof value === 'object' && value !== null) {
			const copy: Record<string, unknown> = {};
			for (const [key, inner] of Object.entries(value)) copy[redact(key, secrets)] = scrub(inner);
			return copy;
		}
		return value;
	};
	return scrub(body) as T;
}
