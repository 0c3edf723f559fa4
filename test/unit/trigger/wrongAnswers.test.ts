/**
 * Wrong answers of Get Devices (issue 14): one suspicious answer never becomes a mass of removals
 * and new devices (an empty page 1, a 413 on page 1, a page cut short, a scan that misses many
 * devices are held until the next complete scan confirms them); and a page that repeats the page
 * before it (the API ignoring `page`) fails the poll with the state kept.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { decodeFingerprint } from '../../../nodes/OpswatMetaAccess/trigger/state';
import { simplifyDevice } from '../../../nodes/OpswatMetaAccess/helpers/simplify';
import {
	DEFAULT_STATE,
	hwidFor,
	makeDevices,
	pageRequest,
	pageRequests,
	type RecordedRequest,
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

const JSON_HEADERS = { 'Content-Type': 'application/json' };
const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** The Get Devices page a request asks for (NaN for a Status Change request). */
const pageOf = (request: RecordedRequest) =>
	request.method === 'GET' ? Number(request.query.page ?? 1) : NaN;
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

	describe('a suspicious answer is confirmed before removals are reported', () => {
		test.each<[string, Reply]>([
			['200 []', { status: 200, body: [], headers: JSON_HEADERS }],
			['413', { status: 413 }],
		])(
			'page 1 answering %s in two consecutive scans: no removal, no new device, the state kept; changes made meanwhile are reported once',
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
				// Scan 2 lists no device: it falls short of scan 1 (120 devices): held, nothing judged.
				expect(
					((await rig.poll()) ?? []).map(
						(item) => `${String(item.event)} ${String(item.hwid)} ${String(item.detected_by)}`,
					),
				).toEqual(windowItems);
				expect(rig.takeRequests()).toEqual(pageRequests(1));
				expect(rig.state).toMatchObject({ cycles: 2, listed: 120, lastPage: 3, unconfirmed: true });
				expect(values()).toEqual(baseline);
				expect(suspects()).toBe(0);
				// Scan 3 lists none either: it confirms the drop; the 120 devices are only suspect.
				expect(await rig.poll()).toBeNull();
				expect(rig.takeRequests()).toEqual(pageRequests(1));
				expect(rig.state).toMatchObject({ cycles: 3, listed: 0, lastPage: 0, unconfirmed: false });
				expect(values()).toEqual(baseline);
				expect(suspects()).toBe(120);

				// The answers recover: the suspicions clear silently; the real change and the real
				// removal are reported, once each.
				wrong = false;
				const device60 = rig.fleet.device(hwidFor(60));
				const recovered = await rig.poll();
				const fromScan = mode === 'statusChanges' ? { detected_by: 'fullScan' } : {};
				expect(recovered).toEqual(
					[
						{
							event: 'becameNonCompliant',
							hwid: hwidFor(60),
							hostname: device60.hostname,
							previous: { status: 0, status_label: 'compliant' },
							current: { status: 1, status_label: 'non-compliant' },
							device: simplifyDevice(device60),
							seen_at: rig.now,
						},
						{
							event: 'deviceRemoved',
							hwid: hwidFor(118),
							hostname: null,
							previous: DEFAULT_STATE,
							current: null,
							device: {
								hwid: hwidFor(118),
								status: 0,
								status_label: 'compliant',
								critical_status: 0,
								critical_status_label: 'no critical issue',
								exempt: 0,
								exempt_label: 'not exempted',
								online: true,
							},
							seen_at: rig.now,
							...fromScan,
						},
					].filter((item) => mode === 'fullScan' || item.event === 'deviceRemoved'),
				);
				expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
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

		test('page 2 holding 49 devices instead of 50 in two consecutive scans (160 devices): no removal, no new device', async () => {
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
			// The short page 2 ends each walk: 61 devices missed (device 70, pages 3 and 4).
			expect(await rig.poll()).toBeNull();
			expect(rig.state).toMatchObject({ cycles: 2, listed: 160, lastPage: 4, unconfirmed: true });
			expect(suspects()).toBe(0);
			expect(await rig.poll()).toBeNull();
			expect(rig.state).toMatchObject({ cycles: 3, listed: 99, lastPage: 2, unconfirmed: false });
			expect(suspects()).toBe(61);
			expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 1, 2));
			wrong = false;
			expect(await rig.pollTimes(3)).toEqual([]);
			expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4));
			expect(values()).toEqual(baseline);
			expect(suspects()).toBe(0);
			expect(rig.state).toMatchObject({ listed: 160, lastPage: 4, unconfirmed: false });
		});

		test('a page cut short before the last page the last scan saw falls short even when it misses under 10% (1,000 devices, page 19 of 20 holding 49)', async () => {
			start(makeDevices(1000), { ...params, options: { maxRequestsPerPoll: 25 } });
			await rig.poll();
			rig.takeRequests();
			const baseline = values();
			let wrong = true;
			rig.fleet.fault = (request) =>
				wrong && pageOf(request) === 19
					? { status: 200, body: rig.fleet.devices.slice(900, 949), headers: JSON_HEADERS }
					: undefined;
			// 51 devices missed (device 949 and page 20): 5.1% of 1,000, but the walk ended on page 19
			// where the last scan saw devices up to page 20.
			expect(await rig.poll()).toBeNull();
			expect(rig.state).toMatchObject({ cycles: 2, listed: 1000, lastPage: 20, unconfirmed: true });
			expect(await rig.poll()).toBeNull();
			expect(suspects()).toBe(51);
			expect(rig.takeRequests()).toEqual(pageRequests(...range(1, 19), ...range(1, 19)));
			wrong = false;
			expect(await rig.pollTimes(2)).toEqual([]);
			expect(rig.takeRequests()).toEqual(pageRequests(...range(1, 21), ...range(1, 21)));
			expect(values()).toEqual(baseline);
			expect(suspects()).toBe(0);
		});

		test.each([
			[5, 'ordinary: removed by the 2nd scan that misses them', 3],
			[12, 'ordinary: 10% of 120 is not more than 10%', 3],
			[13, 'more than 5 and more than 10%: held, confirmed, removed one scan later', 4],
		])(
			'%i of 120 devices really removed at once (%s): reported once',
			async (count, _rule, reportedByScan) => {
				start(makeDevices(120), params);
				await rig.poll();
				const gone = range(120 - count, 119).map((index) => hwidFor(index));
				for (const hwid of gone) rig.fleet.remove(hwid);
				const byScan: string[][] = [];
				for (let scan = 2; scan <= 6; scan++) {
					byScan.push(((await rig.poll()) ?? []).map((item) => `${item.event} ${item.hwid}`));
				}
				expect(byScan).toEqual(
					range(2, 6).map((scan) =>
						scan === reportedByScan ? gone.map((hwid) => `deviceRemoved ${hwid}`) : [],
					),
				);
				expect(rig.takeRequests()).toEqual(pageRequests(...Array(6).fill([1, 2, 3]).flat()));
				expect(rig.prints.size).toBe(120 - count);
			},
		);
	});

	describe('a page that repeats the page before it', () => {
		const ignorePage = (request: RecordedRequest): Reply | undefined =>
			pageOf(request) > 1
				? { status: 200, body: rig.fleet.devices.slice(0, 50), headers: JSON_HEADERS }
				: undefined;

		test('the API ignores page: the poll fails after page 2 with what the API did; nothing emitted, the stored state unchanged', async () => {
			start(makeDevices(120), params);
			await rig.poll();
			rig.takeRequests();
			rig.fleet.update(hwidFor(10), { status: 1 });
			rig.fleet.fault = ignorePage;
			const before = JSON.stringify(rig.staticData);
			for (let poll = 0; poll < 2; poll++) {
				const failure = await rig.poll().then(
					() => undefined,
					(error: unknown) => error,
				);
				expect(failure).toBeInstanceOf(NodeApiError);
				expect((failure as NodeApiError).message).toBe(
					'MetaAccess answered page 2 of Get Devices with the same 50 devices as page 1: the API ignored the page parameter; stopped after 2 requests',
				);
				expect((failure as NodeApiError).description).toBe(
					`Listing further pages would only repeat these devices. Check that the Base URL of the credential points to the MetaAccess cloud, not a proxy that drops the page parameter, then try again. Nothing was recorded from this poll: the next poll ${mode === 'fullScan' ? '' : `asks again for the changes since ${new Date(rig.state!.deltaAt!).toISOString()} and `}scans again from page 1, so no change is lost or reported twice.`,
				);
				expect(rig.takeRequests()).toEqual(pageRequests(1, 2));
				expect(JSON.stringify(rig.staticData)).toBe(before);
			}
			// The API answers again as documented: the change is reported, once.
			rig.fleet.fault = undefined;
			expect((await rig.poll())?.map((item) => `${item.event} ${item.hwid}`)).toEqual([
				`becameNonCompliant ${hwidFor(10)}`,
			]);
			expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
		});

		test('the same devices in another order are the same page', async () => {
			start(makeDevices(120), params);
			rig.fleet.fault = (request) =>
				pageOf(request) > 1
					? {
							status: 200,
							body: rig.fleet.devices.slice(0, 50).reverse(),
							headers: JSON_HEADERS,
						}
					: undefined;
			await expect(rig.poll()).rejects.toThrow(
				'MetaAccess answered page 2 of Get Devices with the same 50 devices as page 1: the API ignored the page parameter; stopped after 2 requests',
			);
			expect(rig.takeRequests()).toEqual(pageRequests(1, 2));
			// No baseline was stored: the static data n8n made for the node is still empty.
			expect(rig.state).toEqual({});
		});

		test('across two polls (Max Requests per Poll 1): page 2 is checked against page 1 of the poll before', async () => {
			start(makeDevices(120), { ...params, options: { maxRequestsPerPoll: 1 } });
			await rig.pollTimes(3); // the baseline, one page a poll
			expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
			rig.fleet.fault = ignorePage;
			expect(await rig.poll()).toBeNull(); // page 1
			expect(rig.state).toMatchObject({ cycles: 1, nextPage: 2, pageKey: expect.any(String) });
			const before = JSON.stringify(rig.staticData);
			await expect(rig.poll()).rejects.toThrow(
				'MetaAccess answered page 2 of Get Devices with the same 50 devices as page 1: the API ignored the page parameter; stopped after 1 request',
			);
			expect(rig.takeRequests()).toEqual([pageRequest(1), pageRequest(2)]);
			expect(JSON.stringify(rig.staticData)).toBe(before);
		});
	});
});
