import { AccountShare, LATE, parseRateLimitHeaders, perAccount } from './account';
import { unlessCancelled, type Clock } from './clock';

/**
 * Client-side pacing for an API that allows a few requests a minute (MetaAccess: 10), shared by
 * every execution and poll of this n8n process that uses one account (`sharedAccount`).
 *
 * - Requests are granted one at a time, in the order they asked (FIFO: no execution starves); a
 *   granted request counts at once, while it is in flight. One request is out at a time: its
 *   answer (a 429, X-RateLimit-Remaining) decides whether the next may go (one slower than
 *   window ÷ burst no longer holds the next back).
 * - Without rate-limit headers, at most `burst` requests in any sliding window of `windowMs`
 *   (burst = min(10, requests per minute), window = 60 s × burst / requests per minute), each
 *   counted until a window after its answer. A 429 uses no place.
 * - X-RateLimit-Remaining and X-RateLimit-Reset-Time narrow that further: the latest-sent answer
 *   with headers says how many may still go before the reset, less those granted after it. A
 *   reset is believed up to one documented window (60 s) ahead; a negative or unreadable one not.
 * - Other processes on the account (queue-mode workers) are shared with as `AccountShare` says.
 * - After a 429, nothing goes before the reset named (at most Max Wait on Rate Limit); without
 *   headers, the end of this process's window, or a window and up to a quarter more at random.
 */

const DOCUMENTED_BURST = 10;
const SPREAD = 8;
/** MetaAccess's documented window: no reset time further ahead than this is believed. */
export const DOCUMENTED_WINDOW_MS = 60_000;

/** A granted request: report its answer (or failure) exactly once. */
export interface Grant {
	/** The answer arrived (any status; none: a network failure): its headers inform the limiter. */
	answered(status?: number, headers?: Record<string, unknown>): void;
}

export class RateLimiter {
	/** Answer times of the latest accepted (not 429) requests, oldest first (at most `burst` kept). */
	private accepted: number[] = [];
	private inFlight = 0; // granted, not answered yet
	/** Requests granted so far (each grant's number is its order). */
	private granted = 0;
	private lastGrantAt = -Infinity;
	/** When a request last found every place of this process's window taken. */
	private fullAt = -Infinity;
	/** This process's own window: when its first request went, and how many went since. */
	private ownWindow = { from: -Infinity, granted: 0 };
	/** What the latest-sent request with rate-limit headers was told. */
	private told: { grant: number; remaining: number; resetAt: number } | undefined;
	/** The latest reset named that has passed: answers before it belonged to an earlier window. */
	private windowFrom = -Infinity;
	/** Nothing is granted before this time (after a 429). */
	private blockedUntil = 0;
	/** The last time a request of this account was answered with success. */
	private progressAt: number;
	/** This process's share of the account, among processes it cannot see. */
	readonly share: AccountShare;
	/** Settles when every request that asked before the newest one has been granted (or gave up). */
	private queue: Promise<void> = Promise.resolve();
	/** Settles at the next answer (a waiter for the request in flight wakes with it). */
	private nextAnswer!: Promise<void>;
	private answerArrived!: () => void;

	constructor(
		public requestsPerMinute: number,
		private readonly clock: Clock,
	) {
		this.progressAt = clock.now();
		this.share = new AccountShare(
			() => this.burst,
			() => this.windowMs,
		);
		this.expectAnswer();
	}

	private expectAnswer() {
		this.nextAnswer = new Promise((resolve) => (this.answerArrived = resolve));
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
		return this.nextWait().ms;
	}

	/** The wait before the next grant; `answer`: the answer of the request in flight may end it. */
	private nextWait(): { ms: number; answer?: boolean } {
		const now = this.clock.now();
		const windowMs = this.windowMs;
		if (this.inFlight === 0) this.share.idle(now - this.lastGrantAt);
		if (now < this.blockedUntil) return { ms: this.blockedUntil - now };
		if (this.told && now >= this.told.resetAt) {
			this.windowFrom = this.told.resetAt;
			this.told = undefined;
		}
		const told = this.told;
		const left = told ? told.remaining - (this.granted - told.grant) : Infinity;
		if (told && left <= 0) return { ms: told.resetAt - now };
		const holdUntil = this.lastGrantAt + windowMs / this.burst;
		if (this.inFlight > 0 && now < holdUntil) return { ms: holdUntil - now, answer: true };
		if (told && this.share.lateClaim(now, told.resetAt, left)) return { ms: 0 };
		const places = this.share.placesNow(now) ?? this.burst;
		// While sharing, the share is spread over the first half of the window: each process's last
		// answer in a window then sees what the others took.
		const spreadUntil = this.lastGrantAt + windowMs / (SPREAD * places);
		if (this.share.places !== undefined && this.share.view && now < spreadUntil)
			return { ms: spreadUntil - now };
		const recent = this.acceptedInWindow(now);
		// Without headers, a process that keeps every place taken leaves the last one of its window
		// free until the window's last quarter: a process that joins meanwhile finds it (and this one
		// learns of it from the 429).
		const saturating = now - this.fullAt <= 2 * windowMs;
		const reserved = this.ownWindow.from + windowMs - windowMs / LATE;
		if (!told && saturating && this.ownWindow.granted === places - 1 && now < reserved)
			return { ms: reserved - now };
		if (recent.length + this.inFlight < places) return { ms: 0 };
		this.fullAt = now;
		// Every place is taken. A request in flight frees its place a window after its answer, so
		// no earlier than a window from now; an answered one a window after its answer; all of them
		// at the reset named, and half the window in, places nobody took may be claimed.
		const frees = recent.length + this.inFlight - places;
		let at = frees < recent.length ? recent[frees] + windowMs : now + windowMs;
		if (told) {
			at = Math.min(at, told.resetAt);
			const late = told.resetAt - windowMs / LATE;
			if (late > now) at = Math.min(at, late);
		}
		return { ms: at - now };
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
			for (let wait = this.nextWait(); wait.ms > 0; wait = this.nextWait()) {
				const sleep = this.clock.sleep(wait.ms, abortSignal);
				await (wait.answer ? Promise.race([sleep, this.nextAnswer]) : sleep);
			}
			return this.grant();
		} finally {
			done();
		}
	}

	private grant(): Grant {
		const number = ++this.granted;
		this.inFlight++;
		this.lastGrantAt = this.clock.now();
		if (this.lastGrantAt >= this.ownWindow.from + this.windowMs)
			this.ownWindow = { from: this.lastGrantAt, granted: 0 };
		this.ownWindow.granted++;
		let open = true;
		return {
			answered: (status, headers) => {
				if (!open) return;
				open = false;
				this.inFlight--;
				const now = this.clock.now();
				if (status !== 429) {
					this.accepted.push(now);
					if (this.accepted.length > this.burst)
						this.accepted.splice(0, this.accepted.length - this.burst);
				}
				const seen = parseRateLimitHeaders(headers, now);
				if (seen.remaining !== undefined && seen.resetAt !== undefined) {
					// No header parks the account for longer than a window.
					const resetAt = Math.min(
						seen.resetAt,
						now + Math.max(DOCUMENTED_WINDOW_MS, this.windowMs),
					);
					if (!this.told || number >= this.told.grant)
						this.told = { grant: number, remaining: seen.remaining, resetAt };
					if (status !== 429)
						this.share.accepted(seen.remaining, resetAt, seen.limit ?? this.burst);
				} else if (status !== undefined && status >= 200 && status < 300) {
					// A success without them: the API does not send them (any more).
					this.share.view = undefined;
				}
				const arrived = this.answerArrived;
				this.expectAnswer();
				arrived();
			},
		};
	}

	/** Answer times of this process's accepted requests that still count at `now`. */
	private acceptedInWindow(now: number): number[] {
		return this.accepted.filter((time) => time > now - this.windowMs && time >= this.windowFrom);
	}

	/** A request of this account was answered with success: the account makes progress. */
	recordProgress() {
		this.progressAt = this.clock.now();
	}

	/**
	 * A 429: retry after the reset named (at most Max Wait on Rate Limit) unless no request of the
	 * account succeeded within Max Wait and the request was first refused (`refusedSince`: not
	 * when it joined the queue) Max Wait ago; `askedMs`: the wait asked.
	 */
	refused(
		headers: Record<string, unknown> | undefined,
		maxWaitMs: number,
		refusedSince: number,
	): { retry: boolean; askedMs: number } {
		const now = this.clock.now();
		const { resetAt } = parseRateLimitHeaders(headers, now);
		const askedMs = resetAt !== undefined ? resetAt - now : this.windowMs;
		if (now - Math.max(this.progressAt, refusedSince) >= maxWaitMs)
			return { retry: false, askedMs };
		const had = this.acceptedInWindow(now);
		this.share.refused(had.length, now);
		this.told = undefined;
		// Without headers, the next window begins a window after this process's first place in the
		// one that refused; with no place in it, a window plus up to a quarter of one at random.
		const jitter = (this.clock.jitter?.() ?? 0) * (this.windowMs / LATE);
		const unnamed = had.length > 0 ? had[0] + this.windowMs - now : this.windowMs + jitter;
		const waitMs = Math.min(resetAt === undefined ? unnamed : askedMs, maxWaitMs);
		this.blockedUntil = Math.max(this.blockedUntil, now + waitMs);
		if (resetAt !== undefined) this.windowFrom = Math.max(this.windowFrom, now + waitMs);
		return { retry: true, askedMs };
	}
}

/** This process's limiter for an account (`perAccount`), set to the credential's current rate. */
export function sharedAccount(clock: Clock, key: string, requestsPerMinute: number) {
	const limiter = perAccount(clock, key, () => new RateLimiter(requestsPerMinute, clock));
	limiter.requestsPerMinute = requestsPerMinute;
	return { limiter };
}
