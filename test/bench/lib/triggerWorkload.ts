/**
 * Workload (d) in the benchmark's table: the trigger over 10,000 devices, 1% changing between
 * scan cycles (lib/trigger.ts runs the polls): its floor per complete scan, measured, and one row
 * per configuration (Max Requests per Poll 100, then the default 8), the median change cycle.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SimFixture } from '../../lab';
import { Random } from '../../simulator/random';
import { WAY_LABELS } from './cases';
import type { Floor } from './case';
import { median, repeated, scanRequestFloor, timeFloorMs, type RateRule } from './floor';
import { measureRoundTrip } from './plainClient';
import {
	LIMIT,
	REQUESTS_PER_MINUTE,
	TRIGGER_CHANGE_CYCLES,
	TRIGGER_DEVICES,
	WINDOW_MS,
} from './settings';
import { runTrigger, type TriggerRunResult } from './trigger';
import type { Row, WayKey } from './types';

export interface TriggerWorkload {
	runs: TriggerRunResult[];
	floor: Floor;
	rows: Row[];
}

/** The least time a complete scan takes: ℓ of a full page and of the last one, and the windows. */
async function scanFloor(fixture: SimFixture, rule: RateRule): Promise<Floor> {
	const pages = scanRequestFloor(TRIGGER_DEVICES);
	const page = (number?: number) =>
		measureRoundTrip(fixture.sim, {
			method: 'GET',
			path: '/o/api/v2.3/devices',
			query: number ? { limit: '50', page: String(number) } : { limit: '50' },
		});
	const pageTrip = await page();
	const lastTrip = await page(pages);
	return {
		requests: pages,
		ms: timeFloorMs([...repeated(pageTrip.ms, pages - 1), lastTrip.ms], rule),
		detail: `${Math.ceil(pages / LIMIT) - 1} × ${WINDOW_MS / 1000} s + ${pages - 1} × ${pageTrip.ms.toFixed(1)} ms + 1 × ${lastTrip.ms.toFixed(1)} ms (${lastTrip.status})`,
	};
}

/** The trigger's configurations as table rows: the median change cycle (the baseline is in the cycle table). */
export function triggerRows(runs: TriggerRunResult[], floor: Floor): Row[] {
	return runs.map((run, index) => {
		const changes = run.cycles.filter((cycle) => !cycle.baseline);
		const cycles = changes.length ? changes : run.cycles;
		const expected = changes.reduce((sum, cycle) => sum + cycle.expectedEvents, 0);
		const lost = run.cycles.reduce(
			(sum, cycle) => sum + cycle.missed + cycle.duplicated + cycle.unexpected,
			0,
		);
		const way: WayKey = index === 0 ? 'package' : 'packageDefault';
		return {
			group: 'd',
			workload: `(d) Trigger, ${TRIGGER_DEVICES.toLocaleString('en-US')} devices, 1% changing (per scan cycle)`,
			short: 'TRIG',
			way,
			wayLabel: WAY_LABELS[way]('d'),
			devices: expected,
			requests: median(cycles.map((cycle) => cycle.requests)),
			rateLimited: run.cycles.reduce((sum, cycle) => sum + cycle.rateLimited, 0),
			failedItems: lost,
			wallMs: median(cycles.map((cycle) => cycle.wallMs)),
			floorRequests: floor.requests,
			floorMs: floor.ms,
			floorDetail: floor.detail,
			polls: median(cycles.map((cycle) => cycle.polls)),
			status: run.problems.length ? 'events wrong' : 'success',
			problems: run.problems,
			notes: [
				`${cycles.length} change cycle(s) of ${median(cycles.map((cycle) => cycle.polls))} polls (median shown); ${expected} changes, each emitted exactly once: ${lost === 0 ? 'yes' : 'NO'}; "failed items" counts events missed, repeated or unexpected`,
			],
		};
	});
}

/** Runs workload (d): the floor, then the trigger at Max Requests per Poll 100 and at its default. */
export async function runTriggerWorkload(
	fixture: SimFixture,
	rule: RateRule,
	log: (line: string) => void,
): Promise<TriggerWorkload> {
	log(`(d) Trigger over ${TRIGGER_DEVICES} devices, 1% changing between scan cycles`);
	fixture.shape({ devices: TRIGGER_DEVICES, rateLimit: rule });
	const floor = await scanFloor(fixture, rule);
	fixture.shape({ devices: TRIGGER_DEVICES, rateLimit: rule });
	const setup = {
		sim: fixture.sim,
		token: fixture.staticToken,
		requestsPerMinute: REQUESTS_PER_MINUTE,
		windowMs: WINDOW_MS,
		log,
	};
	const staticData: IDataObject = {};
	const random = new Random(20261121);
	const runs = [
		await runTrigger(setup, staticData, 100, TRIGGER_CHANGE_CYCLES, random),
		await runTrigger(setup, staticData, undefined, 1, random),
	];
	return { runs, floor, rows: triggerRows(runs, floor) };
}
