/**
 * Time as the transport sees it: the clock it paces requests and waits with (tests give a virtual
 * one), waits that stop when n8n cancels the execution, and what the waits cost one execution.
 */
import { ManualExecutionCancelledError, sleep } from 'n8n-workflow';

/** What the transport paces requests and waits with. */
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

/** What the rate limit cost one execution: the time its requests stood waiting, and the 429s. */
export interface RateLimitWaits {
	/** Time during which at least one request of the execution waited for its turn (overlaps counted once), ms. */
	waitedMs: number;
	/** Responses 429 (too many requests) the execution drew, each waited out. */
	refused: number;
	/** The credential's Requests per Minute (undefined before the first request). */
	requestsPerMinute?: number;
}

/**
 * Adds up the waits of one execution's requests for the account's rate limiter (its pacing and the
 * waits after a 429): the time during which any of them waited, so that requests waiting side by
 * side count once.
 */
export class WaitLog {
	private waiting = 0;

	private since = 0;

	readonly waits: RateLimitWaits = { waitedMs: 0, refused: 0 };

	constructor(private readonly clock: Clock) {}

	/** Times a wait for the limiter. */
	async time<T>(wait: Promise<T>): Promise<T> {
		if (this.waiting++ === 0) this.since = this.clock.now();
		try {
			return await wait;
		} finally {
			if (--this.waiting === 0) this.waits.waitedMs += this.clock.now() - this.since;
		}
	}

	refusedOnce() {
		this.waits.refused++;
	}
}

/** The shortest wait worth telling: shorter ones are the pacing's jitter. */
export const TOLD_WAIT_MS = 1000;

const duration = (ms: number) => {
	const seconds = Math.round(ms / 1000);
	if (seconds < 120) return `${seconds} s`;
	const minutes = Math.floor(seconds / 60);
	const rest = seconds % 60;
	return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
};

/**
 * What the node tells the user after a run that waited for the rate limit (an execution hint), or
 * undefined when it did not wait.
 */
export function rateLimitWaitMessage(waits: RateLimitWaits): string | undefined {
	if (waits.waitedMs < TOLD_WAIT_MS) return undefined;
	const rate = waits.requestsPerMinute ?? 10;
	const refused =
		waits.refused > 0
			? ` MetaAccess refused ${waits.refused === 1 ? 'one request' : `${waits.refused} requests`} as too many (HTTP 429): other workflows, n8n instances or clients are using the same account.`
			: '';
	return `This run waited ${duration(waits.waitedMs)} for MetaAccess's rate limit. MetaAccess allows 10 requests a minute per account, and the node sends at most ${rate} a minute (Requests per Minute in the credential), shared by every workflow that uses this account in this n8n.${refused}`;
}
