/**
 * Get Logs v3.3 / v3.2 as the digest documents them and as the simulator decides where it is
 * silent: parameters, ranges, defaults and codes; the window (`age` vs start/end); filter.events;
 * the cursor, which walks every entry exactly once. The simulator's clock is moved by hand.
 */
import { postAction, useSimulator } from './helpers';

const START = Date.UTC(2026, 11, 1, 9, 0, 0);
const clock = { time: START };
const context = useSimulator({ devices: 0, now: () => clock.time });
const V33 = '/o/api/v3.3/logs';
const V32 = '/o/api/v3.2/logs';

const logs = (body: unknown, path = V33) => postAction(context.http, path, body);
const append = async (events: Array<Record<string, unknown>>) => {
	const answer = await context.http.post('/_sim/logs', { events });
	expect(answer.status).toBe(200);
};
/** `count` admin events, one a second ending `endsAgoMs` before now, details numbered from 1. */
const adminEvents = (count: number, endsAgoMs = 0) =>
	append(
		Array.from({ length: count }, (_, i) => ({
			category: 'admin',
			event: i % 2 === 0 ? 'logged_on' : 'configuration_change',
			time: clock.time - endsAgoMs - (count - 1 - i) * 1000,
			details: `#${i + 1}`,
		})),
	);
const details = (answer: { data: { data: Array<{ details: string }> } }) =>
	answer.data.data.map((entry) => entry.details);

beforeEach(async () => {
	clock.time = START;
	await context.http.post('/_sim/reset');
});

describe('Get Logs: parameters', () => {
	it('needs event_category, one of the four (else 400), and a JSON body (else 400 / 415)', async () => {
		const cases: Array<[unknown, number]> = [
			[{}, 400],
			[{ event_category: 'devices' }, 400],
			[{ event_category: null }, 400],
			...['device', 'admin', 'webhook', 'device_report'].map((category): [unknown, number] => [
				{ event_category: category },
				200,
			]),
		];
		for (const [body, status] of cases) {
			const answer = await logs(body);
			expect([body, answer.status]).toEqual([body, status]);
			if (status === 400) expect(answer.data.error).toBe('invalid_request');
		}
		const url = `${V33}?access_token=demo-access-token`;
		const json = { headers: { 'Content-Type': 'application/json' } };
		expect((await context.http.post(url, '', json)).status).toBe(400);
		expect((await context.http.post(url, '{"event_category":', json)).status).toBe(400);
		expect((await context.http.post(url, '["device"]', json)).status).toBe(400);
		const text = await context.http.post(url, 'event_category=device', {
			headers: { 'Content-Type': 'text/plain' },
		});
		expect(text.status).toBe(415);
	});

	it('gives 20 entries by default, up to 100 with limit; above 100 → 406, other values → 400', async () => {
		await adminEvents(120);
		const first = await logs({ event_category: 'admin' });
		expect(first.status).toBe(200);
		expect(details(first)).toEqual(Array.from({ length: 20 }, (_, i) => `#${i + 1}`));
		expect(first.data.token).not.toBe('');
		expect((await logs({ event_category: 'admin', limit: 1 })).data.data).toHaveLength(1);
		expect((await logs({ event_category: 'admin', limit: 100 })).data.data).toHaveLength(100);
		const over = await logs({ event_category: 'admin', limit: 101 });
		expect([over.status, over.data.error]).toEqual([406, 'invalid_request']);
		for (const limit of [0, -1, 2.5, '5', true]) {
			const answer = await logs({ event_category: 'admin', limit });
			expect([limit, answer.status]).toEqual([limit, 400]);
		}
	});

	it('reads the last 3600 s by default, the last age seconds (0..86400) when given', async () => {
		await append([
			{
				category: 'admin',
				event: 'logged_on',
				time: START - 86_400_001,
				details: 'older than a day',
			},
			{ category: 'admin', event: 'logged_on', time: START - 86_400_000, details: 'a day' },
			{
				category: 'admin',
				event: 'logged_on',
				time: START - 3_600_001,
				details: 'an hour and 1 ms',
			},
			{ category: 'admin', event: 'logged_on', time: START - 3_600_000, details: 'an hour' },
			{ category: 'admin', event: 'logged_on', time: START - 300_000, details: '5 minutes' },
			{ category: 'admin', event: 'logged_on', time: START, details: 'now' },
			{ category: 'admin', event: 'logged_on', time: START + 1, details: 'the future' },
		]);
		expect(details(await logs({ event_category: 'admin' }))).toEqual([
			'an hour',
			'5 minutes',
			'now',
		]);
		expect(details(await logs({ event_category: 'admin', age: 300 }))).toEqual([
			'5 minutes',
			'now',
		]);
		expect(details(await logs({ event_category: 'admin', age: 0 }))).toEqual(['now']);
		expect(details(await logs({ event_category: 'admin', age: 86400 }))).toEqual([
			'a day',
			'an hour and 1 ms',
			'an hour',
			'5 minutes',
			'now',
		]);
		for (const age of [86401, -1, 1.5, '300']) {
			const answer = await logs({ event_category: 'admin', age });
			expect([age, answer.status]).toEqual([age, 400]);
		}
		clock.time = START + 1;
		expect(details(await logs({ event_category: 'admin', age: 0 }))).toEqual(['the future']);
	});

	it('takes start_time and end_time (epoch ms, both ends included) over age, over more than a day', async () => {
		await adminEvents(5, 3 * 86_400_000); // #1..#5 at T-4 s … T, three days ago
		const t = START - 3 * 86_400_000;
		const window = (body: Record<string, unknown>) => logs({ event_category: 'admin', ...body });
		expect(details(await window({ start_time: t - 3000, end_time: t - 1000 }))).toEqual([
			'#2',
			'#3',
			'#4',
		]);
		// age says the last hour; start_time and end_time win.
		expect(details(await window({ age: 3600, start_time: t - 4000, end_time: t }))).toEqual([
			'#1',
			'#2',
			'#3',
			'#4',
			'#5',
		]);
		// Only start_time: up to now, however long ago it is.
		expect(details(await window({ start_time: t - 1000 }))).toEqual(['#4', '#5']);
		// Only end_time: age (default one hour) before it.
		expect(details(await window({ end_time: t - 2000 }))).toEqual(['#1', '#2', '#3']);
		expect(details(await window({ end_time: t - 2000, age: 1 }))).toEqual(['#2', '#3']);
		for (const bad of [
			{ start_time: t, end_time: t - 1 },
			{ start_time: String(t) },
			{ end_time: -5 },
			{ start_time: 1.5 },
		]) {
			const answer = await window(bad);
			expect([bad, answer.status]).toEqual([bad, 400]);
		}
	});

	it('filters by filter.events, one string or a list, from the category list (else 400)', async () => {
		await adminEvents(6);
		const filtered = (events: unknown) =>
			logs({ event_category: 'admin', filter: { events } }).then((answer) => answer);
		expect(details(await filtered('logged_on'))).toEqual(['#1', '#3', '#5']);
		expect(details(await filtered(['configuration_change']))).toEqual(['#2', '#4', '#6']);
		expect(details(await filtered(['configuration_change', 'logged_on']))).toHaveLength(6);
		expect(details(await logs({ event_category: 'admin', filter: null }))).toHaveLength(6);
		expect(details(await filtered([]))).toHaveLength(6);
		for (const events of ['noncompliant', ['logged_on', 'nope'], 5, [''], [7]]) {
			const answer = await filtered(events);
			expect([events, answer.status]).toEqual([events, 400]);
		}
		expect((await logs({ event_category: 'admin', filter: 'logged_on' })).status).toBe(400);
	});

	it('ignores the filter for device_report', async () => {
		await append([{ category: 'device_report', event: 'agent_log', device_id: 'X', details: 'r' }]);
		const answer = await logs({ event_category: 'device_report', filter: { events: 'nonsense' } });
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual({
			data: [
				{
					timestamp: new Date(START).toISOString(),
					event: 'agent_log',
					device_id: 'X',
					device_name: '',
					details: 'r',
				},
			],
			token: expect.stringMatching(/^[\w-]+$/),
		});
	});

	it('v3.3 names API deletions deleted_api; v3.2 calls them deleted and refuses the deleted_api filter', async () => {
		await append([
			{ category: 'device', event: 'deleted', device_id: 'A', details: 'by admin' },
			{ category: 'device', event: 'deleted_api', device_id: 'B', details: 'by API' },
		]);
		const events = (answer: { data: { data: Array<{ event: string }> } }) =>
			answer.data.data.map((entry) => entry.event);
		expect(events(await logs({ event_category: 'device' }))).toEqual(['deleted', 'deleted_api']);
		expect(events(await logs({ event_category: 'device' }, V32))).toEqual(['deleted', 'deleted']);
		expect(
			details(await logs({ event_category: 'device', filter: { events: 'deleted' } })),
		).toEqual(['by admin']);
		expect(
			details(await logs({ event_category: 'device', filter: { events: 'deleted_api' } })),
		).toEqual(['by API']);
		expect(
			details(await logs({ event_category: 'device', filter: { events: ['deleted'] } }, V32)),
		).toEqual(['by admin', 'by API']);
		const refused = await logs(
			{ event_category: 'device', filter: { events: 'deleted_api' } },
			V32,
		);
		expect(refused.status).toBe(400);
	});

	it('answers an empty window with no entries and an empty token', async () => {
		expect((await logs({ event_category: 'webhook' })).data).toStrictEqual({ data: [], token: '' });
	});
});
