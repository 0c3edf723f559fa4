/**
 * Status Change v3.0 and v2.1 over the fleet's recorded history, on the simulator's clock moved by
 * hand: what changed in the last `age` seconds (exactly), paging, limits, auth, rate limit, faults
 * and the request log.
 */
import axios, { type AxiosInstance } from 'axios';

import { startSimulator, type DeviceInput, type RunningSimulator } from '../../simulator';
import { TOKEN } from './helpers';

const V3 = '/o/api/v3/devices/status_changed';
const V21 = '/o/api/v2.1/devices/status_changed';
const START = Date.UTC(2026, 11, 1, 9, 0, 0);
const clock = { time: START };
let sim: RunningSimulator;
let http: AxiosInstance;

const adapter = (mac_addr: string) => [{ mac_addr, ipv4_addr: '10.1.1.1', ipv6_addr: '' }];
const win = (n: number): DeviceInput => ({
	hwid: `WIN${String(n).padStart(13, '0')}`,
	hostname: `win-${n}`,
	machine_type: 'laptop',
	category: 'monitored',
	agent: 'persistent',
	status: 0,
	exempt: 0,
	critical_status: 0,
	total_issue: 0,
	total_critical_issue: 0,
	network_info: adapter(`00:0c:29:00:00:${n.toString(16).padStart(2, '0')}`),
});

const v3 = (body: Record<string, unknown> = {}) =>
	http.post(V3, body, { params: { access_token: TOKEN } });
const v21 = (query: Record<string, string | number> = {}) =>
	http.get(V21, { params: { access_token: TOKEN, ...query } });
const ids = (answer: { data: { monitored_devices: Array<{ device_id: string }> } }) =>
	answer.data.monitored_devices.map((device) => device.device_id);
const patch = (hwid: string, fields: Record<string, unknown>) =>
	http.patch(`/_sim/devices/${hwid}`, fields);

beforeEach(async () => {
	clock.time = START;
	sim = await startSimulator({ devices: 0, rateLimit: false, now: () => clock.time });
	http = axios.create({ baseURL: sim.url, validateStatus: () => true });
	await http.post('/_sim/devices', { devices: [win(1), win(2), win(3)] });
});
afterEach(async () => {
	await sim.close();
});

describe('Status Change v3.0', () => {
	it('answers nothing while nothing changed (devices that join are not changes)', async () => {
		const answer = await v3({ age: 300, limit: 50 });
		expect(answer.status).toBe(200);
		expect(answer.data).toEqual({ monitored_devices: [], deleted_devices: [] });
	});

	it('lists a device whose status changed in the last age seconds, exactly', async () => {
		clock.time += 10_000;
		await patch('WIN0000000000002', {
			status: 1,
			total_issue: 3,
			total_critical_issue: 1,
			critical_status: 1,
		});
		clock.time += 300_000; // the change is now exactly 300 s old
		expect(ids(await v3({ age: 300 }))).toEqual(['WIN0000000000002']);
		expect(ids(await v3({ age: 299 }))).toEqual([]);
		expect((await v3({ age: 300 })).data.monitored_devices[0]).toEqual({
			device_id: 'WIN0000000000002',
			status: 'non-compliant',
			status_detail: { exempted: 0, pending: 0 },
			severity: 'critical',
			issue: { total_issues: 3, total_critical_issues: 1, total_warning_issues: 2 },
			group_name: 'default',
			device_name: 'win-2',
		});
		// A change of another field is not a status change.
		await patch('WIN0000000000001', { active: 0, hostname: 'renamed' });
		expect(ids(await v3({ age: 1 }))).toEqual([]);
	});

	it("records exemptions made through Device Action, and dates a timed exemption's end when it ended", async () => {
		const exempt = await http.post(
			'/o/api/v3.1/devices/action',
			{ types: 'exempt', ids: ['WIN0000000000003'], params: { exempt_time: 1 } },
			{ params: { access_token: TOKEN } },
		);
		expect(exempt.status).toBe(200);
		const answer = await v3({ age: 60 });
		expect(answer.data.monitored_devices[0]).toMatchObject({
			device_id: 'WIN0000000000003',
			status: 'exempted',
			status_detail: { exempted: 1, pending: 0 },
		});
		// The exemption ends after one hour; asked 2 hours later, it ended 1 hour ago.
		clock.time += 2 * 3600_000;
		expect(ids(await v3({ age: 3599 }))).toEqual([]);
		const ended = await v3({ age: 3600 });
		expect(ended.data.monitored_devices[0]).toMatchObject({
			device_id: 'WIN0000000000003',
			status: 'compliant',
			status_detail: { exempted: 0, pending: 0 },
		});
	});

	it('lists deleted devices in deleted_devices (control API and Delete Devices), after the monitored ones', async () => {
		await patch('WIN0000000000001', { status: 3 });
		clock.time += 1000;
		expect((await http.delete('/_sim/devices/WIN0000000000002')).status).toBe(200);
		clock.time += 1000;
		const deleted = await http.post(
			'/o/api/v2/devices/delete',
			{ HWID_list: ['WIN0000000000003'], opt: 1 },
			{ params: { access_token: TOKEN } },
		);
		expect(deleted.data).toEqual({ result: [1] });
		const answer = await v3({ age: 10 });
		expect(answer.data).toEqual({
			monitored_devices: [
				expect.objectContaining({
					device_id: 'WIN0000000000001',
					status: 'non-compliant',
					status_detail: { exempted: 0, pending: 1 },
				}),
			],
			deleted_devices: [
				{ device_id: 'WIN0000000000002', device_name: 'win-2', group_name: 'default' },
				{ device_id: 'WIN0000000000003', device_name: 'win-3', group_name: 'default' },
			],
		});
		expect((await v3({ age: 0 })).data.deleted_devices).toEqual([
			{ device_id: 'WIN0000000000003', device_name: 'win-3', group_name: 'default' },
		]);
	});

	it('pages monitored then deleted devices as one list: limit 1..50 (default 20), 406 above, 413 past the last page', async () => {
		const devices = Array.from({ length: 60 }, (_, i) => win(10 + i));
		await http.post('/_sim/devices', { devices });
		for (const device of devices) await patch(device.hwid!, { status: 1 });
		await http.delete('/_sim/devices/WIN0000000000001');
		const first = await v3({ age: 60 });
		expect(first.data.monitored_devices).toHaveLength(20);
		const page1 = await v3({ age: 60, limit: 50 });
		expect(ids(page1)).toEqual(devices.slice(0, 50).map((device) => device.hwid));
		expect(page1.data.deleted_devices).toEqual([]);
		const page2 = await v3({ age: 60, limit: 50, page: 2 });
		expect(ids(page2)).toEqual(devices.slice(50).map((device) => device.hwid));
		expect(page2.data.deleted_devices.map((d: { device_id: string }) => d.device_id)).toEqual([
			'WIN0000000000001',
		]);
		expect((await v3({ age: 60, limit: 50, page: 3 })).status).toBe(413);
		expect((await v3({ age: 60, limit: 51 })).status).toBe(406);
		for (const body of [
			{ limit: 0 },
			{ age: 86401 },
			{ age: -1 },
			{ page: 0 },
			{ verbose: 2 },
			{ age: '60' },
		])
			expect((await v3(body)).status).toBe(400);
		expect((await v3({ age: 86400, verbose: 1, limit: 50 })).status).toBe(200);
	});

	it('takes the token, the rate limit, faults and the request log like every endpoint', async () => {
		expect((await http.post(V3, {})).status).toBe(401);
		await http.post('/_sim/faults', { kind: '500', path: V3 });
		expect((await v3({ age: 60 })).status).toBe(500);
		expect((await v3({ age: 60 })).status).toBe(200);
		await http.patch('/_sim/config', { rateLimit: { limit: 1, windowMs: 60000 } });
		expect((await v3({ age: 60 })).status).toBe(200);
		expect((await v3({ age: 60 })).status).toBe(429);
		const log = (await http.get('/_sim/requests')).data;
		const entries = (log.requests ?? log) as Array<Record<string, unknown>>;
		expect(entries.slice(-3)).toEqual([
			expect.objectContaining({ method: 'POST', path: V3, status: 200, body: { age: 60 } }),
			expect.objectContaining({ method: 'POST', path: V3, status: 200 }),
			expect.objectContaining({ method: 'POST', path: V3, status: 429 }),
		]);
	});
});

describe('Status Change v2.1', () => {
	it('answers changed devices of one OS group, deleted ones as status 2 with hwid and MAC addresses', async () => {
		await http.post('/_sim/devices', {
			devices: [
				{
					...win(40),
					os_info: { family: 'Linux', name: 'Ubuntu', vendor: 'Canonical Ltd.', version: '22.04' },
				},
			],
		});
		await patch('WIN0000000000001', {
			status: 1,
			critical_status: 1,
			total_issue: 2,
			total_critical_issue: 1,
		});
		await patch('WIN0000000000040', { status: 1 });
		await http.delete('/_sim/devices/WIN0000000000002');
		const answer = await v21({ age: 60 });
		expect(answer.status).toBe(200);
		expect(answer.data).toEqual({
			devices: [
				{
					hwid: 'WIN0000000000001',
					status: 1,
					critical_status: 1,
					total_issue: 2,
					total_critical_issue: 1,
					mac_address: ['00:0c:29:00:00:01'],
				},
				{ hwid: 'WIN0000000000002', status: 2, mac_address: ['00:0c:29:00:00:02'] },
			],
		});
		const linux = await v21({ age: 60, os_type: 'linux_or_mobile' });
		expect(linux.data.devices.map((device: { hwid: string }) => device.hwid)).toEqual([
			'WIN0000000000040',
		]);
		clock.time += 61_000;
		expect((await v21({ age: 60 })).data).toEqual({ devices: [] });
		expect((await v21()).data.devices).toHaveLength(2); // default age: one day
		for (const query of [{ age: 86401 }, { age: 'x' }, { os_type: 'all' }, { verbose: 3 }] as Array<
			Record<string, string | number>
		>)
			expect((await v21(query)).status).toBe(400);
	});
});
