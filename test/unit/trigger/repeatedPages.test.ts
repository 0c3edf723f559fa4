/**
 * Full scans against pages that never end: a page that repeats any earlier page of the scan (the
 * page before it, or one fetched by an earlier poll of the same scan) fails the poll with an error
 * saying what the API did, and keeps the stored state; pages that are always new are fetched at
 * Max Requests per Poll a poll, the scan resuming from its cursor. Both modes.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	hwidFor,
	JSON_HEADERS,
	makeDevices,
	pageOf,
	pageRequest,
	pageRequests,
	range,
	type RecordedRequest,
	type Reply,
} from './fleet';
import { MODES, Rig, type Mode, type TriggerParameters } from './rig';

let rig: Rig;
let mode: Mode = 'fullScan';

function start(devices: IDataObject[], parameters: TriggerParameters) {
	rig = Rig.inMode(mode, devices, parameters);
	return rig;
}

afterEach(() => rig?.dispose());

const failureOf = (poll: Promise<unknown>) =>
	poll.then(
		() => undefined,
		(error: unknown) => error,
	);

const params: TriggerParameters = { events: ['becameNonCompliant', 'newDevice', 'deviceRemoved'] };

describe.each(MODES)('%s mode', (runMode) => {
	beforeEach(() => {
		mode = runMode;
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
			expect(rig.state).toMatchObject({ cycles: 1, nextPage: 2, pageKeys: [expect.any(String)] });
			const before = JSON.stringify(rig.staticData);
			await expect(rig.poll()).rejects.toThrow(
				'MetaAccess answered page 2 of Get Devices with the same 50 devices as page 1: the API ignored the page parameter; stopped after 1 request',
			);
			expect(rig.takeRequests()).toEqual([pageRequest(1), pageRequest(2)]);
			expect(JSON.stringify(rig.staticData)).toBe(before);
		});
	});

	describe('a page that repeats an earlier page of the scan', () => {
		const nothingRecorded = (page: number) =>
			`Nothing was recorded from this poll: the next poll ${mode === 'fullScan' ? '' : `asks again for the changes since ${new Date(rig.state!.deltaAt!).toISOString()} and `}scans again from page ${page}, so no change is lost or reported twice.`;

		test('pages alternating A, B, A…: page 3 repeats page 1; the poll fails, the state is kept, every poll alike', async () => {
			start(makeDevices(200), params);
			await rig.poll();
			rig.takeRequests();
			rig.fleet.fault = (request) =>
				pageOf(request) > 2
					? {
							status: 200,
							body: rig.fleet.devices.slice(pageOf(request) % 2 === 1 ? 0 : 50).slice(0, 50),
							headers: JSON_HEADERS,
						}
					: undefined;
			const before = JSON.stringify(rig.staticData);
			for (let poll = 0; poll < 3; poll++) {
				const failure = await failureOf(rig.poll());
				expect(failure).toBeInstanceOf(NodeApiError);
				expect((failure as NodeApiError).message).toBe(
					'MetaAccess answered page 3 of Get Devices with the same 50 devices as page 1: its pages repeat, so the list would never end; stopped after 3 requests',
				);
				expect((failure as NodeApiError).description).toContain(nothingRecorded(1));
				expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
				expect(JSON.stringify(rig.staticData)).toBe(before);
			}
		});

		test.each([5, 10])(
			"page %i repeating page 1 (1,000 devices, 8 pages a poll: page 10 comes in the scan's second poll): the poll fails, the state of the scan in progress kept",
			async (repeated) => {
				start(makeDevices(1000), params);
				await rig.pollTimes(3);
				rig.takeRequests();
				rig.fleet.fault = (request) =>
					pageOf(request) === repeated
						? { status: 200, body: rig.fleet.devices.slice(0, 50), headers: JSON_HEADERS }
						: undefined;
				// Page 5 is in the first poll of the scan; page 10 in the second, against the keys the
				// first poll stored.
				if (repeated === 10) {
					expect(await rig.poll()).toBeNull();
					expect(rig.takeRequests()).toEqual(pageRequests(...range(1, 8)));
					expect(rig.state!.pageKeys).toHaveLength(8);
				}
				const before = JSON.stringify(rig.staticData);
				const first = repeated === 5 ? 1 : 9;
				for (let poll = 0; poll < 2; poll++) {
					const failure = await failureOf(rig.poll());
					expect((failure as Error).message).toBe(
						`MetaAccess answered page ${repeated} of Get Devices with the same 50 devices as page 1: its pages repeat, so the list would never end; stopped after ${repeated - first + 1} requests`,
					);
					expect((failure as NodeApiError).description).toContain(nothingRecorded(first));
					expect(rig.takeRequests()).toEqual(pageRequests(...range(first, repeated)));
					expect(JSON.stringify(rig.staticData)).toBe(before);
				}
				// The API answers right again: the scan goes on from where it was, nothing reported.
				rig.fleet.fault = undefined;
				expect(await rig.pollUntilScanComplete()).toEqual([]);
			},
		);

		test('pages that are always new: Max Requests per Poll a poll, from the cursor, each new device reported once', async () => {
			start(makeDevices(120), { events: ['newDevice'] });
			await rig.poll();
			rig.takeRequests();
			// From page 2 on, every page holds 50 devices never listed before, and the list never ends.
			const fresh = (page: number) => makeDevices(50, 1000 + page * 50);
			rig.fleet.fault = (request) =>
				pageOf(request) > 1
					? { status: 200, body: fresh(pageOf(request)), headers: JSON_HEADERS }
					: undefined;
			for (let poll = 0; poll < 3; poll++) {
				const pages = range(poll * 8 + 1, poll * 8 + 8);
				const items = await rig.poll();
				expect(rig.takeRequests()).toEqual(pageRequests(...pages));
				expect(items?.map((item) => `${String(item.event)} ${String(item.hwid)}`)).toEqual(
					pages
						.filter((page) => page > 1)
						.flatMap((page) => fresh(page).map((device) => `newDevice ${String(device.hwid)}`)),
				);
				expect(rig.state).toMatchObject({ cycles: 1, nextPage: poll * 8 + 9 });
				expect(rig.state!.pageKeys).toHaveLength(poll * 8 + 8);
			}
		});
	});
});
