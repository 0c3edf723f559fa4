/**
 * Workload (d) over hours of a large fleet, in VIRTUAL time: the polling trigger (n8n-core's real
 * PollContext through test/harness/poll.ts, the package's trigger node and transport, real HTTP to
 * an in-process simulator) with a clock of its own that the node paces and waits with and that the
 * simulator reads as its `now`. A wait for the rate limit or for the next minute's poll costs no wall
 * time; the simulator keeps the real rule of 10 requests a 60-s window.
 *
 * 1% of the fleet changes compliance status (0 ↔ 1) per hour, at seeded random times spread over
 * the hour, each device at most once. A change is made in the simulator the moment virtual time
 * reaches it (time moves only in the node's waits and between polls, and requests take no virtual
 * time), and its delay is measured to the end of the poll that emitted it (when n8n would start
 * the execution).
 */
import { randomBytes } from 'node:crypto';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { Random } from '../../simulator/random';
import { startSimulator, type RunningSimulator } from '../../simulator';
import { accessTokenCredential, useClock, type Clock } from '../../harness/n8nContext';
import { activate } from '../../harness/poll';

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
/** The documented rule, unscaled: these runs take no wall time waiting. */
export const REAL_RULE = { limit: 10, windowMs: MINUTE_MS };

/** A scheduled change: at `at`, the device's compliance status flips. */
export interface ScheduledChange {
	at: number;
	hwid: string;
	index: number;
}

/**
 * Virtual time for one run: waits return at once and move the time; whatever is due by then
 * (the scheduled changes) happens first, so the node's next request sees it.
 */
export class HourClock implements Clock {
	readonly sleeps: number[] = [];

	constructor(
		public time: number,
		private readonly due: (now: number) => void,
	) {}

	now(): number {
		return this.time;
	}

	async sleep(ms: number): Promise<void> {
		this.sleeps.push(ms);
		this.moveTo(this.time + Math.max(0, ms));
	}

	moveTo(time: number) {
		if (time > this.time) this.time = time;
		this.due(this.time);
	}
}

export interface ModeRun {
	kind: 'full' | 'delta';
	/** Table label of the way, e.g. "full scan (defaults: 8 a poll)". */
	label: string;
	/** The trigger's parameters. */
	parameters: INodeParameters;
	/** Parameters of the baseline polls (before any change), e.g. a faster full scan. */
	baselineParameters?: INodeParameters;
	/** True when the stored state shows the baseline is done. */
	baselineDone: (staticData: IDataObject) => boolean;
}

export interface FleetHoursResult {
	devices: number;
	kind: ModeRun['kind'];
	mode: string;
	/** Virtual hours with changes being made. */
	changeHours: number;
	/** Virtual hours measured (from the first change hour to the last poll). */
	measuredHours: number;
	polls: number;
	requests: number;
	rateLimited: number;
	requestsPerHour: number;
	/** 10 − average requests a minute. */
	leftPerMinute: number;
	changes: number;
	emitted: number;
	missed: number;
	duplicated: number;
	unexpected: number;
	medianDelayMs: number;
	worstDelayMs: number;
	/** Changes emitted within one poll interval of their change. */
	withinOnePoll: number;
	baselinePolls: number;
	baselineRequests: number;
	wallMs: number;
	/** CPU time of this process during the run (the simulator's and n8n-core's work included). */
	cpuMs: number;
	notes: string[];
}

export interface FleetHoursOptions {
	devices: number;
	mode: ModeRun;
	/** Hours with changes (1% of the fleet an hour). */
	changeHours: number;
	/** Polling goes on after the changes until every change is emitted, up to this many hours more. */
	drainHours: number;
	/** And at least this long after the last change (e.g. to include a periodic full scan). */
	minMeasuredHours?: number;
	/** Requests per hour over the first this many hours of the measured span (default: all of it). */
	rateHours?: number;
	/**
	 * A scheduled full scan every this many hours that the span run does not reach: its cost is
	 * added to the requests per hour as the baseline's Get Devices pages ÷ these hours (said so).
	 */
	amortizedFullScanHours?: number;
	pollIntervalMs?: number;
	seed: number;
	log: (line: string) => void;
}

const START = Date.UTC(2026, 11, 1, 0, 0, 0);

function quantile(sorted: number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const position = (sorted.length - 1) * q;
	const low = Math.floor(position);
	const high = Math.ceil(position);
	return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

/** Picks `count` distinct devices of status 0 or 1, not exempted, with seeded times spread uniformly over each hour. */
function schedule(
	sim: RunningSimulator,
	random: Random,
	devices: number,
	hours: number,
	start: number,
): ScheduledChange[] {
	const perHour = Math.round(devices / 100);
	const chosen = new Set<number>();
	const changes: ScheduledChange[] = [];
	for (let hour = 0; hour < hours; hour++) {
		for (let i = 0; i < perHour; i++) {
			let index: number;
			let hwid: string;
			for (;;) {
				index = Math.floor(random.next() * devices);
				if (chosen.has(index)) continue;
				const [device] = sim.simulation.devices(start, index, 1).devices;
				// A compliance change: status 0 ↔ 1 of a device not exempted (Status Change lists an
				// exempted device as "exempted" whatever its status: a flip under an exemption is no
				// compliance change it reports; a full scan sees it).
				if ((device.status !== 0 && device.status !== 1) || device.exempt === 1) continue;
				hwid = device.hwid;
				break;
			}
			chosen.add(index);
			changes.push({
				at: start + hour * HOUR_MS + Math.floor(random.next() * HOUR_MS),
				hwid,
				index,
			});
		}
	}
	return changes.sort((a, b) => a.at - b.at);
}

/** Runs the trigger over a fleet for hours of virtual time; answers what it cost and how late it was. */
export async function runFleetHours(options: FleetHoursOptions): Promise<FleetHoursResult> {
	const wallStart = performance.now();
	const cpuStart = process.cpuUsage();
	const { devices, mode, log } = options;
	const interval = options.pollIntervalMs ?? MINUTE_MS;
	const random = new Random(options.seed);
	const token = `benchHOURS${randomBytes(12).toString('hex').toUpperCase()}`;
	let pending: ScheduledChange[] = [];
	let next = 0;
	const madeAt = new Map<string, number>();
	// The simulator reads the clock, and the clock makes the changes in the simulator.
	const world: { sim?: RunningSimulator } = {};
	const clock = new HourClock(START, (now) => {
		while (next < pending.length && pending[next].at <= now) {
			const change = pending[next++];
			const simulation = world.sim!.simulation;
			const device = simulation.device(change.hwid, change.at);
			simulation.updateDevice(change.hwid, { status: device.status === 1 ? 0 : 1 }, change.at);
			madeAt.set(change.hwid, change.at);
		}
	});
	const sim = await startSimulator({
		devices,
		seed: 1,
		staticTokens: [token],
		rateLimit: REAL_RULE,
		now: () => clock.now(),
	});
	world.sim = sim;
	useClock(clock);
	try {
		const credentials = accessTokenCredential({
			baseUrl: sim.url,
			accessToken: token,
			requestsPerMinute: REAL_RULE.limit,
		});
		const staticData: IDataObject = {};
		const notes: string[] = [];
		// Baseline: the trigger learns the fleet; nothing changes meanwhile.
		const baseline = activate({
			parameters: mode.baselineParameters ?? mode.parameters,
			credentials,
			staticData,
			roundTrip: false,
		});
		let baselinePolls = 0;
		while (!mode.baselineDone(staticData)) {
			const items = await baseline.poll();
			baselinePolls++;
			if (items?.length) throw new Error(`the baseline emitted ${items.length} items`);
			if (baselinePolls > 5000) throw new Error('the baseline never completed');
			clock.moveTo(START + Math.ceil((clock.now() - START + 1) / interval) * interval);
		}
		const baselineLog = sim.simulation.log.read();
		const baselineRequests = baselineLog.summary.total;
		const baselinePages = baselineLog.requests.filter((request) =>
			request.path.endsWith('/devices'),
		).length;
		log(`  baseline: ${baselinePolls} polls, ${baselineRequests} requests (not counted)`);
		sim.simulation.log.clear();
		// The measured span starts at the next minute.
		const measureStart = clock.now();
		pending = schedule(sim, random, devices, options.changeHours, measureStart);
		next = 0;
		const trigger = activate({
			parameters: mode.parameters,
			credentials,
			staticData,
			roundTrip: false,
		});
		const emitted: Array<{ hwid: string; at: number; event: string }> = [];
		const emittedHwids = new Set<string>();
		let polls = 0;
		let pollAt = measureStart;
		const changesEnd = measureStart + options.changeHours * HOUR_MS;
		const hardEnd = changesEnd + options.drainHours * HOUR_MS;
		const minEnd = measureStart + (options.minMeasuredHours ?? 0) * HOUR_MS;
		let missedIntervals = 0;
		const rateEnd =
			options.rateHours === undefined ? undefined : measureStart + options.rateHours * HOUR_MS;
		let rateRequests: number | undefined;
		for (;;) {
			clock.moveTo(pollAt);
			const items: INodeExecutionData[] | null = await trigger.poll();
			polls++;
			const end = clock.now();
			for (const { json } of items ?? []) {
				emitted.push({ hwid: String(json.hwid), at: end, event: String(json.event) });
				emittedHwids.add(String(json.hwid));
			}
			// n8n polls on the minute; a poll still running at the next minute delays the one after.
			pollAt += interval;
			while (pollAt < end) {
				pollAt += interval;
				missedIntervals++;
			}
			// Requests sent by polls that started before the end of the rate's span.
			if (rateEnd !== undefined && rateRequests === undefined && pollAt >= rateEnd)
				rateRequests = sim.simulation.log.read().summary.total;
			const allSeen =
				next >= pending.length && pending.every((change) => emittedHwids.has(change.hwid));
			if (pollAt >= changesEnd && allSeen && pollAt >= minEnd) break;
			if (pollAt >= hardEnd) {
				notes.push(`stopped at the ${options.drainHours}-hour limit after the changes`);
				break;
			}
		}
		if (missedIntervals)
			notes.push(`${missedIntervals} poll(s) started late: a poll outlasted a minute`);
		const measuredMs = pollAt - measureStart;
		const { summary } = sim.simulation.log.read();
		// Exactly once, and how late.
		const seen = new Map<string, number>();
		const delays: number[] = [];
		let unexpected = 0;
		for (const item of emitted) {
			const at = madeAt.get(item.hwid);
			if (at === undefined || item.event !== 'complianceStatusChanged') {
				unexpected++;
				continue;
			}
			const count = (seen.get(item.hwid) ?? 0) + 1;
			seen.set(item.hwid, count);
			if (count === 1) delays.push(item.at - at);
		}
		const missed = pending.filter((change) => !seen.has(change.hwid)).length;
		const duplicated = [...seen.values()].filter((count) => count > 1).length;
		delays.sort((a, b) => a - b);
		const measuredHours = measuredMs / HOUR_MS;
		const requestsPerHour =
			rateRequests === undefined || options.rateHours === undefined
				? summary.total / measuredHours
				: rateRequests / options.rateHours;
		let requestsPerHourAll = requestsPerHour;
		if (options.amortizedFullScanHours !== undefined) {
			requestsPerHourAll += baselinePages / options.amortizedFullScanHours;
			notes.push(
				`requests per hour: ${requestsPerHour.toFixed(1)} measured over ${measuredHours.toFixed(2)} h of polls + the full scan every ${options.amortizedFullScanHours} h, not reached in the span run, spread over its period: ${baselinePages} Get Devices pages (counted in the baseline scan) ÷ ${options.amortizedFullScanHours} h = ${(baselinePages / options.amortizedFullScanHours).toFixed(1)}`,
			);
		}
		if (rateRequests !== undefined)
			notes.push(
				`requests per hour over the first ${options.rateHours} h (${rateRequests} requests), holding one whole scheduled full scan`,
			);
		return {
			devices,
			kind: mode.kind,
			mode: mode.label,
			changeHours: options.changeHours,
			measuredHours,
			polls,
			requests: summary.total,
			rateLimited: summary.rateLimited,
			requestsPerHour: requestsPerHourAll,
			leftPerMinute: REAL_RULE.limit - requestsPerHourAll / 60,
			changes: pending.length,
			emitted: emitted.length,
			missed,
			duplicated,
			unexpected,
			medianDelayMs: quantile(delays, 0.5),
			worstDelayMs: delays.length ? delays[delays.length - 1] : NaN,
			withinOnePoll: delays.filter((delay) => delay <= interval).length,
			baselinePolls,
			baselineRequests,
			wallMs: performance.now() - wallStart,
			cpuMs: (() => {
				const { user, system } = process.cpuUsage(cpuStart);
				return (user + system) / 1000;
			})(),
			notes,
		};
	} finally {
		useClock(undefined);
		await sim.close();
	}
}
