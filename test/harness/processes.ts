/**
 * Several n8n processes (queue-mode workers) on one account, in virtual time: each process has a
 * clock of its own (so it has rate limiters of its own, as a separate process has), all reading one
 * EventClock's time, with seeded random jitter; executions are handed to the process with the
 * fewest running, up to its concurrency, as n8n's queue hands jobs to idle workers.
 */
import type { EventClock } from './eventClock';
import { useClock, type Clock } from './n8nContext';

/** A small seeded random generator (mulberry32): the same seed gives the same jitter. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * One simulated n8n process: the shared time, its own limiters, seeded randomness, and a round
 * trip of its own for every answer (between `latencyMs[0]` and `latencyMs[1]`, seeded), so that processes' requests
 * interleave as they do over a network.
 */
export class ProcessClock implements Clock {
	private readonly random: () => number;

	constructor(
		private readonly base: EventClock,
		seed: number,
		private readonly latencyMs: [number, number] = [0, 0],
	) {
		this.random = seededRandom(seed);
	}

	now(): number {
		return this.base.now();
	}

	/** A seeded number in [0, 1): the process's random waits. */
	jitter(): number {
		return this.random();
	}

	async sleep(ms: number, abortSignal?: AbortSignal): Promise<void> {
		await this.base.sleep(ms, abortSignal);
	}

	async track<T>(request: Promise<T>): Promise<T> {
		const answer = await this.base.track(request);
		const [least, most] = this.latencyMs;
		if (most > 0) await this.base.sleep(least + this.random() * (most - least));
		return answer;
	}
}

/**
 * Runs `jobs` (each given the process it runs in) on `processes` processes of `concurrency`
 * executions each; resolves to each job's outcome, in job order, and the process each ran in.
 */
export async function runOnProcesses<T>(
	processes: ProcessClock[],
	concurrency: number,
	jobs: Array<() => Promise<T>>,
): Promise<Array<{ process: number; outcome: PromiseSettledResult<T> }>> {
	const running = processes.map(() => 0);
	const results: Array<{ process: number; outcome: PromiseSettledResult<T> }> = [];
	let next = 0;
	let wake: () => void = () => {};
	const pending = new Set<Promise<void>>();
	while (next < jobs.length || pending.size > 0) {
		const free = running.indexOf(Math.min(...running));
		if (next < jobs.length && running[free] < concurrency) {
			const index = next++;
			running[free]++;
			// The node is built with the clock current when it starts: this process's.
			useClock(processes[free]);
			const started = jobs[index]();
			useClock(undefined);
			const done = started
				.then(
					(value) => ({ status: 'fulfilled', value }) as const,
					(reason: unknown) => ({ status: 'rejected', reason }) as const,
				)
				.then((outcome) => {
					results[index] = { process: free, outcome };
					running[free]--;
					pending.delete(done);
					wake();
				});
			pending.add(done);
			continue;
		}
		await new Promise<void>((resolve) => (wake = resolve));
	}
	return results;
}
