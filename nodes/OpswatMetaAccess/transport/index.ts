import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleepWithAbort } from 'n8n-workflow';

import { RateLimiter, type Clock, parseRateLimitHeaders } from './rateLimiter';

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
	sleep: async (ms, abortSignal) => await sleepWithAbort(ms, abortSignal),
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
}

/** What a failed request left to know, from the error n8n-core threw (the axios error inside). */
function failureOf(error: unknown): Failure {
	const outer = error as { cause?: unknown };
	const candidates = [error, outer?.cause, (outer?.cause as { cause?: unknown })?.cause];
	for (const candidate of candidates) {
		const c = candidate as {
			response?: { status?: number; headers?: Record<string, unknown>; data?: unknown };
			code?: string;
			isAxiosError?: boolean;
		};
		if (c?.response?.status) {
			return { status: c.response.status, headers: c.response.headers, data: c.response.data, code: c.code };
		}
	}
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown })?.code;
		if (typeof code === 'string' && code !== '') return { code };
	}
	return { code: 'UNKNOWN' };
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** Network failures after which the request surely did not reach the API. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function isRetryable(failure: Failure, idempotent: boolean): boolean {
	if (failure.status !== undefined) {
		if ([502, 503, 504].includes(failure.status)) return true;
		return failure.status >= 500 && idempotent;
	}
	if (failure.malformed) return idempotent;
	if (failure.code && NOT_SENT_CODES.has(failure.code)) return true;
	return idempotent;
}

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
	} else {
		message = `Could not reach MetaAccess for ${where} (${failure.code ?? 'network error'})`;
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
 * The one place that talks HTTP to MetaAccess: paces requests to the account's rate limit, waits
 * out 429s, retries transient failures with backoff, and turns every failure into a NodeApiError
 * that says what to do and holds no access token.
 */
export async function metaAccessRequest(
	this: MetaAccessContext,
	request: ApiRequest,
	options: RequestOptions = DEFAULT_REQUEST_OPTIONS,
): Promise<ApiAnswer> {
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const baseUrl = trimBaseUrl(credentials.baseUrl);
	if (!/^https?:\/\/[^/\s]+/i.test(baseUrl)) {
		throw new NodeOperationError(
			this.getNode(),
			`The Base URL of the OPSWAT MetaAccess credential ("${baseUrl}") is not an http(s) address`,
			{ description: 'Set it to your MetaAccess cloud, for example https://gears.opswat.com.', itemIndex: options.itemIndex },
		);
	}
	const limiter = limiterFor(credentials, baseUrl);
	const secrets = secretsOf(credentials);
	const abortSignal = abortSignalOf(this);
	let rateLimitRetries = 0;
	let failureRetries = 0;
	for (;;) {
		await limiter.acquire(abortSignal);
		let failure: Failure;
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, {
				method: request.method,
				url: `${baseUrl}${request.path}`,
				qs: request.qs,
				body: request.body,
				json: true,
				returnFullResponse: true,
				timeout: options.timeout * 1000,
			})) as IN8nHttpFullResponse;
			limiter.recordAnswer(response.headers as Record<string, unknown>);
			const body = response.body;
			if (typeof body === 'string' || body === undefined || Buffer.isBuffer(body)) {
				failure = { status: undefined, malformed: true };
			} else {
				return { statusCode: response.statusCode, body };
			}
		} catch (error) {
			failure = failureOf(error);
			limiter.recordAnswer(failure.headers);
			if (failure.status !== undefined && request.acceptStatus?.includes(failure.status)) {
				return { statusCode: failure.status, body: failure.data };
			}
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
		throw toNodeApiError(this, request, failure, rateLimitRetries + failureRetries + 1, options, secrets);
	}
}
