/**
 * The log trigger when things go wrong or come together: failed polls store nothing and lose
 * nothing (the 1st, 3rd, 5th and 10th failure in a row), entries of one millisecond on both sides
 * of a window's edge, identical entries, bad parameters refused before any request, and Fetch Test
 * Event.
 */
import { LogRig, MINUTE, windowBody } from './rig';

let rig: LogRig;
afterEach(async () => await rig.close());

const PATH = '/o/api/v3.3/logs';

async function activated(category = 'admin') {
	rig = await LogRig.start({ category });
	expect(await rig.poll()).toBeNull();
	return rig.clock.time;
}

const snapshot = () => JSON.parse(JSON.stringify(rig.staticData)) as unknown;

test.each([1, 3, 5, 10])(
	'%i failed polls in a row: nothing stored, then every entry exactly once',
	async (failures) => {
		const at = await activated();
		const first = rig.spread(150, at, at + MINUTE);
		rig.advance(MINUTE);
		expect(await rig.poll()).toStrictEqual(first);
		const stored = snapshot();
		const more = [];
		for (let i = 0; i < failures; i++) {
			more.push(...rig.spread(30, rig.clock.time, rig.clock.time + MINUTE));
			rig.advance(MINUTE);
			rig.sim.simulation.injectFault({ kind: '500', count: 1000, path: PATH });
			const error = (await rig.poll().catch((e: unknown) => e)) as { description?: string };
			expect(error).toBeInstanceOf(Error);
			expect(error.description).toContain(
				`Nothing was recorded from this poll: the next poll reads the log again from ${new Date(at).toISOString()}, so no entry is lost or emitted twice.`,
			);
			rig.sim.simulation.faults.clear();
			expect(snapshot()).toStrictEqual(stored);
		}
		rig.advance(MINUTE);
		rig.requests();
		expect(await rig.poll()).toStrictEqual(more);
		// The whole gap in one window, from where the last good poll got to (less the overlap,
		// here the activation).
		const requests = rig.requests();
		expect(requests[0].body).toStrictEqual(windowBody('admin', at, rig.clock.time));
		expect(requests).toHaveLength(Math.floor((150 + 30 * failures) / 100) + 1);
		rig.advance(3 * MINUTE);
		expect(await rig.poll()).toBeNull();
	},
);

test('entries of one millisecond on both sides of a window edge, identical ones too: each once', async () => {
	const at = await activated();
	rig.advance(MINUTE);
	const edge = rig.clock.time;
	const before = [
		rig.log('admin', 'logged_on', 'a', edge),
		rig.log('admin', 'logged_on', 'b', edge),
		rig.log('admin', 'logged_off', 'twin', edge),
		rig.log('admin', 'logged_off', 'twin', edge),
	];
	expect(await rig.poll()).toStrictEqual(before);
	expect(rig.requests()[0].body).toStrictEqual(windowBody('admin', at, edge));
	// Written after the poll, at the very millisecond its window ended.
	const after = [
		rig.log('admin', 'logged_on', 'c', edge),
		rig.log('admin', 'logged_off', 'twin', edge),
	];
	for (let i = 0; i < 3; i++) {
		rig.advance(MINUTE);
		expect(await rig.poll()).toStrictEqual(i === 0 ? after : null);
	}
	expect(rig.state.seen).toStrictEqual([]);
});

test.each([
	[{ category: 'audit' }, '\'Category\' is "audit", which is not one of'],
	[{ category: 'admin', options: { maxRequestsPerPoll: 0 } }, "'Max Requests per Poll' must be"],
	[{ category: 'admin', options: { maxRequestsPerPoll: 11 } }, "'Max Requests per Poll' must be"],
	[{ category: 'device', events: [7] }, "'Events' holds 7, not an event"],
])('bad parameters %j: a clear error before any request', async (parameters, message) => {
	await activated();
	rig.advance(MINUTE);
	rig.parameters = parameters;
	const stored = snapshot();
	await expect(rig.poll()).rejects.toThrow(message);
	expect(rig.requests()).toStrictEqual([]);
	expect(snapshot()).toStrictEqual(stored);
});

test('Fetch Test Event: one request, the first entry of the last day; none: a marked sample', async () => {
	rig = await LogRig.start({ category: 'device', events: ['noncompliant'] });
	expect(await rig.poll('manual')).toStrictEqual([
		{
			sample: true,
			timestamp: new Date(rig.clock.time).toISOString(),
			event: 'noncompliant',
			details: 'A sample: MetaAccess logged no device entry of noncompliant in the last 24 hours',
		},
	]);
	const entry = rig.log('device', 'noncompliant', 'real', rig.clock.time - 3_600_000);
	expect(await rig.poll('manual')).toStrictEqual([entry]);
	const body = {
		event_category: 'device',
		limit: 1,
		age: 86400,
		filter: { events: 'noncompliant' },
	};
	expect(rig.requests().map((r) => r.body)).toStrictEqual([body, body]);
	expect(rig.staticData).toStrictEqual({});
});

test('one event is filtered by MetaAccess; several are filtered here, from one request', async () => {
	rig = await LogRig.start({ category: 'device', events: ['deleted_api'] });
	expect(await rig.poll()).toBeNull();
	const at = rig.clock.time;
	const deleted = rig.log('device', 'deleted_api', 'gone', at + 1000);
	rig.log('device', 'added', 'new', at + 2000);
	const compliant = rig.log('device', 'compliant', 'fixed', at + 3000);
	rig.advance(MINUTE);
	expect(await rig.poll()).toStrictEqual([deleted]);
	rig.parameters = { category: 'device', events: ['compliant', 'deleted_api'] };
	rig.advance(MINUTE);
	// The category's state is kept: what was emitted is not emitted again; what the old filter
	// left unread, inside the overlap, is read now.
	expect(await rig.poll()).toStrictEqual([compliant]);
	const again = rig.log('device', 'compliant', 'fixed again', rig.clock.time + 1000);
	rig.advance(MINUTE);
	expect(await rig.poll()).toStrictEqual([again]);
	expect(rig.requests().map((r) => r.body)).toStrictEqual([
		windowBody('device', at, at + MINUTE, { filter: { events: 'deleted_api' } }),
		windowBody('device', at, at + 2 * MINUTE),
		windowBody('device', at, at + 3 * MINUTE),
	]);
});
