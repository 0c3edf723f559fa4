/**
 * Log → Get Many: exact Get Logs v3.3 requests for each time window (age up to 24 hours, explicit
 * start and end beyond, between two dates), the event filter (one: MetaAccess's; several: here),
 * Return All / Limit through the cursor, Simplify, and bad input refused before any request.
 */
import type { IDataObject } from 'n8n-workflow';

import { useNodeTestEnvironment } from '../../harness/environment';
import { FakeApi, type FakeAnswer, type FakeRequest } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';

const env = useNodeTestEnvironment();
let api: FakeApi;
beforeEach(() => {
	api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000 });
});

const json = (body: unknown): FakeAnswer => ({
	status: 200,
	body: JSON.stringify(body),
	headers: { 'Content-Type': 'application/json' },
});

const entry = (i: number, event = 'logged_on'): IDataObject => ({
	timestamp: new Date(Date.UTC(2026, 10, 21, 11, 0, 0, i)).toISOString(),
	event,
	first_name: 'Ada',
	last_name: 'Admin',
	email: 'ada@example.com',
	details: `entry ${i}`,
});

/** A log of `entries` behind a cursor (the token is the next offset); a page past the end: 413. */
function serve(entries: IDataObject[]) {
	api.handler = (request: FakeRequest) => {
		const body = request.body as IDataObject;
		const from = Number(body.token ?? 0);
		const limit = Number(body.limit ?? 20);
		if (body.token !== undefined && from >= entries.length) return { status: 413 };
		const data = entries.slice(from, from + limit);
		return json({ data, token: data.length ? String(from + data.length) : '' });
	};
}

const bodies = () => api.requests.map((request) => request.body);
const run = (parameters: IDataObject, input: IDataObject[] = [{}]) =>
	runActionNode(
		{ parameters: { resource: 'log', operation: 'getAll', ...parameters }, typeVersion: 2 },
		input,
	);

test.each([
	[{ amount: 30, unit: 'minutes' }, { age: 1800 }],
	[{ amount: 60, unit: 'minutes' }, {}],
	[{ amount: 24, unit: 'hours' }, { age: 86400 }],
	[
		{ amount: 72, unit: 'hours' },
		{ start_time: Date.UTC(2026, 10, 18, 12), end_time: Date.UTC(2026, 10, 21, 12) },
	],
	[
		{ window: 'between', start: '2026-11-01T00:00:00Z', end: '2026-11-20T00:00:00.000Z' },
		{ start_time: Date.UTC(2026, 10, 1), end_time: Date.UTC(2026, 10, 20) },
	],
])('time window %j: %j', async (window, sent) => {
	serve([entry(1), entry(2)]);
	const { items } = await run({ category: 'admin', simplify: false, ...window });
	expect(items).toStrictEqual([
		{ json: entry(1), pairedItem: { item: 0 } },
		{ json: entry(2), pairedItem: { item: 0 } },
	]);
	expect(bodies()).toStrictEqual([{ event_category: 'admin', limit: 50, ...sent }]);
});

test('Return All walks the cursor, 100 a page, to the 413 after a full page', async () => {
	const log = Array.from({ length: 200 }, (_, i) => entry(i));
	serve(log);
	const { items } = await run({ category: 'admin', returnAll: true, simplify: false });
	expect(items.map((item) => item.json)).toStrictEqual(log);
	expect(bodies()).toStrictEqual([
		{ event_category: 'admin', limit: 100 },
		{ event_category: 'admin', limit: 100, token: '100' },
		{ event_category: 'admin', limit: 100, token: '200' },
	]);
});

test('Limit 150: pages of 100 until 150 entries, no request more', async () => {
	serve(Array.from({ length: 400 }, (_, i) => entry(i)));
	const { items } = await run({ category: 'admin', limit: 150 });
	expect(items).toHaveLength(150);
	expect(bodies()).toStrictEqual([
		{ event_category: 'admin', limit: 100 },
		{ event_category: 'admin', limit: 100, token: '100' },
	]);
});

test('one event is sent as filter.events; several are filtered here', async () => {
	const log = [entry(1, 'added'), entry(2, 'deleted_api'), entry(3, 'noncompliant')];
	serve(log);
	const one = await run({ category: 'device', events: ['deleted_api'], simplify: false });
	// (This fake does not filter; entries of other events are dropped here too.)
	expect(one.items.map((item) => item.json)).toStrictEqual([log[1]]);
	const several = await run({
		category: 'device',
		events: ['noncompliant', 'added'],
		simplify: false,
	});
	expect(several.items.map((item) => item.json)).toStrictEqual([log[0], log[2]]);
	expect(bodies()).toStrictEqual([
		{ event_category: 'device', limit: 50, filter: { events: 'deleted_api' } },
		{ event_category: 'device', limit: 100 },
	]);
});

test('Simplify keeps at most 12 named fields', async () => {
	serve([{ ...entry(1), internal_id: 'x', extra: { a: 1 } }]);
	const { items } = await run({ category: 'admin' });
	expect(items[0].json).toStrictEqual({
		timestamp: entry(1).timestamp,
		event: 'logged_on',
		details: 'entry 1',
		email: 'ada@example.com',
		first_name: 'Ada',
		last_name: 'Admin',
	});
});

test('a cursor that repeats stops the listing with an error', async () => {
	api.handler = () =>
		json({ data: Array.from({ length: 100 }, (_, i) => entry(i)), token: 'same' });
	await expect(run({ category: 'admin', returnAll: true })).rejects.toThrow(
		'MetaAccess answered page 2 of Get Logs with the same 100 entries as page 1',
	);
	expect(api.requests).toHaveLength(2);
});

test.each([
	[{ window: 'between', start: 'yesterday', end: '2026-11-20T00:00:00Z' }, "'Start' is not a date"],
	[
		{ window: 'between', start: '2026-11-21T00:00:00Z', end: '2026-11-20T00:00:00Z' },
		"'Start' (2026-11-21T00:00:00.000Z) is after 'End'",
	],
	[{ amount: 0 }, "'Amount' must be a whole number from 1 to 129600"],
	[{ amount: 2161, unit: 'hours' }, "'Amount' must be a whole number from 1 to 2160"],
	[{ category: 'audit' }, '\'Category\' is "audit"'],
])('bad input %j: refused before any request', async (parameters, message) => {
	await expect(run({ category: 'admin', ...parameters }, [{}, {}])).rejects.toThrow(message);
	expect(api.requests).toStrictEqual([]);
});
