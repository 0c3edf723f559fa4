import type { FaultKind } from './faults';

export interface LoggedRequest {
	seq: number;
	time: string;
	method: string;
	path: string;
	/** The query, with the access token replaced by its label and any client secret by "***". */
	query: Record<string, string>;
	/** The Authorization header when there was one: `Bearer <token label>` (another scheme: `<scheme> ***`). */
	authorization?: string;
	/** The parsed body (the raw text when it could not be parsed; null when empty), client secret hidden. */
	body: unknown;
	/** The status answered; null when the request was left hanging. */
	status: number | null;
	fault?: FaultKind;
}

export interface RequestSummary {
	total: number;
	byStatus: Record<string, number>;
	rateLimited: number;
	hung: number;
}

/** Every API request (not control API requests) in the order it arrived. */
export class RequestLog {
	private entries: LoggedRequest[] = [];

	private lastSeq = 0;

	record(entry: Omit<LoggedRequest, 'seq'>): void {
		this.lastSeq += 1;
		this.entries.push({ seq: this.lastSeq, ...entry });
	}

	read(): { requests: LoggedRequest[]; summary: RequestSummary } {
		const byStatus: Record<string, number> = {};
		let hung = 0;
		for (const { status } of this.entries) {
			if (status === null) hung += 1;
			else byStatus[status] = (byStatus[status] ?? 0) + 1;
		}
		const summary = { total: this.entries.length, byStatus, rateLimited: byStatus[429] ?? 0, hung };
		return { requests: [...this.entries], summary };
	}

	/** Forgets the entries (sequence numbers keep counting); answers how many there were. */
	clear(): number {
		const count = this.entries.length;
		this.entries = [];
		return count;
	}
}
