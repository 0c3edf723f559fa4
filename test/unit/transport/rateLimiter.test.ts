/**
 * The rate limiter on its own, in virtual time: requests are granted in the order they asked, one
 * out at a time, in-flight requests count, headers narrow the budget but an older answer never
 * overwrites a newer one, no header can park the account or make a wait loop spin, and a 429 is
 * waited out to the reset it names (or, without headers, to the window's end as this process saw
 * it).
 */
import { ManualExecutionCancelledError } from 'n8n-workflow';

import { parseRateLimitHeaders } from '../../../nodes/OpswatMetaAccess/transport/account';
import { RateLimiter } from '../../../nodes/OpswatMetaAccess/transport/rateLimiter';
import { EventClock } from '../../harness/eventClock';

const WINDOW_MS = 60_000;

/** Headers as MetaAccess sends them: remaining, and seconds to the reset. */
const told = (remaining: number, resetSeconds: number | string) => ({
	'x-ratelimit-limit': '10',
	'x-ratelimit-remaining': String(remaining),
	'x-ratelimit-reset-time': String(resetSeconds),
});

test('50 requests asking at once are granted in the order they asked, 10 a window; once every place is taken, without headers the last of each window goes in its last quarter', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const start = clock.now();
	const granted: Array<{ who: number; at: number }> = [];
	await Promise.all(
		Array.from({ length: 50 }, async (_, who) => {
			const grant = await limiter.acquire();
			granted.push({ who, at: clock.now() - start });
			grant.answered(200);
		}),
	);
	expect(granted.map(({ who }) => who)).toEqual([...Array(50).keys()]);
	expect(granted.map(({ at }) => at)).toEqual(
		Array.from({ length: 50 }, (_, i) => {
			const window = Math.floor(i / 10);
			return window * WINDOW_MS + (window > 0 && i % 10 === 9 ? 45_000 : 0);
		}),
	);
});

test('a request that asks while others wait goes behind them, even when a place is free for it', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const order: string[] = [];
	const first = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire()));
	const waiting = [limiter.acquire().then(() => order.push('early'))];
	first.forEach((grant) => grant.answered(200));
	waiting.push(limiter.acquire().then(() => order.push('late')));
	await Promise.all(waiting);
	expect(order).toEqual(['early', 'late']);
});

test('one request is out at a time: the next goes at its answer, or after an even share of the window without one', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const start = clock.now();
	const first = await limiter.acquire();
	expect(limiter.delayBeforeNext()).toBe(WINDOW_MS / 10);
	const second = limiter.acquire().then(() => clock.now() - start);
	await clock.sleep(1_500);
	first.answered(200);
	expect(await second).toBe(1_500);
	// No answer at all: the next goes 6 s (60 s / 10) after the one still out.
	const third = limiter.acquire().then(() => clock.now() - start);
	expect(await third).toBe(1_500 + WINDOW_MS / 10);
});

test('requests in flight count: with 10 out and none answered, the eleventh waits a window from now', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const start = clock.now();
	const inFlight: Array<{ answered(status?: number): void }> = [];
	for (let i = 0; i < 10; i++) inFlight.push(await limiter.acquire());
	// Granted 6 s apart (none answered): the tenth at 54 s.
	expect(clock.now() - start).toBe(54_000);
	await clock.sleep(6_000);
	expect(limiter.delayBeforeNext()).toBe(WINDOW_MS);
	const eleventh = limiter.acquire().then(() => clock.now() - start);
	inFlight.forEach((grant) => grant.answered(200));
	expect(await eleventh).toBe(60_000 + WINDOW_MS);
});

test('a waiter that is cancelled stops at once and holds up nobody behind it', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(1, clock);
	(await limiter.acquire()).answered(200);
	const controller = new AbortController();
	const cancelled = limiter.acquire(controller.signal);
	const behind = limiter.acquire();
	controller.abort();
	await expect(cancelled).rejects.toBeInstanceOf(ManualExecutionCancelledError);
	await expect(behind).resolves.toBeDefined();
});

test('headers: the newest answer wins; requests granted after it count against what it said', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const a = await limiter.acquire();
	const b = await limiter.acquire();
	const c = await limiter.acquire();
	// b's answer (sent after a) says 1 left; c is in flight, granted after b: nothing left.
	b.answered(200, told(1, 30));
	a.answered(200, told(5, 30)); // older: does not overwrite
	expect(limiter.delayBeforeNext()).toBe(30_000);
	c.answered(200, told(0, 30));
	expect(limiter.delayBeforeNext()).toBe(30_000);
});

test.each([
	['an hour', 3600],
	['a Unix time in 2286', 10_000_000_000],
])('a reset time of %s never parks the account longer than a window', async (_label, reset) => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	(await limiter.acquire()).answered(200, told(0, reset));
	expect(limiter.delayBeforeNext()).toBe(WINDOW_MS);
	const sleeps: number[] = [];
	const sleep = clock.sleep.bind(clock);
	clock.sleep = async (ms: number) => {
		sleeps.push(ms);
		await sleep(ms);
	};
	await limiter.acquire();
	expect(sleeps).toEqual([WINDOW_MS]);
});

test.each([
	['negative', '-5'],
	['unreadable', 'soon'],
	['empty', ''],
])('a %s reset time is no reset time', (_label, reset) => {
	expect(parseRateLimitHeaders(told(0, reset), 1_000).resetAt).toBeUndefined();
});

test('after a 429 nothing goes before the reset MetaAccess named (capped by Max Wait), with no jitter', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const grant = await limiter.acquire();
	grant.answered(429, told(0, 20));
	expect(limiter.refused(told(0, 20), 120_000, clock.now())).toEqual({
		retry: true,
		askedMs: 20_000,
	});
	expect(limiter.delayBeforeNext()).toBe(20_000);
	(await limiter.acquire()).answered(429, told(0, 300));
	expect(limiter.refused(told(0, 300), 120_000, clock.now())).toEqual({
		retry: true,
		askedMs: 300_000,
	});
	expect(limiter.delayBeforeNext()).toBe(120_000);
});

test("without headers, after a 429 the next goes a window after this process's first place in that window", async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const start = clock.now();
	(await limiter.acquire()).answered(200);
	await clock.sleep(20_000);
	(await limiter.acquire()).answered(200);
	await clock.sleep(5_000);
	(await limiter.acquire()).answered(429);
	expect(limiter.refused(undefined, 120_000, clock.now())).toEqual({
		retry: true,
		askedMs: WINDOW_MS,
	});
	const next = limiter.acquire().then(() => clock.now() - start);
	expect(await next).toBe(WINDOW_MS);
});

test('a 429 after no success for Max Wait on Rate Limit: give up', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const firstRefused = clock.now();
	(await limiter.acquire()).answered(429);
	expect(limiter.refused(undefined, 60_000, firstRefused).retry).toBe(true);
	(await limiter.acquire()).answered(429);
	expect(clock.now() - firstRefused).toBe(WINDOW_MS);
	expect(limiter.refused(undefined, 60_000, firstRefused)).toEqual({
		retry: false,
		askedMs: WINDOW_MS,
	});
});

test('a request that waited its turn longer than Max Wait is still retried after its first 429: the wait for a turn is not a wait on the account', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	// Two windows in this process's queue without a success (other executions' requests went first).
	await clock.sleep(2 * WINDOW_MS);
	(await limiter.acquire()).answered(429);
	const firstRefused = clock.now();
	expect(limiter.refused(undefined, 60_000, firstRefused)).toEqual({
		retry: true,
		askedMs: WINDOW_MS,
	});
	(await limiter.acquire()).answered(429);
	expect(clock.now() - firstRefused).toBe(WINDOW_MS);
	// Max Wait since the first 429 and no success since: give up.
	expect(limiter.refused(undefined, 60_000, firstRefused)).toEqual({
		retry: false,
		askedMs: WINDOW_MS,
	});
});
