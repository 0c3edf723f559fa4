/**
 * The log trigger's cursor walk against answers the simulator never gives (a fake API on nock): a
 * cursor that repeats, pages that repeat under new cursors, and a walk that fails after its first
 * page. Each stops the poll with an error, stores nothing, and the next good poll emits each entry
 * once.
 */
import type { IDataObject } from 'n8n-workflow';

import { useNodeTestEnvironment } from '../../harness/environment';
import { FakeApi, type FakeAnswer, type FakeRequest } from '../../harness/fakeApi';
import { LOG_TRIGGER_NODE_TYPE } from '../../harness/n8nContext';
import { activate } from '../../harness/poll';

const env = useNodeTestEnvironment();
let api: FakeApi;
let staticData: IDataObject;
beforeEach(() => {
	api = new FakeApi(env.clock);
	staticData = {};
});

const json = (body: unknown): FakeAnswer => ({
	status: 200,
	body: JSON.stringify(body),
	headers: { 'Content-Type': 'application/json' },
});

/** 100 entries of page `n` (one millisecond each, from the activation on). */
const page = (n: number, at: number) =>
	Array.from({ length: 100 }, (_, i) => ({
		timestamp: new Date(at + n * 100 + i + 1).toISOString(),
		event: 'logged_on',
		details: `page ${n} entry ${i}`,
	}));

async function poll() {
	const trigger = activate({
		type: LOG_TRIGGER_NODE_TYPE,
		parameters: { category: 'admin' },
		staticData,
	});
	const items = await trigger.poll();
	return items && items.map((item) => item.json);
}

const tokens = (requests: FakeRequest[]) =>
	requests.map((request) => (request.body as IDataObject).token ?? null);

test.each([
	[
		'a cursor that repeats',
		(n: number, at: number) => json({ data: page(n, at), token: 'same' }),
		'MetaAccess answered page 2 of Get Logs with a cursor it had given before: its pages repeat, so the log would never end; stopped after 2 requests',
		[null, 'same'],
	],
	[
		'a page that repeats under a new cursor',
		(n: number, at: number) => json({ data: page(Math.min(n, 1), at), token: `t${n + 1}` }),
		'MetaAccess answered page 3 of Get Logs with the same 100 entries as page 2: its pages repeat, so the log would never end; stopped after 3 requests',
		[null, 't1', 't2'],
	],
])('%s: stopped, nothing stored, then each entry once', async (_name, answer, message, sent) => {
	const at = env.clock.time;
	expect(await poll()).toBeNull();
	const stored = JSON.stringify(staticData);
	env.clock.advance(60_000);
	api.handler = (request) => {
		const token = (request.body as IDataObject).token;
		return answer(token === undefined ? 0 : Number(String(token).replace(/\D/g, '') || 1), at);
	};
	await expect(poll()).rejects.toThrow(message);
	expect(tokens(api.requests)).toStrictEqual(sent);
	expect(JSON.stringify(staticData)).toBe(stored);

	// A good API again: two full pages and a short one, each entry once.
	const entries = [...page(0, at), ...page(1, at), ...page(2, at).slice(0, 5)];
	api.handler = (request) => {
		const n = Number((request.body as IDataObject).token ?? 0);
		return json({ data: entries.slice(n * 100, n * 100 + 100), token: String(n + 1) });
	};
	api.requests.length = 0;
	expect(await poll()).toStrictEqual(entries);
	expect(tokens(api.requests)).toStrictEqual([null, '1', '2']);
});

test('a walk that fails after its first page stores nothing; the next poll emits that page once', async () => {
	const at = env.clock.time;
	expect(await poll()).toBeNull();
	env.clock.advance(60_000);
	const entries = [...page(0, at), ...page(1, at).slice(0, 20)];
	let failing = true;
	api.handler = (request) => {
		const n = Number((request.body as IDataObject).token ?? 0);
		if (n === 1 && failing) return { status: 400, body: JSON.stringify({ error: 'bad token' }) };
		return json({ data: entries.slice(n * 100, n * 100 + 100), token: String(n + 1) });
	};
	await expect(poll()).rejects.toThrow();
	expect(staticData).toStrictEqual({
		'node:OPSWAT MetaAccess': {
			log: { v: 1, category: 'admin', until: at, seen: [], from: at },
		},
	});
	failing = false;
	expect(await poll()).toStrictEqual(entries);
	env.clock.advance(60_000);
	expect(await poll()).toBeNull();
});
