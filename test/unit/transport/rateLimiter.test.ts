/**
 * The rate limiter on its own, in virtual time: requests are granted in the order they asked,
 * in-flight requests count, headers narrow the budget but an older answer never overwrites a newer
 * one, and no header can park the account or make a wait loop spin.
 */
import { ManualExecutionCancelledError } from 'n8n-workflow';

import {
	parseRateLimitHeaders,
	RateLimiter,
} from '../../../nodes/OpswatMetaAccess/transport/rateLimiter';
import { EventClock } from '../../harness/eventClock';

const WINDOW_MS = 60_000;

/** Headers as MetaAccess sends them: remaining, and seconds to the reset. */
const told = (remaining: number, resetSeconds: number | string) => ({
	'x-ratelimit-limit': '10',
	'x-ratelimit-remaining': String(remaining),
	'x-ratelimit-reset-time': String(resetSeconds),
});

test('50 requests asking at once are granted in the order they asked, 10 a window', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const start = clock.now();
	const granted: Array<{ who: number; at: number }> = [];
	await Promise.all(
		Array.from({ length: 50 }, async (_, who) => {
			const grant = await limiter.acquire();
			granted.push({ who, at: clock.now() - start });
			grant.answered();
		}),
	);
	expect(granted.map(({ who }) => who)).toEqual([...Array(50).keys()]);
	expect(granted.map(({ at }) => at)).toEqual(
		Array.from({ length: 50 }, (_, i) => Math.floor(i / 10) * WINDOW_MS),
	);
});

test('a request that asks while others wait goes behind them, even when a place is free for it', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const order: string[] = [];
	const first = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire()));
	const waiting = [limiter.acquire().then(() => order.push('early'))];
	first.forEach((grant) => grant.answered());
	waiting.push(limiter.acquire().then(() => order.push('late')));
	await Promise.all(waiting);
	expect(order).toEqual(['early', 'late']);
});

test('requests in flight count: the eleventh waits a window even before any answer arrived', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const start = clock.now();
	const inFlight = await Promise.all(Array.from({ length: 10 }, () => limiter.acquire()));
	expect(limiter.delayBeforeNext()).toBe(WINDOW_MS);
	const eleventh = limiter.acquire().then(() => clock.now() - start);
	inFlight.forEach((grant) => grant.answered());
	expect(await eleventh).toBe(WINDOW_MS);
});

test('a waiter that is cancelled stops at once and holds up nobody behind it', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(1, clock);
	(await limiter.acquire()).answered();
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
	const [a, b, c] = await Promise.all([limiter.acquire(), limiter.acquire(), limiter.acquire()]);
	// b's answer (sent after a) says 1 left; c is in flight, granted after b: nothing left.
	b.answered(told(1, 30));
	a.answered(told(5, 30)); // older: does not overwrite
	expect(limiter.delayBeforeNext()).toBe(30_000);
	c.answered(told(0, 30));
	expect(limiter.delayBeforeNext()).toBe(30_000);
});

test.each([
	['an hour', 3600],
	['a Unix time in 2286', 10_000_000_000],
])('a reset time of %s never parks the account longer than a window', async (_label, reset) => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	(await limiter.acquire()).answered(told(0, reset));
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

test('after a 429 nothing goes before the wait, plus at most 50 ms of jitter', () => {
	const clock = Object.assign(new EventClock(), { jitter: () => 0.5 });
	const limiter = new RateLimiter(10, clock);
	limiter.recordRateLimited(20_000);
	expect(limiter.delayBeforeNext()).toBe(20_025);
});

test('after a 429 the process takes half its places in a window, then a fifth of its burst back after a clean window, and doubling after the next', async () => {
	const clock = new EventClock();
	const limiter = new RateLimiter(10, clock);
	const start = clock.now();
	limiter.recordRateLimited(0);
	limiter.recordRateLimited(0); // the same window: halved once only
	const at: number[] = [];
	await Promise.all(
		Array.from({ length: 5 + 7 + 10 }, async () => {
			const grant = await limiter.acquire();
			at.push((clock.now() - start) / WINDOW_MS);
			grant.answered();
		}),
	);
	expect(at).toEqual([...Array(5).fill(0), ...Array(7).fill(1), ...Array(10).fill(2)]);
});
