/**
 * Application → Get Many and Threat → Get Many with Return All against pages that never end: a
 * page that repeats any earlier page (alternating A/B, page 1 again at page 5 or 10) stops the
 * listing with an error after the fewest requests, as every listing does.
 */
import { NodeApiError, type INodeParameters } from 'n8n-workflow';

import { FakeApi, type FakeRequest } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

let api: FakeApi;
const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

interface Listing {
	name: string;
	noun: string;
	parameters: INodeParameters;
	path: string;
	endpoint: string;
	/** The page a request asks for. */
	page: (request: FakeRequest) => number;
	/** The answer holding the 50 entries of block `n`. */
	answer: (n: number) => unknown;
}

const LISTINGS: Listing[] = [
	{
		name: 'Application → Get Many',
		noun: 'applications',
		parameters: { resource: 'application', operation: 'getAll', returnAll: true },
		path: '/o/api/v3/apps',
		endpoint: 'Get Applications',
		page: (request) => Number((request.body as { page?: number } | null)?.page ?? 1),
		answer: (n) =>
			Array.from({ length: 50 }, (_, i) => ({ product_id: String(n), version: `${i}.0` })),
	},
	{
		name: 'Threat → Get Many',
		noun: 'threats',
		parameters: {
			resource: 'threat',
			operation: 'getAll',
			device: { __rl: true, mode: 'id', value: 'HW-1' },
			returnAll: true,
		},
		path: '/o/api/v3/get_threats',
		endpoint: 'Get Threats',
		page: (request) => Number(request.query.page ?? 1),
		answer: (n) => ({
			antimalware_scan: Array.from({ length: 50 }, (_, i) => ({ hash: `${n}-${i}` })),
			local_antimalware_threats: [],
		}),
	},
];

async function failureOf(parameters: INodeParameters): Promise<NodeApiError> {
	const failure = await runActionNode({ parameters, typeVersion: 2 }).then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(failure).toBeInstanceOf(NodeApiError);
	return failure as NodeApiError;
}

describe.each(LISTINGS)('$name, Return All', (listing) => {
	const pagesAsked = () => api.requests.map((request) => [request.path, listing.page(request)]);
	const range = (to: number) => Array.from({ length: to }, (_, i) => [listing.path, i + 1]);

	test('pages alternating A, B, A…: stops at page 3 (the same entries as page 1)', async () => {
		api.handler = (request) => ({ status: 200, body: listing.answer(listing.page(request) % 2) });
		const error = await failureOf(listing.parameters);
		expect(error.message).toBe(
			`MetaAccess answered page 3 of ${listing.endpoint} with the same 50 ${listing.noun} as page 1: its pages repeat, so the list would never end; stopped after 3 requests`,
		);
		expect(pagesAsked()).toEqual(range(3));
	});

	test.each([5, 10])('page %i repeating page 1 among new pages: stops there', async (repeated) => {
		api.handler = (request) => {
			const page = listing.page(request);
			return { status: 200, body: listing.answer(page === repeated ? 1 : page) };
		};
		const error = await failureOf(listing.parameters);
		expect(error.message).toBe(
			`MetaAccess answered page ${repeated} of ${listing.endpoint} with the same 50 ${listing.noun} as page 1: its pages repeat, so the list would never end; stopped after ${repeated} requests`,
		);
		expect(pagesAsked()).toEqual(range(repeated));
	});
});
