/**
 * Get Many against pages that never end (issue 14): a page that repeats the page before it (the
 * API ignoring `page`), or a walk past the most pages the query allows, stops with a NodeApiError
 * saying what the API did, after the fewest requests.
 */
import { NodeApiError } from 'n8n-workflow';

import { maxPagesFor } from '../../../nodes/OpswatMetaAccess/actions/device/getAll.operation';
import { FakeApi, type FakeRequest } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000 });
});

const fleet = Array.from({ length: 200 }, (_, i) => ({ hwid: `HW${i}`, status: 0 }));
const DEVICES_PATH = '/o/api/v2.3/devices';

/** An API that ignores `page`: every request gets the first page (until `answers` requests, then 413). */
function ignoringPage(answers = 30) {
	return (request: FakeRequest) =>
		api.requests.length > answers
			? { status: 413 }
			: { status: 200, body: fleet.slice(0, Number(request.query.limit)) };
}

function query(limit: number, page?: number, extra: Record<string, string> = {}) {
	return {
		limit: String(limit),
		...(page === undefined ? {} : { page: String(page) }),
		...extra,
		access_token: expect.any(String),
	};
}

async function failureOf(parameters: Record<string, unknown>): Promise<NodeApiError> {
	const failure = await runActionNode({ parameters: { operation: 'getAll', ...parameters } }).then(
		() => undefined,
		(error: unknown) => error,
	);
	expect(failure).toBeInstanceOf(NodeApiError);
	return failure as NodeApiError;
}

describe('Get Many: the API ignores the page parameter', () => {
	test('Return All stops at page 2 with what the API did, after 2 requests', async () => {
		api.handler = ignoringPage();
		const error = await failureOf({ returnAll: true });
		expect(error.message).toBe(
			'MetaAccess answered page 2 of Get Devices with the same 50 devices as page 1: the API ignored the page parameter; stopped after 2 requests',
		);
		expect(error.description).toBe(
			'Listing further pages would only repeat these devices. Check that the Base URL of the credential points to the MetaAccess cloud, not a proxy that drops the page parameter, then try again.',
		);
		expect(api.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', DEVICES_PATH, query(50)],
			['GET', DEVICES_PATH, query(50, 2)],
		]);
	});

	test('Limit 150 (3 pages of 50) stops at page 2 instead of returning each device three times', async () => {
		api.handler = ignoringPage();
		const error = await failureOf({ limit: 150 });
		expect(error.message).toBe(
			'MetaAccess answered page 2 of Get Devices with the same 50 devices as page 1: the API ignored the page parameter; stopped after 2 requests',
		);
		expect(api.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', DEVICES_PATH, query(50)],
			['GET', DEVICES_PATH, query(50, 2)],
		]);
	});

	test('from a Start Page, with a Page Size, and the same devices in another order', async () => {
		api.handler = (request) => {
			if (api.requests.length > 30) return { status: 413 };
			const devices = fleet.slice(0, 20);
			return { status: 200, body: request.query.page === '3' ? devices : devices.reverse() };
		};
		const error = await failureOf({
			returnAll: true,
			paging: 'manual',
			pageSize: 20,
			startPage: 3,
		});
		expect(error.message).toBe(
			'MetaAccess answered page 4 of Get Devices with the same 20 devices as page 3: the API ignored the page parameter; stopped after 2 requests',
		);
		expect(api.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', DEVICES_PATH, query(20, 3)],
			['GET', DEVICES_PATH, query(20, 4)],
		]);
	});

	test('with Continue On Fail, the item gets the error and no devices', async () => {
		api.handler = ignoringPage();
		const { items } = await runActionNode({
			parameters: { operation: 'getAll', returnAll: true },
			continueOnFail: true,
		});
		expect(items).toEqual([
			{
				json: {
					error:
						'MetaAccess answered page 2 of Get Devices with the same 50 devices as page 1: the API ignored the page parameter; stopped after 2 requests',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(api.requests).toHaveLength(2);
	});

	test('pages that share some devices (a list that shifted between two requests) are no repeat', async () => {
		// Page 2 starts with the last device of page 1 again, as after an insertion at the start.
		api.handler = (request) =>
			request.query.page === '2'
				? { status: 200, body: fleet.slice(49, 80) }
				: { status: 200, body: fleet.slice(0, 50) };
		const { items } = await runActionNode({
			parameters: { operation: 'getAll', returnAll: true, simplify: false },
		});
		expect(items.map((item) => item.json.hwid)).toEqual([
			...fleet.slice(0, 50).map((device) => device.hwid),
			...fleet.slice(49, 80).map((device) => device.hwid),
		]);
		expect(api.requests.map((r) => r.query)).toEqual([query(50), query(50, 2)]);
	});
});

describe('Get Many: no walk past the pages the query allows', () => {
	test('the most pages: those Limit needs; Return All, those of 100,000 devices and one to see the end', () => {
		expect(maxPagesFor({ returnAll: false, limit: 100, pageSize: 50 })).toBe(2);
		expect(maxPagesFor({ returnAll: false, limit: 120, pageSize: 40 })).toBe(3);
		expect(maxPagesFor({ returnAll: false, limit: 1, pageSize: 1 })).toBe(1);
		expect(maxPagesFor({ returnAll: true, limit: 0, pageSize: 50 })).toBe(2001);
		expect(maxPagesFor({ returnAll: true, limit: 0, pageSize: 20 })).toBe(5001);
	});

	test('Limit 100 (2 pages of 50) whose pages hold entries that are not devices: 2 requests, then an error', async () => {
		// Full pages of 50 entries, of which one is a device: the listing never reaches 100 devices.
		api.handler = (request) => {
			const page = Number(request.query.page ?? 1);
			return { status: 200, body: [{ hwid: `HW${page}` }, ...Array.from({ length: 49 }, () => 0)] };
		};
		const error = await failureOf({ limit: 100 });
		expect(error.message).toBe(
			'MetaAccess answered 2 pages of Get Devices (pages 1 to 2) without the 100 devices asked for or a last page: its pages held only 2 devices; stopped after 2 requests',
		);
		expect(error.description).toBe(
			'The pages held entries that are not devices. Check that the Base URL of the credential points to the MetaAccess cloud.',
		);
		expect(api.requests.map((r) => [r.method, r.path, r.query])).toEqual([
			['GET', DEVICES_PATH, query(50)],
			['GET', DEVICES_PATH, query(50, 2)],
		]);
	});
});
