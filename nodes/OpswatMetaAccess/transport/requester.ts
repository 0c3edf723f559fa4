import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { unlessCancelled, type Clock } from './clock';
import { CREDENTIAL_TYPE, CredentialSession } from './credentialSession';
import {
	failureError,
	isRetryable,
	networkFailure,
	responseFailure,
	type Failure,
} from './failures';
import { sharedAccount } from './account';
import { scrubAnswer, secretsOf } from './redact';
import { WaitLog, type RateLimitWaits } from './waitLog';
import {
	DEFAULT_REQUEST_OPTIONS,
	type ApiRequest,
	type ApiResponse,
	type MetaAccessContext,
	type RequestOptions,
} from './types';

/**
 * A request refused with 429 is sent again after the wait, for as long as the account makes
 * progress (some request of it succeeds) within Max Wait on Rate Limit; this many refusals of one
 * request end it in any case.
 */
export const MAX_RATE_LIMIT_RETRIES = 100;
/** Retries after 5xx answers, malformed answers and network failures before giving up. */
export const MAX_FAILURE_RETRIES = 3;
/** Backoff before retry n (1-based) after a failure: 1 s, 2 s, 4 s. */
export const failureBackoffMs = (retry: number) => 1000 * 2 ** (retry - 1);

/**
 * A binary request's answer: parsed when its Content-Type says JSON (an unreadable one stays text,
 * which is a malformed answer) or, whatever the type says, when it is a JSON object; else the
 * bytes as they came.
 */
function jsonOrBytes(body: unknown, headers: Record<string, unknown>): unknown {
	const bytes = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: undefined;
	if (!bytes) return body;
	const type = headers['content-type'];
	const saysJson = typeof type === 'string' && /[/+]json\b/i.test(type);
	const looksJson = /^\s*\{/.test(bytes.subarray(0, 64).toString('latin1'));
	if (!saysJson && !looksJson) return bytes;
	const text = bytes.toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return saysJson ? text : bytes;
	}
}

/**
 * Sends the client's requests: holds the credential session, paces requests with the account's
 * rate limiter (shared by every execution of this n8n process), waits out 429s, retries transient
 * failures with backoff, stops when n8n cancels the execution, and turns every failure into a
 * NodeApiError that says what to do and holds no secret.
 */
export class Requester {
	private readonly session: CredentialSession;

	private readonly waitLog: WaitLog;

	/** Starts reading the credential at once, so that the read overlaps whatever comes before the first request. */
	constructor(
		private readonly context: MetaAccessContext,
		private readonly clock: Clock,
	) {
		this.session = new CredentialSession(context);
		this.waitLog = new WaitLog(clock);
	}

	/** What the rate limit has cost this client's requests so far. */
	get waits(): RateLimitWaits {
		return this.waitLog.waits;
	}

	/** The time now, on the client's clock. */
	now(): number {
		return this.clock.now();
	}

	private get abortSignal(): AbortSignal | undefined {
		const withSignal = this.context as { getExecutionCancelSignal?: () => AbortSignal | undefined };
		return typeof withSignal.getExecutionCancelSignal === 'function'
			? withSignal.getExecutionCancelSignal()
			: undefined;
	}

	/** One request, with pacing, waiting, retries and error wording. */
	async request(
		request: ApiRequest,
		options: RequestOptions = DEFAULT_REQUEST_OPTIONS,
	): Promise<ApiResponse> {
		const account = await this.session.checkedAccount(options.itemIndex);
		const credentials = await this.session.credentials();
		const authentication = await this.session.requestAuthentication();
		const shared = sharedAccount(this.clock, account.key, account.requestsPerMinute);
		const { limiter } = shared;
		this.waitLog.waits.requestsPerMinute = account.requestsPerMinute;
		const abortSignal = this.abortSignal;
		const askedAt = this.clock.now();
		const maxWaitMs = options.maxWaitOnRateLimit * 1000;
		let rateLimitRetries = 0;
		let failureRetries = 0;
		let tokenRenewed = false;
		/** The session token a 401 refused (kept out of error messages like the current one). */
		let refusedToken: unknown;
		/** Set while this request's retry fetches the token that replaces a refused one. */
		let renewing: ((token: string) => void) | undefined;
		/** The longest wait MetaAccess asked for after a 429, when it was longer than Max Wait. */
		let cappedWaitMs: number | undefined;
		try {
			for (;;) {
				const grant = await this.waitLog.time(limiter.acquire(abortSignal));
				let failure: Failure;
				try {
					const response = (await this.context.helpers.httpRequestWithAuthentication.call(
						this.context,
						CREDENTIAL_TYPE,
						{
							method: request.method,
							url: `${account.baseUrl}${request.path}`,
							qs: request.qs,
							body: request.body,
							// A file comes back as bytes (a Buffer); JSON in it is parsed below.
							...(request.binary ? { encoding: 'arraybuffer' as const } : { json: true }),
							returnFullResponse: true,
							// Every status comes back as a response: a 429's X-RateLimit headers survive.
							ignoreHttpStatusErrors: true,
							// The token rides in the URL: a redirect would carry it to whatever host the
							// Location names (and turn a POST into a GET). A 3xx is an answer, and an error.
							disableFollowRedirect: true,
							timeout: options.timeout * 1000,
						},
						authentication,
					)) as IN8nHttpFullResponse;
					const headers = response.headers as Record<string, unknown>;
					grant.answered(response.statusCode, headers);
					const body = request.binary ? jsonOrBytes(response.body, headers) : response.body;
					failure = responseFailure(response.statusCode, headers, body, request.binary);
					if (failure.status === undefined && !failure.malformed) {
						limiter.recordProgress();
						return {
							statusCode: response.statusCode,
							body: Buffer.isBuffer(body) ? body : scrubAnswer(body, secretsOf(credentials)),
							// A file's name comes from its headers: scrubbed like a body.
							...(request.binary ? { headers: scrubAnswer(headers, secretsOf(credentials)) } : {}),
						};
					}
					if (failure.status !== undefined && request.acceptStatus?.includes(failure.status)) {
						limiter.recordProgress();
						return {
							statusCode: failure.status,
							body: scrubAnswer(body, secretsOf(credentials)),
							...(request.binary ? { headers: scrubAnswer(headers, secretsOf(credentials)) } : {}),
						};
					}
				} catch (error) {
					failure = networkFailure(error);
					grant.answered();
				} finally {
					// This request's retry has fetched the new token (or failed to): others may use it.
					renewing?.(String(credentials.sessionToken ?? ''));
					renewing = undefined;
				}
				if (failure.status === 401 && this.session.renewsTokens && !tokenRenewed) {
					// The session token expired: send the request once more, with the token that replaces
					// it. Concurrent requests refused the same token share one renewal.
					tokenRenewed = true;
					refusedToken = credentials.sessionToken;
					const renewal = shared.renewal;
					if (renewal && renewal.refused === refusedToken) {
						credentials.sessionToken = await unlessCancelled(renewal.token, abortSignal);
						continue;
					}
					let resolve: (token: string) => void = () => {};
					shared.renewal = { refused: refusedToken, token: new Promise((r) => (resolve = r)) };
					await this.session.dropRefusedToken();
					// A token another execution (or worker) stored meanwhile serves at once; else this
					// request's retry fetches one (n8n's pre-authentication, an empty token), for all.
					if (credentials.sessionToken) resolve(String(credentials.sessionToken));
					else renewing = resolve;
					continue;
				}
				if (failure.status === 429) {
					const refusal = limiter.refused(failure.headers, maxWaitMs, askedAt);
					if (refusal.askedMs > maxWaitMs)
						cappedWaitMs = Math.max(cappedWaitMs ?? 0, refusal.askedMs);
					if (refusal.retry && rateLimitRetries < MAX_RATE_LIMIT_RETRIES) {
						rateLimitRetries++;
						this.waitLog.refusedOnce();
						continue;
					}
				}
				if (
					failure.status !== 429 &&
					isRetryable(failure, request.idempotent) &&
					failureRetries < MAX_FAILURE_RETRIES
				) {
					failureRetries++;
					await this.clock.sleep(failureBackoffMs(failureRetries), abortSignal);
					continue;
				}
				const secrets = secretsOf(credentials);
				if (typeof refusedToken === 'string' && refusedToken.length >= 4)
					secrets.push(refusedToken);
				throw failureError(
					this.context.getNode(),
					request,
					failure,
					rateLimitRetries + failureRetries + 1,
					{
						baseUrl: account.baseUrl,
						timeoutSeconds: options.timeout,
						itemIndex: options.itemIndex,
						secrets,
						maxWaitSeconds: options.maxWaitOnRateLimit,
						cappedWaitSeconds:
							cappedWaitMs === undefined ? undefined : Math.round(cappedWaitMs / 1000),
						authentication: credentials.authentication,
					},
				);
			}
		} finally {
			// Never leave requests waiting for a renewal that this one will not finish.
			renewing?.(String(credentials.sessionToken ?? ''));
		}
	}
}
