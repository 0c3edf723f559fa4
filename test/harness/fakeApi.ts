import nock from 'nock';

/** What the fake API reads the time from (a VirtualClock or an EventClock). */
interface TimeSource {
	time: number;
}

export interface FakeRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	body: unknown;
	/** The Authorization header, when the request had one. */
	authorization?: string;
	/** Virtual time the request arrived. */
	at: number;
	status: number;
}

export interface FakeAnswer {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

export interface FakeApiOptions {
	base?: string;
	/** Requests allowed per window (fixed window from the first request); undefined: no limit. */
	limit?: number;
	windowMs?: number;
	/** Whether answers carry X-RateLimit-* headers. */
	rateLimitHeaders?: boolean;
}

/**
 * A MetaAccess stand-in on nock for transport tests: records every request with its virtual
 * arrival time, enforces a fixed-window rate limit on the virtual clock (429s do not consume
 * quota), and answers through a handler the test sets (default: 200 and an empty list).
 */
export class FakeApi {
	readonly requests: FakeRequest[] = [];

	handler: (request: FakeRequest) => FakeAnswer = () => ({ status: 200, body: [] });

	private windowStart: number | undefined;

	private used = 0;

	constructor(
		private readonly clock: TimeSource,
		private readonly options: FakeApiOptions = {},
	) {
		const answer = this.answer.bind(this);
		for (const method of ['GET', 'POST'] as const) {
			nock(options.base ?? 'https://gears.opswat.com')
				.persist()
				.intercept(/.*/, method)
				.query(true)
				.reply(function (uri, body) {
					const header = this.req.headers.authorization;
					return answer(method, uri, body, Array.isArray(header) ? header[0] : header);
				});
		}
	}

	get count429(): number {
		return this.requests.filter((request) => request.status === 429).length;
	}

	private rateLimitHeaders(): Record<string, string> {
		const { limit, windowMs = 60_000 } = this.options;
		if (!this.options.rateLimitHeaders || limit === undefined || this.windowStart === undefined)
			return {};
		const resetMs = Math.max(0, this.windowStart + windowMs - this.clock.time);
		return {
			'X-RateLimit-Limit': String(limit),
			'X-RateLimit-Remaining': String(Math.max(0, limit - this.used)),
			'X-RateLimit-Reset-Time': (Math.ceil(resetMs) / 1000).toFixed(3),
		};
	}

	private answer(
		method: string,
		uri: string,
		rawBody: unknown,
		authorization?: string,
	): [number, unknown, Record<string, string>] {
		const url = new URL(uri, 'https://host');
		const request: FakeRequest = {
			method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			body:
				typeof rawBody === 'string' && rawBody !== '' ? safeJson(rawBody) : rawBody || undefined,
			...(authorization === undefined ? {} : { authorization }),
			at: this.clock.time,
			status: 0,
		};
		this.requests.push(request);
		const { limit, windowMs = 60_000 } = this.options;
		if (limit !== undefined) {
			if (this.windowStart === undefined || this.clock.time >= this.windowStart + windowMs) {
				this.windowStart = this.clock.time;
				this.used = 0;
			}
			if (this.used >= limit) {
				request.status = 429;
				return [429, '', this.rateLimitHeaders()];
			}
			this.used++;
		}
		const answer = this.handler(request);
		request.status = answer.status;
		return [
			answer.status,
			answer.body ?? '',
			{ ...this.rateLimitHeaders(), ...(answer.headers ?? {}) },
		];
	}
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
