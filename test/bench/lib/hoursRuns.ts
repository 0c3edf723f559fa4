/**
 * The runs of workload (d) over hours, in virtual time: each way of the polling trigger at 10,000
 * and 100,000 devices, 1% of the fleet changing per hour.
 */
import type { IDataObject } from 'n8n-workflow';

import { HOURS_SEED } from './settings';
import { fleetHoursConsole } from './fleetHoursReport';
import { runFleetHours, type FleetHoursResult, type ModeRun } from './fleetHours';

/** n8n keeps a node's static data under `node:<node name>` of the workflow's static data. */
const NODE_STATE_KEY = 'node:OPSWAT MetaAccess Trigger';

const completedScans = (staticData: IDataObject): number => {
	const state = staticData[NODE_STATE_KEY] as IDataObject | undefined;
	return typeof state?.cycles === 'number' ? state.cycles : 0;
};

const EVENTS = ['complianceStatusChanged'];

/** Full scan at the node's defaults (8 requests a poll); the baseline at 100 a poll, to spend fewer polls. */
export const FULL_SCAN: ModeRun = {
	kind: 'full',
	label: 'full scan (defaults: 8 requests a poll)',
	parameters: { events: EVENTS, simplify: true, options: {} },
	baselineParameters: { events: EVENTS, simplify: true, options: { maxRequestsPerPoll: 100 } },
	baselineDone: (staticData) => completedScans(staticData) >= 1,
};

/** Status Changes mode at its defaults (a full scan every 24 hours, 8 requests a poll); the baseline at 100 a poll. */
export const DELTA: ModeRun = {
	kind: 'delta',
	label: 'delta (Status Changes, full scan every 24 h)',
	parameters: { mode: 'statusChanges', events: EVENTS, simplify: true, options: {} },
	baselineParameters: {
		mode: 'statusChanges',
		events: EVENTS,
		simplify: true,
		options: { maxRequestsPerPoll: 100 },
	},
	baselineDone: (staticData) => completedScans(staticData) >= 1,
};

export interface HoursPlan {
	devices: number;
	mode: ModeRun;
	changeHours: number;
	drainHours: number;
	minMeasuredHours?: number;
	rateHours?: number;
	amortizedFullScanHours?: number;
}

export const HOURS_PLANS: HoursPlan[] = [
	// A complete scan of 201 pages takes 26 polls: one hour of changes, then until each is seen.
	{ devices: 10_000, mode: FULL_SCAN, changeHours: 1, drainHours: 2 },
	// 2,001 pages take 251 polls (4.2 h): one hour of changes, then one complete scan past the last.
	{ devices: 100_000, mode: FULL_SCAN, changeHours: 1, drainHours: 6 },
	// Changes all day; requests counted over 25 hours of polls, which hold exactly one whole
	// scheduled full scan (due 24 h after the baseline scan began, 29 polls of 7 pages).
	{
		devices: 10_000,
		mode: DELTA,
		changeHours: 25,
		drainHours: 1,
		minMeasuredHours: 25,
		rateHours: 25,
	},
	// 1,440 polls over 100,000 fingerprints each would take minutes of CPU: one hour of changes,
	// the daily full scan's pages added spread over its period.
	{ devices: 100_000, mode: DELTA, changeHours: 1, drainHours: 1, amortizedFullScanHours: 24 },
];

export async function runHours(
	plans: HoursPlan[],
	log: (line: string) => void,
): Promise<FleetHoursResult[]> {
	const results: FleetHoursResult[] = [];
	for (const plan of plans) {
		log(
			`(d) over hours, virtual time: ${plan.devices.toLocaleString('en-US')} devices, ${plan.mode.label}, 1% changing per hour`,
		);
		const result = await runFleetHours({ ...plan, seed: HOURS_SEED + plan.devices, log });
		log(fleetHoursConsole(result));
		results.push(result);
	}
	return results;
}
