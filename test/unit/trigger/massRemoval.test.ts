/**
 * Real removals, one or all at once: each device is reported removed exactly once, and only on a
 * confirmation that does not rely on a listing: Device Details answering 404 (a device a complete
 * scan missed) or Status Change's deleted_devices (Status Changes mode). Device Details requests
 * count against Max Requests per Poll (B): while devices await them, a poll gives the scan at most
 * ⌊B/2⌋ requests and Device Details the rest, so R devices deleted at once are reported within
 * 2C + ⌈R / ⌈B/2⌉⌉ polls (C: polls a complete scan takes), with R Device Details requests.
 */
import type { IDataObject } from 'n8n-workflow';

import { deltaAge } from '../../../nodes/OpswatMetaAccess/trigger/delta';
import {
	deltaRequest,
	detailsRequest,
	hwidFor,
	makeDevices,
	pageRequests,
	range,
	removedItem,
} from './fleet';
import { askedAbout, plannedPolls } from './plan';
import { MODES, Rig, type Mode } from './rig';

let rig: Rig;
afterEach(() => rig?.dispose());

const summary = (items: IDataObject[] | null) =>
	(items ?? []).map(
		(item) =>
			`${String(item.event)} ${String(item.hwid)}${item.detected_by ? ` ${String(item.detected_by)}` : ''}`,
	);
/** The pages of a complete scan of `devices` devices (the last one short, or empty / 413). */
const pagesFor = (devices: number) => Math.floor(devices / 50) + 1;

/**
 * A fleet of `size` devices in `mode` (Status Changes: a scan due every poll, and deletions Status
 * Change does not list, so that only the scans and Device Details can find them), its baseline
 * done; `count` devices, spread evenly, then deleted. Polls until the plan of the documented rule
 * is done, checking each poll's requests; resolves to what was emitted and the polls it took.
 */
async function deleteAndPoll(mode: Mode, size: number, count: number, budget: number) {
	rig = Rig.inMode(mode, makeDevices(size), {
		events: ['deviceRemoved', 'newDevice', 'becameNonCompliant'],
		options: { maxRequestsPerPoll: budget },
	});
	rig.fleet.windowShowsDeletions = false;
	await rig.pollUntilScanComplete();
	rig.takeRequests();
	const all = rig.fleet.devices.map((device) => String(device.hwid));
	const gone = all.filter((_, index) => index % (size / count) === 0);
	for (const hwid of gone) rig.fleet.remove(hwid);
	const plan = plannedPolls({
		budget,
		scanPages: pagesFor(size - count),
		nextPage: 1,
		missing: [gone],
		order: all,
	});
	const emitted: string[] = [];
	for (const requests of plan) {
		emitted.push(...summary(await rig.poll()));
		expect(rig.takeRequests()).toEqual(requests);
	}
	const source = mode === 'statusChanges' ? ' deviceDetails' : '';
	expect(emitted).toEqual(askedAbout(plan).map((hwid) => `deviceRemoved ${hwid}${source}`));
	expect([...emitted].sort()).toEqual(gone.map((hwid) => `deviceRemoved ${hwid}${source}`).sort());
	// Nothing more: no device removed twice, none new.
	expect(await rig.pollTimes(2)).toEqual([]);
	expect(rig.prints.size).toBe(size - count);
	return plan.length;
}

describe('the item', () => {
	test('Device Removed: once a complete scan misses it and Device Details answers 404, with its last known values', async () => {
		rig = new Rig(makeDevices(3), { events: ['deviceRemoved'] });
		await rig.poll();
		rig.takeRequests();
		rig.fleet.remove(hwidFor(1));
		expect(await rig.poll()).toEqual([removedItem(hwidFor(1), rig.now)]);
		expect(rig.takeRequests()).toEqual([...pageRequests(1), detailsRequest(hwidFor(1))]);
		expect(await rig.poll()).toBeNull();
		expect(rig.takeRequests()).toEqual(pageRequests(1));
		expect(rig.state!.hwids).toEqual([hwidFor(0), hwidFor(2)]);
	});

	test('Device Removed with Simplify off gives the last known raw fields', async () => {
		rig = new Rig(makeDevices(3), { events: ['deviceRemoved'], simplify: false });
		await rig.poll();
		rig.fleet.remove(hwidFor(2));
		expect(await rig.poll()).toEqual([
			expect.objectContaining({
				event: 'deviceRemoved',
				hwid: hwidFor(2),
				device: { hwid: hwidFor(2), status: 0, critical_status: 0, active: 1 },
			}),
		]);
	});
});

/**
 * Full Scan mode deletes 1, 10, 500 and all of 1,000 devices; Status Changes mode, for deletions
 * Status Change does not list, 1 and 10 (the same rule from there on: 500 and all would only send
 * the same requests again, with a window beside each poll). Deletions Status Change lists: below.
 */
const DELETIONS: Array<[Mode, number]> = [
	['fullScan', 1],
	['fullScan', 10],
	['fullScan', 500],
	['fullScan', 1000],
	['statusChanges', 1],
	['statusChanges', 10],
];

describe('devices deleted at once, confirmed by Device Details', () => {
	test.each(DELETIONS)(
		'%s mode: %i of 1,000 devices deleted: each reported once, within the bound',
		async (mode, count) => {
			const budget = 8;
			const polls = await deleteAndPoll(mode, 1000, count, budget);
			const scan = Math.ceil(pagesFor(1000) / budget);
			expect(polls).toBeLessThanOrEqual(2 * scan + Math.ceil(count / Math.ceil(budget / 2)));
			process.stdout.write(`${mode}: ${count} of 1,000 deleted, reported within ${polls} polls\n`);
		},
		// About 1,100 requests for all 1,000: a guard against a hang, not a pass mark.
		600_000,
	);
});

describe.each(MODES)('%s mode', (mode) => {
	test.each([5, 12, 13])(
		'%i of 120 devices deleted at once (13 is more than 5 and more than 10%: a scan that falls short): each reported once, confirmed by Device Details',
		async (count) => {
			rig = Rig.inMode(mode, makeDevices(120), {
				events: ['becameNonCompliant', 'newDevice', 'deviceRemoved'],
			});
			rig.fleet.windowShowsDeletions = false;
			await rig.poll();
			rig.takeRequests();
			const all = rig.fleet.devices.map((device) => String(device.hwid));
			const gone = range(120 - count, 119).map((index) => hwidFor(index));
			for (const hwid of gone) rig.fleet.remove(hwid);
			const plan = plannedPolls({
				budget: 8,
				scanPages: 3,
				nextPage: 1,
				missing: [gone],
				order: all,
			});
			// The scan that misses them leaves 5 requests to Device Details; then 4 pages a poll at
			// most (the scan needs 3), and the rest to Device Details.
			expect(plan.map((requests) => requests.length)).toEqual(
				count === 5 ? [8] : count === 12 ? [8, 8, 5] : [8, 8, 6],
			);
			const emitted: string[] = [];
			for (const requests of plan) {
				emitted.push(
					...summary(await rig.poll()).map((line) => line.split(' ').slice(0, 2).join(' ')),
				);
				expect(rig.takeRequests()).toEqual(requests);
			}
			expect(emitted).toEqual(gone.map((hwid) => `deviceRemoved ${hwid}`));
			expect(await rig.pollTimes(3)).toEqual([]);
			expect(rig.prints.size).toBe(120 - count);
			expect(rig.state).toMatchObject({ listed: 120 - count, lastPage: 3, unconfirmed: false });
		},
	);
});

describe('Status Changes mode: deletions Status Change lists', () => {
	test.each([1, 10, 500, 1000])(
		'%i of 1,000 devices deleted at once: reported once by the windows (Max Requests per Poll − 1 pages a poll), no Device Details request',
		async (count) => {
			rig = new Rig(makeDevices(1000), {
				mode: 'statusChanges',
				fullScanEveryHours: 24,
				events: ['deviceRemoved'],
				options: { maxRequestsPerPoll: 25 },
			});
			await rig.poll(); // the baseline: 21 pages
			rig.takeRequests();
			rig.parameters = { ...rig.parameters, options: { maxRequestsPerPoll: 8 } };
			const gone = rig.fleet.devices
				.filter((_, index) => index % (1000 / count) === 0)
				.map((device) => String(device.hwid));
			for (const hwid of gone) rig.fleet.remove(hwid);
			// The window lists every deletion: ⌊count / 50⌋ + 1 pages, 7 a poll; a window read over
			// several polls resumes with the last page it read.
			const pages = Math.floor(count / 50) + 1;
			const emitted: string[] = [];
			let next = 1;
			let polls = 0;
			while (next <= pages) {
				const from = polls === 0 ? 1 : next - 1;
				const to = Math.min(pages, from + 6);
				const age = deltaAge(rig.state!.deltaAt!, rig.clock.time + rig.interval)!;
				emitted.push(...summary(await rig.poll()));
				expect(rig.takeRequests()).toEqual(range(from, to).map((page) => deltaRequest(age, page)));
				next = to + 1;
				polls++;
			}
			expect(emitted).toEqual(gone.map((hwid) => `deviceRemoved ${hwid} statusChange`));
			expect(polls).toBe(pages <= 7 ? 1 : 1 + Math.ceil((pages - 7) / 6));
			expect(rig.prints.size).toBe(1000 - count);
			expect(rig.state!.window).toBeUndefined();
		},
	);
});
