import { useClock, type Clock } from './n8nContext';

/**
 * A virtual clock for the nodes: sleeps return at once and advance virtual time, and are recorded,
 * so tests assert every wait (rate limit, backoff) without waiting. `install()` makes the harness
 * build its nodes with it; each clock gets rate limiters of its own (the client's limiters are
 * kept per clock), so every test starts from a clean slate.
 */
export class VirtualClock implements Clock {
	time = Date.UTC(2026, 10, 21, 12, 0, 0);

	readonly sleeps: number[] = [];

	now(): number {
		return this.time;
	}

	async sleep(ms: number): Promise<void> {
		this.sleeps.push(ms);
		this.time += ms;
	}

	install() {
		useClock(this);
		return this;
	}

	uninstall() {
		useClock(undefined);
	}

	advance(ms: number) {
		this.time += ms;
	}

	get slept(): number {
		return this.sleeps.reduce((sum, ms) => sum + ms, 0);
	}
}
