/**
 * The device picker's list against pages that never end: its pagination token carries the keys
 * of the pages listed, so a page that repeats ANY earlier page of the list (pages alternating A/B,
 * page 1 again at page 5 or 10) stops it with an error saying what the API did; pages that are
 * always new stop at 100 pages (5,000 devices), with an error, before any further request.
 */
import type { INodeListSearchResult } from 'n8n-workflow';

import { FakeApi, type FakeRequest } from '../../harness/fakeApi';
import { runListSearch } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);
const pageNumber = (request: FakeRequest) => Number(request.query.page ?? 1);
/** 50 devices, the `n`-th block of them. */
const block = (n: number) =>
	Array.from({ length: 50 }, (_, i) => ({ hwid: `HW-${n}-${i}`, hostname: `pc-${n}-${i}` }));

const LISTS = [
	{
		name: 'no filter (Get Devices)',
		filter: '',
		endpoint: 'Get Devices',
		path: '/o/api/v2.3/devices',
		answer: (devices: unknown[]) => devices,
		query: (page: number) => ({
			limit: '50',
			...(page > 1 ? { page: String(page) } : {}),
			access_token: expect.any(String) as string,
		}),
	},
	{
		name: 'a filter (Search Devices)',
		filter: 'pc-1',
		endpoint: 'Search Devices',
		path: '/o/api/v2.1/devices/search',
		answer: (devices: unknown[]) => ({ total_count: 1_000_000, results: devices }),
		query: (page: number) => ({
			q: 'pc-1',
			limit: '50',
			...(page > 1 ? { page: String(page) } : {}),
			access_token: expect.any(String) as string,
		}),
	},
];

/** Scrolls the list as the editor does (each call with the token of the one before) until it fails. */
async function scrollUntilError(filter: string): Promise<{ pages: number; error: Error }> {
	let token: string | undefined;
	for (let pages = 0; pages < 200; pages++) {
		let result: INodeListSearchResult;
		try {
			result = await runListSearch(
				{ parameters: { operation: 'get' } },
				'searchDevices',
				filter,
				token,
			);
		} catch (error) {
			return { pages, error: error as Error };
		}
		expect(result.results).toHaveLength(50);
		token = result.paginationToken as string;
		expect(token.split('.')).toHaveLength(pages + 2);
	}
	throw new Error('the list never stopped');
}

describe.each(LISTS)('$name', (list) => {
	const expectPages = (...pages: number[]) =>
		expect(api.requests.map((request) => [request.path, request.query])).toEqual(
			pages.map((page) => [list.path, list.query(page)]),
		);

	test('pages alternating A, B, A…: stops at page 3, the same devices as page 1', async () => {
		api.handler = (request) => ({
			status: 200,
			body: list.answer(block(pageNumber(request) % 2)),
		});
		const { pages, error } = await scrollUntilError(list.filter);
		expect(pages).toBe(2);
		expect(error.message).toBe(
			`MetaAccess answered page 3 of ${list.endpoint} with the same 50 devices as page 1: its pages repeat, so the list would never end; stopped after 3 requests`,
		);
		expectPages(1, 2, 3);
	});

	test.each([5, 10])('page %i repeating page 1: stops there', async (repeated) => {
		api.handler = (request) => {
			const page = pageNumber(request);
			return { status: 200, body: list.answer(block(page === repeated ? 1 : page)) };
		};
		const { pages, error } = await scrollUntilError(list.filter);
		expect(pages).toBe(repeated - 1);
		expect(error.message).toBe(
			`MetaAccess answered page ${repeated} of ${list.endpoint} with the same 50 devices as page 1: its pages repeat, so the list would never end; stopped after ${repeated} requests`,
		);
		expectPages(...range(1, repeated));
	});

	test('pages that are always new: 100 pages, then an error before any other request', async () => {
		api.handler = (request) => ({ status: 200, body: list.answer(block(pageNumber(request))) });
		const { pages, error } = await scrollUntilError(list.filter);
		expect(pages).toBe(100);
		expect(error.message).toBe('The list shows at most 100 pages (5,000 devices)');
		expect((error as Error & { description?: string }).description).toBe(
			'Type part of a hostname (3 characters or more) or a MAC address to search, or choose By ID.',
		);
		expectPages(...range(1, 100));
	});
});
