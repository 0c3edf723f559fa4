import { unlessCancelled, type Clock } from './clock';

/**
 * Client-side pacing for an API that allows a few requests a minute (MetaAccess: 10), shared by
 * every execution and poll of this n8n process that uses one account (`sharedLimiter`).
 *
 * - Requests are granted one at a time, in the order they asked (FIFO: no execution starves), and
 *   a granted request counts at once, while it is in flight, not only when its answer arrives.
 * - With no rate-limit headers, at most `burst` requests in any sliding window of `windowMs`
 *   (burst = min(10, requests per minute), window = 60 s × burst / requests per minute). A request
 *   counts until `windowMs` after its answer arrived, which is never before the server counted it.
 * - When the API sends X-RateLimit-Remaining and X-RateLimit-Reset-Time, they narrow that further:
 *   the answer to the latest-sent request with headers says how many may still go before the
 *   reset, less those granted after it. An older answer never overwrites a newer one.
 * - A reset time is believed up to one documented window (60 s) ahead, no further; a negative or
 *   unreadable one not at all: no header can park the account for longer.
 * - After a 429, nothing goes before the wait the client decided (its own cap applies), plus a
 *   little random jitter, so that processes that cannot see each other do not all send at once at
 *   the reset; and the process takes half its places in a window, regaining a fifth of the burst a
 *   window without a 429, so that several processes on one account settle on shares of its limit.
 */

export interface RateLimitHeaders {
	limit?: number;
	remaining?: number;
	/** Absolute time (ms) at which the window resets. */
	resetAt?: number;
}

const DOCUMENTED_BURST = 10;
/** MetaAccess's documented window: no reset time further ahead than this is believed. */
export const DOCUMENTED_WINDOW_MS = 60_000;
/**
 * The most random delay added to a wait for the window (and after a 429): enough to shuffle which
 * of several processes sends first at a reset, little against a window.
 */
const JITTER_MS = 50;

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
 * the reset; values that can only be a Unix time (seconds or milliseconds) are read as such. A
 * reset in the past, negative or unreadable is none. How far ahead a reset is believed is the
 * reader's to cap (the limiter: one documented window; a 429: Max Wait on Rate Limit).
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
		if (resetAt < now) resetAt = undefined;
	}
	const remaining = headerNumber(headers, 'x-ratelimit-remaining');
	return {
		limit: headerNumber(headers, 'x-ratelimit-limit'),
		remaining: remaining !== undefined && remaining >= 0 ? Math.floor(remaining) : undefined,
		resetAt,
	};
}

/** A granted request: report its answer (or failure) exactly once. */
export interface Grant {
	/** The answer arrived (any status): its headers, if any, inform the limiter. */
	answered(headers?: Record<string, unknown>): void;
}

export class RateLimiter {
	/** Answer times of the latest answered requests, oldest first (at most `burst` kept). */
	private answered: number[] = [];

	/** Granted requests whose answer has not arrived. */
	private inFlight = 0;

	/** Requests granted so far (each grant's number is its order). */
	private granted = 0;

	/** What the latest-sent request with rate-limit headers was told. */
	private told: { grant: number; remaining: number; resetAt: number } | undefined;

	/** Nothing is granted before this time (after a 429). */
	private blockedUntil = 0;

	/** After a 429: the share of the window this process halved to, and when. */
	private backedOff: { to: number; at: number } | undefined;

	/** The last time a request of this account was answered with success. */
	private progressAt: number;

	/** Settles when every request that asked before the newest one has been granted (or gave up). */
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private requestsPerMinute: number,
		private readonly clock: Clock,
	) {
		this.progressAt = clock.now();
	}

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
		if (now < this.blockedUntil) return this.blockedUntil - now;
		if (this.told) {
			if (now >= this.told.resetAt) this.told = undefined;
			else if (this.told.remaining - (this.granted - this.told.grant) <= 0)
				return this.told.resetAt - now;
		}
		const places = this.placesNow(now);
		const recent = this.answered.filter((time) => time > now - this.windowMs);
		if (recent.length + this.inFlight < places) return 0;
		// Every place is taken. A request in flight frees its place a window after its answer, so
		// no earlier than a window from now; an answered one a window after its answer.
		const frees = recent.length + this.inFlight - places;
		return frees < recent.length ? recent[frees] + this.windowMs - now : this.windowMs;
	}

	/**
	 * How many requests this process may have in a window now: the burst, or after a 429 (another
	 * process, or another client, on the account) half of what it had, growing back by a fifth of
	 * the burst after a window without a 429 and doubling after each further one. Processes that
	 * cannot see each other so settle on shares of the limit (each refused about every window), and
	 * one left alone has all of it again within a few windows.
	 */
	private placesNow(now: number): number {
		if (!this.backedOff) return this.burst;
		const windows = Math.floor((now - this.backedOff.at) / this.windowMs);
		const step = Math.ceil(this.burst / 5);
		// One clean window: a fifth of the burst back; from the second on (the others seem done),
		// doubling.
		const regained =
			windows <= 1
				? this.backedOff.to + windows * step
				: (this.backedOff.to + step) * 2 ** (windows - 1);
		const places = Math.min(this.burst, regained);
		if (places >= this.burst) this.backedOff = undefined;
		return places;
	}

	/**
	 * Waits for this request's turn (after every request that asked before it) and for a place in
	 * the window, then grants it. Stops at once when the signal aborts, without holding up the
	 * requests behind it.
	 */
	async acquire(abortSignal?: AbortSignal): Promise<Grant> {
		const ahead = this.queue;
		let done = () => {};
		const mine = new Promise<void>((resolve) => (done = resolve));
		// The next request waits for this one and for every one ahead of it (one that gives up early
		// lets the next go only once those ahead of it have gone).
		this.queue = Promise.all([ahead, mine]).then(() => undefined);
		try {
			await unlessCancelled(ahead, abortSignal);
			for (let delay = this.delayBeforeNext(); delay > 0; delay = this.delayBeforeNext()) {
				// A little randomness in who goes first at a reset, so that processes sharing the
				// account (which cannot see each other) take turns at being refused.
				await this.clock.sleep(delay + this.jitterMs(), abortSignal);
			}
			return this.grant();
		} finally {
			done();
		}
	}

	private grant(): Grant {
		const number = ++this.granted;
		this.inFlight++;
		let open = true;
		return {
			answered: (headers) => {
				if (!open) return;
				open = false;
				this.inFlight--;
				const now = this.clock.now();
				this.answered.push(now);
				if (this.answered.length > this.burst)
					this.answered.splice(0, this.answered.length - this.burst);
				const seen = parseRateLimitHeaders(headers, now);
				if (
					seen.remaining !== undefined &&
					seen.resetAt !== undefined &&
					(!this.told || number >= this.told.grant)
				) {
					// No header parks the account for longer than a window.
					const resetAt = Math.min(
						seen.resetAt,
						now + Math.max(DOCUMENTED_WINDOW_MS, this.windowMs),
					);
					this.told = { grant: number, remaining: seen.remaining, resetAt };
				}
			},
		};
	}

	private jitterMs(): number {
		return Math.round((this.clock.jitter?.() ?? 0) * JITTER_MS);
	}

	/** A request of this account was answered with success: the account makes progress. */
	recordProgress() {
		this.progressAt = this.clock.now();
	}

	/** When a request of this account last succeeded (or the limiter was made). */
	get lastProgressAt(): number {
		return this.progressAt;
	}

	/** After a 429: nothing goes before `waitMs` from now, plus up to 10% jitter. */
	recordRateLimited(waitMs: number) {
		const now = this.clock.now();
		const until = now + waitMs + this.jitterMs();
		this.blockedUntil = Math.max(this.blockedUntil, until);
		this.told = undefined;
		// Halve once per window, whatever number of the window's requests were refused.
		if (!this.backedOff || now - this.backedOff.at >= this.windowMs) {
			this.backedOff = { to: Math.max(1, Math.floor(this.placesNow(now) / 2)), at: now };
		}
	}
}
