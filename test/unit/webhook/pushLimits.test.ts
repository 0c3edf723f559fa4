/**
 * What an authorised push can and cannot do, through n8n-core's WebhookContext: an entry's fields
 * never shape the item n8n receives (json, binary, pairedItem stay data under extra_fields), and a
 * push past a documented limit (entries, text length, nesting) is refused with 413 or 400 naming
 * the limit, starting nothing and remembering nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import { PUSH_LIMITS } from '../../../nodes/OpswatMetaAccess/webhook/push';
import { deliver, pushOf } from '../../harness/webhook';
import { VirtualClock } from '../../harness/virtualClock';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const CHANGED_AT = '2026-11-21T12:00:00.000Z';

let clock: VirtualClock;
beforeEach(() => {
	clock = new VirtualClock().install();
});
afterEach(() => clock.uninstall());

test('the limits', () => {
	expect(PUSH_LIMITS).toEqual({ entries: 10_000, textLength: 1_024, depth: 8 });
});

describe('an entry never reshapes its item: json, binary and pairedItem are data under extra_fields', () => {
	test('the spoofed item: device B is emitted as device B, its "json" field kept as data', async () => {
		const entry = {
			device_id: 'B',
			status: 'compliant',
			timestamp: T0,
			json: { device_id: 'SPOOFED', status: 'deleted' },
		};
		const delivery = await deliver({ staticData: {} }, pushOf([entry]));
		expect(delivery.execution).toEqual([
			{
				json: {
					device_id: 'B',
					status: 'compliant',
					timestamp: T0,
					changed_at: CHANGED_AT,
					extra_fields: { json: { device_id: 'SPOOFED', status: 'deleted' } },
				},
			},
		]);
	});

	test('an entry with a binary field attaches no file; one with pairedItem sets none', async () => {
		const binary = {
			data: {
				data: Buffer.from('MZ').toString('base64'),
				fileName: 'evil.exe',
				mimeType: 'application/x-msdownload',
			},
		};
		const delivery = await deliver(
			{ staticData: {} },
			pushOf([
				{ device_id: 'C', status: 'non_compliant', timestamp: T0, binary },
				{ device_id: 'D', status: 'installed', timestamp: T0, pairedItem: { item: 7 } },
				{ device_id: 'E', status: 'deleted', timestamp: T0, json: 'x', binary: 1, pairedItem: [] },
			]),
		);
		expect(delivery.execution).toEqual([
			{
				json: {
					device_id: 'C',
					status: 'non_compliant',
					timestamp: T0,
					changed_at: CHANGED_AT,
					extra_fields: { binary },
				},
			},
			{
				json: {
					device_id: 'D',
					status: 'installed',
					timestamp: T0,
					changed_at: CHANGED_AT,
					extra_fields: { pairedItem: { item: 7 } },
				},
			},
			{
				json: {
					device_id: 'E',
					status: 'deleted',
					timestamp: T0,
					changed_at: CHANGED_AT,
					extra_fields: { json: 'x', binary: 1, pairedItem: [] },
				},
			},
		]);
		for (const item of delivery.execution!) expect(Object.keys(item)).toEqual(['json']);
	});

	test("fields named like the item's own (changed_at, extra_fields) stay under extra_fields", async () => {
		const delivery = await deliver(
			{ staticData: {} },
			pushOf([
				{
					device_id: 'F',
					status: 'compliant',
					timestamp: T0,
					changed_at: 'yesterday',
					extra_fields: { a: 1 },
				},
			]),
		);
		expect(delivery.execution).toEqual([
			{
				json: {
					device_id: 'F',
					status: 'compliant',
					timestamp: T0,
					changed_at: CHANGED_AT,
					extra_fields: { changed_at: 'yesterday', extra_fields: { a: 1 } },
				},
			},
		]);
	});
});

/** Delivers a push that must be refused: the answer, and that nothing started or was remembered. */
async function refused(body: unknown) {
	const staticData: IDataObject = {};
	const delivery = await deliver({ staticData }, pushOf(body));
	expect({ execution: delivery.execution, staticData }).toEqual({
		execution: null,
		staticData: {},
	});
	return { status: delivery.status, body: delivery.body };
}

/** `depth` arrays nested in one another around a number: `[[1]]` is 2. */
const nested = (depth: number): unknown => {
	let value: unknown = 1;
	for (let i = 0; i < depth; i++) value = [value];
	return value;
};

describe('a push past a limit is refused, naming the limit; it starts nothing', () => {
	const entry = (i: number) => ({ device_id: `D${i}`, status: 'compliant', timestamp: T0 });

	test('100,000 entries, and again 4 s later: 413 both times', async () => {
		const body = Array.from({ length: 100_000 }, (_, i) => entry(i));
		const answer = {
			status: 413,
			body: {
				code: 413,
				message: 'The push has 100000 entries; at most 10000 are taken in one push',
			},
		};
		expect(await refused(body)).toEqual(answer);
		clock.advance(4_000);
		expect(await refused(body)).toEqual(answer);
	});

	test('one entry more than the limit: 413; the limit itself is taken', async () => {
		const body = Array.from({ length: PUSH_LIMITS.entries + 1 }, (_, i) => entry(i));
		expect((await refused(body)).status).toBe(413);
		const taken = await deliver({ staticData: {} }, pushOf(body.slice(1)));
		expect(taken.execution).toHaveLength(PUSH_LIMITS.entries);
	});

	test('a 10 MB device_id: 413 naming its length and the limit (the text is not repeated)', async () => {
		const body = [entry(0), { ...entry(1), device_id: 'A'.repeat(10 * 1024 * 1024) }];
		expect(await refused(body)).toEqual({
			status: 413,
			body: {
				code: 413,
				message:
					'Entry 1: device_id is 10485760 characters long; at most 1024 characters are taken',
			},
		});
	});

	test.each([
		['status', { status: 's'.repeat(1_025) }, 'Entry 0: status is 1025 characters long'],
		[
			'a text of another field',
			{ note: 'n'.repeat(1_025) },
			'Entry 0: field "note" holds a text of 1025 characters',
		],
		[
			'a text inside another field',
			{ site: { name: 'n'.repeat(2_000) } },
			'Entry 0: field "site" holds a text of 2000 characters',
		],
		[
			'the name of another field',
			{ ['k'.repeat(1_025)]: 1 },
			'Entry 0: a field name is 1025 characters long',
		],
		[
			'a name inside another field',
			{ site: [{ ['k'.repeat(1_030)]: 1 }] },
			'Entry 0: field "site" holds a field name of 1030 characters',
		],
		[
			'a text inside a field of a long name',
			{ ['f'.repeat(65)]: ['t'.repeat(1_025)] },
			'Entry 0: a field holds a text of 1025 characters',
		],
	])('%s over 1,024 characters: 413', async (_label, fields, start) => {
		expect(await refused([{ ...entry(0), ...fields }])).toEqual({
			status: 413,
			body: { code: 413, message: `${start}; at most 1024 characters are taken` },
		});
	});

	test('texts of exactly 1,024 characters are taken', async () => {
		const text = 't'.repeat(PUSH_LIMITS.textLength);
		const delivery = await deliver(
			{ staticData: {} },
			pushOf([{ device_id: text, status: text, timestamp: T0, [text]: text }]),
		);
		expect(delivery.execution).toEqual([
			{
				json: {
					device_id: text,
					status: text,
					timestamp: T0,
					changed_at: CHANGED_AT,
					extra_fields: { [text]: text },
				},
			},
		]);
	});

	test.each([
		['10,000 levels', 10_000],
		['9 levels', 9],
	])('another field nested %s deep: 400', async (_label, depth) => {
		expect(await refused([entry(0), { ...entry(1), deep: nested(depth) }])).toEqual({
			status: 400,
			body: {
				code: 400,
				message: 'Entry 1: field "deep" nests objects or arrays more than 8 levels deep',
			},
		});
	});

	test('8 levels are taken, and the item is plain JSON', async () => {
		const deep = { a: { b: [{ c: [[{ d: [1] }]] }] } };
		const delivery = await deliver({ staticData: {} }, pushOf([{ ...entry(0), deep }]));
		expect(delivery.execution).toEqual([
			{
				json: {
					device_id: 'D0',
					status: 'compliant',
					timestamp: T0,
					changed_at: CHANGED_AT,
					extra_fields: { deep },
				},
			},
		]);
		expect(JSON.parse(JSON.stringify(delivery.execution))).toEqual(delivery.execution);
	});
});
