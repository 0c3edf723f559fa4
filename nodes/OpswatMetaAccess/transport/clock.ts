import { ManualExecutionCancelledError, sleep } from 'n8n-workflow';

/** Time as the client sees it: what it paces requests and waits with. Tests give a virtual one. */
export interface Clock {
	now(): number;
	/** Waits `ms`; rejects with n8n's cancellation error as soon as the signal aborts. */
	sleep(ms: number, abortSignal?: AbortSignal): Promise<void>;
	/** A number in [0, 1) for spreading waits apart (none: no spreading, as in tests). */
	jitter?(): number;
}

/** The longest single timer a wait leaves behind once the execution is cancelled. */
const SLICE_MS = 1000;

function cancelledError(): ManualExecutionCancelledError {
	return new ManualExecutionCancelledError('');
}

/**
 * Resolves as the promise does, or rejects with n8n's ManualExecutionCancelledError as soon as
 * the signal aborts (at once if it already has).
 */
export async function unlessCancelled<T>(
	promise: Promise<T>,
	abortSignal?: AbortSignal,
): Promise<T> {
	if (!abortSignal) return await promise;
	if (abortSignal.aborted) throw cancelledError();
	let onAbort = () => {};
	const cancelled = new Promise<never>((_resolve, reject) => {
		onAbort = () => reject(cancelledError());
	});
	abortSignal.addEventListener('abort', onAbort, { once: true });
	try {
		return await Promise.race([promise, cancelled]);
	} finally {
		abortSignal.removeEventListener('abort', onAbort);
	}
}

/**
 * Waits `ms` milliseconds, and stops at once (rejecting with n8n's ManualExecutionCancelledError)
 * when n8n cancels the execution. Built on `sleep`, which every supported n8n-workflow exports
 * (`sleepWithAbort` is gone since n8n-workflow 2.34, and `sleep` takes no abort signal before
 * 2.34): the wait is cut into slices of at most one second, each raced against the signal, so a
 * cancelled wait leaves no long timer behind.
 */
export async function waitUnlessCancelled(ms: number, abortSignal?: AbortSignal): Promise<void> {
	if (!abortSignal) {
		if (ms > 0) await sleep(ms);
		return;
	}
	if (abortSignal.aborted) throw cancelledError();
	for (let left = ms; left > 0; left -= SLICE_MS) {
		await unlessCancelled(sleep(Math.min(left, SLICE_MS)), abortSignal);
	}
}

/** Real time: Date.now and n8n-workflow's sleep, with random jitter. */
export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: waitUnlessCancelled,
	jitter: () => Math.random(),
};
