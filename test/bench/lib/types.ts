/** What the benchmark measures, workload by workload, and what it concludes. */

export type Group = 'a' | 'b' | 'c' | 'd' | 'e' | 'f';

/** How the workload was done: the package (two settings), or the HTTP Request node three ways. */
export type WayKey = 'package' | 'packageDefault' | 'httpRetry' | 'httpContinue' | 'httpPaced';

export const PACKAGE_WAYS: readonly WayKey[] = ['package', 'packageDefault'];

/** A workload and the way it is done: what a case to run and the row it gives share. */
export interface WorkloadWay {
	group: Group;
	/** e.g. "(a) Perform Action, 100 items". */
	workload: string;
	/** Label on the chart, e.g. "PA 100". */
	short: string;
	way: WayKey;
	wayLabel: string;
	/** Devices (items) the workload is about. */
	devices: number;
}

export interface Row extends WorkloadWay {
	/** API requests the simulator received (429s included). */
	requests: number;
	rateLimited: number;
	/** Devices whose result did not reach the workflow: error items, or all of a node that failed. */
	failedItems: number;
	/** Wall time: the n8n execution's own duration (stoppedAt − startedAt); for the trigger, one scan cycle. */
	wallMs: number;
	/** The node's own executionTime in the run data (n8n rows). */
	nodeMs?: number;
	floorRequests: number;
	floorMs: number;
	/** How the time floor was made up, e.g. "n8n 74 ms (…) + 10 × 2 s + 100 × 1.2 ms". */
	floorDetail: string;
	/** n8n's part of the time floor (workloads run in n8n): its own HTTP Request node sending the floor requests of the first window. */
	floorN8nMs?: number;
	/** The earlier, stricter floor (n8n's part sending only the first request), where they differ: shown beside, not a target. */
	strictFloorMs?: number;
	strictFloorDetail?: string;
	/** Polls per scan cycle (trigger rows). */
	polls?: number;
	/** Execution status n8n reported (n8n rows). */
	status?: string;
	/** Correctness problems: for the package's rows, any makes the run fail. */
	problems: string[];
	notes: string[];
	/** Another client shared the token's quota during the run: not a floor workload (left out of the request and time targets). */
	shared?: boolean;
}

export interface MachineInfo {
	cpu: string;
	cores: number;
	ramGb: number;
	node: string;
	os: string;
	n8n: string;
	n8nCore: string;
	date: string;
}

export interface BenchSettings {
	limit: number;
	windowMs: number;
	requestsPerMinute: number;
	/** 60 s ÷ window: how much faster than real time the shortened window runs. */
	speedUp: number;
	retry: { maxTries: number; waitBetweenTriesMs: number; realWaitMs: number };
	pacedSpacingMs: number;
	pacedRealSpacingMs: number;
	httpRequestVersion: number;
	triggerChangeCycles: number;
	/** Executions shorter than 2 s are run this many times, and their median reported. */
	shortRunRepeats: number;
}

export interface Target {
	name: string;
	met: boolean;
	detail: string;
}
