import { listedDevice, type SimDevice } from '../../simulator';
import { detailedDevice } from '../../simulator/lookups';
import { rawDevice, replaceFleet, TOKEN, useSimulator } from './helpers';

const context = useSimulator({ devices: 0 });

const adapter = (mac: string, ip: string) => ({ mac_addr: mac, ipv4_addr: ip, ipv6_addr: '' });
const FLEET = [
	{
		hwid: 'HW-FIN-01',
		hostname: 'FIN-LAPTOP-01',
		nickname: 'Finance laptop',
		machine_type: 'laptop',
		network_info: [adapter('00:0c:29:f2:7a:29', '10.0.0.5')],
		user_info: { username: 'alice', domain: 'CORP' },
	},
	{
		hwid: 'HW-FIN-02',
		hostname: 'fin-desktop-02',
		nickname: '',
		machine_type: 'desktop',
		network_info: [adapter('00:0c:29:aa:bb:01', '10.0.0.6')],
		user_info: { username: 'bob', domain: 'CORP' },
	},
	{
		hwid: 'HW-HR-01',
		hostname: 'hr-laptop',
		nickname: 'People team laptop',
		machine_type: 'laptop',
		network_info: [adapter('00:0c:29:aa:bb:02', '10.0.1.7')],
		user_info: { username: 'carol', domain: 'CORP' },
	},
];

let raw: SimDevice[];
beforeAll(async () => {
	await replaceFleet(context.http, FLEET);
	raw = await Promise.all(FLEET.map((device) => rawDevice(context.http, device.hwid)));
});

const get = (path: string, params: Record<string, string | number> = {}) =>
	context.http.get(path, { params: { access_token: TOKEN, ...params } });

describe('Device Details v2.1', () => {
	it('finds a device by HWID (opt 0, the default) and by MAC address in any form (opt 1)', async () => {
		const expected = detailedDevice(raw[0]);
		expect(Object.keys(expected)).toStrictEqual([
			'hwid',
			'status',
			'critical_issue',
			'total_issue',
			'total_critical_issue',
			'exempt',
			'hostname',
			'country',
			'machine_type',
			'agent_version',
			'active',
			'last_seen',
			'user_info',
			'os_info',
			'network_info',
		]);
		expect(expected.critical_issue).toBe(raw[0].critical_status);
		for (const [value, opt] of [
			['HW-FIN-01', undefined],
			['HW-FIN-01', 0],
			['00:0c:29:f2:7a:29', 1],
			['00-0C-29-F2-7A-29', 1],
			['000c29f27a29', 1],
		] as const) {
			const answer = await get(
				`/o/api/v2.1/devices/${encodeURIComponent(value)}`,
				opt === undefined ? {} : { opt },
			);
			expect([value, answer.status, answer.data]).toStrictEqual([value, 200, expected]);
		}
	});

	it('answers 404 when no device has the value (a HWID is exact; a MAC address is not a HWID)', async () => {
		for (const [value, opt] of [
			['hw-fin-01', 0],
			['00:0c:29:f2:7a:29', 0],
			['HW-FIN-01', 1],
			['NOPE', 0],
		] as const) {
			const answer = await get(`/o/api/v2.1/devices/${encodeURIComponent(value)}`, { opt });
			expect([value, answer.status, answer.data]).toStrictEqual([
				value,
				404,
				{ error: 'not_found', error_description: 'Device not found' },
			]);
		}
	});

	it('refuses an opt other than 0 and 1, and needs a token', async () => {
		expect((await get('/o/api/v2.1/devices/HW-FIN-01', { opt: 2 })).status).toBe(400);
		expect((await context.http.get('/o/api/v2.1/devices/HW-FIN-01')).status).toBe(401);
	});
});

describe('Search Devices v2.1', () => {
	const search = (params: Record<string, string | number>) =>
		get('/o/api/v2.1/devices/search', params);

	it('searches names (hostname and nickname, any case) by default, every word, in fleet order', async () => {
		expect((await search({ q: 'laptop' })).data).toStrictEqual({
			total_count: 2,
			results: [listedDevice(raw[0]), listedDevice(raw[2])],
		});
		expect((await search({ q: 'FIN' })).data.total_count).toBe(2);
		expect((await search({ q: 'finance laptop' })).data.results).toStrictEqual([
			listedDevice(raw[0]),
		]);
		expect((await search({ q: 'people+team' })).data.results).toStrictEqual([listedDevice(raw[2])]);
		expect((await search({ q: 'nothing-like-it' })).data).toStrictEqual({
			total_count: 0,
			results: [],
		});
	});

	it('searches the field `in` names: hwid, mac, ip, user', async () => {
		const hwids = async (params: Record<string, string>) =>
			(await search(params)).data.results.map((device: { hwid: string }) => device.hwid);
		expect(await hwids({ q: 'HW-FIN', in: 'hwid' })).toStrictEqual(['HW-FIN-01', 'HW-FIN-02']);
		expect(await hwids({ q: 'AA-BB-02', in: 'mac' })).toStrictEqual(['HW-HR-01']);
		expect(await hwids({ q: '10.0.0', in: 'ip' })).toStrictEqual(['HW-FIN-01', 'HW-FIN-02']);
		expect(await hwids({ q: 'carol', in: 'user' })).toStrictEqual(['HW-HR-01']);
		expect(await hwids({ q: 'HW-FIN', in: 'name' })).toStrictEqual([]);
	});

	it('pages with limit (default 10) and page; past the end is 413', async () => {
		const first = await search({ q: 'HW-', in: 'hwid', limit: 2 });
		expect(first.data).toStrictEqual({
			total_count: 3,
			results: [listedDevice(raw[0]), listedDevice(raw[1])],
		});
		const second = await search({ q: 'HW-', in: 'hwid', limit: 2, page: 2 });
		expect(second.data).toStrictEqual({ total_count: 3, results: [listedDevice(raw[2])] });
		const past = await search({ q: 'HW-', in: 'hwid', limit: 2, page: 3 });
		expect([past.status, past.data.error_description]).toStrictEqual([
			413,
			'Requested page number exceeds limit',
		]);
		expect((await search({ q: 'HW-', in: 'hwid' })).data.results).toHaveLength(3);
	});

	it('refuses q outside 3..100 characters, an unknown in, limits outside 1..50', async () => {
		const cases: Array<[Record<string, string | number>, number]> = [
			[{ q: 'ab' }, 400],
			[{}, 400],
			[{ q: 'x'.repeat(101) }, 400],
			[{ q: 'x'.repeat(100) }, 200],
			[{ q: 'abc', in: 'os' }, 400],
			[{ q: 'abc', limit: 0 }, 400],
			[{ q: 'abc', limit: 51 }, 406],
			[{ q: 'abc', limit: 50 }, 200],
			[{ q: 'abc', page: 0 }, 400],
		];
		for (const [params, status] of cases) {
			expect([params, (await search(params)).status]).toStrictEqual([params, status]);
		}
	});

	it('is routed before Device Details and logged like every endpoint', async () => {
		await context.http.delete('/_sim/requests');
		await search({ q: 'laptop', limit: 50 });
		const { requests } = (await context.http.get('/_sim/requests')).data;
		expect(requests).toEqual([
			expect.objectContaining({
				method: 'GET',
				path: '/o/api/v2.1/devices/search',
				query: { access_token: 'static#1', q: 'laptop', limit: '50' },
				status: 200,
			}),
		]);
	});
});
