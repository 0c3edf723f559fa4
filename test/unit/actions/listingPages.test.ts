/**
 * Get Many and Search with Return All against pages that never end: a page that repeats ANY
 * earlier page of the listing (pages alternating A/B, page 1 again at page 5 or 10) stops it with
 * an error saying what the API did, after the fewest requests; pages that are always new stop at
 * the listing's most pages (those of 100,000 devices and one to see the end), with an error.
 */
import { NodeApiError, type INode, type INodeParameters } from 'n8n-workflow';

import {
	listDevices,
	type PageQuery,
} from '../../../nodes/OpswatMetaAccess/actions/device/getAll.operation';
import {
	searchAll,
	type SearchRequest,
} from '../../../nodes/OpswatMetaAccess/actions/device/search.operation';
import type { MetaAccessClient } from '../../../nodes/OpswatMetaAccess/transport/client';

import { FakeApi, type FakeRequest } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);
const DEVICES_PATH = '/o/api/v2.3/devices';
const SEARCH_PATH = '/o/api/v2.1/devices/search';
const pageNumber = (request: FakeRequest) => Number(request.query.page ?? 1);
/** 50 devices, the `n`-th block of them. */
const block = (n: number) =>
	Array.from({ length: 50 }, (_, i) => ({ hwid: `HW-${n}-${i}`, status: 0 }));

interface Listing {
	name: string;
	parameters: INodeParameters;
	path: string;
	endpoint: string;
	/** The answer that gives these devices (Search: with a total_count that never ends the list). */
	answer: (devices: unknown[]) => unknown;
	query: (page: number) => Record<string, string>;
}

const LISTINGS: Listing[] = [
	{
		name: 'Get Many',
		parameters: { operation: 'getAll', returnAll: true },
		path: DEVICES_PATH,
		endpoint: 'Get Devices',
		answer: (devices) => devices,
		query: (page) => ({
			limit: '50',
			...(page > 1 ? { page: String(page) } : {}),
			access_token: expect.any(String) as string,
		}),
	},
	{
		name: 'Search',
		parameters: { operation: 'search', query: 'laptop', returnAll: true },
		path: SEARCH_PATH,
		endpoint: 'Search Devices',
		answer: (devices) => ({ total_count: 1_000_000, results: devices }),
		query: (page) => ({
			q: 'laptop',
			limit: '50',
			...(page > 1 ? { page: String(page) } : {}),
			access_token: expect.any(String) as string,
		}),
	},
];

async function failureOf(parameters: INodeParameters): Promise<NodeApiError> {
	const failure = await runActionNode({ parameters }).then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(failure).toBeInstanceOf(NodeApiError);
	return failure as NodeApiError;
}

const sent = () => api.requests.map((request) => [request.method, request.path, request.query]);

describe.each(LISTINGS)('$name, Return All', (listing) => {
	const expectPages = (...pages: number[]) =>
		expect(sent()).toEqual(pages.map((page) => ['GET', listing.path, listing.query(page)]));

	test('pages alternating A, B, A…: stops at page 3 (the same devices as page 1), after 3 requests', async () => {
		api.handler = (request) => ({
			status: 200,
			body: listing.answer(block(pageNumber(request) % 2)),
		});
		const error = await failureOf(listing.parameters);
		expect(error.message).toBe(
			`MetaAccess answered page 3 of ${listing.endpoint} with the same 50 devices as page 1: its pages repeat, so the list would never end; stopped after 3 requests`,
		);
		expect(error.description).toBe(
			'Listing further pages would only repeat these devices. Check that the Base URL of the credential points to the MetaAccess cloud, not a proxy that drops the page parameter, then try again.',
		);
		expectPages(1, 2, 3);
	});

	test.each([5, 10])('page %i repeating page 1 among new pages: stops there', async (repeated) => {
		api.handler = (request) => {
			const page = pageNumber(request);
			return { status: 200, body: listing.answer(block(page === repeated ? 1 : page)) };
		};
		const error = await failureOf(listing.parameters);
		expect(error.message).toBe(
			`MetaAccess answered page ${repeated} of ${listing.endpoint} with the same 50 devices as page 1: its pages repeat, so the list would never end; stopped after ${repeated} requests`,
		);
		expectPages(...range(1, repeated));
	});
});

/**
 * Pages that are always new, as the listings walk them (a stand-in client answering each page at
 * once: 2,001 requests through n8n would take minutes of the test machine; the requests the
 * listing asks for are the same).
 */
describe('Return All against pages that are always new', () => {
	const node = { name: 'OPSWAT MetaAccess' } as INode;
	const options = { maxWaitOnRateLimit: 120, timeout: 60 };

	test('Get Many: stops after the pages of 100,000 devices and one to see the end, with an error', async () => {
		const asked: unknown[] = [];
		const client = {
			getDevicesPage: async (query: { page: number }) => {
				asked.push(query);
				return { devices: block(query.page), last: false };
			},
		} as unknown as MetaAccessClient;
		const query: PageQuery = {
			returnAll: true,
			limit: 0,
			groupBy: 'none',
			order: 'des',
			pageSize: 50,
			startPage: 1,
		};
		const error = await listDevices(client, node, query, options).catch((e: unknown) => e);
		expect((error as Error).message).toBe(
			'MetaAccess answered 2001 pages of Get Devices (pages 1 to 2001) without reaching the last page: Return All lists at most 100,000 devices; stopped after 2001 requests',
		);
		expect(asked).toEqual(
			range(1, 2001).map((page) => ({ page, limit: 50, groupBy: 'none', order: 'des' })),
		);
	});

	test('Search: stops after the pages of 100,000 devices and one more, with an error', async () => {
		const asked: unknown[] = [];
		const client = {
			searchDevices: async (query: { page: number }) => {
				asked.push(query);
				return { devices: block(query.page), totalCount: 1_000_000, last: false };
			},
		} as unknown as MetaAccessClient;
		const plan: SearchRequest = { q: 'laptop', in: 'name', returnAll: true, limit: 0 };
		const error = await searchAll(client, node, plan, options).catch((e: unknown) => e);
		expect((error as Error).message).toBe(
			'MetaAccess answered 2001 pages of Search Devices without reaching the last page or total_count: Return All lists at most 100,000 devices; stopped after 2001 requests',
		);
		expect((error as NodeApiError).description).toBe(
			'The search finds more devices than Return All gathers, or the API does not end its list. Narrow the query, or turn Return All off and set a Limit.',
		);
		expect(asked).toEqual(
			range(1, 2001).map((page) => ({ q: 'laptop', in: 'name', limit: 50, page })),
		);
	});
});
