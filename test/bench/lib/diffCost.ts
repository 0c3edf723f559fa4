/**
 * Inside the trigger: what detecting changes costs the trigger node itself. The package's trigger
 * node (its public class) polls through n8n-core's PollContext (test/harness/poll.ts) on a virtual
 * clock (the rate limit's waits take no time), and its requests are answered from memory, pages
 * built beforehand: no network, no n8n HTTP machinery, no simulator in the figure.
 *
 * One measured run = one complete scan of 100,000 devices (2,001 pages of 50, the last one empty;
 * Max Requests per Poll 100, so 21 polls) against the state two complete scans left (steady
 * state), 1% of the devices changed since: the stored state read, each page checked and compared,
 * the changes emitted as items, the state written back.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';

import type { IDataObject, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { activate } from '../../harness/poll';
import { VirtualClock } from '../../harness/virtualClock';
import { generateFleet, listedDevice } from '../../simulator';
import { median, PAGE_SIZE } from './floor';

export interface DiffCostResult {
	devices: number;
	pages: number;
	/** Polls of one complete scan. */
	polls: number;
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

const PARAMETERS = {
	events: [
		'complianceStatusChanged',
		'criticalStatusChanged',
		'wentOffline',
		'cameOnline',
		'exemptionChanged',
		'newDevice',
		'deviceRemoved',
	],
	simplify: true,
	options: { maxRequestsPerPoll: 100 },
};

/** n8n keeps a node's static data under `node:<node name>` of the workflow's static data. */
const NODE_STATE_KEY = 'node:OPSWAT MetaAccess Trigger';

type Device = Record<string, unknown>;

function pagesOf(devices: Device[]): Device[][] {
	const pages: Device[][] = [];
	for (let start = 0; start < devices.length; start += PAGE_SIZE)
		pages.push(devices.slice(start, start + PAGE_SIZE));
	// The scan ends on a short page; a fleet that fills its last page ends on an empty one (a 413).
	if (devices.length % PAGE_SIZE === 0) pages.push([]);
	return pages;
}

/** Get Devices answered from memory: the page asked for, or a 413 past the last one. */
function pageServer(pages: Device[][]) {
	return (request: IHttpRequestOptions): IN8nHttpFullResponse => {
		const page = Number((request.qs as IDataObject | undefined)?.page ?? 1);
		if (!request.url.endsWith('/o/api/v2.3/devices'))
			throw new Error(`The measured scan sent ${request.method} ${request.url}`);
		const body =
			page <= pages.length
				? pages[page - 1]
				: { error: 'invalid_request', error_description: 'Requested page number exceeds limit' };
		return { statusCode: page <= pages.length ? 200 : 413, headers: {}, body };
	};
}

const completedScans = (staticData: IDataObject) =>
	Number((staticData[NODE_STATE_KEY] as IDataObject | undefined)?.cycles ?? 0);

/** Polls until one more complete scan is recorded: the hwids emitted and the polls it took. */
async function scanOnce(staticData: IDataObject, pages: Device[][]) {
	const before = completedScans(staticData);
	const trigger = activate({
		parameters: PARAMETERS,
		staticData,
		roundTrip: false,
		respond: pageServer(pages),
	});
	const emitted: string[] = [];
	let polls = 0;
	while (completedScans(staticData) === before) {
		if (++polls > pages.length) throw new Error('the trigger never completed a scan');
		for (const item of (await trigger.poll()) ?? []) emitted.push(String(item.json.hwid));
	}
	return { emitted, polls };
}

/** Static data of a steady-state fleet (two complete scans). */
async function steadyState(devices: Device[]): Promise<IDataObject> {
	const staticData: IDataObject = {};
	const pages = pagesOf(devices);
	await scanOnce(staticData, pages);
	await scanOnce(staticData, pages);
	return staticData;
}

export async function measureDiffCost(
	log: (line: string) => void,
	devicesCount = 100_000,
	runs = 7,
): Promise<DiffCostResult> {
	const gc = collector();
	const problems: string[] = [];
	log(
		`  generating ${devicesCount.toLocaleString('en-US')} listed devices (the simulator's generator, seed 1)`,
	);
	const devices = generateFleet(1, devicesCount).map((device) => listedDevice(device) as Device);
	const clock = new VirtualClock().install();
	try {
		const stateBytes: DiffCostResult['stateBytes'] = [];
		let stored: IDataObject = {};
		for (const size of [10_000, devicesCount]) {
			const subset = devices.slice(0, size);
			stored = await steadyState(subset);
			const bytes = Buffer.byteLength(JSON.stringify(stored[NODE_STATE_KEY]));
			const hwid16 = subset.filter((device) => String(device.hwid).length === 16).length;
			stateBytes.push({
				devices: size,
				bytes,
				bytesPerDevice: bytes / size,
				hwid16,
				hwid32: subset.length - hwid16,
			});
		}
		// 1% of the devices change after the saved state: status 0 ↔ 1, spread evenly.
		const changed = new Set<string>();
		const current = devices.map((device, index) => {
			if (index % 100 !== 0) return device;
			changed.add(String(device.hwid));
			return { ...device, status: device.status === 1 ? 0 : 1 };
		});
		const pages = pagesOf(current);
		const saved = JSON.stringify(stored);

		const check = (emitted: string[]) => {
			const seen = new Map<string, number>();
			for (const hwid of emitted) seen.set(hwid, (seen.get(hwid) ?? 0) + 1);
			const missing = [...changed].filter((hwid) => !seen.has(hwid)).length;
			const twice = [...seen.values()].filter((count) => count > 1).length;
			const extra = [...seen.keys()].filter((hwid) => !changed.has(hwid)).length;
			if (missing || twice || extra)
				problems.push(
					`diff of ${devicesCount} devices: ${missing} changes missed, ${twice} reported twice, ${extra} not changed but reported`,
				);
			return emitted.length;
		};

		// Warm-up: let V8 optimise the scan before measuring.
		for (let i = 0; i < 3; i++) check((await scanOnce(JSON.parse(saved), pages)).emitted);

		const cpuMs: number[] = [];
		const heapGrowthMb: number[] = [];
		let changesReported = 0;
		let polls = 0;
		for (let run = 0; run < runs; run++) {
			const staticData = JSON.parse(saved) as IDataObject;
			gc();
			const heapBefore = process.memoryUsage().heapUsed;
			const cpuBefore = process.cpuUsage();
			const result = await scanOnce(staticData, pages);
			const cpu = process.cpuUsage(cpuBefore);
			const heapAfter = process.memoryUsage().heapUsed;
			changesReported = check(result.emitted);
			polls = result.polls;
			cpuMs.push((cpu.user + cpu.system) / 1000);
			heapGrowthMb.push((heapAfter - heapBefore) / 1e6);
		}
		return {
			devices: devicesCount,
			pages: pages.length,
			polls,
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
	} finally {
		clock.uninstall();
	}
}
