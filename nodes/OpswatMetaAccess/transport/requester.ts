import type { IN8nHttpFullResponse } from 'n8n-workflow';

import { scrubResponse } from '../../../credentials/common';
import { WaitLog, type Clock, type RateLimitWaits } from './clock';
import {
	failureError,
	isRetryable,
	networkFailure,
	responseFailure,
	type Failure,
} from './failures';
import { sharedAccount, type RateLimiter } from './rateLimiter';
import { CREDENTIAL_TYPE, CredentialSession, type Account, type TokenUse } from './session';
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
/** Retries after 5xx responses, malformed responses and network failures before giving up. */
export const MAX_FAILURE_RETRIES = 3;
/** Backoff before retry n (1-based) after a failure: 1 s, 2 s, 4 s. */
export const failureBackoffMs = (retry: number) => 1000 * 2 ** (retry - 1);

/**
 * A binary request's response: parsed when its Content-Type says JSON (an unreadable one stays
 * text, which is a malformed response) or, whatever the type says, when it is a JSON object; else
 * the bytes as they came.
 */
function jsonOrBytes(body: unknown, headers: Record<string, unknown>): unknown {
	const bytes = body instanceof ArrayBuffer ? Buffer.from(body) : body;
	if (!Buffer.isBuffer(bytes)) return body;
	const saysJson = /[/+]json\b/i.test(String(headers['content-type'] ?? ''));
	if (!saysJson && !/^\s*\{/.test(bytes.subarray(0, 64).toString('latin1'))) return bytes;
	try {
		return JSON.parse(bytes.toString('utf8')) as unknown;
	} catch {
		return saysJson ? bytes.toString('utf8') : bytes;
	}
}

/** One request under way: what it is, its account, and how it has fared so far. */
interface Call {
	request: ApiRequest;
	options: RequestOptions;
	account: Account;
	limiter: RateLimiter;
	/** When MetaAccess first answered this request 429 (its turn in the queue is not a wait on the account). */
	refusedSince?: number;
	rateLimited: number;
	failed: number;
	/** How many times in a row (no 429 between) a 401 had the request sent again with a newer token. */
	renewals?: number;
	/** The longest wait MetaAccess asked for after a 429, when it was longer than Max Wait. */
	cappedWaitMs?: number;
}

/** One exchange: the response handed back, or what went wrong, with the token it was sent with. */
type Exchange = { response: ApiResponse } | { failure: Failure; use: TokenUse };

/**
 * Sends the client's requests: holds the credential session, paces requests with the account's
 * rate limiter (shared by every execution of this n8n process), waits out 429s, renews a refused
 * token, retries transient failures with backoff, stops when n8n cancels the execution, and turns
 * every failure into a NodeApiError that says what to do and holds no secret.
 */
export class Requester {
	private readonly session: CredentialSession;

	private readonly waitLog: WaitLog;

	/** Starts reading the credential at once, so that the read overlaps whatever comes before the first request. */
	constructor(
		private readonly context: MetaAccessContext,
		private readonly clock: Clock,
	) {
		this.session = new CredentialSession(context, clock);
		this.waitLog = new WaitLog(clock);
	}

	/** What the rate limit has cost this client's requests so far. */
	get waits(): RateLimitWaits {
		return this.waitLog.waits;
	}

	private get abortSignal(): AbortSignal | undefined {
		const withSignal = this.context as { getExecutionCancelSignal?: () => AbortSignal | undefined };
		return withSignal.getExecutionCancelSignal?.();
	}

	/** One request, with pacing, token renewal, waiting, retries and error wording. */
	async request(
		request: ApiRequest,
		options: RequestOptions = DEFAULT_REQUEST_OPTIONS,
	): Promise<ApiResponse> {
		const account = await this.session.checkedAccount(options.itemIndex);
		const { limiter } = sharedAccount(this.clock, account.key, account.requestsPerMinute);
		this.waitLog.waits.requestsPerMinute = account.requestsPerMinute;
		const call: Call = {
			request,
			options,
			account,
			limiter,
			rateLimited: 0,
			failed: 0,
		};
		for (;;) {
			const exchange = await this.exchange(call);
			if ('response' in exchange) return exchange.response;
			const { failure, use } = exchange;
			if (failure.status === 401 && (await this.session.refused(use, call))) continue;
			// A 401 after a 429's wait is a token that expired meanwhile: only 401s in a row count.
			if (failure.status === 429 && this.waitsOut429(call, failure)) {
				call.renewals = 0;
				continue;
			}
			if (await this.retriesAfter(call, failure)) continue;
			throw await this.error(call, failure);
		}
	}

	/** Waits for the limiter and a token, sends the request once, and reads its response. */
	private async exchange(call: Call): Promise<Exchange> {
		const grant = await this.waitLog.time(call.limiter.acquire(this.abortSignal));
		let headers: Record<string, unknown> | undefined;
		let status: number | undefined;
		try {
			const use = await this.session.nextToken(this.abortSignal);
			const sent = await this.send(call, use);
			if (!('statusCode' in sent)) return { failure: sent, use };
			headers = sent.headers as Record<string, unknown>;
			status = sent.statusCode;
			return this.read(call, sent.statusCode, headers, sent.body, use);
		} finally {
			// Whatever happened, the limiter learns that the request is over (and what it was told).
			grant.answered(status, headers);
		}
	}

	/** Sends the request through n8n with the token chosen: its full response, or a network failure. */
	private async send(
		{ request, options, account }: Call,
		use: TokenUse,
	): Promise<IN8nHttpFullResponse | Failure> {
		try {
			return (await this.context.helpers.httpRequestWithAuthentication.call(
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
					// A redirect would carry the token to whatever host the Location names (and turn a
					// POST into a GET). A 3xx is a response, and an error.
					disableFollowRedirect: true,
					timeout: options.timeout * 1000,
				},
				use.authentication,
			)) as IN8nHttpFullResponse;
		} catch (error) {
			return networkFailure(error);
		} finally {
			// A token fetched for this request (n8n's pre-authentication) now serves the others.
			use.fetched?.();
		}
	}

	/** A response handed back (a success, or a status the request accepts), or its failure. */
	private read(
		{ request, limiter }: Call,
		statusCode: number,
		headers: Record<string, unknown>,
		raw: unknown,
		use: TokenUse,
	): Exchange {
		const body = request.binary ? jsonOrBytes(raw, headers) : raw;
		const failure = responseFailure(statusCode, headers, body, request.binary);
		const accepted = failure.status !== undefined && request.acceptStatus?.includes(failure.status);
		if (!accepted && (failure.status !== undefined || failure.malformed)) return { failure, use };
		limiter.recordProgress();
		const secrets = this.session.secrets();
		// A file's name comes from its headers: scrubbed like a body.
		const fileHeaders = request.binary ? { headers: scrubResponse(headers, secrets) } : {};
		return { response: { statusCode, body: scrubResponse(body, secrets), ...fileHeaders } };
	}

	/**
	 * After a 429: the limiter decides (it waits for the reset, capped at Max Wait on Rate Limit,
	 * unless the account made no progress for Max Wait); at most MAX_RATE_LIMIT_RETRIES times.
	 */
	private waitsOut429(call: Call, failure: Failure): boolean {
		const maxWaitMs = call.options.maxWaitOnRateLimit * 1000;
		call.refusedSince ??= this.clock.now();
		const { retry, askedMs } = call.limiter.refused(failure.headers, maxWaitMs, call.refusedSince);
		if (askedMs > maxWaitMs) call.cappedWaitMs = Math.max(call.cappedWaitMs ?? 0, askedMs);
		if (!retry || call.rateLimited >= MAX_RATE_LIMIT_RETRIES) return false;
		call.rateLimited++;
		this.waitLog.refusedOnce();
		return true;
	}

	/** After a transient failure: waits the backoff and sends again, within MAX_FAILURE_RETRIES. */
	private async retriesAfter(call: Call, failure: Failure): Promise<boolean> {
		if (failure.status === 429 || !isRetryable(failure, call.request.idempotent)) return false;
		if (call.failed >= MAX_FAILURE_RETRIES) return false;
		call.failed++;
		await this.clock.sleep(failureBackoffMs(call.failed), this.abortSignal);
		return true;
	}

	/** The error a request ends in: what happened, what to do, and no secret. */
	private async error(call: Call, failure: Failure) {
		const { authentication, authPlacement } = await this.session.credentials();
		const capped = call.cappedWaitMs;
		return failureError(this.context.getNode(), {
			request: call.request,
			failure,
			attempts: call.rateLimited + call.failed + 1,
			baseUrl: call.account.baseUrl,
			timeoutSeconds: call.options.timeout,
			itemIndex: call.options.itemIndex,
			secrets: this.session.secrets(),
			maxWaitSeconds: call.options.maxWaitOnRateLimit,
			cappedWaitSeconds: capped === undefined ? undefined : Math.round(capped / 1000),
			authentication,
			authPlacement,
		});
	}
}
