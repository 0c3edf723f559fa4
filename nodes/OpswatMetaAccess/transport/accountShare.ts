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
}

/** Places the other processes took in the window (as far as this process has seen). */
export const othersIn = (view: WindowView) => Math.max(0, view.limit - view.remaining - view.mine);

export class AccountShare {
	/** Places this process takes in a window; undefined: it has seen nobody else, and takes all. */
	places: number | undefined;

	/** The current window, when answers carry X-RateLimit headers. */
	view: WindowView | undefined;

	/** The share was set from a first look at this window: each answer of it may lower it. */
	private firstLook = false;

	/** Places the others took in the previous window (as far as this process saw). */
	private othersBefore = 0;

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
		this.othersBefore = others;
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
		if (!view || Math.abs(resetAt - view.resetAt) >= this.windowMs() / 2) return false;
		if (now < resetAt - this.windowMs() / 2 || left <= 0) return false;
		const others = othersIn(view);
		if (others === 0) this.places = undefined;
		// The others may still take what they took in the previous window.
		const free = left - Math.max(0, this.othersBefore - others);
		return others === 0 || Math.floor((free * view.mine) / (view.mine + others)) >= 1;
	}

	/** A 429: this process keeps what it had in the window, at least one place. */
	refused(hadInWindow: number) {
		this.places = Math.max(1, Math.min(this.places ?? this.burst(), hadInWindow));
		this.firstLook = false;
	}

	/** No request for two windows: the others may be gone; start afresh. */
	idle(sinceMs: number) {
		if (sinceMs < 2 * this.windowMs()) return;
		this.places = undefined;
		this.view = undefined;
	}
}
