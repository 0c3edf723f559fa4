import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { RateLimiter, type Clock, parseRateLimitHeaders } from './rateLimiter';
import { waitUnlessCancelled } from './wait';

export const CREDENTIAL_TYPE = 'opswatMetaAccessApi';

export type MetaAccessContext = IExecuteFunctions | IPollFunctions;

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, starting with `/o/`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Whether sending the request twice is harmless. Failures that leave it unknown whether the API
	 * acted (a timeout, a 500, a dropped connection) are retried only for idempotent requests.
	 */
	idempotent: boolean;
	/** HTTP codes that are an answer to hand back rather than a failure (Get Devices: 413). */
	acceptStatus?: number[];
}

export interface RequestOptions {
	/** Longest wait, in seconds, for one rate-limit reset before retrying. */
	maxWaitOnRateLimit: number;
	/** Seconds to wait for an answer. */
	timeout: number;
	itemIndex?: number;
}

export interface ApiAnswer {
	statusCode: number;
	body: unknown;
}

export const DEFAULT_REQUEST_OPTIONS: RequestOptions = { maxWaitOnRateLimit: 120, timeout: 60 };

/** Retries after 429 answers before giving up. */
export const MAX_RATE_LIMIT_RETRIES = 5;
/** Retries after 5xx answers, malformed answers and network failures before giving up. */
export const MAX_FAILURE_RETRIES = 3;
/** Backoff before retry n (1-based) after a failure: 1 s, 2 s, 4 s. */
export const failureBackoffMs = (retry: number) => 1000 * 2 ** (retry - 1);

/** Time source of the transport; tests replace it with a virtual clock. */
export const transportClock: Clock = {
	now: () => Date.now(),
	sleep: waitUnlessCancelled,
};

const limiters = new Map<string, RateLimiter>();

/** Forgets every limiter's history (tests and benchmarks start each case from a clean slate). */
export function resetRateLimiters() {
	limiters.clear();
}

/** FNV-1a: a short, non-reversible tag, so that the limiter map never holds a token. */
function fingerprint(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16);
}

export function trimBaseUrl(value: unknown): string {
	return String(value ?? '')
		.trim()
		.replace(/\/+$/, '');
}

function limiterFor(credentials: ICredentialDataDecryptedObject, baseUrl: string): RateLimiter {
	const identity =
		credentials.authentication === 'clientCredentials'
			? `client:${String(credentials.clientId)}`
			: `token:${fingerprint(String(credentials.accessToken ?? ''))}`;
	const key = `${baseUrl}|${identity}`;
	const requestsPerMinute = Number(credentials.requestsPerMinute) > 0 ? Number(credentials.requestsPerMinute) : 10;
	let limiter = limiters.get(key);
	if (!limiter) {
		limiter = new RateLimiter(requestsPerMinute, transportClock);
		limiters.set(key, limiter);
	} else {
		limiter.setRequestsPerMinute(requestsPerMinute);
	}
	return limiter;
}

/**
 * The credential's base URL, after checking that the credential can make a request at all: a bad
 * credential is reported before anything is sent.
 */
function checkCredential(
	context: MetaAccessContext,
	credentials: ICredentialDataDecryptedObject,
	itemIndex?: number,
): string {
	const problem = (message: string, description: string) =>
		new NodeOperationError(context.getNode(), `The OPSWAT MetaAccess credential ${message}`, { description, itemIndex });
	const baseUrl = trimBaseUrl(credentials.baseUrl);
	if (!/^https?:\/\/[^/\s?#]+(\/\S*)?$/i.test(baseUrl)) {
		throw problem(
			`has a Base URL that is not an http(s) address ("${baseUrl}")`,
			'Set Base URL to your MetaAccess cloud, for example https://gears.opswat.com.',
		);
	}
	const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
	if (credentials.authentication === 'clientCredentials') {
		if (blank(credentials.clientId) || blank(credentials.clientSecret)) {
			throw problem(
				`has no ${blank(credentials.clientId) ? 'Client ID' : 'Client Secret'}`,
				'Open the credential and fill in the Client ID and Client Secret of your MetaAccess API client.',
			);
		}
	} else if (blank(credentials.accessToken)) {
		throw problem('has no Access Token', 'Open the credential and paste an access token, or switch it to Client Credentials.');
	}
	return baseUrl;
}

/** The secrets of a credential, to scrub from anything shown. */
function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	return [credentials.accessToken, credentials.sessionToken, credentials.clientSecret]
		.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 4);
}

/** Removes access tokens (known ones, and any `access_token=` value) from text that may be shown. */
export function redact(text: string, secrets: string[] = []): string {
	let clean = text.replace(/(access_token["']?\s*[=:]\s*["']?)[^&\s"',}]+/gi, '$1***');
	for (const secret of secrets) clean = clean.split(secret).join('***');
	return clean;
}

interface Failure {
	status?: number;
	headers?: Record<string, unknown>;
	data?: unknown;
	code?: string;
	malformed?: boolean;
	/** Why a request could not be made at all (for example: no access token could be fetched). */
	reason?: string;
}

/**
 * What a request that threw left to know. HTTP answers of any status come back as responses
 * (ignoreHttpStatusErrors), so what throws is a network failure: n8n-core wraps the axios error in
 * a NodeApiError that keeps its code (as httpCode) and message, not the error itself.
 */
function networkFailureOf(error: unknown): Failure {
	const e = error as { httpCode?: unknown; code?: unknown; message?: unknown };
	const code = [e?.code, e?.httpCode].find((value) => typeof value === 'string' && /^E[A-Z_]+$/.test(value));
	if (typeof code === 'string') return { code };
	const message = typeof e?.message === 'string' ? e.message : '';
	if (/timeout|timed out/i.test(message)) return { code: 'ETIMEDOUT' };
	return { reason: message || 'unknown error' };
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** Network failures after which the request surely did not reach the API. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
/** Network failures after which the API may or may not have acted. */
const UNSURE_CODES = new Set([...TIMEOUT_CODES, 'ECONNRESET', 'EPIPE', 'EPROTO']);

/**
 * Transient failures are retried: surely-unprocessed ones (502/503/504, refused connections)
 * always, the ones that leave it unknown whether the API acted only for idempotent requests.
 */
function isRetryable(failure: Failure, idempotent: boolean): boolean {
	if (failure.status !== undefined) {
		if ([502, 503, 504].includes(failure.status)) return true;
		return failure.status >= 500 && idempotent;
	}
	if (failure.malformed) return idempotent;
	if (failure.code === undefined) return false;
	return NOT_SENT_CODES.has(failure.code) || (UNSURE_CODES.has(failure.code) && idempotent);
}

/**
 * Network failures in words. (A raw code such as ECONNRESET in the message would make n8n replace
 * the whole message with its generic sentence for that code.)
 */
const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed unexpectedly',
	EPIPE: 'the connection was closed unexpectedly',
	EPROTO: 'the secure connection failed',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

function apiDescription(data: unknown): string | undefined {
	if (typeof data !== 'object' || data === null) return undefined;
	const { error, error_description: description, message } = data as Record<string, unknown>;
	const parts = [error, description ?? message].filter(
		(part): part is string => typeof part === 'string' && part !== '',
	);
	return parts.length ? parts.join(': ') : undefined;
}

const ADVICE: Record<number, string> = {
	400: 'MetaAccess rejected the request as invalid. Check the values given to the node (devices, option, action type).',
	401: 'The access token is invalid or expired. Open the OPSWAT MetaAccess credential and paste a new access token, or check the Client ID and Client Secret.',
	403: 'The account of this credential may not do this. Check its permissions in MetaAccess.',
	404: 'Nothing answers at this address. Check the Base URL of the OPSWAT MetaAccess credential.',
	405: 'The API refused the HTTP method for this address. Check the Base URL of the credential: it must be the MetaAccess cloud, not a proxy that rewrites requests.',
	406: 'More devices were asked for in one page than the API allows (the limit is 1 to 50).',
	413: 'The page asked for is past the last page of devices.',
	415: 'The API did not accept the request body type.',
	429: 'MetaAccess kept answering "too many requests". Lower the rate (Requests per Minute in the credential), raise Max Wait on Rate Limit, or run fewer workflows on this account at once.',
};

function toNodeApiError(
	context: MetaAccessContext,
	request: ApiRequest,
	failure: Failure,
	attempts: number,
	options: RequestOptions,
	secrets: string[],
): NodeApiError {
	const where = `${request.method} ${request.path}`;
	const fromApi = apiDescription(failure.data);
	let message: string;
	let advice: string;
	if (failure.status !== undefined) {
		message = `MetaAccess answered HTTP ${failure.status} to ${where}${fromApi ? `: ${fromApi}` : ''}`;
		advice =
			ADVICE[failure.status] ??
			(failure.status >= 500
				? `MetaAccess failed to process the request (tried ${attempts} time${attempts === 1 ? '' : 's'}). Try again later.`
				: 'The API did not accept the request.');
	} else if (failure.malformed) {
		message = `MetaAccess answered ${where} with something that is not the JSON it documents`;
		advice = `Tried ${attempts} time${attempts === 1 ? '' : 's'}. Check that the Base URL points to the MetaAccess cloud, not a login page or proxy.`;
	} else if (failure.code && TIMEOUT_CODES.has(failure.code)) {
		message = `MetaAccess did not answer ${where} within ${options.timeout} s`;
		advice = request.idempotent
			? `Tried ${attempts} time${attempts === 1 ? '' : 's'}. Try again later or raise the Timeout option.`
			: 'It is not known whether MetaAccess carried the request out, so it was not sent again. List the devices to check before running it again.';
	} else if (failure.reason !== undefined) {
		message = `${where} was not sent: ${failure.reason}`;
		advice = 'Check the OPSWAT MetaAccess credential.';
	} else {
		message = `Could not reach MetaAccess for ${where}: ${NETWORK_FAILURES[failure.code ?? ''] ?? 'network error'}`;
		advice = `Tried ${attempts} time${attempts === 1 ? '' : 's'}. Check the Base URL of the OPSWAT MetaAccess credential and the network between n8n and MetaAccess.`;
	}
	const clean: JsonObject = {
		message: redact(message, secrets),
		description: redact(advice, secrets),
		httpCode: failure.status !== undefined ? String(failure.status) : null,
	};
	return new NodeApiError(context.getNode(), clean, {
		message: clean.message as string,
		description: clean.description as string,
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex: options.itemIndex,
	});
}

function abortSignalOf(context: MetaAccessContext): AbortSignal | undefined {
	const withSignal = context as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof withSignal.getExecutionCancelSignal === 'function'
		? withSignal.getExecutionCancelSignal()
		: undefined;
}

/**
 * The credential of one node execution (or one poll), read once. n8n reads it from its database
 * and decrypts it on every `getCredentials()`, and `httpRequestWithAuthentication` does so again
 * unless it is handed the decrypted credential: two reads a request. Here it is read once and
 * handed on with every request; n8n's pre-authentication writes a fetched token into this same
 * object (and into its database), so later requests of the execution send the new token.
 */
interface CredentialSession {
	/** The decrypted credential; n8n's pre-authentication writes a fetched token into it. */
	credentials: ICredentialDataDecryptedObject;
	/** What httpRequestWithAuthentication is handed with every request, instead of reading the credential again. */
	handedOn: { credentialsDecrypted: ICredentialsDecrypted };
	/** Set by the first request whose credential check passed. */
	checked?: { baseUrl: string; limiter: RateLimiter };
}

const sessions = new WeakMap<MetaAccessContext, Promise<CredentialSession>>();

function sessionOf(context: MetaAccessContext): Promise<CredentialSession> {
	let session = sessions.get(context);
	if (!session) {
		const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
		session = context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE).then((credentials) => ({
			credentials,
			handedOn: {
				credentialsDecrypted: { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data: credentials },
			},
		}));
		// Read ahead of use: the request that awaits it reports a failure; no unhandled rejection meanwhile.
		session.catch(() => undefined);
		sessions.set(context, session);
	}
	return session;
}

/**
 * Starts reading the credential of this execution ahead of its first request (the action node
 * does so before it validates its items, so that the database read overlaps that work). A failed
 * read is reported by the request that needs it, not before, and never left unhandled.
 */
export function readCredentialsAhead(context: MetaAccessContext): void {
	void sessionOf(context);
}

/**
 * Forgets the credential read for this context. n8n keeps one poll context for as long as a
 * workflow is active, so the trigger calls this at the start of every poll: each poll reads the
 * credential as it is stored then (a token pasted meanwhile is used).
 */
export function forgetCredentials(context: MetaAccessContext) {
	sessions.delete(context);
}

/**
 * The one place that talks HTTP to MetaAccess: paces requests to the account's rate limit, waits
 * out 429s, retries transient failures with backoff, and turns every failure into a NodeApiError
 * that says what to do and holds no access token.
 */
export async function metaAccessRequest(
	this: MetaAccessContext,
	request: ApiRequest,
	options: RequestOptions = DEFAULT_REQUEST_OPTIONS,
): Promise<ApiAnswer> {
	const session = await sessionOf(this);
	const { credentials, handedOn } = session;
	if (!session.checked) {
		const baseUrl = checkCredential(this, credentials, options.itemIndex);
		session.checked = { baseUrl, limiter: limiterFor(credentials, baseUrl) };
	}
	const { baseUrl, limiter } = session.checked;
	const abortSignal = abortSignalOf(this);
	let rateLimitRetries = 0;
	let failureRetries = 0;
	let tokenRefreshed = false;
	/** The session token a 401 refused (kept out of error messages like the current one). */
	let refusedToken: unknown;
	for (;;) {
		await limiter.acquire(abortSignal);
		let failure: Failure;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				{
					method: request.method,
					url: `${baseUrl}${request.path}`,
					qs: request.qs,
					body: request.body,
					json: true,
					returnFullResponse: true,
					// Every status comes back as a response: a 429's X-RateLimit headers survive.
					ignoreHttpStatusErrors: true,
					timeout: options.timeout * 1000,
				},
				handedOn,
			)) as IN8nHttpFullResponse;
			const headers = response.headers as Record<string, unknown>;
			limiter.recordAnswer(headers);
			failure = answerFailure(response.statusCode, headers, response.body);
			if (failure.status === undefined && !failure.malformed) {
				return { statusCode: response.statusCode, body: response.body };
			}
			if (failure.status !== undefined && request.acceptStatus?.includes(failure.status)) {
				return { statusCode: failure.status, body: response.body };
			}
		} catch (error) {
			failure = networkFailureOf(error);
			limiter.recordAnswer();
		}
		if (failure.status === 401 && credentials.authentication === 'clientCredentials' && !tokenRefreshed) {
			// The session token expired: send the request once more, with the token stored now if
			// another execution already fetched a new one, else with a new one (n8n's pre-authentication
			// fetches it when the field is empty, and stores it).
			tokenRefreshed = true;
			refusedToken = credentials.sessionToken;
			credentials.sessionToken = await storedNewerToken(this, refusedToken);
			continue;
		}
		if (failure.status === 429 && rateLimitRetries < MAX_RATE_LIMIT_RETRIES) {
			rateLimitRetries++;
			const now = transportClock.now();
			const { resetAt } = parseRateLimitHeaders(failure.headers, now);
			const asked = resetAt !== undefined ? Math.max(0, resetAt - now) : limiter.windowMs;
			limiter.recordRateLimited(Math.min(asked, options.maxWaitOnRateLimit * 1000));
			continue;
		}
		if (failure.status !== 429 && isRetryable(failure, request.idempotent) && failureRetries < MAX_FAILURE_RETRIES) {
			failureRetries++;
			await transportClock.sleep(failureBackoffMs(failureRetries), abortSignal);
			continue;
		}
		const secrets = secretsOf(credentials);
		if (typeof refusedToken === 'string' && refusedToken.length >= 4) secrets.push(refusedToken);
		throw toNodeApiError(this, request, failure, rateLimitRetries + failureRetries + 1, options, secrets);
	}
}

/**
 * The session token stored in n8n now, when it is another than the one refused (another execution
 * renewed it meanwhile); else '' (a new one is to be fetched).
 */
async function storedNewerToken(context: MetaAccessContext, refused: unknown): Promise<string> {
	try {
		const stored = (await context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE)).sessionToken;
		return typeof stored === 'string' && stored !== '' && stored !== refused ? stored : '';
	} catch {
		return '';
	}
}

/** A 2xx answer with a JSON body is no failure; anything else says what went wrong. */
function answerFailure(statusCode: number, headers: Record<string, unknown>, body: unknown): Failure {
	if (statusCode < 200 || statusCode >= 300) return { status: statusCode, headers, data: body };
	if (typeof body === 'string' || body === undefined || Buffer.isBuffer(body)) return { malformed: true };
	return {};
}
