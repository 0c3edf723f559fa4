/**
 * The transport's real wait (rate-limit pacing, 429 waits, 5xx backoff) on n8n-workflow's `sleep`:
 * runs in both jest projects, so on n8n-workflow 2.8 (whose `sleep` takes no abort signal) and
 * 2.41 (which no longer has `sleepWithAbort`). Fake timers: nothing here depends on the machine's speed.
 */
import { ManualExecutionCancelledError } from 'n8n-workflow';

import { waitUnlessCancelled } from '../../../nodes/OpswatMetaAccess/transport/clock';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Resolves to 'done', the error, or 'pending' once every promise reaction that can run has run. */
async function stateOf(promise: Promise<void>): Promise<unknown> {
	let state: unknown = 'pending';
	promise.then(
		() => (state = 'done'),
		(error) => (state = error),
	);
	for (let i = 0; i < 10; i++) await Promise.resolve();
	return state;
}

test.each([
	['without a cancel signal', undefined],
	['with a cancel signal that never fires', new AbortController().signal],
])('waits the whole time, %s', async (_name, signal) => {
	const wait = waitUnlessCancelled(60_000, signal);
	await jest.advanceTimersByTimeAsync(59_999);
	expect(await stateOf(wait)).toBe('pending');
	await jest.advanceTimersByTimeAsync(1);
	expect(await stateOf(wait)).toBe('done');
});

test('a wait of 0 ms returns at once', async () => {
	expect(await stateOf(waitUnlessCancelled(0, new AbortController().signal))).toBe('done');
	expect(await stateOf(waitUnlessCancelled(0))).toBe('done');
});

test('stops as soon as n8n cancels the execution, with n8n’s cancellation error, and leaves no long timer', async () => {
	const controller = new AbortController();
	const wait = waitUnlessCancelled(60_000, controller.signal);
	await jest.advanceTimersByTimeAsync(20_500);
	expect(await stateOf(wait)).toBe('pending');
	controller.abort();
	const state = await stateOf(wait);
	expect(state).toBeInstanceOf(ManualExecutionCancelledError);
	// What is left is at most the current one-second slice, never the remaining 39.5 s.
	expect(jest.getTimerCount()).toBeLessThanOrEqual(1);
	await jest.advanceTimersByTimeAsync(1_000);
	expect(jest.getTimerCount()).toBe(0);
});

test('an execution cancelled before the wait does not wait at all', async () => {
	const controller = new AbortController();
	controller.abort();
	expect(await stateOf(waitUnlessCancelled(60_000, controller.signal))).toBeInstanceOf(
		ManualExecutionCancelledError,
	);
	expect(jest.getTimerCount()).toBe(0);
});

test('a finished wait leaves no listener on the signal', async () => {
	const controller = new AbortController();
	const added = jest.spyOn(controller.signal, 'addEventListener');
	const removed = jest.spyOn(controller.signal, 'removeEventListener');
	const wait = waitUnlessCancelled(2_500, controller.signal);
	await jest.advanceTimersByTimeAsync(2_500);
	expect(await stateOf(wait)).toBe('done');
	// One listener per one-second slice (3), each removed again.
	expect(added).toHaveBeenCalledTimes(3);
	expect(removed.mock.calls.map(([, listener]) => listener)).toEqual(
		added.mock.calls.map(([, listener]) => listener),
	);
});
