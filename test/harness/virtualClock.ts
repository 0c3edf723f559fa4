import { transportClock, resetRateLimiters } from '../../nodes/OpswatMetaAccess/transport';

/**
 * Replaces the transport's clock with a virtual one: sleeps return at once and advance virtual
 * time, and are recorded, so tests assert every wait (rate limit, backoff) without waiting.
 */
export class VirtualClock {
	time = Date.UTC(2026, 10, 21, 12, 0, 0);

	readonly sleeps: number[] = [];

	private readonly original = { ...transportClock };

	install() {
		resetRateLimiters();
		transportClock.now = () => this.time;
		transportClock.sleep = async (ms: number) => {
			this.sleeps.push(ms);
			this.time += ms;
		};
		return this;
	}

	uninstall() {
		transportClock.now = this.original.now;
		transportClock.sleep = this.original.sleep;
		resetRateLimiters();
	}

	advance(ms: number) {
		this.time += ms;
	}

	get slept(): number {
		return this.sleeps.reduce((sum, ms) => sum + ms, 0);
	}
}
