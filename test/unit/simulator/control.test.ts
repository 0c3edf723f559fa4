import { generateFleet, type SimDevice } from '../../simulator';
import { listDevices, useSimulator } from './helpers';

const context = useSimulator({ devices: 30, seed: 5 });
const INTERNAL = ['category', 'agent', 'group', 'custom_id', 'exempt_until', 'commands'];

beforeEach(async () => {
	await context.http.post('/_sim/reset');
});

async function fleet(): Promise<SimDevice[]> {
	return (await context.http.get('/_sim/devices')).data.devices;
}

describe('reading the fleet', () => {
	it('answers the raw fleet with internal attributes, which listings never show', async () => {
		const answer = await context.http.get('/_sim/devices');
		expect(answer.status).toBe(200);
		expect(answer.data.total).toBe(30);
		expect(answer.data.devices).toStrictEqual(generateFleet(5, 30));
		const listed = (await listDevices(context.http, { limit: 30 })).data;
		for (const device of listed)
			for (const field of INTERNAL) expect(device).not.toHaveProperty(field);
	});

	it('pages the raw fleet with offset and limit, and answers one device by HWID', async () => {
		const all = await fleet();
		const page = (await context.http.get('/_sim/devices', { params: { offset: 10, limit: 5 } }))
			.data;
		expect(page).toStrictEqual({ total: 30, devices: all.slice(10, 15) });
		expect((await context.http.get(`/_sim/devices/${all[3].hwid}`)).data).toStrictEqual(all[3]);
		const missing = await context.http.get('/_sim/devices/NOPE');
		expect(missing.status).toBe(404);
		expect(missing.data).toStrictEqual({
			error: 'not_found',
			error_description: 'No device has HWID NOPE',
		});
	});
});

describe('changing devices', () => {
	it('changes listed fields and internal attributes, user_info and os_info field by field', async () => {
		const [device] = await fleet();
		const answer = await context.http.patch(`/_sim/devices/${device.hwid}`, {
			status: 1,
			critical_status: 1,
			total_critical_issue: 2,
			active: 0,
			hostname: 'renamed',
			category: 'out_of_license',
			agent: 'on-demand',
			os_info: { os_language: 'French' },
			custom_id: 'CMDB-1',
		});
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual({
			...device,
			status: 1,
			critical_status: 1,
			total_critical_issue: 2,
			active: 0,
			hostname: 'renamed',
			category: 'out_of_license',
			agent: 'on-demand',
			os_info: { ...device.os_info, os_language: 'French' },
			custom_id: 'CMDB-1',
		});
		const [listed] = (await listDevices(context.http)).data;
		expect(listed).toMatchObject({
			hwid: device.hwid,
			status: 1,
			critical_status: 1,
			active: 0,
			hostname: 'renamed',
		});
		expect(
			(
				await context.http.get(
					`/o/api/v3/devices/CMDB-1/remediation?opt=1&access_token=demo-access-token`,
				)
			).data.result,
		).toBe(-1);
	});

	it('keeps the device at its place in the fleet when its MAC addresses change', async () => {
		const before = await fleet();
		const network_info = [{ mac_addr: '02:00:00:00:00:01', ipv4_addr: '10.9.9.9', ipv6_addr: '' }];
		await context.http.patch(`/_sim/devices/${before[4].hwid}`, { network_info });
		expect((await fleet()).map((device) => device.hwid)).toEqual(
			before.map((device) => device.hwid),
		);
		const found = await context.http.get(
			`/o/api/v3/devices/020000000001/remediation?access_token=demo-access-token`,
		);
		expect(found.data.remediation_link).toBe(before[4].remediation_link);
		const old = before[4].network_info[0].mac_addr;
		expect(
			(
				await context.http.get(
					`/o/api/v3/devices/${old}/remediation?access_token=demo-access-token`,
				)
			).data.result,
		).toBe(0);
	});

	it('answers 400 for a wrong field, 409 for a MAC address or custom ID another device has', async () => {
		const [first, second] = await fleet();
		const wrong: Array<[Record<string, unknown>, string]> = [
			[{ hwid: 'OTHER' }, 'A device keeps its hwid'],
			[{ agent_type: 'managed' }, 'agent_type follows from agent'],
			[{ colour: 'red' }, 'colour is not a device field that can be set'],
			[{ status: '1' }, 'status must be an integer'],
			[{ exempt: 2 }, 'exempt must be 0 or 1'],
			[{ category: 'lost' }, 'category must be one of monitored, unknown, ignored, out_of_license'],
			[
				{ network_info: [{ mac_addr: 'nope', ipv4_addr: '', ipv6_addr: '' }] },
				'network_info must be',
			],
			[{ commands: [] }, 'commands is not a device field that can be set'],
		];
		for (const [change, message] of wrong) {
			const answer = await context.http.patch(`/_sim/devices/${first.hwid}`, change);
			expect([change, answer.status, answer.data.error]).toEqual([change, 400, 'invalid_request']);
			expect(answer.data.error_description).toContain(message);
		}
		const taken = await context.http.patch(`/_sim/devices/${first.hwid}`, {
			network_info: second.network_info,
		});
		expect(taken.status).toBe(409);
		expect(taken.data).toStrictEqual({
			error: 'conflict',
			error_description: `MAC address ${second.network_info[0].mac_addr} is reported by device ${second.hwid}`,
		});
		expect(await fleet()).toEqual(expect.arrayContaining([first]));
	});
});

describe('adding and removing devices', () => {
	it('adds given devices (missing fields generated to match) and N generated ones, at the end of the fleet', async () => {
		const answer = await context.http.post('/_sim/devices', {
			devices: [
				{ hwid: 'GIVEN-UNKNOWN', category: 'unknown' },
				{ machine_type: 'phone', hostname: 'Test phone' },
			],
			generate: 3,
		});
		expect(answer.status).toBe(200);
		expect(answer.data.added).toHaveLength(5);
		expect(answer.data.added[0]).toBe('GIVEN-UNKNOWN');
		const devices = await fleet();
		expect(devices.map((device) => device.hwid).slice(30)).toEqual(answer.data.added);
		expect(devices[30]).toMatchObject({
			category: 'unknown',
			agent: 'none',
			agent_version: '',
			active: 0,
			commands: [],
		});
		expect(devices[31]).toMatchObject({
			machine_type: 'phone',
			agent: 'mobile',
			hostname: 'Test phone',
		});
		expect(devices[31].hwid).toMatch(/^[A-Za-z0-9]{32}$/);
		expect((await listDevices(context.http, { limit: 50 })).data).toHaveLength(35);
	});

	it('adds all or nothing: 409 when a HWID is taken, 400 for a wrong field', async () => {
		const [first] = await fleet();
		const taken = await context.http.post('/_sim/devices', {
			devices: [{ hwid: 'NEW-ONE' }, { hwid: first.hwid }],
		});
		expect(taken.status).toBe(409);
		expect(taken.data.error_description).toBe(`HWID ${first.hwid} is taken by another device`);
		const twice = await context.http.post('/_sim/devices', {
			devices: [{ hwid: 'TWIN' }, { hwid: 'TWIN' }],
		});
		expect(twice.status).toBe(409);
		const wrong = await context.http.post('/_sim/devices', {
			devices: [{ hwid: 'NEW-TWO', active: true }],
		});
		expect(wrong.status).toBe(400);
		expect(wrong.data.error_description).toBe('devices[0]: active must be 0 or 1');
		expect((await context.http.post('/_sim/devices', { generate: -1 })).status).toBe(400);
		expect((await fleet()).length).toBe(30);
	});

	it('removes one device, or all of them', async () => {
		const [first] = await fleet();
		expect((await context.http.delete(`/_sim/devices/${first.hwid}`)).data).toStrictEqual({
			removed: first.hwid,
		});
		expect((await context.http.delete(`/_sim/devices/${first.hwid}`)).status).toBe(404);
		expect((await context.http.delete('/_sim/devices')).data).toStrictEqual({ removed: 29 });
		expect((await context.http.get('/_sim/devices')).data).toStrictEqual({ total: 0, devices: [] });
	});

	it('resets to the seeded fleet, with an empty archive, no faults and an empty log', async () => {
		const [first, second] = await fleet();
		await context.http.delete(`/_sim/devices/${first.hwid}`);
		await context.http.patch(`/_sim/devices/${second.hwid}`, { status: 3 });
		await context.http.post('/o/api/v2/devices/delete?access_token=demo-access-token', {
			HWID_list: [second.hwid],
			opt: 2,
		});
		await context.http.post('/_sim/faults', { kind: '500' });
		expect((await context.http.post('/_sim/reset')).data).toStrictEqual({ devices: 30 });
		expect(await fleet()).toStrictEqual(generateFleet(5, 30));
		expect((await context.http.get('/_sim/archive')).data).toStrictEqual({ devices: [] });
		expect((await context.http.get('/_sim/faults')).data).toStrictEqual({ faults: [] });
		expect((await context.http.get('/_sim/requests')).data.summary.total).toBe(0);
	});
});

describe('configuration and routes', () => {
	it('reads and changes the configuration, refusing wrong values', async () => {
		expect((await context.http.get('/_sim/config')).data).toStrictEqual({
			rateLimit: false,
			tokenLifetimeSeconds: 43199,
			agentLogDelaySeconds: 60,
		});
		const changed = await context.http.patch('/_sim/config', {
			rateLimit: { windowMs: 500 },
			tokenLifetimeSeconds: 5,
			agentLogDelaySeconds: 0,
		});
		expect(changed.data).toStrictEqual({
			rateLimit: { limit: 10, windowMs: 500 },
			tokenLifetimeSeconds: 5,
			agentLogDelaySeconds: 0,
		});
		for (const change of [
			{ rateLimit: { limit: 0 } },
			{ rateLimit: true },
			{ tokenLifetimeSeconds: 0 },
			{ tokenLifetimeSeconds: 'long' },
			{ agentLogDelaySeconds: -1 },
			{ agentLogDelaySeconds: 1.5 },
		]) {
			expect((await context.http.patch('/_sim/config', change)).status).toBe(400);
		}
		expect(
			(
				await context.http.patch('/_sim/config', {
					rateLimit: false,
					tokenLifetimeSeconds: 43199,
					agentLogDelaySeconds: 60,
				})
			).status,
		).toBe(200);
	});

	it('answers 404 to unknown routes, 405 to wrong methods, 400 to bodies that are not JSON objects', async () => {
		expect((await context.http.get('/_sim/nothing')).status).toBe(404);
		const wrongMethod = await context.http.put('/_sim/config', {});
		expect(wrongMethod.status).toBe(405);
		expect(wrongMethod.headers.allow).toBe('GET, PATCH');
		const notJson = await context.http.post('/_sim/faults', 'kind=500', {
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(notJson.data).toStrictEqual({
			error: 'invalid_request',
			error_description: 'The body is not valid JSON',
		});
		const text = await context.http.post('/_sim/faults', '{"kind":"500"}', {
			headers: { 'Content-Type': 'text/plain' },
		});
		expect(text.status).toBe(200);
	});

	it('is the same as the simulation object handed back by startSimulator', async () => {
		const { simulation } = context.sim;
		simulation.addDevices({ devices: [{ hwid: 'PROGRAMMATIC' }] });
		expect((await context.http.get('/_sim/devices/PROGRAMMATIC')).status).toBe(200);
		expect(simulation.device('PROGRAMMATIC', Date.now()).hwid).toBe('PROGRAMMATIC');
		expect(() => simulation.removeDevice('NOPE', 0)).toThrow('No device has HWID NOPE');
	});
});
