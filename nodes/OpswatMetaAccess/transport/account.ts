/**
 * How one n8n process shares a MetaAccess account with processes it cannot see (queue-mode
 * workers, other n8n instances): from what the API's answers show, without talking to them.
 *
 * - Alone (no other process seen), it takes every place of a window.
 * - X-RateLimit-Remaining is the account's count, not this process's: an answer that says fewer
 *   places are left than this process took shows the others. Seen in a window while it takes
 *   every place, it keeps a proportional share of the window (its places ÷ all places taken so
 *   far, of the limit), lowered by each later answer of that window.
 * - At each new window, the share follows the last one: nobody else in it → alone again; places
 *   left unused → the share grows by its proportional part of them (less one place for each other
 *   process, whose last request may have gone after this process's last answer).
 * - Half a window in, places the others have not taken are free: this process may take its
 *   proportional part of them at once, or all of them when nobody else took any.
 * - A 429 (another process took a place this process counted on): the share becomes what this
 *   process had in that window, at least one place (it is never starved of every place).
 * - Without headers only a 429 shows the others.
 * - Two windows without a request: the others may be gone; the process starts afresh.
 */

export interface RateLimitHeaders {
	limit?: number;
	remaining?: number;
	/** Absolute time (ms) at which the window resets. */
	resetAt?: number;
}

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
	const limit = headerNumber(headers, 'x-ratelimit-limit');
	return {
		limit: limit !== undefined && limit >= 1 ? Math.floor(limit) : undefined,
		remaining: remaining !== undefined && remaining >= 0 ? Math.floor(remaining) : undefined,
		resetAt,
	};
}

/** The account's current window, as this process's accepted answers describe it. */
export interface WindowView {
	resetAt: number;
	/** This process's accepted requests in it. */
	mine: number;
	/** The fewest places left any of those answers named. */
	remaining: number;
	limit: number;
	/** Places nobody took that this process may still claim in it (set once, late in it). */
	claimable?: number;
}

/** Places the other processes took in the window (as far as this process has seen). */
export const othersIn = (view: WindowView) => Math.max(0, view.limit - view.remaining - view.mine);

/** Without headers, windows without a 429 before a place comes back. */
const REGAIN_AFTER = 4;

/** Places nobody took are claimed once this fraction of the window is left (others spread over the first half). */
export const LATE = 4;

export class AccountShare {
	/** Places this process takes in a window; undefined: it has seen nobody else, and takes all. */
	places: number | undefined;

	/** The current window, when answers carry X-RateLimit headers. */
	view: WindowView | undefined;

	/** The share was set from a first look at this window: each answer of it may lower it. */
	private firstLook = false;

	constructor(
		private readonly burst: () => number,
		private readonly windowMs: () => number,
	) {}

	/** An accepted answer whose headers name the places left and the reset. */
	accepted(remaining: number, resetAt: number, limit: number) {
		const view = this.view;
		if (view && Math.abs(resetAt - view.resetAt) < this.windowMs() / 2) {
			view.mine++;
			view.remaining = Math.min(view.remaining, remaining);
		} else {
			if (view) this.followWindow(view);
			this.view = { resetAt, mine: 1, remaining, limit };
		}
		this.lookAt(this.view!);
	}

	/** A new window: the share follows what the last one showed. */
	private followWindow(last: WindowView) {
		this.firstLook = false;
		const others = othersIn(last);
		if (others === 0) this.places = undefined;
		else if (this.places === undefined) this.places = Math.max(1, last.mine);
		else if (last.remaining === 0) this.places = Math.max(this.places, last.mine);
		else {
			const processes = Math.ceil((last.mine + others) / last.mine);
			const unused = last.remaining - (processes - 1);
			if (unused > 0)
				this.places = Math.min(
					this.burst(),
					this.places + Math.round((unused * last.mine) / (last.mine + others)),
				);
		}
	}

	/** Others seen in this window while taking every place: a proportional share of it. */
	private lookAt(view: WindowView) {
		const others = othersIn(view);
		if (others === 0 || (this.places !== undefined && !this.firstLook)) return;
		// As many processes as take places at this one's pace: itself and one for every `mine` others.
		const processes = 1 + Math.ceil(others / view.mine);
		const fair = Math.max(view.mine, Math.floor(view.limit / processes));
		this.places = Math.max(1, Math.min(this.places ?? fair, fair));
		this.firstLook = true;
	}

	/**
	 * Half the window gone (it started a window before `resetAt`): may this process take one of the
	 * `left` places beyond its share? All of them when nobody else took any (it is alone again).
	 */
	lateClaim(now: number, resetAt: number, left: number): boolean {
		const view = this.view;
		if (!view || Math.abs(resetAt - view.resetAt) >= this.windowMs() / 2 || left <= 0) return false;
		const others = othersIn(view);
		// Half the window gone and nobody else took a place: alone again.
		if (others === 0 && now >= resetAt - this.windowMs() / 2) this.places = undefined;
		if (now < resetAt - this.windowMs() / LATE) return false;
		// Once, late in the window: this process's proportional part of the places nobody took, less
		// one for each other process (its last request may have gone after this one's last answer).
		const processes = Math.ceil((view.mine + others) / view.mine);
		view.claimable ??= Math.floor(((left - (processes - 1)) * view.mine) / (view.mine + others));
		if (view.claimable < 1) return false;
		view.claimable--;
		return true;
	}

	/** When the latest 429 came (without headers, places come back from there). */
	private refusedAt = 0;

	/**
	 * The places this process takes now: its share, and without headers one more for every window
	 * since the fourth without a 429 (undefined: every place).
	 */
	placesNow(now: number): number | undefined {
		if (this.places === undefined || this.view) return this.places;
		const windows = Math.floor((now - this.refusedAt) / this.windowMs());
		const places = this.places + Math.max(0, windows - REGAIN_AFTER + 1);
		return places >= this.burst() ? undefined : places;
	}

	/**
	 * A 429 at `now`: this process keeps what it had in the window. Refused with one place or none,
	 * that says little about its share: it takes half as many places as before.
	 */
	refused(hadInWindow: number, now: number) {
		const places = this.placesNow(now) ?? this.burst();
		this.places = hadInWindow >= 2 ? Math.min(places, hadInWindow) : Math.ceil(places / 2);
		this.refusedAt = now;
		this.firstLook = false;
	}

	/** No request for two windows: the others may be gone; start afresh. */
	idle(sinceMs: number) {
		if (sinceMs < 2 * this.windowMs()) return;
		this.places = undefined;
		this.view = undefined;
	}
}

/**
 * What this process keeps per account, per clock (the system clock in n8n; a test's virtual clock
 * gives it accounts of its own) and per account key (base URL and credential identity).
 */
const registries = new WeakMap<object, Map<string, unknown>>();

/** This process's object for an account, made by `create` the first time. */
export function perAccount<T>(clock: object, key: string, create: () => T): T {
	let accounts = registries.get(clock);
	if (!accounts) registries.set(clock, (accounts = new Map()));
	if (!accounts.has(key)) accounts.set(key, create());
	return accounts.get(key) as T;
}
