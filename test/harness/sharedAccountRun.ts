/**
 * Bursts of executions spread over several simulated n8n processes that share one MetaAccess
 * account (the in-process simulator, fixed windows), in virtual time: what each process sent, what
 * was refused, how long each burst took against the rate-limit floor, which executions failed.
 * Each burst exempts devices of its own (40 per execution, in requests of 10), so that bursts may
 * overlap and every request of the simulator's log names its burst, execution and process.
 */
import { startSimulator, type RunningSimulator } from '../simulator';
import { EventClock } from './eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from './n8nContext';
import { ProcessClock, runOnProcesses } from './processes';

export const DEVICES_PER_EXECUTION = 40;
const BATCH_SIZE = 10;

export interface AccountSpec {
	processes: number;
	headers: boolean;
	/** The account's rule; the credential's Requests per Minute follows it (default 10 a minute). */
	limit?: number;
	windowMs?: number;
	/** Each answer's round trip, ms (default 20 to 80, seeded per process). */
	latencyMs?: [number, number];
	seed?: number;
	/** Devices in the fleet (default 4,000: 100 executions). */
	devices?: number;
}

export interface BurstSpec {
	executions: number;
	/** Executions each process runs at once (n8n's worker concurrency; default 10). */
	concurrency?: number;
	/** The processes that take the executions (default all). */
	on?: number[];
	/** Max Wait on Rate Limit, seconds (default: the node's default). */
	maxWaitOnRateLimit?: number;
}

export interface ProcessShare {
	executions: number;
	accepted: number;
	rejected: number;
	/** Longest time from a refusal of this process to its next accepted request, ms. */
	longestRefusedMs: number;
}

export interface BurstOutcome {
	accepted: number;
	rejected: number;
	/** The burst's first request to its last, ms of virtual time. */
	spanMs: number;
	/** (⌈accepted / limit⌉ − 1) windows. */
	floorMs: number;
	failed: string[];
	lostItems: number;
	/** Per process of the account (those that took none: zeros). */
	processes: ProcessShare[];
}

export class SharedAccountLab {
	private nextDevice = 0;

	private constructor(
		readonly clock: EventClock,
		readonly sim: RunningSimulator,
		readonly processes: ProcessClock[],
		readonly spec: Required<Pick<AccountSpec, 'limit' | 'windowMs'>>,
		private readonly helper: TestCredentialsHelper,
		private readonly hwids: string[],
	) {}

	static async start(spec: AccountSpec): Promise<SharedAccountLab> {
		const clock = new EventClock();
		const limit = spec.limit ?? 10;
		const windowMs = spec.windowMs ?? 60_000;
		const sim = await startSimulator({
			devices: spec.devices ?? 4000,
			rateLimit: { limit, windowMs, headers: spec.headers },
			now: () => clock.now(),
		});
		const processes = Array.from(
			{ length: spec.processes },
			(_, p) => new ProcessClock(clock, (spec.seed ?? 1) * 1000 + p, spec.latencyMs ?? [20, 80]),
		);
		const helper = new TestCredentialsHelper(
			accessTokenCredential({
				baseUrl: sim.url,
				accessToken: sim.credentials.accessToken,
				requestsPerMinute: Math.round((limit * 60_000) / windowMs),
			}),
		);
		const hwids = sim.simulation.devices(clock.now()).devices.map((device) => device.hwid);
		return new SharedAccountLab(clock, sim, processes, { limit, windowMs }, helper, hwids);
	}

	/** Waits `ms` of virtual time. */
	async wait(ms: number): Promise<void> {
		await this.clock.sleep(ms);
	}

	/** Runs a burst; resolves once every execution of it has ended. */
	async burst(spec: BurstSpec): Promise<BurstOutcome> {
		const first = this.nextDevice;
		this.nextDevice += spec.executions * DEVICES_PER_EXECUTION;
		if (this.nextDevice > this.hwids.length) throw new Error('The fleet is too small');
		const devicesOf = (e: number) =>
			this.hwids.slice(first + e * DEVICES_PER_EXECUTION, first + (e + 1) * DEVICES_PER_EXECUTION);
		const on = spec.on ?? this.processes.map((_, p) => p);
		const options = {
			batchSize: BATCH_SIZE,
			...(spec.maxWaitOnRateLimit === undefined
				? {}
				: { maxWaitOnRateLimit: spec.maxWaitOnRateLimit }),
		};
		const results = await runOnProcesses(
			on.map((p) => this.processes[p]),
			spec.concurrency ?? 10,
			Array.from(
				{ length: spec.executions },
				(_, e) => () =>
					runActionNode(
						{
							credentialsHelper: this.helper,
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
		useClock(this.clock);
		const failed: string[] = [];
		let lostItems = spec.executions * DEVICES_PER_EXECUTION;
		const processOf = new Map<string, number>();
		results.forEach(({ process, outcome }, e) => {
			const expected = devicesOf(e);
			for (const hwid of expected) processOf.set(hwid, on[process]);
			if (outcome.status === 'rejected') {
				failed.push(`execution ${e}: ${(outcome.reason as Error).message}`);
				return;
			}
			outcome.value.items.forEach((item, i) => {
				const result = item.json.result;
				if (item.json.id === expected[i] && (result === 'applied' || result === 'not supported'))
					lostItems--;
			});
		});
		return this.read(processOf, results, on, failed, lostItems);
	}

	private read(
		processOf: Map<string, number>,
		results: Array<{ process: number }>,
		on: number[],
		failed: string[],
		lostItems: number,
	): BurstOutcome {
		const shares: ProcessShare[] = this.processes.map((_, p) => ({
			executions: results.filter(({ process }) => on[process] === p).length,
			accepted: 0,
			rejected: 0,
			longestRefusedMs: 0,
		}));
		const requests = this.sim.simulation.log
			.read()
			.requests.filter((request) =>
				processOf.has((request.body as { ids?: string[] } | null)?.ids?.[0] ?? ''),
			);
		const times = requests.map((request) => Date.parse(request.time));
		const refusedSince = new Map<number, number>();
		for (const [r, request] of requests.entries()) {
			const p = processOf.get((request.body as { ids: string[] }).ids[0])!;
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
			spanMs: Math.max(...times) - Math.min(...times),
			floorMs: (Math.ceil(accepted / this.spec.limit) - 1) * this.spec.windowMs,
			failed,
			lostItems,
			processes: shares,
		};
	}

	async close(): Promise<void> {
		useClock(undefined);
		await this.sim.close();
	}
}

/** One line about a burst, for the test's log. */
export function describeBurst(outcome: BurstOutcome): string {
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
