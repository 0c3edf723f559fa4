/**
 * A burst of executions spread over several simulated n8n processes that share one MetaAccess
 * account (the in-process simulator, fixed windows), in virtual time: what each process sent, what
 * was refused, how long the burst took against the rate-limit floor, which executions failed.
 */
import { startSimulator, type RunningSimulator } from '../simulator';
import { EventClock } from './eventClock';
import { accessTokenCredential, runActionNode, TestCredentialsHelper, useClock } from './n8nContext';
import { ProcessClock, runOnProcesses } from './processes';

export const DEVICES_PER_EXECUTION = 40;
const BATCH_SIZE = 10;

export interface SharedBurst {
	processes: number;
	/** Executions each process runs at once (n8n's worker concurrency). */
	concurrency: number;
	executions: number;
	headers: boolean;
	/** The account's rule; the credential's Requests per Minute follows it. */
	limit?: number;
	windowMs?: number;
	/** Max Wait on Rate Limit, seconds (default: the node's default). */
	maxWaitOnRateLimit?: number;
	/** Seed of the processes' round trips. */
	seed?: number;
	/** Each answer's round trip, ms (default 20 to 80). */
	latencyMs?: [number, number];
}

export interface ProcessShare {
	executions: number;
	accepted: number;
	rejected: number;
	/** Longest time from a refusal of this process to its next accepted request, ms. */
	longestRefusedMs: number;
}

export interface SharedBurstOutcome {
	accepted: number;
	rejected: number;
	/** First request to last, ms of virtual time. */
	spanMs: number;
	/** (⌈requests / limit⌉ − 1) windows. */
	floorMs: number;
	failed: string[];
	lostItems: number;
	processes: ProcessShare[];
	/** Accepted (+) and refused (x) requests per window of the rule, from the first request. */
	windows: string;
}

/** Runs the burst on a fresh simulator and a fresh set of processes (cold limiters). */
export async function sharedBurst(spec: SharedBurst): Promise<SharedBurstOutcome> {
	const clock = new EventClock();
	const processes = Array.from(
		{ length: spec.processes },
		(_, p) => new ProcessClock(clock, (spec.seed ?? 1) * 1000 + p, spec.latencyMs ?? [20, 80]),
	);
	return await burstOn(clock, processes, spec);
}

/** Runs a burst on these processes (warm limiters, when they ran one before). */
export async function burstOn(
	clock: EventClock,
	processes: ProcessClock[],
	spec: Omit<SharedBurst, 'processes' | 'seed'>,
	sim?: RunningSimulator,
): Promise<SharedBurstOutcome> {
	const limit = spec.limit ?? 10;
	const windowMs = spec.windowMs ?? 60_000;
	const own = !sim;
	sim ??= await startSimulator({
		devices: spec.executions * DEVICES_PER_EXECUTION,
		rateLimit: { limit, windowMs, headers: spec.headers },
		now: () => clock.now(),
	});
	try {
		sim.simulation.log.clear();
		const hwids = sim.simulation.devices(clock.now()).devices.map((device) => device.hwid);
		const helper = new TestCredentialsHelper(
			accessTokenCredential({
				baseUrl: sim.url,
				accessToken: sim.credentials.accessToken,
				requestsPerMinute: Math.round((limit * 60_000) / windowMs),
			}),
		);
		const devicesOf = (e: number) =>
			hwids.slice(e * DEVICES_PER_EXECUTION, (e + 1) * DEVICES_PER_EXECUTION);
		const options = {
			batchSize: BATCH_SIZE,
			...(spec.maxWaitOnRateLimit === undefined
				? {}
				: { maxWaitOnRateLimit: spec.maxWaitOnRateLimit }),
		};
		const results = await runOnProcesses(
			processes,
			spec.concurrency,
			Array.from(
				{ length: spec.executions },
				(_, e) => () =>
					runActionNode(
						{
							credentialsHelper: helper,
							parameters: {
								operation: 'exempt',
								identifyBy: 'id',
								devices: '={{ $json.hwid }}',
								options,
							},
						},
						devicesOf(e).map((hwid) => ({ hwid })),
					),
			),
		);
		useClock(clock);
		const failed: string[] = [];
		let lostItems = spec.executions * DEVICES_PER_EXECUTION;
		results.forEach(({ outcome }, e) => {
			if (outcome.status === 'rejected') {
				failed.push(`execution ${e}: ${(outcome.reason as Error).message}`);
				return;
			}
			const expected = devicesOf(e);
			outcome.value.items.forEach((item, i) => {
				const result = item.json.result;
				if (item.json.id === expected[i] && (result === 'applied' || result === 'not supported'))
					lostItems--;
			});
		});
		const processOf = new Map<string, number>();
		results.forEach(({ process }, e) => devicesOf(e).forEach((hwid) => processOf.set(hwid, process)));
		const shares: ProcessShare[] = processes.map((_, p) => ({
			executions: results.filter(({ process }) => process === p).length,
			accepted: 0,
			rejected: 0,
			longestRefusedMs: 0,
		}));
		const requests = sim.simulation.log.read().requests;
		const times = requests.map((request) => Date.parse(request.time));
		const first = Math.min(...times);
		const refusedSince = new Map<number, number>();
		const windows: string[] = [];
		for (const [r, request] of requests.entries()) {
			const ids = (request.body as { ids: string[] }).ids;
			const p = processOf.get(ids[0]) ?? -1;
			const index = Math.floor((times[r] - first) / windowMs);
			for (let i = windows.length; i <= index; i++) windows[i] = '';
			windows[index] += request.status === 200 ? '+' : 'x';
			const share = shares[p];
			if (request.status === 200) {
				share.accepted++;
				const since = refusedSince.get(p);
				if (since !== undefined)
					share.longestRefusedMs = Math.max(share.longestRefusedMs, times[r] - since);
				refusedSince.delete(p);
			} else {
				share.rejected++;
				if (!refusedSince.has(p)) refusedSince.set(p, times[r]);
			}
		}
		const accepted = requests.filter((request) => request.status === 200).length;
		return {
			accepted,
			rejected: requests.length - accepted,
			spanMs: Math.max(...times) - first,
			floorMs: (Math.ceil(accepted / limit) - 1) * windowMs,
			failed,
			lostItems,
			processes: shares,
			windows: windows.join(' | '),
		};
	} finally {
		if (own) await sim.close();
	}
}

/** One line about a burst, for the test's log. */
export function describeShared(outcome: SharedBurstOutcome): string {
	return (
		`${outcome.accepted} accepted, ${outcome.rejected} refused (${(outcome.rejected / outcome.accepted).toFixed(3)}), ` +
		`${(outcome.spanMs / outcome.floorMs).toFixed(3)}× the floor, ${outcome.failed.length} failed, ${outcome.lostItems} lost; ` +
		outcome.processes
			.map(
				(share) =>
					`${share.executions}e ${share.accepted}+ ${share.rejected}x ${share.longestRefusedMs / 1000}s`,
			)
			.join('; ')
	);
}
