/**
 * A case of the benchmark (a workload done one way) and what running it needs: the n8n process,
 * the simulator, the rate rule; the workload's floor; the seeded fleet; reading an execution.
 */
import { generateFleet } from '../../simulator';
import type { N8nHome, N8nServer, SimFixture } from '../../lab';
import type { RateRule } from './floor';
import type { Workflow } from './workflows';
import type { WorkloadWay } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any -- n8n's execution JSON is read as it comes. */

export interface Floor {
	requests: number;
	ms: number;
	detail: string;
	/** n8n's part (ms): the median execution of the workload's floor request by n8n's own HTTP Request node. */
	n8nMs?: number;
	/** The floor's other parts, in words (windows and further round trips). */
	rest?: string;
	/** How many of the floor's requests n8n's part sends. */
	n8nRequests?: number;
	/**
	 * Where n8n's part sends more than one request: the earlier, stricter floor, whose n8n part sends
	 * only the first (the others counted at ℓ, the plain client's round trip). Shown beside, not a target.
	 */
	strict?: { ms: number; detail: string };
}

export interface Case extends WorkloadWay {
	/** Workload key: the ways of one workload share its floor. */
	key: string;
	/** Fleet size the simulator is shaped to before the run. */
	fleet: number;
	workflow: Workflow;
	nodeName: string;
	/** What the workflow's items and the fleet afterwards must be. */
	check: Check;
	workflowId?: string;
	/** The workload's floor requests sent by n8n's own HTTP Request nodes (workflows.ts httpFloorRequest), imported: n8n's part of the time floor. */
	floorWorkflowId?: string;
	/** How many floor requests that workflow sends: those of the first window (1 for Perform Action and Delete). */
	floorN8nRequests?: number;
	/** Where that is more than one: the same workflow sending only the first (the stricter floor shown beside). */
	strictFloorWorkflowId?: string;
	timeoutMs?: number;
	/**
	 * Another client on the same token during the run (another workflow or tool on the account):
	 * one `GET /devices?limit=1` every `intervalMs`. The package's own requests are told apart by `limit=50`.
	 */
	competitor?: { intervalMs: number };
	/**
	 * Unforeseen 429s: after the run's `afterRequests`-th request, the simulator answers the next
	 * `count` Get Devices requests 429 (its fault injection: Reset-Time = the open window).
	 */
	inject429?: { afterRequests: number; count: number };
}

export type Check =
	| { kind: 'action'; hwids: string[]; expected: number[] }
	| { kind: 'getMany'; hwids: string[] }
	| { kind: 'delete'; hwids: string[] };

export interface RunContext {
	home: N8nHome;
	/** The one n8n process every execution of the benchmark runs in (warm, as n8n runs in production). */
	server: N8nServer;
	fixture: SimFixture;
	rule: RateRule;
	log: (line: string) => void;
}

/** The first `count` devices of the seeded fleet (what SimFixture.shape keeps). */
export function seededHwids(count: number): string[] {
	return generateFleet(1, count).map((device) => device.hwid);
}

/** Device Action v3.1 exempt: 1 for devices in license use, -1 (not applicable) for the others. */
export function expectedExemptResults(count: number): number[] {
	return generateFleet(1, count).map((device) =>
		['unknown', 'ignored', 'out_of_license'].includes(device.category) ? -1 : 1,
	);
}

/** Resets the simulator to the case's fleet under the benchmark's rate rule (fresh windows, empty log). */
export function shape(context: RunContext, fleet: number) {
	context.fixture.shape({
		devices: fleet,
		rateLimit: { limit: context.rule.limit, windowMs: context.rule.windowMs },
	});
}

export function runDataOf(result: any, nodeName: string): any | undefined {
	return result?.data?.resultData?.runData?.[nodeName]?.[0];
}

/** The execution's own duration (stoppedAt − startedAt), ms. */
export function durationOf(result: any): number {
	const started = Date.parse(result?.startedAt);
	const stopped = Date.parse(result?.stoppedAt);
	return Number.isFinite(started) && Number.isFinite(stopped) ? stopped - started : NaN;
}
