/**
 * The Log Trigger over a virtual day with 10,000 events, in virtual time (no wall time waiting):
 * n8n-core's real PollContext (test/harness/poll.ts), the package's Log Trigger through its entry
 * file, real HTTP to an in-process simulator that reads the same clock and keeps the documented
 * rule of 10 requests a minute. The trigger polls every minute, with its defaults (Max Requests per
 * Poll 5), from 00:00 to 24:00 and on until it has caught up.
 *
 * The day: 8,000 admin events at seeded random times between 08:00 and 18:00, and a burst of
 * 2,000 within one minute at 12:00 (a mass change); nothing at night. Every entry carries a serial
 * number, so each is counted; entries that share a millisecond are common in the burst.
 *
 * It prints: requests a poll when quiet (no new entry in the window) and when busy, the delay from
 * an event to the end of the poll that emitted it (when n8n starts the execution), and whether each
 * event came exactly once. Part of `npm run bench` (its section of RESULTS.md); alone: `npx ts-node
 * --transpile-only test/bench/logTriggerDay.ts`.
 */
import './lib/preferTs';
import { runAlone } from './lib/runAlone';

import type { IDataObject } from 'n8n-workflow';

import {
	accessTokenCredential,
	LOG_TRIGGER_NODE_TYPE,
	TestCredentialsHelper,
	useClock,
	type Clock,
} from '../harness/n8nContext';
import { activate } from '../harness/poll';
import { startSimulator } from '../simulator';
import { Random } from '../simulator/random';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2026, 11, 1);

class DayClock implements Clock {
	constructor(public time: number) {}
	now() {
		return this.time;
	}
	async sleep(ms: number) {
		this.time += Math.max(0, ms);
	}
	jitter() {
		return 0.5;
	}
}

const percentile = (sorted: number[], p: number) =>
	sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0;

export async function logTriggerDay() {
	const clock = new DayClock(DAY_START);
	useClock(clock);
	const sim = await startSimulator({ devices: 0, now: () => clock.now() });
	try {
		const random = new Random(23);
		const times = [
			...Array.from({ length: 8000 }, () => DAY_START + 8 * HOUR + random.int(0, 10 * HOUR - 1)),
			...Array.from({ length: 2000 }, () => DAY_START + 12 * HOUR + random.int(0, MINUTE - 1)),
		].sort((a, b) => a - b);
		times.forEach((time, serial) =>
			sim.simulation.events.append('admin', 'configuration_change', time, {
				email: 'admin@example.com',
				details: `change ${serial}`,
			}),
		);
		const helper = new TestCredentialsHelper(
			accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
		);
		const staticData: IDataObject = {};
		const trigger = activate({
			type: LOG_TRIGGER_NODE_TYPE,
			parameters: { category: 'admin' },
			credentialsHelper: helper,
			staticData,
		});
		const seen = new Map<string, number>();
		const delays: number[] = [];
		const quiet: number[] = [];
		const busy: number[] = [];
		let polls = 0;
		for (
			let at = DAY_START;
			seen.size < times.length || at <= DAY_START + 24 * HOUR;
			at += MINUTE
		) {
			if (at > DAY_START + 26 * HOUR) break;
			clock.time = Math.max(clock.time, at);
			sim.simulation.log.clear();
			const items = (await trigger.poll()) ?? [];
			polls++;
			const requests = sim.simulation.log
				.read()
				.requests.filter((r) => r.path === '/o/api/v3.3/logs').length;
			(items.length ? busy : quiet).push(requests);
			for (const { json } of items) {
				const key = String(json.details);
				seen.set(key, (seen.get(key) ?? 0) + 1);
				delays.push(clock.time - Date.parse(String(json.timestamp)));
			}
		}
		const twice = [...seen.values()].filter((count) => count > 1).length;
		const sorted = delays.sort((a, b) => a - b);
		const mean = (list: number[]) =>
			list.length ? list.reduce((a, b) => a + b, 0) / list.length : 0;
		const result = {
			events: times.length,
			emitted: delays.length,
			distinct: seen.size,
			twice,
			polls,
			quietPolls: quiet.length,
			quietRequests: { mean: mean(quiet), max: Math.max(0, ...quiet) },
			busyPolls: busy.length,
			busyRequests: { mean: mean(busy), max: Math.max(0, ...busy) },
			delaySeconds: {
				mean: mean(sorted) / 1000,
				p95: percentile(sorted, 0.95) / 1000,
				max: (sorted.at(-1) ?? 0) / 1000,
			},
			stateBytes: JSON.stringify(staticData).length,
		};
		return result;
	} finally {
		useClock(undefined);
		await sim.close();
	}
}

/** The section of RESULTS.md, and what failed: each event must come exactly once. */
export async function logTriggerDaySection(): Promise<{ lines: string[]; problems: string[] }> {
	const result = await logTriggerDay();
	const problems =
		result.emitted === result.events && result.distinct === result.events && result.twice === 0
			? []
			: [
					`Log Trigger over a day: ${result.events} events, ${result.emitted} emitted, ${result.distinct} distinct, ${result.twice} twice`,
				];
	const lines = [
		'### The Log Trigger over a virtual day of 10,000 events',
		'',
		'Admin events: 8,000 between 08:00 and 18:00 and a burst of 2,000 within one minute at 12:00; a poll every minute with the defaults (Max Requests per Poll 5), at the documented 10 requests a minute, in virtual time (test/bench/logTriggerDay.ts).',
		'',
		'| Events | Emitted (distinct, twice) | Polls | Requests a quiet poll (mean, max) | Requests a busy poll (mean, max) | Event → item (mean, p95, max) | Static data |',
		'|---:|---:|---:|---:|---:|---:|---:|',
		`| ${result.events} | ${result.emitted} (${result.distinct}, ${result.twice}) | ${result.polls} | ${result.quietRequests.mean.toFixed(2)}, ${result.quietRequests.max} (${result.quietPolls} polls) | ${result.busyRequests.mean.toFixed(2)}, ${result.busyRequests.max} (${result.busyPolls} polls) | ${result.delaySeconds.mean.toFixed(1)} s, ${result.delaySeconds.p95.toFixed(1)} s, ${result.delaySeconds.max.toFixed(1)} s | ${result.stateBytes} B |`,
		'',
	];
	return { lines, problems };
}

if (require.main === module) runAlone(logTriggerDaySection());
