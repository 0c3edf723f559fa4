import { ManualExecutionCancelledError } from 'n8n-workflow';

import type { Clock } from './n8nContext';

/**
 * A virtual clock for many executions at once, run against the real (in-process) simulator: time
 * stands still while anything is at work, and moves to the next wake-up only when every request is
 * answered and everything left is asleep. The simulator reads the same time (`now`), so a whole
 * rate-limited burst of minutes runs in moments, its virtual duration is exact, and nothing
 * depends on how fast or loaded the machine is.
 *
 * Requests are counted through `track()` (the harness wraps n8n's HTTP helper with it); a wake-up
 * is considered only once the event loop has settled (a `setImmediate` after the last activity),
 * so that the code an answer or a wake-up resumes has asked for its next request or sleep first.
 */
export class EventClock implements Clock {
	time = Date.UTC(2026, 11, 1, 9, 0, 0);

	private readonly sleepers: Array<{ at: number; order: number; wake: () => void }> = [];

	private order = 0;

	private busy = 0;

	private scheduled = false;

	now(): number {
		return this.time;
	}

	/** Sleeps in virtual time; a cancelled execution stops at once, as with the real clock. */
	async sleep(ms: number, abortSignal?: AbortSignal): Promise<void> {
		if (abortSignal?.aborted) throw new ManualExecutionCancelledError('');
		await new Promise<void>((resolve, reject) => {
			const sleeper = { at: this.time + Math.max(0, ms), order: this.order++, wake: resolve };
			this.sleepers.push(sleeper);
			abortSignal?.addEventListener(
				'abort',
				() => {
					const index = this.sleepers.indexOf(sleeper);
					if (index >= 0) this.sleepers.splice(index, 1);
					reject(new ManualExecutionCancelledError(''));
					this.settle();
				},
				{ once: true },
			);
			this.settle();
		});
	}

	/** Counts a request while it is out: time does not move meanwhile. */
	async track<T>(request: Promise<T>): Promise<T> {
		this.busy++;
		try {
			return await request;
		} finally {
			this.busy--;
			this.settle();
		}
	}

	private settle() {
		if (this.scheduled) return;
		this.scheduled = true;
		// Two turns of the event loop: what an answer or a wake-up resumes runs first.
		setImmediate(() =>
			setImmediate(() => {
				this.scheduled = false;
				this.advance();
			}),
		);
	}

	private advance() {
		if (this.busy > 0 || this.sleepers.length === 0) return;
		this.sleepers.sort((a, b) => a.at - b.at || a.order - b.order);
		const next = this.sleepers.shift()!;
		this.time = Math.max(this.time, next.at);
		next.wake();
		this.settle();
	}
}
