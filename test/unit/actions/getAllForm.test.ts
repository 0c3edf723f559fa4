/**
 * The Get Many form: Sort By (sent as groupBy) and its Order, manual paging (Page Size and Start
 * Page, sent as limit and page), and a note above the output when Start Page is past the end.
 */
import { FakeApi, type FakeRequest } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

/** An account of 25 devices, paged as MetaAccess pages: past the last page, 413 (or, with `empty`, an empty list). */
function fleetOf25(past: 'empty' | 413 = 413) {
	return (request: FakeRequest) => {
		const limit = Number(request.query.limit);
		const page = Number(request.query.page ?? 1);
		const devices = Array.from({ length: 25 }, (_, i) => ({ hwid: `HW${i}` })).slice(
			(page - 1) * limit,
			page * limit,
		);
		if (devices.length === 0 && past === 413) return { status: 413 };
		return { status: 200, body: devices };
	};
}

const queries = () => api.requests.map((request) => request.query);
const token = { access_token: expect.any(String) };

test('Sort By is sent as groupBy, with its Order', async () => {
	api.handler = fleetOf25();
	await runActionNode({
		parameters: { operation: 'getAll', limit: 5, groupBy: 'issues', order: 'asc' },
	});
	expect(queries()).toEqual([{ limit: '5', groupBy: 'issues', order: 'asc', ...token }]);
});

test("Sort By None: Order Ascending is sent as set (the reverse of MetaAccess's own order)", async () => {
	api.handler = fleetOf25();
	await runActionNode({ parameters: { operation: 'getAll', limit: 5, order: 'asc' } });
	expect(queries()).toEqual([{ limit: '5', order: 'asc', ...token }]);
});

test('Paging Automatic ignores Page Size and Start Page left in the parameters', async () => {
	api.handler = fleetOf25();
	const { items, hints } = await runActionNode({
		parameters: { operation: 'getAll', limit: 5, pageSize: 2, startPage: 9 },
	});
	expect(queries()).toEqual([{ limit: '5', ...token }]);
	expect(items).toHaveLength(5);
	expect(hints).toEqual([]);
});

test('Paging Manual with a Limit: pages of Page Size from Start Page until Limit devices', async () => {
	api.handler = fleetOf25();
	const { items, hints } = await runActionNode({
		parameters: {
			operation: 'getAll',
			limit: 7,
			paging: 'manual',
			pageSize: 4,
			startPage: 2,
			simplify: false,
		},
	});
	expect(queries()).toEqual([
		{ limit: '4', page: '2', ...token },
		{ limit: '4', page: '3', ...token },
	]);
	expect(items.map((item) => item.json.hwid)).toEqual([
		'HW4',
		'HW5',
		'HW6',
		'HW7',
		'HW8',
		'HW9',
		'HW10',
	]);
	expect(hints).toEqual([]);
});

test('a Start Page past the end (413) gives no items and a note saying why', async () => {
	api.handler = fleetOf25(413);
	const { items, hints } = await runActionNode({
		parameters: {
			operation: 'getAll',
			returnAll: true,
			paging: 'manual',
			pageSize: 10,
			startPage: 4,
		},
	});
	expect(queries()).toEqual([{ limit: '10', page: '4', ...token }]);
	expect(items).toEqual([]);
	expect(hints).toEqual([
		{
			message:
				'Start Page 4 is past the last page of devices (pages of 10 devices): MetaAccess answered HTTP 413 (page number too large), so no devices were returned. Lower Start Page, or set Paging to Automatic.',
			type: 'warning',
			location: 'outputPane',
		},
	]);
});

test('a Start Page past the end answered with an empty page says so too, once for items sharing the listing', async () => {
	api.handler = fleetOf25('empty');
	const { items, hints } = await runActionNode(
		{
			parameters: { operation: 'getAll', limit: 3, paging: 'manual', pageSize: 1, startPage: 26 },
		},
		[{}, {}],
	);
	expect(queries()).toEqual([{ limit: '1', page: '26', ...token }]);
	expect(items).toEqual([]);
	expect(hints.map((hint) => hint.message)).toEqual([
		'Start Page 26 is past the last page of devices (pages of 1 device): MetaAccess answered with an empty page, so no devices were returned. Lower Start Page, or set Paging to Automatic.',
	]);
});

test('an account with no devices (Start Page 1) gives no note: nothing was skipped', async () => {
	api.handler = () => ({ status: 200, body: [] });
	const { items, hints } = await runActionNode({
		parameters: {
			operation: 'getAll',
			returnAll: true,
			paging: 'manual',
			pageSize: 10,
			startPage: 1,
		},
	});
	expect(items).toEqual([]);
	expect(hints).toEqual([]);
});

test('the last page reached from a Start Page within the list gives its devices and no note', async () => {
	api.handler = fleetOf25(413);
	const { items, hints } = await runActionNode({
		parameters: {
			operation: 'getAll',
			returnAll: true,
			paging: 'manual',
			pageSize: 10,
			startPage: 3,
		},
	});
	expect(queries()).toEqual([{ limit: '10', page: '3', ...token }]);
	expect(items).toHaveLength(5);
	expect(hints).toEqual([]);
});
