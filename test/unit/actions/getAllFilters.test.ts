/**
 * Get Many's Filters: Status, Severity, OS and Device Type sent as Get Devices v3.7's `filter`
 * (v3.3's pages with manual paging); Exempt, Online, Last Seen and Name Contains checked over the
 * pages, with Limit counting matches; Order sent with Sort By None; bad filters refused before any
 * request; every listing bounded and loop-checked.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { OpswatMetaAccess } from '../../../nodes/OpswatMetaAccess/OpswatMetaAccess.node';
import { FakeApi, type FakeRequest } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

let api: FakeApi;

const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
});

const day = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString();

/** 200 devices as Get Devices v2.3 lists them: every 20th exempt, odd ones online, every 10th a LAB. */
const v2Fleet = Array.from({ length: 200 }, (_, i) => ({
	hwid: `HW${i}`,
	hostname: i % 10 === 0 ? `lab-${i}` : `PC-${i}`,
	status: i % 3 === 0 ? 1 : 0,
	exempt: i % 20 === 0 ? 1 : 0,
	active: i % 2,
	last_seen: day(i),
}));

/** The same fleet as Get Devices v3.x lists it. */
const v3Fleet = v2Fleet.map((device, i) => ({
	device_id: device.hwid,
	host_name: device.hostname,
	status: device.exempt ? 'exempted' : device.status ? 'non_compliant' : 'compliant',
	severity: i % 7 === 0 ? 'critical' : 'no_issues',
	os_type: i % 4 === 0 ? 'linux' : 'windows',
	device_type: i % 5 === 0 ? 'server' : 'laptop',
	online: device.active,
	last_seen: device.last_seen,
}));

const FIELD: Record<string, string> = {
	device_status: 'status',
	severity: 'severity',
	os: 'os_type',
	device_type: 'device_type',
};

/** Get Devices v2.3 by page, v3.7 by a cursor (the index of the next match) and v3.3 by page, filtering as MetaAccess does. */
function metaAccess(request: FakeRequest) {
	if (request.path === '/o/api/v2.3/devices') {
		const limit = Number(request.query.limit);
		const page = Number(request.query.page ?? 1);
		const devices = v2Fleet.slice((page - 1) * limit, page * limit);
		return devices.length === 0 ? { status: 413 } : { status: 200, body: devices };
	}
	const body = request.body as {
		limit: number;
		page?: number;
		token?: string;
		filter: Record<string, string[]>;
	};
	const matches = v3Fleet.filter((device) =>
		Object.entries(body.filter).every(([name, values]) =>
			values.includes((device as Record<string, unknown>)[FIELD[name]] as string),
		),
	);
	const start = request.path.endsWith('v3.3/devices')
		? ((body.page ?? 1) - 1) * body.limit
		: Number(body.token ?? 0);
	const devices = matches.slice(start, start + body.limit);
	if (devices.length === 0 && start > 0) return { status: 413 };
	const next = start + body.limit < matches.length ? String(start + body.limit) : '';
	return { status: 200, body: { devices, next_token: next } };
}

const token = { access_token: expect.any(String) };
const sent = () =>
	api.requests.map(({ method, path, query, body }) => ({ method, path, query, body }));
const v37 = (body: object) => ({ method: 'POST', path: '/o/api/v3.7/devices', query: token, body });
const v23 = (query: object) => ({
	method: 'GET',
	path: '/o/api/v2.3/devices',
	query: { ...query, ...token },
	body: undefined,
});

async function getMany(parameters: Record<string, unknown>) {
	api.handler = metaAccess;
	return await runActionNode({ parameters: { operation: 'getAll', ...parameters } });
}

test('the form says which filters cost extra requests', () => {
	const filters = new OpswatMetaAccess().description.properties.find((p) => p.name === 'filters')!;
	const said = Object.fromEntries(
		(filters.options as Array<{ name: string; description: string }>).map((o) => [
			o.name,
			o.description.includes('no extra request')
				? 'free'
				: o.description.includes('can take one request per 50 devices of the account')
					? 'extra'
					: 'unsaid',
		]),
	);
	expect(said).toEqual({
		deviceType: 'free',
		exempt: 'extra',
		lastSeenAfter: 'extra',
		lastSeenBefore: 'extra',
		nameContains: 'extra',
		online: 'extra',
		os: 'free',
		severity: 'free',
		status: 'free',
	});
	expect(filters.displayOptions).toEqual({
		show: { resource: ['device'], operation: ['getAll'] },
	});
});

describe('filters MetaAccess applies: one request with their filter', () => {
	test.each([
		[{ status: ['non_compliant'] }, { device_status: ['non_compliant'] }],
		[{ status: ['compliant', 'exempted'] }, { device_status: ['compliant', 'exempted'] }],
		[{ severity: ['critical'] }, { severity: ['critical'] }],
		[{ os: ['linux', 'mac'] }, { os: ['linux', 'mac'] }],
		[{ deviceType: ['server'] }, { device_type: ['server'] }],
		[
			{ status: ['non_compliant'], severity: ['critical'], os: ['linux'], deviceType: ['server'] },
			{
				device_status: ['non_compliant'],
				severity: ['critical'],
				os: ['linux'],
				device_type: ['server'],
			},
		],
	])('Filters %j → filter %j', async (filters, filter) => {
		const { items } = await getMany({ limit: 10, filters, simplify: false });
		expect(sent()).toEqual([v37({ limit: 10, filter })]);
		const expected = v3Fleet.filter((device) =>
			Object.entries(filter).every(([name, values]) =>
				values.includes((device as Record<string, unknown>)[FIELD[name]] as string),
			),
		);
		expect(items.map((item) => item.json)).toEqual(expected.slice(0, 10));
	});

	test('an empty list, or a value given as text by an expression, counts as the filter or none', async () => {
		await getMany({ limit: 3, filters: { status: 'non_compliant', os: [] } });
		expect(sent()).toEqual([v37({ limit: 3, filter: { device_status: ['non_compliant'] } })]);
	});

	test('Return All follows next_token until it is empty, and gives every match', async () => {
		const { items } = await getMany({ returnAll: true, filters: { status: ['compliant'] } });
		const filter = { device_status: ['compliant'] };
		expect(sent()).toEqual([
			v37({ limit: 50, filter }),
			v37({ token: '50', limit: 50, filter }),
			v37({ token: '100', limit: 50, filter }),
		]);
		expect(items.map((item) => item.json.hwid)).toEqual(
			v3Fleet.filter((d) => d.status === 'compliant').map((d) => d.device_id),
		);
	});

	test('Paging Manual asks Get Devices v3.3 for its pages from Start Page', async () => {
		const { items } = await getMany({
			limit: 7,
			paging: 'manual',
			pageSize: 4,
			startPage: 3,
			filters: { os: ['linux'] },
		});
		const page = (n: number) => ({
			method: 'POST',
			path: '/o/api/v3.3/devices',
			query: token,
			body: { page: n, limit: 4, filter: { os: ['linux'] } },
		});
		expect(sent()).toEqual([page(3), page(4)]);
		expect(items.map((item) => item.json.hwid)).toEqual([
			'HW32',
			'HW36',
			'HW40',
			'HW44',
			'HW48',
			'HW52',
			'HW56',
		]);
	});
});

describe('filters checked over the pages: Limit counts matches', () => {
	test.each([
		['exempt', { exempt: 'exempted' }, (i: number) => i % 20 === 0],
		['not exempt', { exempt: 'notExempted' }, (i: number) => i % 20 !== 0],
		['online', { online: 'online' }, (i: number) => i % 2 === 1],
		['offline', { online: 'offline' }, (i: number) => i % 2 === 0],
		['last seen after', { lastSeenAfter: day(150) }, (i: number) => i > 150],
		['last seen before', { lastSeenBefore: day(3) }, (i: number) => i < 3],
		[
			'name contains',
			{ nameContains: ' LAB-1 ' },
			(i: number) => i % 10 === 0 && /^1/.test(`${i}`),
		],
		[
			'all four',
			{ exempt: 'exempted', online: 'offline', lastSeenAfter: day(30), nameContains: 'lab' },
			(i: number) => i % 20 === 0 && i > 30,
		],
	])('%s: pages of 50 until Limit 6 devices match', async (_, filters, matches) => {
		const { items } = await getMany({ limit: 6, filters });
		const expected = v2Fleet.filter((_d, i) => matches(i)).slice(0, 6);
		const last = Math.max(1, Math.ceil((v2Fleet.indexOf(expected[5] ?? v2Fleet[199]) + 1) / 50));
		const pages = [v23({ limit: '50' })];
		for (let page = 2; page <= last; page++) pages.push(v23({ limit: '50', page: String(page) }));
		if (expected.length < 6) pages.push(v23({ limit: '50', page: String(last + 1) }));
		expect(sent()).toEqual(pages);
		expect(items.map((item) => item.json.hwid)).toEqual(expected.map((d) => d.hwid));
	});

	test('with a filter MetaAccess applies: v3.7 pages of 50, checked as they come', async () => {
		const { items } = await getMany({
			limit: 2,
			filters: { status: ['exempted'], online: 'offline' },
		});
		const filter = { device_status: ['exempted'] };
		expect(sent()).toEqual([v37({ limit: 50, filter })]);
		expect(items.map((item) => item.json.hwid)).toEqual(['HW0', 'HW20']);
	});
});

describe('Order and Sort By', () => {
	test('Sort By None sends Order Ascending as the user sets it (Descending is the API default)', async () => {
		await getMany({ limit: 5, order: 'asc' });
		await getMany({ limit: 5, order: 'des' });
		expect(sent()).toEqual([v23({ limit: '5', order: 'asc' }), v23({ limit: '5' })]);
	});

	test.each([
		[{ groupBy: 'host' }, 'Sort By Hostname with Order Descending'],
		[{ order: 'asc' }, 'Sort By None with Order Ascending'],
	])('%j with a filter MetaAccess applies is refused before any request', async (sort, said) => {
		const failure = await getMany({ ...sort, filters: { severity: ['critical'] } }).catch(
			(error: unknown) => error,
		);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as Error).message).toBe(
			`Item 0: ${said} cannot be combined with the Status, Severity, OS or Device Type filters`,
		);
		expect(api.requests).toEqual([]);
	});
});

describe('bad filters are refused before any request', () => {
	test.each([
		[{ status: ['broken'] }, `Item 0: 'Filters → Status' is "broken", which is not one of`],
		[{ exempt: 'yes' }, `Item 0: 'Filters → Exempt' is "yes", which is not one of`],
		[
			{ lastSeenAfter: 'last week' },
			`Item 0: 'Filters → Last Seen After' is "last week", which is not a date and time`,
		],
		[
			{ lastSeenAfter: day(5), lastSeenBefore: day(5) },
			"Item 0: 'Filters → Last Seen After' is not before 'Last Seen Before', so no device can match",
		],
		[{ nameContains: { a: 1 } }, "Item 0: 'Filters → Name Contains' is"],
	])('%j', async (filters, message) => {
		const failure = await getMany({ filters }).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as Error).message.startsWith(message)).toBe(true);
		expect(api.requests).toEqual([]);
	});
});

describe('a cursor that repeats a page stops the listing', () => {
	test.each([3, 5, 10])(
		'a page repeated at request %i stops there, with what the API did',
		async (n) => {
			const filter = { device_status: ['compliant'] };
			api.handler = () => {
				const index = api.requests.length;
				const from = index < n ? (index - 1) * 2 : (n - 2) * 2;
				const devices = v3Fleet.slice(from, from + 2);
				return { status: 200, body: { devices, next_token: `t${index}` } };
			};
			const failure = await runActionNode({
				parameters: { operation: 'getAll', returnAll: true, filters: { status: ['compliant'] } },
			}).catch((error: unknown) => error);
			expect(failure).toBeInstanceOf(NodeApiError);
			expect((failure as Error).message).toBe(
				`MetaAccess answered page ${n} of Get Devices with the same 2 devices as page ${n - 1}: the API ignored the page parameter; stopped after ${n} requests`,
			);
			expect(sent()).toEqual(
				Array.from({ length: n }, (_, i) =>
					v37(i === 0 ? { limit: 50, filter } : { token: `t${i}`, limit: 50, filter }),
				),
			);
		},
	);
});
