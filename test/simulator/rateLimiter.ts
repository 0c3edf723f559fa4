export interface RateLimit {
	limit: number;
	windowMs: number;
	/** false: limit, but send no X-RateLimit headers (an API that does not tell); default true. */
	headers?: boolean;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 10, windowMs: 60_000 };

type RateLimitHeaders = Partial<
	Record<'X-RateLimit-Limit' | 'X-RateLimit-Remaining' | 'X-RateLimit-Reset-Time', string>
>;

interface Quota {
	allowed: boolean;
	headers: RateLimitHeaders;
}

interface Window {
	endsAt: number;
	used: number;
}

/** Seconds until the reset with millisecond precision, rounded up: 59874.2 ms → "59.875". */
function headersOf(limit: number, remaining: number, resetMs: number): RateLimitHeaders {
	return {
		'X-RateLimit-Limit': String(limit),
		'X-RateLimit-Remaining': String(remaining),
		'X-RateLimit-Reset-Time': (Math.ceil(resetMs) / 1000).toFixed(3),
	};
}

/**
 * At most `limit` requests per account (see TokenStore.account) in a fixed window, which opens at the first request
 * after the previous window ended. A refused request does not count.
 */
export class RateLimiter {
	private readonly windows = new Map<string, Window>();

	constructor(private rule: RateLimit | false) {}

	get current(): RateLimit | false {
		return this.rule;
	}

	/** Changes the rule; every window starts afresh. */
	setRule(rule: RateLimit | false): void {
		this.rule = rule;
		this.windows.clear();
	}

	clear(): void {
		this.windows.clear();
	}

	/** Counts a request of this account; undefined when rate limiting is off. */
	take(account: string, now: number): Quota | undefined {
		if (!this.rule) return undefined;
		let window = this.windows.get(account);
		if (!window || now >= window.endsAt) {
			window = { endsAt: now + this.rule.windowMs, used: 0 };
			this.windows.set(account, window);
		}
		const allowed = window.used < this.rule.limit;
		if (allowed) window.used += 1;
		return {
			allowed,
			headers:
				this.rule.headers === false
					? {}
					: headersOf(this.rule.limit, this.rule.limit - window.used, window.endsAt - now),
		};
	}

	/**
	 * The headers of a refusal, without counting anything (injected 429 faults): the account's open
	 * window, else a whole window; the documented rule when rate limiting is off.
	 */
	refusal(account: string, now: number, resetMs?: number): RateLimitHeaders {
		const rule = this.rule || DEFAULT_RATE_LIMIT;
		const window = this.windows.get(account);
		const openFor = window && now < window.endsAt ? window.endsAt - now : rule.windowMs;
		return rule.headers === false ? {} : headersOf(rule.limit, 0, resetMs ?? openFor);
	}
}
