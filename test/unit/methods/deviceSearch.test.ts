/**
 * The Device field's From List (methods.listSearch.searchDevices), run in n8n-core's
 * LoadOptionsContext against the simulator: one request a page, the right endpoint for the
 * filter, entries named by hostname and nickname with the device ID, paced by the account's rate
 * limiter as executions are.
 */
import { startSimulator, type DeviceInput, type RunningSimulator } from '../../simulator';
import { pageKey } from '../../../nodes/OpswatMetaAccess/helpers/listing';
import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	runListSearch,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';

let clock: EventClock;
let sim: RunningSimulator;
let helper: TestCredentialsHelper;

const adapter = (mac: string) => ({ mac_addr: mac, ipv4_addr: '10.0.0.9', ipv6_addr: '' });
const hwidOf = (i: number) => `LAB${String(i).padStart(3, '0')}`;
/** A device's page in the console (its remediation page), which each list entry links to. */
const pageOf = (hwid: string) =>
	`https://gears.opswat.com/gears/remediation/0a1b2c3d/${hwid}/k9x8/remediation.html`;

const FLEET: DeviceInput[] = [
	{
		hwid: 'HW-FIN-01',
		hostname: 'FIN-LAPTOP-01',
		nickname: 'Finance laptop',
		remediation_link: pageOf('HW-FIN-01'),
		machine_type: 'laptop',
		network_info: [adapter('00:0c:29:f2:7a:29')],
	},
	...Array.from({ length: 120 }, (_, i) => ({
		hwid: hwidOf(i),
		hostname: `lab-pc-${i}`,
		nickname: '',
		remediation_link: pageOf(hwidOf(i)),
		machine_type: 'desktop',
		network_info: [adapter(`00:0c:29:00:00:${i.toString(16).padStart(2, '0')}`)],
	})),
];

beforeEach(async () => {
	clock = new EventClock();
	useClock(clock);
	sim = await startSimulator({ devices: 0, now: () => clock.now() });
	sim.simulation.addDevices({ devices: FLEET });
	helper = new TestCredentialsHelper(
		accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
	);
});
afterEach(async () => {
	useClock(undefined);
	await sim.close();
});

const list = (filter?: string, token?: string) =>
	runListSearch(
		{ parameters: { operation: 'get' }, credentialsHelper: helper },
		'searchDevices',
		filter,
		token,
	);
const requests = () =>
	sim.simulation.log.read().requests.map(({ path, query, status }) => ({ path, query, status }));
const TOKEN = { access_token: 'static#1' };
const lab = (i: number) => ({
	name: `lab-pc-${i} · ${hwidOf(i)}`,
	value: hwidOf(i),
	description: `Device ID ${hwidOf(i)}`,
	url: pageOf(hwidOf(i)),
});
const range = (from: number, to: number) =>
	Array.from({ length: to - from }, (_, i) => lab(from + i));
const FINANCE = {
	name: 'FIN-LAPTOP-01 (Finance laptop) · HW-FIN-01',
	value: 'HW-FIN-01',
	description: 'Device ID HW-FIN-01',
	url: pageOf('HW-FIN-01'),
};
/** The key of a page listing these entries (their device IDs), as the pagination token carries it. */
const keyOf = (entries: Array<{ value: string }>) =>
	pageKey(entries.map((entry) => ({ hwid: entry.value })));

test('no filter: the pages of Get Devices, 50 a request, the next page and the keys of the pages listed as the token', async () => {
	const first = await list();
	const page1 = keyOf([FINANCE, ...range(0, 49)]);
	expect(first).toEqual({ results: [FINANCE, ...range(0, 49)], paginationToken: `2.${page1}` });
	const second = await list('', first.paginationToken as string);
	const page2 = keyOf(range(49, 99));
	expect(second).toEqual({ results: range(49, 99), paginationToken: `3.${page1}.${page2}` });
	const last = await list('', second.paginationToken as string);
	expect(last).toEqual({ results: range(99, 120) });
	expect(requests()).toEqual([
		{ path: '/o/api/v2.3/devices', query: { ...TOKEN, limit: '50' }, status: 200 },
		{ path: '/o/api/v2.3/devices', query: { ...TOKEN, limit: '50', page: '2' }, status: 200 },
		{ path: '/o/api/v2.3/devices', query: { ...TOKEN, limit: '50', page: '3' }, status: 200 },
	]);
});

test('a filter of 3 characters or more: Search Devices in names, one request a page', async () => {
	expect(await list('lab-pc')).toEqual({
		results: range(0, 50),
		paginationToken: `2.${keyOf(range(0, 50))}`,
	});
	// A token of an older version (the page number alone) is taken too.
	expect(await list('lab-pc', '3')).toEqual({ results: range(100, 120) });
	expect(await list(' finance ')).toEqual({ results: [FINANCE] });
	expect(requests()).toEqual([
		{
			path: '/o/api/v2.1/devices/search',
			query: { ...TOKEN, q: 'lab-pc', limit: '50' },
			status: 200,
		},
		{
			path: '/o/api/v2.1/devices/search',
			query: { ...TOKEN, q: 'lab-pc', limit: '50', page: '3' },
			status: 200,
		},
		{
			path: '/o/api/v2.1/devices/search',
			query: { ...TOKEN, q: 'finance', limit: '50' },
			status: 200,
		},
	]);
});

test('a MAC address as filter searches MAC addresses', async () => {
	expect(await list('00-0C-29-F2-7A-29')).toEqual({ results: [FINANCE] });
	expect(requests()).toEqual([
		{
			path: '/o/api/v2.1/devices/search',
			query: { ...TOKEN, q: '00-0C-29-F2-7A-29', in: 'mac', limit: '50' },
			status: 200,
		},
	]);
});

test('a filter of 1 or 2 characters filters each page of Get Devices by name and device ID', async () => {
	expect(await list('FI')).toEqual({
		results: [FINANCE],
		paginationToken: `2.${keyOf([FINANCE, ...range(0, 49)])}`,
	});
	expect(await list('11', '3')).toEqual({
		results: [
			lab(110),
			lab(111),
			lab(112),
			lab(113),
			lab(114),
			lab(115),
			lab(116),
			lab(117),
			lab(118),
			lab(119),
		],
	});
	expect(requests().map((r) => r.path)).toEqual(['/o/api/v2.3/devices', '/o/api/v2.3/devices']);
});

test('an API failure is the error the editor shows (no token in it)', async () => {
	sim.simulation.injectFault({ kind: '500', count: 4 });
	const error = await list('lab').catch((e: unknown) => e);
	expect(error).toMatchObject({
		name: 'NodeApiError',
		message:
			'MetaAccess answered HTTP 500 to GET /o/api/v2.1/devices/search: server_error: Internal server error',
	});
	expect(JSON.stringify(error)).not.toContain(sim.credentials.accessToken!);
});

test('list searches are paced by the same per-account rate limiter as executions: no 429', async () => {
	sim.simulation.configure({ rateLimit: { limit: 10, windowMs: 60_000 } });
	const started = clock.now();
	await runActionNode(
		{
			parameters: { operation: 'get', device: { __rl: true, mode: 'id', value: 'HW-FIN-01' } },
			credentialsHelper: helper,
		},
		[{}],
	);
	for (let i = 0; i < 11; i++) await list('lab-pc');
	const log = sim.simulation.log.read();
	expect(log.summary).toMatchObject({ total: 12, rateLimited: 0 });
	const times = log.requests.map((r) => Date.parse(r.time) - started);
	expect(times.slice(0, 10).every((t) => t < 60_000)).toBe(true);
	expect(times[10]).toBeGreaterThanOrEqual(60_000);
});
