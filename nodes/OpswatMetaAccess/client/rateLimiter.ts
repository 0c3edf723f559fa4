import type { Clock } from './clock';

/**
 * Client-side pacing for an API that allows a few requests a minute (MetaAccess: 10).
 *
 * One limiter per account (base URL + credential identity), shared by every execution and poll of
 * this n8n process, so that two workflows on one account do not spend each other's budget
 * (`sharedLimiter` below; the client asks it for its account's limiter).
 *
 * - With no rate-limit headers seen, it keeps at most `burst` requests in any sliding window of
 *   `windowMs` (burst = min(10, requests per minute), window = 60 s × burst / requests per minute).
 *   A request counts from the moment its answer arrived, which is never before the server counted
 *   it, so client and server clocks cannot disagree in the server's disfavour.
 * - When the API sends X-RateLimit-Remaining and X-RateLimit-Reset-Time, those win: requests go
 *   while Remaining > 0, and when it reaches 0 the next request waits for the reset.
 */

export interface RateLimitHeaders {
	limit?: number;
	remaining?: number;
	/** Absolute time (ms) at which the window resets. */
	resetAt?: number;
}

const DOCUMENTED_BURST = 10;

function headerNumber(
	headers: Record<string, unknown> | undefined,
	name: string,
): number | undefined {
	if (!headers) return undefined;
	const raw = headers[name] ?? headers[name.toLowerCase()];
	const value = Array.isArray(raw) ? raw[0] : raw;
	if (value === undefined || value === null || value === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * X-RateLimit-Reset-Time is documented only as "seconds". Small values are read as seconds until
 * the reset; values that can only be a Unix time (seconds or milliseconds) are read as such.
 */
export function parseRateLimitHeaders(
	headers: Record<string, unknown> | undefined,
	now: number,
): RateLimitHeaders {
	const reset = headerNumber(headers, 'x-ratelimit-reset-time');
	let resetAt: number | undefined;
	if (reset !== undefined && reset >= 0) {
		if (reset > 1e12) resetAt = reset;
		else if (reset > 1e9) resetAt = reset * 1000;
		else resetAt = now + reset * 1000;
	}
	return {
		limit: headerNumber(headers, 'x-ratelimit-limit'),
		remaining: headerNumber(headers, 'x-ratelimit-remaining'),
		resetAt,
	};
}

export class RateLimiter {
	/** Completion times of the latest requests, oldest first (at most `burst` kept). */
	private completed: number[] = [];

	private remaining: number | undefined;

	private resetAt: number | undefined;

	constructor(
		private requestsPerMinute: number,
		private readonly clock: Clock,
	) {}

	setRequestsPerMinute(requestsPerMinute: number) {
		this.requestsPerMinute = requestsPerMinute;
	}

	get burst(): number {
		return Math.max(1, Math.min(DOCUMENTED_BURST, Math.floor(this.requestsPerMinute)));
	}

	/** The length of the sliding window in which at most `burst` requests go. */
	get windowMs(): number {
		return (60_000 * this.burst) / this.requestsPerMinute;
	}

	/** How long the next request must wait, in ms (0: it may go now). */
	delayBeforeNext(): number {
		const now = this.clock.now();
		if (this.resetAt !== undefined) {
			if (now >= this.resetAt) {
				this.resetAt = undefined;
				this.remaining = undefined;
				this.completed = [];
			} else if (this.remaining !== undefined) {
				return this.remaining > 0 ? 0 : this.resetAt - now;
			}
		}
		const inWindow = this.completed.filter((time) => time > now - this.windowMs);
		if (inWindow.length < this.burst) return 0;
		return inWindow[inWindow.length - this.burst] + this.windowMs - now;
	}

	/** Waits until the next request may go, and takes its place. Resolves to the time waited. */
	async acquire(abortSignal?: AbortSignal): Promise<number> {
		let waited = 0;
		for (let delay = this.delayBeforeNext(); delay > 0; delay = this.delayBeforeNext()) {
			await this.clock.sleep(delay, abortSignal);
			waited += delay;
		}
		if (this.remaining !== undefined) this.remaining -= 1;
		return waited;
	}

	/** Records an answer (success or failure) and what its headers say of the window. */
	recordAnswer(headers?: Record<string, unknown>) {
		const now = this.clock.now();
		this.completed.push(now);
		if (this.completed.length > this.burst)
			this.completed.splice(0, this.completed.length - this.burst);
		const seen = parseRateLimitHeaders(headers, now);
		if (seen.remaining !== undefined && seen.resetAt !== undefined) {
			this.remaining = seen.remaining;
			this.resetAt = seen.resetAt;
		}
	}

	/** After a 429: nothing may go before the reset the API named, or a whole window from now. */
	recordRateLimited(waitMs: number) {
		this.remaining = 0;
		this.resetAt = this.clock.now() + waitMs;
	}
}

/**
 * The limiters of this process, per clock (the system clock in n8n; a test's virtual clock gives it
 * limiters of its own) and per account.
 */
const registries = new WeakMap<Clock, Map<string, RateLimiter>>();

/** The limiter every execution and poll of this process shares for an account, at its current rate. */
export function sharedLimiter(
	clock: Clock,
	account: string,
	requestsPerMinute: number,
): RateLimiter {
	let limiters = registries.get(clock);
	if (!limiters) registries.set(clock, (limiters = new Map()));
	let limiter = limiters.get(account);
	if (!limiter) limiters.set(account, (limiter = new RateLimiter(requestsPerMinute, clock)));
	else limiter.setRequestsPerMinute(requestsPerMinute);
	return limiter;
}
