/**
 * client.logsPage: Get Logs v3.3, one page: the documented request (defaults not sent), the
 * window as `age` or explicit start and end times, the cursor, the filter; `{ data, token }` read
 * as entries and the next token; a 413 as an empty last page; any other body an error.
 */
import { NodeApiError } from 'n8n-workflow';

import { MetaAccessClient } from '../../../nodes/OpswatMetaAccess/transport/client';
import { DEFAULT_REQUEST_OPTIONS } from '../../../nodes/OpswatMetaAccess/transport/types';
import type { LogsQuery } from '../../../nodes/OpswatMetaAccess/helpers/logs';
import { FakeApi, type FakeAnswer } from '../../harness/fakeApi';
import { actionContext } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

const env = useNodeTestEnvironment();
let api: FakeApi;
beforeEach(() => {
	api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000 });
});

const TOKEN = 'TEST7P9ZMJ2LBF8AMOMJLFNPMMLO953AVQ4C9YFF52R61234';
const ENTRY = {
	timestamp: '2026-12-01T10:00:00.000Z',
	event: 'noncompliant',
	device_id: 'W7ibNr5eVxv3wHlm',
};

async function page(query: LogsQuery, answer: FakeAnswer) {
	api.handler = () => answer;
	const { context } = actionContext({ parameters: {} });
	return await new MetaAccessClient(context, env.clock).logsPage(query, DEFAULT_REQUEST_OPTIONS);
}

const json = (body: unknown): FakeAnswer => ({
	status: 200,
	body: JSON.stringify(body),
	headers: { 'Content-Type': 'application/json' },
});

test.each<[string, LogsQuery, object]>([
	['defaults not sent', { category: 'admin', window: { age: 3600 }, limit: 20 }, {}],
	[
		'age, limit, filter',
		{ category: 'device', window: { age: 300 }, limit: 100, events: 'deleted_api' },
		{ limit: 100, age: 300, filter: { events: 'deleted_api' } },
	],
	[
		'explicit start and end, a cursor, several events',
		{
			category: 'device',
			window: { start: 1_700_000_000_000, end: 1_700_300_000_000 },
			cursor: 'abc',
			limit: 100,
			events: ['added', 'deleted'],
		},
		{
			limit: 100,
			token: 'abc',
			start_time: 1_700_000_000_000,
			end_time: 1_700_300_000_000,
			filter: { events: ['added', 'deleted'] },
		},
	],
])('sends the documented request: %s', async (_name, query, extra) => {
	const result = await page(query, json({ data: [ENTRY, 'junk'], token: 'next' }));
	expect(result).toStrictEqual({ entries: [ENTRY], nextToken: 'next' });
	expect(api.requests.map((r) => [r.method, r.path, r.query, r.body])).toStrictEqual([
		[
			'POST',
			'/o/api/v3.3/logs',
			{ access_token: TOKEN },
			{ event_category: query.category, ...extra },
		],
	]);
});

test('an empty cursor is not sent; a missing or empty next token is ""', async () => {
	const query: LogsQuery = { category: 'admin', window: { age: 60 }, cursor: '', limit: 20 };
	expect(await page(query, json({ data: [] }))).toStrictEqual({ entries: [], nextToken: '' });
	expect(await page(query, json({ data: [ENTRY], token: null }))).toStrictEqual({
		entries: [ENTRY],
		nextToken: '',
	});
	expect(api.requests.map((r) => r.body)).toStrictEqual([
		{ event_category: 'admin', age: 60 },
		{ event_category: 'admin', age: 60 },
	]);
});

test('a 413 (the page after the last entry) is an empty last page', async () => {
	const query: LogsQuery = { category: 'device', window: { age: 60 }, cursor: 'x', limit: 100 };
	const answer = { status: 413, body: JSON.stringify({ error: 'invalid_request' }) };
	expect(await page(query, answer)).toStrictEqual({ entries: [], nextToken: '' });
	expect(api.requests).toHaveLength(1);
});

test.each([[[ENTRY]], [{ logs: [ENTRY] }], [{ data: 'none' }]])(
	'a body without the data list is an error naming Get Logs: %j',
	async (body) => {
		const query: LogsQuery = { category: 'device', window: { age: 60 }, limit: 100 };
		const failure = page(query, json(body));
		await expect(failure).rejects.toThrow(NodeApiError);
		await expect(failure).rejects.toThrow(
			'MetaAccess answered Get Logs with something other than the data list of log entries',
		);
	},
);
