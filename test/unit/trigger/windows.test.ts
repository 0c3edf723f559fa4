/**
 * Status Changes mode, the windows: a window longer than a poll's requests (Max Requests per Poll
 * − 1) resumes on the next poll from the page it reached, reading that page again; a window
 * whose end is ambiguous (413 or [] after a full page, an empty window) is asked again from the
 * last trusted end, so no change is lost and the fingerprints drop the repeats; a page repeating
 * any earlier page of the window stops the poll; a device deleted and added again within one
 * window is checked with Device Details.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { deltaAge } from '../../../nodes/OpswatMetaAccess/trigger/delta';
import {
	deltaRequest,
	detailsRequest,
	hwidFor,
	makeDevices,
	pageRequests,
	range,
	type RecordedRequest,
	type Reply,
} from './fleet';
import { Rig, type TriggerParameters } from './rig';

let rig: Rig;
afterEach(() => rig?.dispose());

const summary = (items: IDataObject[] | null) =>
	(items ?? []).map((item) => `${String(item.event)} ${String(item.hwid)}`);
const nonCompliant = (...indexes: number[]) =>
	indexes.map((index) => `becameNonCompliant ${hwidFor(index)}`);
const windowPages = (age: number, ...pages: number[]) =>
	pages.map((page) => deltaRequest(age, page));

/** A rig in Status Changes mode, full scans daily, its baseline done; polls every `interval` s. */
async function windowRig(
	devices: number,
	interval: number,
	extra: Partial<TriggerParameters> = {},
) {
	rig = new Rig(makeDevices(devices), {
		mode: 'statusChanges',
		fullScanEveryHours: 24,
		events: ['becameNonCompliant', 'deviceRemoved'],
		options: { maxRequestsPerPoll: 25 },
		...extra,
	});
	await rig.poll();
	rig.takeRequests();
	rig.parameters = { ...rig.parameters, options: { maxRequestsPerPoll: 8 } };
	rig.interval = interval * 1000;
	return rig;
}

/** The age the next poll asks for (from the stored deltaAt). */
const nextAge = () => deltaAge(rig.state!.deltaAt!, rig.clock.time + rig.interval)!;

/** What Status Change answers for another page of the same window (a page repeated). */
function answerOf(request: RecordedRequest, page: number): Reply {
	const [status, body] = rig.fleet.serveStatusChanges({ ...request.body, page });
	return { status, body: JSON.parse(body) as unknown };
}

describe('a window longer than one poll', () => {
	test('610 changes (13 pages), 7 pages a poll: resumed on the next poll with its last page read again; a deletion meanwhile moves an entry back a page, not lost', async () => {
		await windowRig(1000, 600);
		for (const index of range(0, 609)) rig.fleet.update(hwidFor(index), { status: 1 });
		const age1 = nextAge();
		expect(summary(await rig.poll())).toEqual(nonCompliant(...range(0, 349)));
		expect(rig.takeRequests()).toEqual(windowPages(age1, ...range(1, 7)));
		expect(rig.state!.window).toMatchObject({ page: 8, keys: expect.any(Array) });
		expect(rig.state!.window!.keys).toHaveLength(7);
		// Device 5 (page 1) is deleted: Status Change lists it among the deleted, after the changed
		// devices, and device 350 moves from page 8 to page 7. The window listed device 5 as
		// changed too (deleted and added again, for all it tells): Device Details confirms (404).
		rig.fleet.remove(hwidFor(5));
		const age2 = nextAge();
		expect(age2).toBe(age1 + 600); // the same start, a longer window
		expect(summary(await rig.poll())).toEqual([
			...nonCompliant(...range(350, 609)),
			`deviceRemoved ${hwidFor(5)}`,
		]);
		expect(rig.takeRequests()).toEqual([
			...windowPages(age2, ...range(7, 13)),
			detailsRequest(hwidFor(5)),
		]);
		expect(rig.state!.window).toBeUndefined();
		// The window ended on a short page: the next one starts where it was asked (poll 1).
		const age3 = nextAge();
		expect(age3).toBe(1200 + 120);
		expect(await rig.poll()).toBeNull();
		expect(rig.takeRequests()).toEqual(windowPages(age3, 1));
	});

	test('pages that are always new: 7 window pages a poll, resumed, the window never trusted; nothing reported', async () => {
		await windowRig(120, 60);
		const fresh = (page: number) =>
			Array.from({ length: 50 }, (_, i) => ({
				device_id: `NEW-${page}-${i}`,
				status: 'compliant',
			}));
		rig.fleet.fault = (request) =>
			request.method === 'POST'
				? {
						status: 200,
						body: { monitored_devices: fresh(Number(request.body?.page)), deleted_devices: [] },
					}
				: undefined;
		const deltaAt = rig.state!.deltaAt;
		let from = 1;
		for (let poll = 0; poll < 4; poll++) {
			const age = nextAge();
			expect(await rig.poll()).toBeNull();
			expect(rig.takeRequests()).toEqual(windowPages(age, ...range(from, from + 6)));
			expect(rig.state).toMatchObject({ deltaAt, window: { page: from + 7 } });
			from += 6;
		}
	});
});

describe('one ambiguous end of a window loses nothing (polls every 600 s)', () => {
	const EMPTY: Reply = { status: 200, body: { monitored_devices: [], deleted_devices: [] } };
	test.each<[string, number, Reply]>([
		['page 2 answering 413', 2, { status: 413 }],
		['page 2 answering []', 2, EMPTY],
		['page 1 answering [] (an empty window)', 1, EMPTY],
		['page 1 answering 413 (an empty window)', 1, { status: 413 }],
	])(
		'70 changes, %s once: 70 of 70 reported within two polls, each once',
		async (_name, page, reply) => {
			await windowRig(150, 600);
			for (const index of range(0, 69)) rig.fleet.update(hwidFor(index), { status: 1 });
			let wrong = true;
			rig.fleet.fault = (request) =>
				wrong && request.method === 'POST' && request.body?.page === page ? reply : undefined;
			// Poll 1: the window ends on the wrong answer: what it saw is reported, its end not trusted.
			expect(summary(await rig.poll())).toEqual(page === 2 ? nonCompliant(...range(0, 49)) : []);
			expect(rig.takeRequests()).toEqual(windowPages(720, ...range(1, page)));
			wrong = false;
			// Poll 2 asks again from where the last trusted window ended: the rest, once.
			expect(summary(await rig.poll())).toEqual(nonCompliant(...range(page === 2 ? 50 : 0, 69)));
			expect(rig.takeRequests()).toEqual(windowPages(1320, 1, 2));
			// Poll 3: the changes are behind the window now.
			expect(await rig.poll()).toBeNull();
			expect(rig.takeRequests()).toEqual(windowPages(720, 1));
		},
	);
});

describe('a page repeating an earlier page of the window', () => {
	test('pages alternating A, B, A…: page 3 repeats page 1; the poll fails, the state is kept', async () => {
		await windowRig(200, 60);
		for (const index of range(0, 149)) rig.fleet.update(hwidFor(index), { status: 1 });
		rig.fleet.fault = (request) =>
			request.method === 'POST' && Number(request.body?.page) > 2
				? answerOf(request, Number(request.body?.page) % 2 === 1 ? 1 : 2)
				: undefined;
		const before = JSON.stringify(rig.staticData);
		const since = new Date(rig.state!.deltaAt!).toISOString();
		const failure = await rig.poll().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect((failure as Error).message).toBe(
			'MetaAccess answered page 3 of Status Change with the same 50 devices as page 1: its pages repeat, so the list would never end; stopped after 3 requests',
		);
		expect((failure as NodeApiError).description).toContain(
			`Nothing was recorded from this poll: the next poll asks again for the changes since ${since} and scans again from page 1`,
		);
		expect(rig.takeRequests()).toEqual(windowPages(180, 1, 2, 3));
		expect(JSON.stringify(rig.staticData)).toBe(before);
	});

	test.each([5, 10])(
		'page %i repeating page 1 (700 changes, 7 window pages a poll: page 10 comes in the second poll): the poll fails, the window in progress kept',
		async (repeated) => {
			await windowRig(1000, 600);
			for (const index of range(0, 699)) rig.fleet.update(hwidFor(index), { status: 1 });
			rig.fleet.fault = (request) =>
				request.method === 'POST' && request.body?.page === repeated
					? answerOf(request, 1)
					: undefined;
			if (repeated === 10) {
				expect(summary(await rig.poll())).toEqual(nonCompliant(...range(0, 349)));
				rig.takeRequests();
			}
			const before = JSON.stringify(rig.staticData);
			const age = nextAge();
			const failure = await rig.poll().catch((error: unknown) => error);
			const first = repeated === 5 ? 1 : 7;
			expect((failure as Error).message).toBe(
				`MetaAccess answered page ${repeated} of Status Change with the same 50 devices as page 1: its pages repeat, so the list would never end; stopped after ${repeated - first + 1} requests`,
			);
			expect(rig.takeRequests()).toEqual(windowPages(age, ...range(first, repeated)));
			expect(JSON.stringify(rig.staticData)).toBe(before);
		},
	);
});

describe('a device deleted and added again within one window', () => {
	test('Device Details decides: no Device Removed; its next status change is reported; no New Device at the next full scan', async () => {
		await windowRig(120, 6 * 3600, {
			events: ['complianceStatusChanged', 'deviceRemoved', 'newDevice'],
		});
		const x = hwidFor(7);
		const device = rig.fleet.device(x);
		rig.fleet.remove(x);
		rig.fleet.devices.splice(7, 0, device);
		rig.fleet.update(x, { status: 1 });
		// The window lists it both deleted and changed: Device Details finds it.
		expect(summary(await rig.poll())).toEqual([`complianceStatusChanged ${x}`]);
		expect(rig.takeRequests()).toEqual([deltaRequest(21720, 1), detailsRequest(x)]);
		expect(rig.prints.has(x)).toBe(true);
		// Its next status change.
		rig.fleet.update(x, { status: 0 });
		expect(summary(await rig.poll())).toEqual([`complianceStatusChanged ${x}`]);
		expect(rig.takeRequests()).toEqual([deltaRequest(21720, 1)]);
		// 24 hours after the baseline: the full scan lists it as known.
		expect(await rig.pollTimes(2)).toEqual([]);
		expect(rig.takeRequests()).toEqual([
			deltaRequest(21720, 1),
			deltaRequest(43320, 1),
			...pageRequests(1, 2, 3),
		]);
	});
});
