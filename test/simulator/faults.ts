export const FAULT_KINDS = ['500', '503', '429', 'hang', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
	kind: FaultKind;
	/** How many requests it answers (default 1). */
	count?: number;
	/** Only requests with this HTTP method. */
	method?: string;
	/** Only requests whose path starts with this. */
	path?: string;
	/** 429 only: the X-RateLimit-Reset-Time to send, in milliseconds. */
	resetMs?: number;
}

export interface Fault {
	id: number;
	kind: FaultKind;
	remaining: number;
	method: string | null;
	path: string | null;
	resetMs: number | null;
}

/** Faults waiting for the API requests they will answer, first injected first used. */
export class FaultQueue {
	private faults: Fault[] = [];

	private lastId = 0;

	add(spec: FaultSpec): Fault {
		this.lastId += 1;
		const fault: Fault = {
			id: this.lastId,
			kind: spec.kind,
			remaining: spec.count ?? 1,
			method: spec.method?.toUpperCase() ?? null,
			path: spec.path ?? null,
			resetMs: spec.resetMs ?? null,
		};
		this.faults.push(fault);
		return fault;
	}

	list(): Fault[] {
		return this.faults.map((fault) => ({ ...fault }));
	}

	/** Removes every fault; answers how many there were. */
	clear(): number {
		const count = this.faults.length;
		this.faults = [];
		return count;
	}

	/** The fault that answers this request, if any (used up after its count). */
	take(method: string, path: string): Fault | undefined {
		const index = this.faults.findIndex(
			(fault) =>
				(fault.method === null || fault.method === method) &&
				(fault.path === null || path.startsWith(fault.path)),
		);
		if (index < 0) return undefined;
		const fault = this.faults[index];
		fault.remaining -= 1;
		if (fault.remaining === 0) this.faults.splice(index, 1);
		return { ...fault };
	}
}
