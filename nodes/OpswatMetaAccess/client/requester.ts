import type { IN8nHttpFullResponse } from 'n8n-workflow';

import type { Clock } from './clock';
import { CREDENTIAL_TYPE, CredentialSession } from './credentialSession';
import {
	failureError,
	isRetryable,
	networkFailure,
	responseFailure,
	type Failure,
} from './failures';
import { parseRateLimitHeaders, sharedLimiter } from './rateLimiter';
import { secretsOf } from './redact';
import {
	DEFAULT_REQUEST_OPTIONS,
	type ApiRequest,
	type ApiResponse,
	type MetaAccessContext,
	type RequestOptions,
} from './types';

/** Retries after 429 answers before giving up. */
export const MAX_RATE_LIMIT_RETRIES = 5;
/** Retries after 5xx answers, malformed answers and network failures before giving up. */
export const MAX_FAILURE_RETRIES = 3;
/** Backoff before retry n (1-based) after a failure: 1 s, 2 s, 4 s. */
export const failureBackoffMs = (retry: number) => 1000 * 2 ** (retry - 1);

/**
 * Sends the client's requests: holds the credential session, paces requests with the account's
 * rate limiter (shared by every execution of this n8n process), waits out 429s, retries transient
 * failures with backoff, stops when n8n cancels the execution, and turns every failure into a
 * NodeApiError that says what to do and holds no secret.
 */
export class Requester {
	private readonly session: CredentialSession;

	/** Starts reading the credential at once, so that the read overlaps whatever comes before the first request. */
	constructor(
		private readonly context: MetaAccessContext,
		private readonly clock: Clock,
	) {
		this.session = new CredentialSession(context);
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
		const limiter = sharedLimiter(this.clock, account.key, account.requestsPerMinute);
		const abortSignal = this.abortSignal;
		let rateLimitRetries = 0;
		let failureRetries = 0;
		let tokenRenewed = false;
		/** The session token a 401 refused (kept out of error messages like the current one). */
		let refusedToken: unknown;
		for (;;) {
			await limiter.acquire(abortSignal);
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
						json: true,
						returnFullResponse: true,
						// Every status comes back as a response: a 429's X-RateLimit headers survive.
						ignoreHttpStatusErrors: true,
						timeout: options.timeout * 1000,
					},
					authentication,
				)) as IN8nHttpFullResponse;
				const headers = response.headers as Record<string, unknown>;
				limiter.recordAnswer(headers);
				failure = responseFailure(response.statusCode, headers, response.body);
				if (failure.status === undefined && !failure.malformed) {
					return { statusCode: response.statusCode, body: response.body };
				}
				if (failure.status !== undefined && request.acceptStatus?.includes(failure.status)) {
					return { statusCode: failure.status, body: response.body };
				}
			} catch (error) {
				failure = networkFailure(error);
				limiter.recordAnswer();
			}
			if (failure.status === 401 && this.session.renewsTokens && !tokenRenewed) {
				// The session token expired: send the request once more, with the token another
				// execution stored meanwhile, or with a new one.
				tokenRenewed = true;
				refusedToken = await this.session.dropRefusedToken();
				continue;
			}
			if (failure.status === 429 && rateLimitRetries < MAX_RATE_LIMIT_RETRIES) {
				rateLimitRetries++;
				const now = this.clock.now();
				const { resetAt } = parseRateLimitHeaders(failure.headers, now);
				const asked = resetAt !== undefined ? Math.max(0, resetAt - now) : limiter.windowMs;
				limiter.recordRateLimited(Math.min(asked, options.maxWaitOnRateLimit * 1000));
				continue;
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
			if (typeof refusedToken === 'string' && refusedToken.length >= 4) secrets.push(refusedToken);
			throw failureError(
				this.context.getNode(),
				request,
				failure,
				rateLimitRetries + failureRetries + 1,
				{
					timeoutSeconds: options.timeout,
					itemIndex: options.itemIndex,
					secrets,
				},
			);
		}
	}
}
