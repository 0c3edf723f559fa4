/**
 * Workload (d): the trigger following 10,000 devices, 1% of them changing between complete scans.
 *
 * n8n runs polling triggers on a schedule of at least a minute, and `n8n execute` does not poll,
 * so the polls run in this process through test/harness/poll.ts: n8n-core's real PollContext, the
 * package's real trigger node and transport, real HTTP to the simulator, and the static data
 * round-tripped through JSON between polls as n8n stores it. Polls of one scan cycle follow each
 * other without a pause (the transport's pacing does the waiting); between cycles the bench
 * changes 1% of the devices through the simulator's control API and lets one rate-limit window
 * pass (an idle poll interval), outside the timing.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Random } from '../../simulator/random';
import type { RunningSimulator } from '../../simulator';
import { accessTokenCredential, realTimeClock, useClock } from '../../harness/n8nContext';
import { runPoll } from '../../harness/poll';

export interface CycleResult {
	cycle: number;
	baseline: boolean;
	polls: number;
	requests: number;
	rateLimited: number;
	/** From the first poll's start to the last poll's end, ms. */
	wallMs: number;
	changedDevices: number;
	expectedEvents: number;
	emittedEvents: number;
	missed: number;
	duplicated: number;
	unexpected: number;
}

export interface TriggerRunResult {
	maxRequestsPerPoll: number | 'default (8)';
	cycles: CycleResult[];
	problems: string[];
}

interface TriggerSetup {
	sim: RunningSimulator;
	token: string;
	requestsPerMinute: number;
	windowMs: number;
	log: (line: string) => void;
}

const EVENTS = ['complianceStatusChanged', 'wentOffline', 'cameOnline'];

/** n8n keeps a node's static data under `node:<node name>` of the workflow's static data. */
const NODE_STATE_KEY = 'node:OPSWAT MetaAccess Trigger';

/** Complete scans recorded in the trigger's stored state (0: none yet). */
function completedScans(staticData: IDataObject): number {
	const state = staticData[NODE_STATE_KEY] as IDataObject | undefined;
	return typeof state?.cycles === 'number' ? state.cycles : 0;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Changes `share` of the fleet: even picks flip compliance status (0 ↔ 1), odd picks flip online (active 0 ↔ 1). */
function changeDevices(
	sim: RunningSimulator,
	random: Random,
	share: number,
	avoid: Set<string>,
): Map<string, string> {
	const now = Date.now();
	const { devices } = sim.simulation.devices(now);
	const count = Math.round(devices.length * share);
	const expected = new Map<string, string>();
	let pick = 0;
	while (expected.size < count) {
		const device = devices[Math.floor(random.next() * devices.length)];
		if (expected.has(device.hwid) || avoid.has(device.hwid)) continue;
		if (pick % 2 === 0) {
			sim.simulation.updateDevice(device.hwid, { status: device.status === 1 ? 0 : 1 }, now);
			expected.set(device.hwid, 'complianceStatusChanged');
		} else {
			const active = device.active === 1 ? 0 : 1;
			sim.simulation.updateDevice(device.hwid, { active }, now);
			expected.set(device.hwid, active === 0 ? 'wentOffline' : 'cameOnline');
		}
		pick++;
	}
	return expected;
}

/** Polls until the current scan completes (the stored `cycles` goes up); answers what it took. */
async function runCycle(
	setup: TriggerSetup,
	staticData: IDataObject,
	parameters: INodeParameters,
	cycle: number,
	expected: Map<string, string>,
): Promise<CycleResult> {
	const { sim } = setup;
	const credentials = accessTokenCredential({
		baseUrl: sim.url,
		accessToken: setup.token,
		requestsPerMinute: setup.requestsPerMinute,
	});
	sim.simulation.log.clear();
	const cyclesBefore = completedScans(staticData);
	const emitted: INodeExecutionData[] = [];
	let polls = 0;
	const started = performance.now();
	for (;;) {
		const items = await runPoll({ parameters, credentials, staticData });
		polls++;
		if (items) emitted.push(...items);
		if (completedScans(staticData) > cyclesBefore) break;
		if (polls > 300) throw new Error('the trigger never completed a scan');
	}
	const wallMs = performance.now() - started;
	const { summary } = sim.simulation.log.read();
	const seen = new Map<string, number>();
	let unexpected = 0;
	for (const { json } of emitted) {
		const key = `${String(json.hwid)}|${String(json.event)}`;
		seen.set(key, (seen.get(key) ?? 0) + 1);
		if (expected.get(String(json.hwid)) !== json.event) unexpected++;
	}
	let missed = 0;
	let duplicated = 0;
	for (const [hwid, event] of expected) {
		const count = seen.get(`${hwid}|${event}`) ?? 0;
		if (count === 0) missed++;
		if (count > 1) duplicated++;
	}
	return {
		cycle,
		baseline: cyclesBefore === 0,
		polls,
		requests: summary.total,
		rateLimited: summary.rateLimited,
		wallMs,
		changedDevices: expected.size,
		expectedEvents: expected.size,
		emittedEvents: emitted.length,
		missed,
		duplicated,
		unexpected,
	};
}

/**
 * Baseline scan, then `changeCycles` cycles with 1% of the devices changed before each, with
 * Max Requests per Poll = `maxRequestsPerPoll` (undefined: the node's default, 8). `staticData`
 * carries the trigger's state from one configuration to the next (no second baseline needed).
 */
export async function runTrigger(
	setup: TriggerSetup,
	staticData: IDataObject,
	maxRequestsPerPoll: number | undefined,
	changeCycles: number,
	random: Random,
): Promise<TriggerRunResult> {
	const parameters: INodeParameters = {
		events: EVENTS,
		simplify: true,
		options: maxRequestsPerPoll === undefined ? {} : { maxRequestsPerPoll },
	};
	const label = maxRequestsPerPoll === undefined ? 'default (8)' : maxRequestsPerPoll;
	const cycles: CycleResult[] = [];
	const problems: string[] = [];
	// A clock of its own: real time, with rate limiters that know nothing of earlier cases.
	useClock(realTimeClock());
	let previous = new Set<string>();
	const total = (completedScans(staticData) > 0 ? 0 : 1) + changeCycles;
	for (let i = 0; i < total; i++) {
		const baseline = completedScans(staticData) === 0;
		const expected = baseline
			? new Map<string, string>()
			: changeDevices(setup.sim, random, 0.01, previous);
		previous = new Set(expected.keys());
		// An idle poll interval: the rate-limit window of the previous cycle ends before this one starts.
		await sleep(setup.windowMs + 100);
		const result = await runCycle(setup, staticData, parameters, i, expected);
		cycles.push(result);
		setup.log(
			`  trigger B=${label} cycle ${i}${result.baseline ? ' (baseline)' : ''}: ${result.polls} polls, ${result.requests} requests, ` +
				`${result.rateLimited} × 429, ${(result.wallMs / 1000).toFixed(2)} s, events ${result.emittedEvents}/${result.expectedEvents}` +
				`${result.missed || result.duplicated || result.unexpected ? ` (missed ${result.missed}, twice ${result.duplicated}, unexpected ${result.unexpected})` : ''}`,
		);
		if (result.missed || result.duplicated || result.unexpected) {
			problems.push(
				`trigger B=${label} cycle ${i}: ${result.missed} changes missed, ${result.duplicated} emitted twice, ${result.unexpected} unexpected events`,
			);
		}
	}
	return { maxRequestsPerPoll: label, cycles, problems };
}
