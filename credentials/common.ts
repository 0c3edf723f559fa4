/**
 * What the OPSWAT MetaAccess credential and the nodes share: the Base URL rules, the removal of
 * secrets from any text shown, and the words for a refused token. The nodes import this file; it
 * imports nothing of theirs.
 */

/** How long a MetaAccess access token lasts (expires_in 43199 s). */
export const TOKEN_LIFETIME = 'about 12 hours';

/** Where a Client ID and Client Secret come from (the API digest names no console page for them). */
export const API_CLIENT_SOURCE =
	"your MetaAccess administrator's API client (client ID and secret), the one MetaAccess's OAuth token endpoint (/o/oauth/token) accepts";

/** A pasted access token refused: the Test button's message and the nodes' advice. */
export const PASTED_TOKEN_REFUSED = `MetaAccess refused the pasted access token (HTTP 401: invalid or expired; a token lasts ${TOKEN_LIFETIME}). Paste a new access token in the OPSWAT MetaAccess credential, or switch its Authentication to Client Credentials so that n8n fetches and renews the token itself.`;

/** A token fetched with the client credentials refused, even just after it was fetched. */
export const FETCHED_TOKEN_REFUSED =
	'MetaAccess refused the access token fetched with the Client ID and Client Secret of the OPSWAT MetaAccess credential (HTTP 401), also a freshly fetched one. Check that this API client may use the device API, and the Base URL of the credential.';

/** The Test button's message for a 401 n8n reports itself (either way in). */
export const TOKEN_REFUSED_EITHER_WAY = `MetaAccess refused the access token (HTTP 401: invalid or expired). With Access Token: paste a new one (a token lasts ${TOKEN_LIFETIME}), or switch Authentication to Client Credentials. With Client Credentials: check that the API client may use the device API.`;

/** The advice of a node error after a 401, for the credential's way in. */
export function refusedTokenAdvice(authentication: unknown): string {
	return authentication === 'clientCredentials' ? FETCHED_TOKEN_REFUSED : PASTED_TOKEN_REFUSED;
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

/** A Base URL problem: what it has, and what to do (with an example of a good Base URL). */
const problem = (message: string, todo: string, after = '.'): BaseUrlProblem => ({
	message,
	description: `${todo}, for example https://gears.opswat.com${after}`,
});

/**
 * What would make a request built as `${base}${path}` go elsewhere than `path` under the (trimmed)
 * base: a user name or password, anything but http(s), a query or fragment (the path would land
 * inside it), an address URL parsing refuses or quietly rewrites (white space, control characters,
 * backslashes, no host), or a "." or ".." segment. No message repeats a password or a query.
 */
export function baseUrlProblem(baseUrl: string): BaseUrlProblem | undefined {
	const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(baseUrl)?.[0] ?? '';
	const rest = baseUrl.slice(scheme.length);
	const at = baseUrl.lastIndexOf('@');
	const host = baseUrl.slice(at + 1).split(/[/?#\\]/, 1)[0];
	const query = baseUrl.search(/[?#]/);
	if (at >= 0)
		return problem(
			`with a user name or password in it ("${scheme}…@${host}")`,
			'Remove the "user:password@" part from Base URL',
			": MetaAccess takes the credential's token, and the address goes with every request.",
		);
	if (!/^https?:\/\/$/i.test(scheme))
		return problem(
			`that is not an http(s) address ("${baseUrl}")`,
			'Set Base URL to your MetaAccess cloud, starting with https://',
		);
	if (query >= 0)
		return problem(
			`with a query or fragment ("${baseUrl.slice(0, query + 1)}…"): the path of every request would land inside it`,
			'Set Base URL to the address of your MetaAccess cloud alone, without "?…" or "#…"',
		);
	if (!URL.canParse(baseUrl) || /[\s\p{Cc}\\]/u.test(baseUrl) || rest.startsWith('/'))
		return problem(
			`that is not a valid address ("${baseUrl}")`,
			'Set Base URL to your MetaAccess cloud, without spaces or backslashes',
		);
	if (/(^|\/)(\.|%2e){1,2}(\/|$)/i.test(rest.replace(/^[^/]*/, '')))
		return problem(
			`with a "." or ".." in its path ("${baseUrl}"): it would change the path of every request`,
			'Write the path of Base URL without "." or ".." segments',
		);
	return undefined;
}

/**
 * What keeps a credential from making any request, worded for an error (message and what to do):
 * a wrong Base URL, a missing Client ID, Client Secret or Access Token. Undefined when it can.
 */
export function credentialProblem(
	credentials: Record<string, unknown>,
): BaseUrlProblem | undefined {
	const problem = (message: string, description: string) => ({
		message: `The OPSWAT MetaAccess credential ${message}`,
		description,
	});
	const wrongBaseUrl = baseUrlProblem(trimBaseUrl(credentials.baseUrl));
	if (wrongBaseUrl)
		return problem(`has a Base URL ${wrongBaseUrl.message}`, wrongBaseUrl.description);
	const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
	if (credentials.authentication !== 'clientCredentials') {
		if (!blank(credentials.accessToken)) return undefined;
		return problem(
			'has no Access Token',
			'Open the credential and paste an access token, or switch it to Client Credentials.',
		);
	}
	if (!blank(credentials.clientId) && !blank(credentials.clientSecret)) return undefined;
	return problem(
		`has no ${blank(credentials.clientId) ? 'Client ID' : 'Client Secret'}`,
		'Open the credential and fill in the Client ID and Client Secret of your MetaAccess API client.',
	);
}

/** Where a redirect pointed: its origin only (never its path or query, which may hold the token). */
export function redirectTarget(
	headers: Record<string, unknown> | undefined,
	baseUrl: string,
): string {
	const location = headers?.location ?? headers?.Location;
	if (typeof location !== 'string' || location === '') return 'no address (no Location header)';
	try {
		return new URL(location, `${baseUrl}/`).origin;
	} catch {
		return 'an address that is not a valid URL';
	}
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

/**
 * Values that are secrets wherever they stand: the value of an `access_token`, `client_secret` or
 * `refresh_token` parameter (query string, form body or JSON), and the token of a Bearer header.
 */
const SECRET_VALUES: Array<[RegExp, string]> = [
	[
		/((?:access_token|client_secret|refresh_token)(?:["']|%22)?\s*(?:=|:|%3D|%3A)\s*(?:["']|%22)?)(?!\*\*\*)[^&\s"',}<)]+/gi,
		'$1***',
	],
	[/(\bBearer(?:\s|%20|\+)+)[\w.~+/%-]{8,}=*/gi, '$1***'],
];

/** Removes secrets from text that may be shown: every form of the known ones, and any secret value. */
export function redact(text: string, secrets: string[] = []): string {
	let clean = text;
	for (const form of secrets.flatMap(secretForms)) clean = clean.split(form).join('***');
	for (const [pattern, replacement] of SECRET_VALUES) clean = clean.replace(pattern, replacement);
	return clean;
}

/** Whether text holds any form of one of the secrets. */
export function holdsSecret(text: string, secrets: string[]): boolean {
	return secrets.flatMap(secretForms).some((form) => text.includes(form));
}

/**
 * The error of a failed token fetch: the status, what the endpoint said (or where its redirect
 * pointed), and what to check. Never the raw error, whose request holds the client secret; and
 * the secret, in any form, is taken out of what the endpoint said (it may echo the form body).
 */
export function tokenFetchError(error: unknown, tokenUrl: string, clientSecret: unknown): Error {
	type Failed = {
		response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
	};
	const { status, data, headers } = (error as Failed).response ?? {};
	let detail: string;
	if (status !== undefined && status >= 300 && status < 400) {
		detail = `a redirect to ${redirectTarget(headers, tokenUrl)}, not followed`;
	} else {
		const { error: code, error_description: description } = (data ?? {}) as Record<string, unknown>;
		detail = [code, description]
			.filter((part) => typeof part === 'string' && part !== '')
			.join(': ');
	}
	const secrets =
		typeof clientSecret === 'string' && clientSecret.length >= 4 ? [clientSecret] : [];
	const outcome = status ? ` (HTTP ${status}${detail ? `, ${detail}` : ''})` : '';
	return new Error(
		redact(
			`Could not get an access token from ${tokenUrl}${outcome}. Check the Base URL, Client ID and Client Secret of the OPSWAT MetaAccess credential.`,
			secrets,
		),
	);
}

/**
 * A copy of a response with every string that holds a secret redacted (a response that echoes the
 * request would otherwise put the token in output items). Responses without a secret, nearly all,
 * are returned as they are after one serialisation to look.
 */
export function scrubResponse<T>(body: T, secrets: string[]): T {
	if (secrets.length === 0 || body === null || body === undefined || Buffer.isBuffer(body))
		return body;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	if (typeof text !== 'string' || !holdsSecret(text, secrets)) return body;
	const scrub = (value: unknown): unknown => {
		if (typeof value === 'string') return redact(value, secrets);
		if (Array.isArray(value)) return value.map(scrub);
		if (typeof value !== 'object' || value === null) return value;
		return Object.fromEntries(
			Object.entries(value).map(([k, v]) => [redact(k, secrets), scrub(v)]),
		);
	};
	return scrub(body) as T;
}
