import { runFleetHours, MINUTE_MS } from '../../bench/lib/fleetHours';
import { DELTA, FULL_SCAN } from '../../bench/lib/hoursRuns';

// 500 devices: a complete scan is 11 pages (the 11th short), 2 polls at 8 requests a poll;
// 1% an hour is 5 changes an hour.
const DEVICES = 500;
const quiet = () => undefined;

describe('workload (d) over hours, in virtual time', () => {
	it('full scan: 8 + 3 requests per 2-poll scan, each change once, no later than one scan', async () => {
		const run = await runFleetHours({
			devices: DEVICES,
			mode: FULL_SCAN,
			changeHours: 2,
			drainHours: 1,
			seed: 7,
			log: quiet,
		});
		expect(run.baselineRequests).toBe(11);
		expect(run.baselinePolls).toBe(1);
		expect(run.changes).toBe(10);
		expect([run.missed, run.duplicated, run.unexpected, run.rateLimited]).toEqual([0, 0, 0, 0]);
		expect(run.emitted).toBe(10);
		// Polls alternate pages 1–8 and 9–11.
		expect(run.requests).toBe(Math.floor(run.polls / 2) * 11 + (run.polls % 2) * 8);
		expect(run.measuredHours).toBe((run.polls * MINUTE_MS) / 3_600_000);
		expect(run.requestsPerHour).toBeCloseTo(run.requests / run.measuredHours, 6);
		expect(run.leftPerMinute).toBeCloseTo(10 - run.requestsPerHour / 60, 6);
		// A change waits at most for the scan to come round: two polls.
		expect(run.worstDelayMs).toBeLessThanOrEqual(2 * MINUTE_MS);
		expect(run.worstDelayMs).toBeGreaterThan(0);
		expect(run.medianDelayMs).toBeLessThanOrEqual(run.worstDelayMs);
	});

	it('delta: one Status Change request a poll, each change once within one poll', async () => {
		const run = await runFleetHours({
			devices: DEVICES,
			mode: DELTA,
			changeHours: 2,
			drainHours: 1,
			seed: 7,
			log: quiet,
		});
		expect(run.changes).toBe(10);
		expect([run.missed, run.duplicated, run.unexpected, run.rateLimited]).toEqual([0, 0, 0, 0]);
		// No full scan is due within the run (every 24 h): one request a poll.
		expect(run.requests).toBe(run.polls);
		expect(run.withinOnePoll).toBe(10);
		expect(run.worstDelayMs).toBeLessThanOrEqual(MINUTE_MS);
	});

	it('delta: the daily full scan spread over its period when the run does not reach it', async () => {
		const run = await runFleetHours({
			devices: DEVICES,
			mode: DELTA,
			changeHours: 1,
			drainHours: 1,
			amortizedFullScanHours: 24,
			seed: 8,
			log: quiet,
		});
		expect(run.requestsPerHour).toBeCloseTo(run.requests / run.measuredHours + 11 / 24, 6);
		expect(run.notes.join(' ')).toContain('11 Get Devices pages');
	});
});
