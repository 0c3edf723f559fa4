/**
 * Get Devices v3.3 (page and limit) and v3.7 (token cursor): oldest-enrolled first, filtered on
 * the server by v3.3's criteria (OR within one, AND across), the cursor walking every device once.
 */
import { DEVICE_CATEGORIES, type DeviceInput } from '../../simulator';
import { postAction, replaceFleet, testDevice, useSimulator } from './helpers';

const V33 = '/o/api/v3.3/devices';
const V37 = '/o/api/v3.7/devices';
const START = Date.UTC(2026, 11, 1, 9, 0, 0);

describe('Get Devices v3.3 and v3.7 filters', () => {
	const clock = { time: START };
	const context = useSimulator({ devices: 0, now: () => clock.time });
	const post = (path: string, body?: unknown) => postAction(context.http, path, body);
	const ids = (answer: { data: { devices: Array<{ device_id: string }> } }) =>
		answer.data.devices.map((device) => device.device_id);

	/** A Windows 11 device named after its HWID. */
	const device = (hwid: string, n: number, fields: DeviceInput = {}) =>
		testDevice(n, {
			hwid,
			hostname: `${hwid.toLowerCase()}-host`,
			nickname: `${hwid} nick`,
			os_info: { family: 'Windows', name: 'Windows 11 Pro', version: '10.0.26100' },
			...fields,
		});

	beforeAll(async () => {
		await replaceFleet(context.http, [
			device('NEWEST', 1, { enrolled_at: '2026-06-01T00:00:00.000Z' }),
			device('MAC-NC', 2, {
				os_info: { family: 'macOS', name: 'macOS Sonoma', version: '14.6.1' },
				status: 1,
				total_issue: 2,
				enrolled_at: '2025-01-01T00:00:00.000Z',
			}),
			device('SRV-CRIT', 3, {
				machine_type: 'server',
				status: 1,
				critical_status: 1,
				total_issue: 1,
				total_critical_issue: 1,
				enrolled_at: '2025-02-01T00:00:00.000Z',
			}),
			device('VM-EXEMPT', 4, {
				machine_type: 'vm',
				os_info: { family: 'Linux' },
				status: 1,
				exempt: 1,
				total_issue: 1,
				enrolled_at: '2025-03-01T00:00:00.000Z',
			}),
			device('PHONE', 5, {
				machine_type: 'phone',
				agent: 'mobile',
				os_info: { family: 'android' },
				enrolled_at: '2025-04-01T00:00:00.000Z',
			}),
			device('UNKNOWN', 6, {
				category: 'unknown',
				agent: 'none',
				status: 1,
				total_issue: 1,
				enrolled_at: '2025-05-01T00:00:00.000Z',
			}),
		]);
		await context.http.patch('/_sim/devices/MAC-NC/inventory', {
			apps: [{ product_id: '1104', version: '128.4.0' }],
			cves: ['CVE-2020-14201'],
		});
		for (const hwid of ['NEWEST', 'SRV-CRIT', 'VM-EXEMPT'])
			await context.http.patch(`/_sim/devices/${hwid}/inventory`, { apps: [], cves: [] });
	});

	it('lists the fleet oldest-enrolled first, each device in the v3 shape (host_name from v3.7)', async () => {
		const answer = await post(V33);
		expect(answer.status).toBe(200);
		expect(ids(answer)).toEqual(['MAC-NC', 'SRV-CRIT', 'VM-EXEMPT', 'PHONE', 'UNKNOWN', 'NEWEST']);
		expect(answer.data.devices[0]).toStrictEqual({
			device_id: 'MAC-NC',
			device_name: 'MAC-NC nick',
			device_type: 'laptop',
			os_type: 'mac',
			os_name: 'macOS Sonoma',
			os_version: '14.6.1',
			status: 'non_compliant',
			severity: 'warning',
			total_issues: 2,
			total_critical_issues: 0,
			online: 1,
			last_seen: expect.any(String),
			enrolled_at: '2025-01-01T00:00:00.000Z',
			agent_version: '7.6.300.0',
			group_id: 'default',
			group_name: 'Default',
			user: expect.any(String),
			mac_addresses: ['00:0c:29:00:00:02'],
			ip_addresses: ['10.0.0.2'],
		});
		const v37 = await post(V37);
		expect(Object.keys(v37.data)).toEqual(['devices', 'next_token']);
		expect(v37.data.devices[0]).toStrictEqual({
			...answer.data.devices[0],
			host_name: 'mac-nc-host',
		});
		expect(Object.keys(v37.data.devices[0]).slice(0, 3)).toEqual([
			'device_id',
			'device_name',
			'host_name',
		]);
	});

	it('filters by status, severity, OS, device type, product, CVE and category; OR within, AND across', async () => {
		const filtered = async (filter: Record<string, unknown>) => {
			const [v33, v37] = [await post(V33, { filter }), await post(V37, { filter })];
			expect(ids(v37)).toEqual(ids(v33));
			return ids(v33);
		};
		expect(await filtered({ device_status: ['non_compliant'] })).toEqual(['MAC-NC', 'SRV-CRIT']);
		expect(await filtered({ device_status: ['exempted', 'unknown'] })).toEqual([
			'VM-EXEMPT',
			'UNKNOWN',
		]);
		expect(await filtered({ severity: 'critical' })).toEqual(['SRV-CRIT']);
		expect(await filtered({ severity: ['no_issues'] })).toEqual(['PHONE', 'NEWEST']);
		expect(await filtered({ os: ['mac', 'android'] })).toEqual(['MAC-NC', 'PHONE']);
		expect(await filtered({ device_type: ['server', 'vm'] })).toEqual(['SRV-CRIT', 'VM-EXEMPT']);
		expect(await filtered({ device_type: ['tablet'] })).toEqual([]);
		expect(await filtered({ device_status: ['non_compliant'], os: ['windows'] })).toEqual([
			'SRV-CRIT',
		]);
		expect(await filtered({ product_ids: ['1104'] })).toEqual(['MAC-NC']);
		expect(await filtered({ cve_ids: ['CVE-2020-14201', 'CVE-1999-0000'] })).toEqual(['MAC-NC']);
		const withIssues = await filtered({
			category: [...DEVICE_CATEGORIES],
		});
		expect(withIssues).toEqual(['MAC-NC', 'SRV-CRIT', 'VM-EXEMPT']);
		expect(await filtered({ device_status: [] })).toHaveLength(6);
	});

	it('refuses a criterion it does not simulate and values a criterion does not have (400)', async () => {
		for (const filter of [
			{ agent_status: ['online'] },
			{ device_status: ['noncompliant'] },
			{ os: 'macos' },
			{ severity: [1] },
			'critical',
		]) {
			for (const path of [V33, V37]) {
				const answer = await post(path, { filter });
				expect([filter, path, answer.status]).toEqual([filter, path, 400]);
			}
		}
	});

	it('pages v3.3 by page and limit: 20 by default, 1..50 (above → 406), past the end → 413', async () => {
		expect(ids(await post(V33, { limit: 4, page: 2 }))).toEqual(['UNKNOWN', 'NEWEST']);
		expect((await post(V33, { limit: 4, page: 3 })).status).toBe(413);
		expect((await post(V33, { filter: { device_type: ['tablet'] } })).data).toStrictEqual({
			devices: [],
		});
		expect((await post(V33, { limit: 51 })).status).toBe(406);
		expect((await post(V37, { limit: 51 })).status).toBe(406);
		for (const body of [{ limit: 0 }, { page: 0 }, { limit: '5' }])
			expect((await post(V33, body)).status).toBe(400);
	});
});

describe('Get Devices v3.7 cursor', () => {
	const context = useSimulator({ devices: 130, seed: 3 });
	const post = (body: Record<string, unknown>) => postAction(context.http, V37, body);

	async function walk(body: Record<string, unknown>, between?: (page: number) => Promise<void>) {
		const seen: string[] = [];
		let token = '';
		let requests = 0;
		do {
			const answer = await post({ ...body, token });
			expect(answer.status).toBe(200);
			requests += 1;
			seen.push(...answer.data.devices.map((device: { device_id: string }) => device.device_id));
			token = answer.data.next_token;
			if (between) await between(requests);
			expect(requests).toBeLessThan(500);
		} while (token !== '');
		return { seen, requests };
	}

	const fleet = async () =>
		(await context.http.get('/_sim/devices')).data.devices.map(
			(device: { hwid: string }) => device.hwid,
		) as string[];

	beforeEach(async () => {
		await context.http.post('/_sim/reset');
	});

	it('walks every device exactly once, in enrolment order, for every page size (20 by default, as v3.3 pages)', async () => {
		const all = await fleet();
		for (const limit of [1, 7, 20, 50, undefined]) {
			const { seen, requests } = await walk(limit === undefined ? {} : { limit });
			expect([limit, seen]).toEqual([limit, all]);
			expect(requests).toBe(Math.ceil(130 / (limit ?? 20)));
		}
		const v33 = (body: Record<string, unknown>) => postAction(context.http, V33, body);
		const listed = (answer: { data: { devices: Array<{ device_id: string }> } }) =>
			answer.data.devices.map((device) => device.device_id);
		expect(listed(await v33({}))).toEqual(all.slice(0, 20));
		expect(listed(await v33({ page: 7 }))).toEqual(all.slice(120));
		expect((await v33({ page: 8 })).status).toBe(413);
	});

	it('gives the same walk the 1st, 3rd, 5th and 10th time, and walks a filtered listing once', async () => {
		const walks = [];
		for (let i = 1; i <= 10; i++) walks.push(await walk({ limit: 9 }));
		for (const repetition of [3, 5, 10]) expect(walks[repetition - 1]).toEqual(walks[0]);
		const filter = { device_status: ['non_compliant'], device_type: ['laptop', 'desktop'] };
		const expected = (await postAction(context.http, V33, { filter, limit: 50 })).data.devices.map(
			(device: { device_id: string }) => device.device_id,
		);
		expect(expected.length).toBeGreaterThan(10);
		expect((await walk({ filter, limit: 4 })).seen).toEqual(expected);
	});

	it('keeps its place when devices join and leave between pages', async () => {
		const all = await fleet();
		const { seen } = await walk({ limit: 10 }, async (page) => {
			if (page !== 2) return;
			// The device the cursor stands on, one before it and one after it leave; one joins.
			for (const hwid of [all[19], all[5], all[25]])
				await context.http.delete(`/_sim/devices/${hwid}`);
			await context.http.post('/_sim/devices', { generate: 1 });
		});
		const joined = (await fleet()).at(-1)!;
		expect(seen).toEqual([...all.filter((hwid) => hwid !== all[25]), joined]);
	});

	it('refuses a token of another filter or one it did not give (400); nothing after it → 413', async () => {
		const { next_token: token } = (await post({ limit: 5, filter: { os: 'windows' } })).data;
		expect(token).not.toBe('');
		expect((await post({ limit: 5, token, filter: { os: 'windows' } })).status).toBe(200);
		for (const body of [
			{ token },
			{ token, filter: { os: ['windows', 'mac'] } },
			{ token: 'garbage' },
			{ token: 7 },
		])
			expect((await post({ limit: 5, ...body })).status).toBe(400);
		await context.http.delete('/_sim/devices');
		expect((await post({ limit: 5, token, filter: { os: 'windows' } })).status).toBe(413);
		expect((await post({})).data).toStrictEqual({ devices: [], next_token: '' });
	});
});
