/**
 * MetaAccess retries a push after 4 s and after 1 min: through n8n-core's WebhookContext, a push
 * received again starts nothing, however large, however often (the 3rd, 5th and 10th time), and
 * whatever came in between; what the trigger remembers in the workflow's static data stays within
 * a bound in bytes, whatever the size of what was pushed.
 */
import type { IDataObject } from 'n8n-workflow';

import {
	MAX_REMEMBERED,
	MAX_REMEMBERED_PUSHES,
	REMEMBER_MS,
} from '../../../nodes/OpswatMetaAccess/webhook/recentPushes';
import { PUSH_LIMITS } from '../../../nodes/OpswatMetaAccess/webhook/push';
import { deliver, pushOf } from '../../harness/webhook';
import { VirtualClock } from '../../harness/virtualClock';
import { digest96 } from './digest';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const NODE_DATA = 'node:OPSWAT MetaAccess Webhook Trigger';
/** The size of the workflow's static data as n8n saves it (JSON). */
const storedSize = (staticData: IDataObject) => JSON.stringify(staticData).length;
/** `count` entries of distinct devices; `prefix` tells pushes apart. */
const entriesOf = (count: number, prefix: string, extra: IDataObject = {}) =>
	Array.from({ length: count }, (_, i) => ({
		device_id: `${prefix}${i}`,
		status: 'compliant',
		timestamp: T0,
		...extra,
	}));

let clock: VirtualClock;
beforeEach(() => {
	clock = new VirtualClock().install();
});
afterEach(() => clock.uninstall());

test('the memory bounds: a whole push of the most entries taken, 1,000 pushes, 11 minutes', () => {
	expect([MAX_REMEMBERED, PUSH_LIMITS.entries, MAX_REMEMBERED_PUSHES, REMEMBER_MS]).toEqual([
		10_000, 10_000, 1_000, 664_000,
	]);
});

describe('MetaAccess retries (after 4 s and after 1 min) are not emitted twice', () => {
	const entry = { device_id: 'A1', status: 'non_compliant', timestamp: T0 };

	test('the same push again after 4 s and after 64 s starts nothing; a new entry among old ones is emitted alone', async () => {
		const staticData: IDataObject = {};
		expect((await deliver({ staticData }, pushOf([entry]))).execution).toHaveLength(1);
		clock.advance(4_000);
		const retry = await deliver({ staticData }, pushOf([entry]));
		expect(retry).toMatchObject({
			status: 200,
			body: { received: 1, repeated: 1, emitted: 0 },
			execution: null,
		});
		clock.advance(60_000);
		const newer = { device_id: 'A1', status: 'compliant', timestamp: T0 + 30_000 };
		const mixed = await deliver({ staticData }, pushOf([entry, newer]));
		expect(mixed.execution).toEqual([
			{ json: { ...newer, changed_at: '2026-11-21T12:00:30.000Z' } },
		]);
		expect(mixed.body).toEqual({ received: 2, repeated: 1, emitted: 1 });
	});

	test('the same entry twice in one push gives one item', async () => {
		const delivery = await deliver({ staticData: {} }, pushOf([entry, { ...entry }]));
		expect(delivery.execution).toHaveLength(1);
	});

	test('an entry is remembered for REMEMBER_MS after it was last received, then forgotten', async () => {
		const staticData: IDataObject = {};
		await deliver({ staticData }, pushOf([entry]));
		clock.advance(REMEMBER_MS - 1);
		expect((await deliver({ staticData }, pushOf([entry]))).execution).toBeNull();
		// Seen again just now: remembered from this last receipt.
		clock.advance(REMEMBER_MS - 1);
		expect((await deliver({ staticData }, pushOf([entry]))).execution).toBeNull();
		clock.advance(REMEMBER_MS);
		expect((await deliver({ staticData }, pushOf([entry]))).execution).toHaveLength(1);
		expect(REMEMBER_MS).toBe(664_000);
	});

	test(`at most ${MAX_REMEMBERED} entries are kept, the oldest forgotten first`, async () => {
		const staticData: IDataObject = {};
		const many = entriesOf(MAX_REMEMBERED, 'D');
		expect((await deliver({ staticData }, pushOf(many))).execution).toHaveLength(MAX_REMEMBERED);
		const more = entriesOf(MAX_REMEMBERED + 2, 'D').slice(MAX_REMEMBERED);
		expect((await deliver({ staticData }, pushOf(more))).execution).toHaveLength(2);
		const recent = (staticData[NODE_DATA] as IDataObject).recent as Array<[number, string]>;
		expect(recent.map(([, digests]) => digests.length / 16)).toEqual([MAX_REMEMBERED]);
		const again = await deliver({ staticData }, pushOf([many[0], many[1], many[2]]));
		expect(again.execution!.map((item) => item.json.device_id)).toEqual(['D0', 'D1']);
	});
});

describe('a push of the most entries taken, repeated, never emits an entry twice', () => {
	const big = entriesOf(PUSH_LIMITS.entries, 'BIG');

	test.each([3, 5, 10])(
		'received %i times, 4 s apart: emitted once, then answered as repeated',
		async (times) => {
			const staticData: IDataObject = {};
			const first = await deliver({ staticData }, pushOf(big));
			expect(first.execution).toHaveLength(PUSH_LIMITS.entries);
			const size = storedSize(staticData);
			for (let time = 2; time <= times; time++) {
				clock.advance(4_000);
				const again = await deliver({ staticData }, pushOf(big));
				expect({
					time,
					status: again.status,
					body: again.body,
					execution: again.execution,
				}).toEqual({
					time,
					status: 200,
					body: { received: 10_000, repeated: 10_000, emitted: 0 },
					execution: null,
				});
				expect(storedSize(staticData)).toBe(size);
			}
		},
	);

	test.each([3, 5, 10])(
		'received %i times with a push of the most entries between each: still emitted once',
		async (times) => {
			const staticData: IDataObject = {};
			const pushed = big.slice(0, 1_000);
			let emitted = 0;
			for (let time = 1; time <= times; time++) {
				const delivery = await deliver({ staticData }, pushOf(pushed));
				emitted += delivery.execution?.length ?? 0;
				expect(delivery.body).toEqual({
					received: 1_000,
					repeated: time === 1 ? 0 : 1_000,
					emitted: time === 1 ? 1_000 : 0,
				});
				clock.advance(2_000);
				// Its entries push every entry of the first out of the entry memory.
				const other = await deliver({ staticData }, pushOf(entriesOf(10_000, `OTHER${time}-`)));
				expect(other.execution).toHaveLength(10_000);
				clock.advance(2_000);
			}
			expect(emitted).toBe(1_000);
		},
	);
});

describe('the static data stays within a bound in bytes, whatever was pushed', () => {
	// Each remembered entry or push: 16 characters, and at worst one [receivedAt, ""] of its own.
	const BOUND = (MAX_REMEMBERED + MAX_REMEMBERED_PUSHES) * (16 + 19) + 200;

	test('entries of the longest texts take no more room than short ones', async () => {
		const longText = 'x'.repeat(PUSH_LIMITS.textLength - 8);
		const small: IDataObject = {};
		const large: IDataObject = {};
		await deliver({ staticData: small }, pushOf(entriesOf(1_000, 'S')));
		const longEntries = entriesOf(1_000, longText, { note: longText, more: { text: longText } });
		const delivery = await deliver({ staticData: large }, pushOf(longEntries));
		expect(delivery.execution).toHaveLength(1_000);
		expect(storedSize(large)).toBe(storedSize(small));
		expect(storedSize(large)).toBeLessThan(1_000 * 16 + 200);
	});

	test('the worst case, every entry pushed alone at its own millisecond, stays under the bound', async () => {
		// What 11,000 single-entry pushes at 11,000 milliseconds leave (the format is checked below):
		// the newest 10,000 entries and 1,000 pushes, each a [receivedAt, digest] pair of its own.
		const at = (i: number) => clock.now() - 11_000 + i;
		const entry = (i: number) => digest96(JSON.stringify([`W${i}`, 'compliant', T0]));
		const range = (from: number, to: number) =>
			Array.from({ length: to - from }, (_, k) => from + k);
		const nodeData: IDataObject = {
			[NODE_DATA]: {
				recent: range(1_000, 11_000).map((i) => [at(i), entry(i)]),
				pushes: range(10_000, 11_000).map((i) => [at(i), digest96(entry(i))]),
			},
		};
		// One more push, and a retry of the last one: the first emitted, the retry not.
		const next = await deliver({ staticData: nodeData }, pushOf(entriesOf(1, 'LAST')));
		expect(next.execution).toHaveLength(1);
		clock.advance(1);
		const retry = [{ device_id: 'W10999', status: 'compliant', timestamp: T0 }];
		expect((await deliver({ staticData: nodeData }, pushOf(retry))).body).toEqual({
			received: 1,
			repeated: 1,
			emitted: 0,
		});
		const stored = nodeData[NODE_DATA] as { recent: unknown[]; pushes: unknown[] };
		expect([stored.recent.length, stored.pushes.length]).toEqual([
			MAX_REMEMBERED,
			MAX_REMEMBERED_PUSHES,
		]);
		expect(storedSize(nodeData)).toBeLessThanOrEqual(BOUND);
		expect(BOUND).toBe(385_200);
	});

	test('what is stored: [receivedAt, digests] pairs, oldest first; expired pairs dropped on the next push', async () => {
		const staticData: IDataObject = {};
		await deliver({ staticData }, pushOf([entriesOf(1, 'A')[0]]));
		clock.advance(REMEMBER_MS);
		await deliver({ staticData }, pushOf([entriesOf(1, 'B')[0]]));
		const entryB = digest96(JSON.stringify(['B0', 'compliant', T0]));
		expect(staticData[NODE_DATA]).toEqual({
			recent: [[clock.now(), entryB]],
			pushes: [[clock.now(), digest96(entryB)]],
		});
	});
});
