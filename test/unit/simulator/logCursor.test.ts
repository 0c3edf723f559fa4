/**
 * Get Logs' `token` cursor: every entry of the window exactly once, whatever the page size and
 * however often the walk is repeated; the window of the first page holds for the whole walk; the
 * token belongs to its query.
 */
import { postAction, useSimulator } from './helpers';

const START = Date.UTC(2026, 11, 1, 9, 0, 0);
const clock = { time: START };
const context = useSimulator({ devices: 0, now: () => clock.time });
const V33 = '/o/api/v3.3/logs';
const V32 = '/o/api/v3.2/logs';

const logs = (body: Record<string, unknown>, path = V33) => postAction(context.http, path, body);

/** `count` device events, one every 10 s ending now, details numbered from 1; ties when `sameTime`. */
const appendDeviceEvents = async (count: number, sameTime = false) => {
	const answer = await context.http.post('/_sim/logs', {
		events: Array.from({ length: count }, (_, i) => ({
			category: 'device',
			event: ['compliant', 'noncompliant', 'deleted_api'][i % 3],
			time: sameTime ? clock.time : clock.time - (count - 1 - i) * 10_000,
			device_id: `D${i + 1}`,
			details: `#${i + 1}`,
		})),
	});
	expect(answer.status).toBe(200);
};

/**
 * Walks every page as OPSWAT's add-on does (on with each token until a page without entries or a
 * 413): the details in order, the number of requests, the tokens seen, how the walk ended.
 */
async function walk(body: Record<string, unknown>, path = V33) {
	const seen: string[] = [];
	const tokens: string[] = [];
	let token = '';
	let requests = 0;
	for (;;) {
		const answer = await logs({ ...body, token }, path);
		requests += 1;
		expect(requests).toBeLessThan(1000);
		if (answer.status === 413) return { seen, requests, tokens, end: 413 };
		expect(answer.status).toBe(200);
		if (answer.data.data.length === 0) return { seen, requests, tokens, end: answer.data.token };
		seen.push(...answer.data.data.map((entry: { details: string }) => entry.details));
		token = answer.data.token;
		expect(token).not.toBe('');
		tokens.push(token);
	}
}

const numbered = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => `#${from + i}`);

beforeEach(async () => {
	clock.time = START;
	await context.http.post('/_sim/reset');
});

describe('Get Logs cursor', () => {
	it('walks every entry exactly once, oldest first, for every page size, on both versions, then answers 413', async () => {
		await appendDeviceEvents(120);
		for (const path of [V33, V32]) {
			for (const limit of [1, 7, 20, 100]) {
				const { seen, requests, tokens, end } = await walk(
					{ event_category: 'device', limit, age: 86400 },
					path,
				);
				expect([path, limit, seen]).toEqual([path, limit, numbered(1, 120)]);
				// Every page, then the page after the last: 413.
				expect([requests, end]).toEqual([Math.ceil(120 / limit) + 1, 413]);
				expect(new Set(tokens).size).toBe(tokens.length);
			}
		}
	});

	it('gives the same walk the 1st, 3rd, 5th and 10th time', async () => {
		await appendDeviceEvents(60);
		const walks = [];
		for (let i = 1; i <= 10; i++) walks.push(await walk({ event_category: 'device', limit: 7 }));
		for (const repetition of [3, 5, 10]) expect(walks[repetition - 1]).toEqual(walks[0]);
		expect(walks[0].seen).toEqual(numbered(1, 60));
	});

	it('splits entries of the same millisecond in the order they arrived', async () => {
		await appendDeviceEvents(10, true);
		expect((await walk({ event_category: 'device', limit: 3 })).seen).toEqual(numbered(1, 10));
	});

	it('walks a filtered listing exactly once', async () => {
		await appendDeviceEvents(90);
		const every3rd = (first: number) => numbered(1, 90).filter((_, i) => i % 3 === first);
		const filtered = await walk({
			event_category: 'device',
			limit: 4,
			filter: { events: 'deleted_api' },
		});
		expect(filtered.seen).toEqual(every3rd(2));
		const twoEvents = await walk({
			event_category: 'device',
			limit: 5,
			filter: { events: ['noncompliant', 'compliant'] },
		});
		expect(twoEvents.seen).toEqual(numbered(1, 90).filter((_, i) => i % 3 !== 2));
	});

	it('keeps the window of the first page: later entries wait for the next walk', async () => {
		await appendDeviceEvents(30);
		const first = await logs({ event_category: 'device', limit: 10, age: 600 });
		expect(first.data.data.map((entry: { details: string }) => entry.details)).toEqual(
			numbered(1, 10),
		);
		// Ten minutes on: a new event now, and one inside the old window after the cursor's place.
		clock.time += 600_000;
		await context.http.post('/_sim/logs', {
			events: [
				{ category: 'device', event: 'added', device_id: 'NEW', details: 'new' },
				{ category: 'device', event: 'added', time: START - 5_000, details: 'late but inside' },
			],
		});
		const seen = [...numbered(1, 10)];
		let token = first.data.token;
		for (;;) {
			// The window parameters of later pages are checked, not used: the token's window holds.
			const page = await logs({ event_category: 'device', limit: 10, age: 1, token });
			if (page.status === 413) break;
			seen.push(...page.data.data.map((entry: { details: string }) => entry.details));
			token = page.data.token;
		}
		expect(seen).toEqual([...numbered(1, 30).slice(0, 29), 'late but inside', '#30']);
		const next = await walk({ event_category: 'device', age: 60 });
		expect(next.seen).toEqual(['new']);
		// A window without entries: one request, no token.
		expect(await walk({ event_category: 'admin' })).toEqual({
			seen: [],
			requests: 1,
			tokens: [],
			end: '',
		});
	});

	it('refuses a token with another category, filter or version, or one it did not give (400)', async () => {
		await appendDeviceEvents(30);
		const body = { event_category: 'device', limit: 5, filter: { events: ['compliant'] } };
		const { token } = (await logs(body)).data;
		expect(token).not.toBe('');
		expect((await logs({ ...body, token })).status).toBe(200);
		for (const [change, path] of [
			[{ event_category: 'admin' }, V33],
			[{ filter: { events: ['compliant', 'noncompliant'] } }, V33],
			[{ filter: null }, V33],
			[{}, V32],
			[{ token: 'not-a-token' }, V33],
			[{ token: Buffer.from('{"v":"3.3"}').toString('base64url') }, V33],
			[{ token: 42 }, V33],
		] as Array<[Record<string, unknown>, string]>) {
			const answer = await logs({ ...body, token, ...change }, path);
			expect([change, answer.status, answer.data.error]).toEqual([change, 400, 'invalid_request']);
		}
	});

	it('answers 413 to a token with nothing left after it', async () => {
		await appendDeviceEvents(30);
		const { token } = (await logs({ event_category: 'device', limit: 10 })).data;
		expect((await context.http.delete('/_sim/logs')).data).toStrictEqual({ cleared: 30 });
		const answer = await logs({ event_category: 'device', limit: 10, token });
		expect([answer.status, answer.data.error]).toEqual([413, 'invalid_request']);
	});
});
