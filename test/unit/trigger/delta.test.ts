/**
 * Status Changes mode: each poll asks Status Change v3.0 for the window since the last committed
 * poll (the gap plus 120 s of overlap) with ⌊changes/50⌋ + 1 requests; changes are reported once
 * across overlapping windows, faults, restarts and full scans; a gap beyond one day falls back to
 * a full scan; deleted devices are reported within one poll.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { deltaRequest, FAULTS, hwidFor, makeDevices, pageRequests, TOKEN } from './fleet';
import { Rig, type TriggerParameters } from './rig';

let rig: Rig;
afterEach(() => rig?.dispose());

const DEVICES = 120; // 3 pages
const OVERLAP = 120;
/** The age a poll one interval (60 s) after the last asks for. */
const AGE = 60 + OVERLAP;
/**
 * The age of a poll after an empty window: two intervals back (an empty window is looked at again
 * by the next one, see window.ts).
 */
const AGE_AFTER_EMPTY = 120 + OVERLAP;

const summary = (items: IDataObject[] | null) =>
	(items ?? []).map((item) => `${String(item.event)} ${String(item.hwid)}`);

function deltaRig(parameters: Partial<TriggerParameters> = {}, devices = DEVICES): Rig {
	return new Rig(makeDevices(devices), {
		mode: 'statusChanges',
		fullScanEveryHours: 0,
		events: ['complianceStatusChanged', 'becameNonCompliant', 'exemptionChanged', 'deviceRemoved'],
		...parameters,
	});
}

/** The baseline (a full scan on the first poll), then the requests forgotten. */
async function baseline(r: Rig) {
	expect(await r.poll()).toBeNull();
	expect(r.takeRequests()).toEqual(pageRequests(1, 2, 3));
	expect(r.state).toMatchObject({
		cycles: 1,
		nextPage: 1,
		deltaAt: r.clock.time,
		fullAt: r.clock.time,
	});
}

describe('Status Changes mode', () => {
	it('sends exactly one request a poll while nothing changes, asking back to the poll before the last (an empty window is looked at twice) with 120 s of overlap', async () => {
		rig = deltaRig();
		await baseline(rig);
		for (let i = 0; i < 5; i++) {
			expect(await rig.poll()).toBeNull();
			expect(rig.takeRequests()).toEqual([deltaRequest(i === 0 ? AGE : AGE_AFTER_EMPTY)]);
		}
		expect(JSON.stringify(rig.takeRequests())).not.toContain('v2.3');
	});

	it('reports a status change on the next poll, once, though the next window overlaps it', async () => {
		rig = deltaRig();
		await baseline(rig);
		rig.clock.advance(30_000);
		rig.fleet.update(hwidFor(7), { status: 1 });
		rig.fleet.update(hwidFor(9), { exempt: 1 });
		const items = await rig.poll();
		expect(rig.takeRequests()).toEqual([deltaRequest(30 + AGE)]);
		expect(summary(items)).toEqual([
			`complianceStatusChanged ${hwidFor(7)}`,
			`becameNonCompliant ${hwidFor(7)}`,
			`exemptionChanged ${hwidFor(9)}`,
		]);
		expect(items![0]).toMatchObject({
			previous: { status: 0, status_label: 'compliant' },
			current: { status: 1, status_label: 'non-compliant' },
			hostname: 'VM-7',
			detected_by: 'statusChange',
			device: { hwid: hwidFor(7), hostname: 'VM-7', status: 1, status_label: 'non-compliant' },
		});
		expect(items![2]).toMatchObject({ previous: { exempt: 0 }, current: { exempt: 1 } });
		// The next two windows still hold both changes: nothing is reported again.
		for (let i = 0; i < 2; i++) {
			expect(await rig.poll()).toBeNull();
			expect(rig.takeRequests()).toEqual([deltaRequest(AGE)]);
		}
	});

	it.each([
		[0, 1],
		[49, 1],
		[50, 2],
		[100, 3],
		[120, 3],
	])(
		'%i changed devices take %i requests (50 a page; a full last page needs one more)',
		async (count, requests) => {
			rig = deltaRig({}, 150);
			expect(await rig.poll()).toBeNull();
			rig.takeRequests();
			for (let i = 0; i < count; i++) rig.fleet.update(hwidFor(i), { status: 1 });
			const items = await rig.poll();
			expect(rig.takeRequests()).toEqual(
				Array.from({ length: requests }, (_, i) => deltaRequest(AGE, i + 1)),
			);
			expect(summary(items).filter((line) => line.startsWith('becameNonCompliant'))).toHaveLength(
				count,
			);
		},
	);

	it('reports a deleted device within one poll, once, and no full scan reports it again', async () => {
		rig = deltaRig({ fullScanEveryHours: 0.05 }); // a full scan every 3 minutes
		await baseline(rig);
		rig.fleet.remove(hwidFor(60));
		const items = await rig.poll();
		expect(summary(items)).toEqual([`deviceRemoved ${hwidFor(60)}`]);
		expect(items![0]).toMatchObject({
			previous: { status: 0 },
			current: null,
			detected_by: 'statusChange',
		});
		const later = await rig.pollTimes(8);
		expect(later).toEqual([]);
		expect(rig.prints.has(hwidFor(60))).toBe(false);
	});

	it('full scans come as often as set, after the window, and do not report what the window did', async () => {
		rig = deltaRig({
			fullScanEveryHours: 0.05,
			events: ['becameNonCompliant', 'wentOffline', 'newDevice'],
		});
		await baseline(rig);
		expect(await rig.poll()).toBeNull(); // 60 s
		expect(rig.takeRequests()).toEqual([deltaRequest(AGE)]);
		expect(await rig.poll()).toBeNull(); // 120 s
		rig.takeRequests();
		rig.fleet.update(hwidFor(4), { status: 1, active: 0 });
		rig.fleet.devices.push(makeDevices(1, 500)[0]);
		const items = await rig.poll(); // 180 s: the full scan is due
		expect(rig.takeRequests()).toEqual([deltaRequest(AGE_AFTER_EMPTY), ...pageRequests(1, 2, 3)]);
		expect(items?.map((item) => [item.event, item.hwid, item.detected_by])).toEqual([
			['becameNonCompliant', hwidFor(4), 'statusChange'],
			['wentOffline', hwidFor(4), 'fullScan'],
			['newDevice', hwidFor(500), 'fullScan'],
		]);
	});

	it('refuses events that need full scans when full scans are off, before any request', async () => {
		rig = deltaRig({ events: ['becameCompliant', 'wentOffline', 'newDevice'] });
		const failure = await rig.poll().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as Error).message).toBe(
			"wentOffline, newDevice need full scans, which 'Full Scan Every (Hours)' 0 turns off",
		);
		expect(rig.takeRequests()).toEqual([]);
	});

	it('needs Max Requests per Poll of at least 2 (the window, and a page of a scan)', async () => {
		rig = deltaRig({ options: { maxRequestsPerPoll: 1 } });
		const failure = await rig.poll().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as Error).message).toBe(
			"'Max Requests per Poll' must be a whole number from 2 to 100; it is 1",
		);
		expect(rig.takeRequests()).toEqual([]);
	});

	it('falls back to a full scan after a gap of more than a day, and says so', async () => {
		rig = deltaRig();
		await baseline(rig);
		rig.fleet.update(hwidFor(3), { status: 1 });
		rig.interval = (86400 - OVERLAP) * 1000; // the longest gap a window covers
		expect(summary(await rig.poll())).toEqual([
			`complianceStatusChanged ${hwidFor(3)}`,
			`becameNonCompliant ${hwidFor(3)}`,
		]);
		expect(rig.takeRequests()).toEqual([deltaRequest(86400)]);
		rig.fleet.update(hwidFor(5), { status: 1 });
		rig.interval = (86400 - OVERLAP) * 1000 + 1; // one millisecond more: 86,401 s
		const items = await rig.poll();
		expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
		expect(summary(items)).toEqual([
			`complianceStatusChanged ${hwidFor(5)}`,
			`becameNonCompliant ${hwidFor(5)}`,
		]);
		expect(items![0].detected_by).toBe('fullScan');
		expect(items![0].note).toMatch(
			/^The last recorded poll asked for changes at .*, more than 86,400 s \(the most Status Change looks back\) ago: a full scan finds what changed meanwhile\.$/,
		);
		rig.interval = 60_000;
		expect(await rig.poll()).toBeNull();
		expect(rig.takeRequests()).toEqual([deltaRequest(AGE)]);
	});

	it('a fault on page 2 of a window stores nothing; the next poll asks for the longer window and reports each change once', async () => {
		rig = deltaRig({}, 150);
		expect(await rig.poll()).toBeNull();
		rig.takeRequests();
		for (let i = 0; i < 70; i++) rig.fleet.update(hwidFor(i), { status: 1 });
		const before = JSON.stringify(rig.staticData);
		rig.fleet.fault = (request) =>
			request.body?.page === 2 ? { status: 401, body: { error: 'invalid_token' } } : undefined;
		const failure = await rig.poll().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect((failure as NodeApiError).description).toContain(
			'Nothing was recorded from this poll: the next poll asks again for the changes since 2026-11-21T12:00:00.000Z',
		);
		expect(JSON.stringify(failure)).not.toContain(TOKEN);
		expect(JSON.stringify(rig.staticData)).toBe(before);
		expect(rig.takeRequests()).toEqual([deltaRequest(AGE, 1), deltaRequest(AGE, 2)]);
		rig.fleet.fault = undefined;
		const items = await rig.poll();
		expect(rig.takeRequests()).toEqual([deltaRequest(60 + AGE, 1), deltaRequest(60 + AGE, 2)]);
		expect(summary(items).filter((line) => line.startsWith('becameNonCompliant'))).toHaveLength(70);
		expect(await rig.poll()).toBeNull();
	});

	it('after a restart from an older stored state, the longer window reports what that state lacks, once', async () => {
		rig = deltaRig();
		await baseline(rig);
		rig.fleet.update(hwidFor(1), { status: 1 });
		expect(summary(await rig.poll())).toEqual([
			`complianceStatusChanged ${hwidFor(1)}`,
			`becameNonCompliant ${hwidFor(1)}`,
		]);
		// n8n saved this state (the poll emitted); the next polls emit nothing and keep theirs in memory.
		const saved = JSON.parse(JSON.stringify(rig.staticData)) as IDataObject;
		expect(await rig.poll()).toBeNull();
		rig.fleet.update(hwidFor(2), { status: 1 });
		// n8n restarts before that poll's state was saved.
		for (const key of Object.keys(rig.staticData)) delete rig.staticData[key];
		Object.assign(rig.staticData, saved);
		rig.takeRequests();
		const items = await rig.poll();
		expect(rig.takeRequests()).toEqual([deltaRequest(120 + OVERLAP)]);
		expect(summary(items)).toEqual([
			`complianceStatusChanged ${hwidFor(2)}`,
			`becameNonCompliant ${hwidFor(2)}`,
		]);
	});

	it('a state of Full Scan mode: the first Status Changes poll scans the fleet, then asks for windows', async () => {
		rig = new Rig(makeDevices(DEVICES), { events: ['becameNonCompliant'] });
		expect(await rig.poll()).toBeNull();
		rig.parameters = { ...rig.parameters, mode: 'statusChanges', fullScanEveryHours: 0 };
		rig.fleet.update(hwidFor(8), { status: 1 });
		rig.takeRequests();
		const items = await rig.poll();
		expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
		expect(summary(items)).toEqual([`becameNonCompliant ${hwidFor(8)}`]);
		expect(String(items![0].note)).toContain('No earlier Status Change window is recorded');
		expect(await rig.poll()).toBeNull();
		expect(rig.takeRequests()).toEqual([deltaRequest(AGE)]);
	});

	it('reports only devices that matched the filters when last scanned; devices not yet scanned are left to the full scan', async () => {
		rig = deltaRig({
			filters: { machineType: 'laptop' },
			fullScanEveryHours: 0.05,
			events: ['becameNonCompliant', 'newDevice'],
		});
		await baseline(rig);
		rig.fleet.update(hwidFor(3), { status: 1 }); // a laptop
		rig.fleet.update(hwidFor(4), { status: 1 }); // a VM
		rig.fleet.devices.push(makeDevices(1, 300)[0]); // a laptop, not yet scanned
		rig.fleet.update(hwidFor(300), { status: 1 });
		expect(summary(await rig.poll())).toEqual([`becameNonCompliant ${hwidFor(3)}`]);
		expect(await rig.poll()).toBeNull();
		expect(summary(await rig.poll())).toEqual([`newDevice ${hwidFor(300)}`]);
	});

	// Requests the transport sends before giving up (as in faults.test.ts; the window is idempotent).
	const ATTEMPTS: Record<string, number> = {
		'302 to another host': 1,
		'500 after retries': 4,
		'429 beyond the wait': 3,
		'401': 1,
	};

	it.each(Object.keys(FAULTS))(
		'%s on the window: the poll throws, stores nothing, and the next reports each change once',
		async (faultName) => {
			rig = deltaRig();
			await baseline(rig);
			rig.fleet.update(hwidFor(11), { status: 1 });
			rig.fleet.remove(hwidFor(12));
			const before = JSON.stringify(rig.staticData);
			rig.fleet.fault = () => FAULTS[faultName];
			const failure = await rig.poll().catch((error: unknown) => error);
			expect(failure).toBeInstanceOf(NodeApiError);
			expect(JSON.stringify(failure)).not.toContain(TOKEN);
			expect(JSON.stringify(rig.staticData)).toBe(before);
			const sent = rig.takeRequests();
			expect(sent).toHaveLength(ATTEMPTS[faultName]);
			const sentAt = sent.map((request) => request.body?.age);
			expect(new Set(sentAt).size).toBe(1);
			rig.fleet.fault = undefined;
			rig.clock.time = rig.state!.deltaAt! + 5 * 60_000;
			rig.interval = 0;
			const items = await rig.poll();
			expect(rig.takeRequests()).toEqual([deltaRequest(300 + OVERLAP)]);
			expect(summary(items)).toEqual([
				`complianceStatusChanged ${hwidFor(11)}`,
				`becameNonCompliant ${hwidFor(11)}`,
				`deviceRemoved ${hwidFor(12)}`,
			]);
			rig.interval = 60_000;
			expect(await rig.poll()).toBeNull();
		},
	);

	it('a window whose page 2 repeats page 1 (the API ignoring page) fails the poll, stores nothing', async () => {
		rig = deltaRig({}, 150);
		expect(await rig.poll()).toBeNull();
		rig.takeRequests();
		for (let i = 0; i < 60; i++) rig.fleet.update(hwidFor(i), { status: 1 });
		const before = JSON.stringify(rig.staticData);
		rig.fleet.fault = (request) => {
			if (request.method !== 'POST' || request.body?.page === 1) return undefined;
			const [status, body] = rig.fleet.serveStatusChanges({ ...request.body, page: 1 });
			return { status, body: JSON.parse(body) as unknown };
		};
		const failure = await rig.poll().catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeApiError);
		expect((failure as Error).message).toBe(
			'MetaAccess answered page 2 of Status Change with the same 50 devices as page 1: the API ignored the page parameter; stopped after 2 requests',
		);
		expect(rig.takeRequests()).toEqual([deltaRequest(AGE, 1), deltaRequest(AGE, 2)]);
		expect(JSON.stringify(rig.staticData)).toBe(before);
	});
});
