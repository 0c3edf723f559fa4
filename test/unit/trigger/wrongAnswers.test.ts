/**
 * Wrong answers of Get Devices: no number of suspicious scans in a row (page 1 empty or 413, far
 * fewer devices than the last complete scan, a page cut short in the middle) reports a removal or,
 * once the answers recover, a new device. A device a scan missed is removed only when Device
 * Details answers 404 for it; the first missed device Device Details still finds after a scan that
 * fell short clears that scan's misses (one request a wrong scan).
 */
import type { IDataObject } from 'n8n-workflow';

import { decodeFingerprint } from '../../../nodes/OpswatMetaAccess/trigger/state';
import { flattenDevice } from '../../../nodes/OpswatMetaAccess/helpers/simplify';
import {
	detailsRequest,
	hwidFor,
	JSON_HEADERS,
	makeDevices,
	pageOf,
	pageRequests,
	range,
	removedItem,
	type Reply,
} from './fleet';
import { MODES, Rig, type Mode, type TriggerParameters } from './rig';

let rig: Rig;
let mode: Mode = 'fullScan';

/**
 * A rig in the mode under test. In Status Changes mode, removals are left out of Status Change
 * (as for devices the API does not count as deleted): only the scans' removal rule sees them.
 */
function start(devices: IDataObject[], parameters: TriggerParameters) {
	rig = Rig.inMode(mode, devices, parameters);
	rig.fleet.windowShowsDeletions = false;
	return rig;
}

afterEach(() => rig?.dispose());

const SUSPECT = 2;

/** The watched values of every device the state holds, by hwid (flags aside). */
function values() {
	return Object.fromEntries(
		[...rig.prints].map(([hwid, print]) => [hwid, decodeFingerprint(print)]),
	);
}

function suspects(): number {
	return [...rig.prints.values()].filter((print) => (Number(print) & SUSPECT) === SUSPECT).length;
}

const params: TriggerParameters = { events: ['becameNonCompliant', 'newDevice', 'deviceRemoved'] };

describe.each(MODES)('%s mode', (runMode) => {
	beforeEach(() => {
		mode = runMode;
	});

	describe('a suspicious scan costs one Device Details request and reports nothing', () => {
		test.each<[string, Reply]>([
			['200 []', { status: 200, body: [], headers: JSON_HEADERS }],
			['413', { status: 413 }],
		])(
			'page 1 answering %s in two consecutive scans: Device Details finds the first device each time, no removal, no new device; changes made meanwhile are reported once',
			async (_name, reply) => {
				start(makeDevices(120), params);
				await rig.poll();
				rig.takeRequests();
				const baseline = values();
				let wrong = true;
				rig.fleet.fault = (request) => (wrong && pageOf(request) === 1 ? reply : undefined);
				// Real changes while the answers are wrong: one on page 2, one removal on page 3.
				rig.fleet.update(hwidFor(60), { status: 1 });
				rig.fleet.remove(hwidFor(118));

				// Status Changes mode: the window of the next poll reports the change at once (Status
				// Change answers right), and the scans' wrong answers do not touch it.
				const windowItems =
					mode === 'statusChanges' ? [`becameNonCompliant ${hwidFor(60)} statusChange`] : [];
				if (mode === 'statusChanges')
					baseline[hwidFor(60)] = { ...baseline[hwidFor(60)], status: 1 };
				// Scan 2 lists no device: it falls short of scan 1 (120 devices); Device Details finds
				// the first device it missed: the listing was wrong, every suspicion is cleared.
				expect(
					((await rig.poll()) ?? []).map(
						(item) => `${String(item.event)} ${String(item.hwid)} ${String(item.detected_by)}`,
					),
				).toEqual(windowItems);
				expect(rig.takeRequests()).toEqual([...pageRequests(1), detailsRequest(hwidFor(0))]);
				expect(rig.state).toMatchObject({
					cycles: 2,
					listed: 120,
					lastPage: 3,
					unconfirmed: false,
				});
				expect(values()).toEqual(baseline);
				expect(suspects()).toBe(0);
				// Scan 3 lists none either: the same.
				expect(await rig.poll()).toBeNull();
				expect(rig.takeRequests()).toEqual([...pageRequests(1), detailsRequest(hwidFor(0))]);
				expect(rig.state).toMatchObject({
					cycles: 3,
					listed: 120,
					lastPage: 3,
					unconfirmed: false,
				});
				expect(values()).toEqual(baseline);
				expect(suspects()).toBe(0);

				// The answers recover: the real change is reported, and the real removal once
				// Device Details answers 404 for it.
				wrong = false;
				const device60 = rig.fleet.device(hwidFor(60));
				const recovered = await rig.poll();
				const fromDetails = mode === 'statusChanges' ? { detected_by: 'deviceDetails' } : {};
				expect(recovered).toEqual(
					[
						{
							event: 'becameNonCompliant',
							hwid: hwidFor(60),
							hostname: device60.hostname,
							previous: { status: 0, status_label: 'compliant' },
							current: { status: 1, status_label: 'non-compliant' },
							device: flattenDevice(device60),
							seen_at: rig.now,
						},
						{ ...removedItem(hwidFor(118), rig.now), ...fromDetails },
					].filter((item) => mode === 'fullScan' || item.event === 'deviceRemoved'),
				);
				expect(rig.takeRequests()).toEqual([
					...pageRequests(1, 2, 3),
					detailsRequest(hwidFor(118)),
				]);
				expect(await rig.pollTimes(3)).toEqual([]);
				expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3, 1, 2, 3, 1, 2, 3));
				expect([...rig.prints.keys()]).toEqual(
					range(0, 119)
						.filter((index) => index !== 118)
						.map((index) => hwidFor(index)),
				);
				expect(suspects()).toBe(0);
			},
		);

		test('page 2 holding 49 devices instead of 50 in two consecutive scans (160 devices): one Device Details request each, no removal, no new device', async () => {
			start(makeDevices(160), params);
			await rig.poll();
			rig.takeRequests();
			const baseline = values();
			let wrong = true;
			rig.fleet.fault = (request) =>
				wrong && pageOf(request) === 2
					? {
							status: 200,
							body: rig.fleet.devices
								.slice(50, 100)
								.filter((device) => device.hwid !== hwidFor(70)),
							headers: JSON_HEADERS,
						}
					: undefined;
			// The short page 2 ends each walk: 61 devices missed (device 70, pages 3 and 4); Device
			// Details finds device 70, which clears them all.
			for (let scan = 2; scan <= 3; scan++) {
				expect(await rig.poll()).toBeNull();
				expect(rig.state).toMatchObject({ cycles: scan, listed: 160, lastPage: 4 });
				expect(rig.state).toMatchObject({ unconfirmed: false });
				expect(suspects()).toBe(0);
				expect(rig.takeRequests()).toEqual([...pageRequests(1, 2), detailsRequest(hwidFor(70))]);
			}
			wrong = false;
			expect(await rig.pollTimes(3)).toEqual([]);
			expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4));
			expect(values()).toEqual(baseline);
			expect(suspects()).toBe(0);
			expect(rig.state).toMatchObject({ listed: 160, lastPage: 4, unconfirmed: false });
		});
	});

	describe('3, 5 and 10 suspicious scans in a row on 1,000 devices: no removal, and no new device once the answers recover', () => {
		const fleetPage = (from: number, count: number): Reply => ({
			status: 200,
			body: rig.fleet.devices.slice(from, from + count),
			headers: JSON_HEADERS,
		});
		/** Each kind: the wrong answer, the pages a wrong scan asks for, the first device it misses. */
		const KINDS: Record<string, [(page: number) => Reply | undefined, number[], number]> = {
			'page 1 answering 200 []': [
				(page) => (page === 1 ? { status: 200, body: [], headers: JSON_HEADERS } : undefined),
				[1],
				0,
			],
			'page 1 answering 413': [(page) => (page === 1 ? { status: 413 } : undefined), [1], 0],
			'far fewer devices (the list ends after 300)': [
				(page) => (page >= 7 ? { status: 413 } : undefined),
				range(1, 7),
				300,
			],
			'a page cut short in the middle (page 10 holding 49)': [
				(page) => (page === 10 ? fleetPage(450, 49) : undefined),
				range(1, 10),
				499,
			],
			// 51 devices missed (device 949 and page 20): 5.1% of 1,000, but the walk ended on page
			// 19 where the last scan saw devices up to page 20.
			'page 19 of 20 holding 49 (under 10% missed)': [
				(page) => (page === 19 ? fleetPage(900, 49) : undefined),
				range(1, 19),
				949,
			],
		};
		test.each(Object.keys(KINDS))(
			'%s: 10 scans in a row, the answers recovering after the 3rd, the 5th or the 10th',
			async (kind) => {
				const [answer, pages, first] = KINDS[kind];
				start(makeDevices(1000), {
					events: ['becameNonCompliant', 'newDevice', 'deviceRemoved', 'cameOnline'],
					options: { maxRequestsPerPoll: 25 },
				});
				await rig.poll();
				rig.takeRequests();
				const baseline = values();
				rig.fleet.fault = (request) => answer(pageOf(request));
				const after = new Map<number, string>();
				for (let scan = 1; scan <= 10; scan++) {
					// One poll a scan: its pages, then Device Details for the first device it missed,
					// which MetaAccess still has: every suspicion is cleared, nothing is reported.
					expect(await rig.poll()).toBeNull();
					expect(rig.takeRequests()).toEqual([
						...pageRequests(...pages),
						detailsRequest(hwidFor(first)),
					]);
					expect(rig.state).toMatchObject({ listed: 1000, lastPage: 20, unconfirmed: false });
					expect(suspects()).toBe(0);
					if ([3, 5, 10].includes(scan)) after.set(scan, JSON.stringify(rig.staticData));
				}
				// From the state each of those scans left, the answers recover: one complete scan,
				// nothing reported (no removal, no new device), nothing left to confirm.
				rig.fleet.fault = undefined;
				for (const [, stored] of after) {
					for (const key of Object.keys(rig.staticData)) delete rig.staticData[key];
					Object.assign(rig.staticData, JSON.parse(stored) as IDataObject);
					expect(await rig.poll()).toBeNull();
					expect(rig.takeRequests()).toEqual(pageRequests(...range(1, 21)));
					expect(values()).toEqual(baseline);
					expect(suspects()).toBe(0);
					expect(rig.prints.size).toBe(1000);
				}
			},
		);
	});
});
