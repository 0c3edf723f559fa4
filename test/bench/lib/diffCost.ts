/**
 * Inside the trigger: what detecting changes costs, with the pure functions the trigger runs
 * (`FleetScan` over pages, `readState` / `writeState` through `save()`), no n8n and no HTTP.
 *
 * One measured run = what a poll cycle does with the fleet's pages: read the stored state (as n8n
 * hands back static data, a plain JSON object), feed 2,000 pages of 50 devices (100,000 devices,
 * 1% of them changed since the saved state), complete the scan, write the state to store.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

import { FleetScan } from '../../../nodes/OpswatMetaAccess/trigger/diff';
import type { ApiDevice, DiffOptions } from '../../../nodes/OpswatMetaAccess/trigger/events';
import { generateFleet, listedDevice } from '../../simulator';
import { median, PAGE_SIZE } from './floor';

export interface DiffCostResult {
	devices: number;
	pages: number;
	changedDevices: number;
	changesReported: number;
	runs: number;
	/** process.cpuUsage (user + system) of each measured run, ms. */
	cpuMs: number[];
	/** Growth of process.memoryUsage().heapUsed during each run (no collection in between), MB. */
	heapGrowthMb: number[];
	medianCpuMs: number;
	medianHeapGrowthMb: number;
	/** Static data bytes (JSON) per device, at each fleet size measured. */
	stateBytes: Array<{
		devices: number;
		bytes: number;
		bytesPerDevice: number;
		hwid16: number;
		hwid32: number;
	}>;
	/** Whether a change was missed or reported twice. */
	problems: string[];
}

/** A full collection, when the flag can be set at run time (it can in Node 20). */
function collector(): () => void {
	try {
		setFlagsFromString('--expose-gc');
		const gc = runInNewContext('gc') as () => void;
		return () => {
			gc();
			gc();
		};
	} catch {
		return () => undefined;
	}
}

const EVENTS: DiffOptions['events'] = [
	'complianceStatusChanged',
	'criticalStatusChanged',
	'wentOffline',
	'cameOnline',
	'exemptionChanged',
	'newDevice',
	'deviceRemoved',
];

function pagesOf(devices: ApiDevice[]): ApiDevice[][] {
	const pages: ApiDevice[][] = [];
	for (let start = 0; start < devices.length; start += PAGE_SIZE)
		pages.push(devices.slice(start, start + PAGE_SIZE));
	// The scan ends on a short page; a fleet that fills its last page ends on an empty one (a 413).
	if (devices.length % PAGE_SIZE === 0) pages.push([]);
	return pages;
}

/** One complete scan over the pages from a stored state: the changes and the state to store. */
function scanAll(stored: unknown, pages: ApiDevice[][], at: number) {
	const scan = new FleetScan(stored, { events: EVENTS });
	const changes: ReturnType<FleetScan['addPage']> = [];
	for (const page of pages) scan.addPage(page, at, changes);
	scan.complete();
	return { changes, state: scan.save() };
}

/** Static data of a steady-state fleet (two complete scans), as n8n stores it (JSON). */
function stateOf(devices: ApiDevice[]): string {
	const pages = pagesOf(devices);
	const baseline = scanAll(undefined, pages, 1).state;
	return JSON.stringify(scanAll(JSON.parse(JSON.stringify(baseline)), pages, 2).state);
}

export function measureDiffCost(
	log: (line: string) => void,
	devicesCount = 100_000,
	runs = 7,
): DiffCostResult {
	const gc = collector();
	const problems: string[] = [];
	log(
		`  generating ${devicesCount.toLocaleString('en-US')} listed devices (the simulator's generator, seed 1)`,
	);
	const devices = generateFleet(1, devicesCount).map((device) => listedDevice(device) as ApiDevice);

	const stateBytes: DiffCostResult['stateBytes'] = [];
	for (const size of [10_000, devicesCount]) {
		const subset = devices.slice(0, size);
		const json = stateOf(subset);
		const hwid16 = subset.filter((device) => String(device.hwid).length === 16).length;
		stateBytes.push({
			devices: size,
			bytes: Buffer.byteLength(json),
			bytesPerDevice: Buffer.byteLength(json) / size,
			hwid16,
			hwid32: subset.length - hwid16,
		});
	}

	// The saved state: the fleet as two complete scans left it (steady state, cycles 2).
	const stored = JSON.parse(stateOf(devices)) as unknown;
	// 1% of the devices change between the saved state and the scan measured: status 0 ↔ 1, spread evenly.
	const changed = new Set<string>();
	const step = 100;
	const current = devices.map((device, index) => {
		if (index % step !== 0) return device;
		changed.add(String(device.hwid));
		return { ...device, status: device.status === 1 ? 0 : 1 };
	});
	const pages = pagesOf(current);

	const check = (changes: ReturnType<FleetScan['addPage']>) => {
		const seen = new Map<string, number>();
		for (const change of changes) seen.set(change.hwid, (seen.get(change.hwid) ?? 0) + 1);
		const missing = [...changed].filter((hwid) => !seen.has(hwid)).length;
		const twice = [...seen.values()].filter((count) => count > 1).length;
		const extra = [...seen.keys()].filter((hwid) => !changed.has(hwid)).length;
		if (missing || twice || extra)
			problems.push(
				`diff of ${devicesCount} devices: ${missing} changes missed, ${twice} reported twice, ${extra} not changed but reported`,
			);
		return changes.length;
	};

	// Warm-up: let V8 optimise the scan before measuring.
	for (let i = 0; i < 3; i++) check(scanAll(stored, pages, 3).changes);

	const cpuMs: number[] = [];
	const heapGrowthMb: number[] = [];
	let changesReported = 0;
	for (let run = 0; run < runs; run++) {
		gc();
		const heapBefore = process.memoryUsage().heapUsed;
		const cpuBefore = process.cpuUsage();
		const result = scanAll(stored, pages, 3);
		const cpu = process.cpuUsage(cpuBefore);
		const heapAfter = process.memoryUsage().heapUsed;
		changesReported = check(result.changes);
		cpuMs.push((cpu.user + cpu.system) / 1000);
		heapGrowthMb.push((heapAfter - heapBefore) / 1e6);
		if (result.state.cycles !== 3) problems.push('diff: the measured scan did not complete');
	}
	return {
		devices: devicesCount,
		pages: pages.length,
		changedDevices: changed.size,
		changesReported,
		runs,
		cpuMs,
		heapGrowthMb,
		medianCpuMs: median(cpuMs),
		medianHeapGrowthMb: median(heapGrowthMb),
		stateBytes,
		problems,
	};
}
