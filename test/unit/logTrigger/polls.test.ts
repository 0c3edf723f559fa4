/**
 * The log trigger's polls against the simulator, with exact requests: the first activation, quiet
 * polls (one request each), busy polls (the cursor walk), restarts, a gap of days read with explicit
 * start and end times, the poll budget, and the same entry never emitted twice.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DAY, HOUR, LogRig, MINUTE, windowBody } from './rig';

let rig: LogRig;
afterEach(async () => await rig.close());

const OVERLAP = 2 * MINUTE;

/** Activates the trigger: the first poll records where the log is read from, with no request. */
async function activated(parameters: INodeParameters = { category: 'admin' }) {
	rig = await LogRig.start(parameters);
	rig.log('admin', 'logged_on', 'before activation', rig.clock.time - MINUTE);
	expect(await rig.poll()).toBeNull();
	expect(rig.requests()).toStrictEqual([]);
	return rig.clock.time;
}

test('the first poll reads nothing: entries before activation are not emitted', async () => {
	const at = await activated();
	expect(rig.state).toStrictEqual({ v: 1, category: 'admin', until: at, seen: [], from: at });
	rig.advance(MINUTE);
	expect(await rig.poll()).toBeNull();
	expect(rig.requests()).toStrictEqual([
		{
			method: 'POST',
			path: '/o/api/v3.3/logs',
			body: windowBody('admin', at, at + MINUTE),
			status: 200,
		},
	]);
});

test.each([3, 5, 10])('%i quiet polls: one request each, nothing emitted', async (polls) => {
	const at = await activated();
	let until = at;
	for (let i = 0; i < polls; i++) {
		rig.advance(MINUTE);
		expect(await rig.poll()).toBeNull();
		expect(rig.requests()).toStrictEqual([
			{
				method: 'POST',
				path: '/o/api/v3.3/logs',
				body: windowBody('admin', Math.max(until - OVERLAP, at), rig.clock.time),
				status: 200,
			},
		]);
		until = rig.clock.time;
		expect(rig.state.until).toBe(until);
	}
});

test('a busy poll walks the cursor: 250 entries in three requests, each emitted once, oldest first', async () => {
	const at = await activated();
	const entries = rig.spread(250, at, at + MINUTE);
	rig.advance(MINUTE);
	expect(await rig.poll()).toStrictEqual(entries);
	const requests = rig.requests();
	expect(requests.map((r) => [r.status, Object.keys(r.body as object)])).toStrictEqual([
		[200, ['event_category', 'limit', 'start_time', 'end_time']],
		[200, ['event_category', 'limit', 'token', 'start_time', 'end_time']],
		[200, ['event_category', 'limit', 'token', 'start_time', 'end_time']],
	]);
	expect(requests[0].body).toStrictEqual(windowBody('admin', at, at + MINUTE));
	// The next poll reads the two minutes of overlap again (250 entries: three pages) and emits
	// none of them; once the overlap has passed them, a quiet poll is one request again.
	rig.advance(2 * MINUTE);
	expect(await rig.poll()).toBeNull();
	expect(rig.requests()).toHaveLength(3);
	rig.advance(2 * MINUTE);
	expect(await rig.poll()).toBeNull();
	expect(rig.requests()).toHaveLength(1);
});

test('exactly 100 entries: the page after a full one answers 413, the walk ends there', async () => {
	const at = await activated();
	const entries = rig.spread(100, at, at + MINUTE);
	rig.advance(MINUTE);
	expect(await rig.poll()).toStrictEqual(entries);
	expect(rig.requests().map((r) => r.status)).toStrictEqual([200, 413]);
});

test.each([3, 5, 10])(
	'restarted after each of %i busy polls: every entry once, none lost',
	async (polls) => {
		const at = await activated();
		const all = [];
		const emitted = [];
		for (let i = 0; i < polls; i++) {
			all.push(...rig.spread(7, rig.clock.time, rig.clock.time + MINUTE));
			rig.advance(MINUTE);
			// rig.poll() activates the trigger again from the stored static data, as after a restart.
			emitted.push(...((await rig.poll()) ?? []));
			expect(rig.requests()).toHaveLength(1);
		}
		expect(emitted).toStrictEqual(all);
		expect(rig.state.until).toBe(at + polls * MINUTE);
	},
);

test('a gap of three days is read with explicit start and end times, every entry once', async () => {
	const at = await activated();
	const entries = rig.spread(72, at, at + 3 * DAY);
	rig.advance(3 * DAY);
	expect(await rig.poll()).toStrictEqual(entries);
	expect(rig.requests()).toStrictEqual([
		{
			method: 'POST',
			path: '/o/api/v3.3/logs',
			body: windowBody('admin', at, at + 3 * DAY),
			status: 200,
		},
	]);
});

test('more than a poll may read: the next polls go on from the last entry read, none lost or twice', async () => {
	const at = await activated({ category: 'admin', options: { maxRequestsPerPoll: 2 } });
	const entries = rig.spread(450, at, at + HOUR);
	rig.advance(HOUR);
	const first = (await rig.poll())!;
	expect(first).toStrictEqual(entries.slice(0, 200));
	expect(rig.requests()).toHaveLength(2);
	expect(rig.state.until).toBe(Date.parse(String(entries[199].timestamp)));
	const emitted = [...first];
	for (let poll = 0; poll < 3; poll++) {
		rig.advance(MINUTE);
		emitted.push(...((await rig.poll()) ?? []));
	}
	expect(emitted).toStrictEqual(entries);
});

test('an entry written late, inside the overlap, is emitted by the next poll', async () => {
	const at = await activated();
	rig.advance(MINUTE);
	expect(await rig.poll()).toBeNull();
	const late = rig.log('admin', 'logged_off', 'written late', at + MINUTE - 30_000);
	rig.advance(MINUTE);
	expect(await rig.poll()).toStrictEqual([late]);
});

test('a burst of 1,200 entries within one second (shared milliseconds): read on from where each poll stopped, each once', async () => {
	const at = await activated();
	const burst = rig.spread(1200, at + 10_000, at + 11_000);
	rig.advance(MINUTE);
	const emitted = [];
	const requests = [];
	for (let poll = 0; poll < 4; poll++) {
		emitted.push(...((await rig.poll()) ?? []));
		requests.push(rig.requests().length);
		rig.advance(MINUTE);
	}
	expect(emitted).toStrictEqual(burst);
	// 5 pages, then on from the last entry read (no overlap while catching up), then the rest and the
	// overlap of the completed window, then one request once the overlap has passed.
	expect(requests).toStrictEqual([5, 5, 3, 1]);
});
