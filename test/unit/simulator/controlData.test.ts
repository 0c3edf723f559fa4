/**
 * The control API's routes for what the newer endpoints read: a device's inventory, the CVE
 * catalogue, and when devices added through it are enrolled.
 */
import { useSimulator } from './helpers';

const START = Date.UTC(2026, 11, 1, 9, 0, 0);
const clock = { time: START };
const context = useSimulator({ devices: 30, seed: 2, now: () => clock.time });

beforeEach(async () => {
	clock.time = START;
	await context.http.post('/_sim/reset');
});

const firstWithApps = async () => {
	const { devices } = (await context.http.get('/_sim/devices')).data;
	for (const device of devices) {
		const inventory = (await context.http.get(`/_sim/devices/${device.hwid}/inventory`)).data;
		if (inventory.apps.length > 0) return { hwid: device.hwid as string, inventory };
	}
	throw new Error('no device with applications');
};

describe('device inventory', () => {
	it('shows the drawn applications, CVEs (those of the applications) and threats; PATCH replaces the lists given', async () => {
		const { hwid, inventory } = await firstWithApps();
		expect(Object.keys(inventory)).toEqual(['apps', 'cves', 'threats']);
		const { products } = (await context.http.get('/_sim/catalogue')).data;
		const cvesOf = (app: { product_id: string; version: string }) =>
			products
				.find((product: { product_id: string }) => product.product_id === app.product_id)
				.versions.find((version: { version: string }) => version.version === app.version).cves;
		const fromApps = new Set(inventory.apps.flatMap(cvesOf));
		expect(inventory.cves.filter((id: string) => !fromApps.has(id)).length).toBeLessThanOrEqual(1);
		const changed = await context.http.patch(`/_sim/devices/${hwid}/inventory`, {
			cves: ['CVE-2020-14201'],
		});
		expect(changed.data).toStrictEqual({ ...inventory, cves: ['CVE-2020-14201'] });
		expect((await context.http.get(`/_sim/devices/${hwid}/inventory`)).data).toStrictEqual(
			changed.data,
		);
		expect((await context.http.get('/_sim/devices/NOPE/inventory')).status).toBe(404);
		await context.http.post('/_sim/reset');
		expect((await context.http.get(`/_sim/devices/${hwid}/inventory`)).data).toStrictEqual(
			inventory,
		);
	});

	it('forgets what was set when the device leaves', async () => {
		const { hwid, inventory } = await firstWithApps();
		const raw = (await context.http.get(`/_sim/devices/${hwid}`)).data;
		await context.http.patch(`/_sim/devices/${hwid}/inventory`, { apps: [], cves: [] });
		await context.http.delete(`/_sim/devices/${hwid}`);
		const { commands: _commands, ...fields } = raw;
		expect((await context.http.post('/_sim/devices', { devices: [fields] })).status).toBe(200);
		expect((await context.http.get(`/_sim/devices/${hwid}/inventory`)).data).toStrictEqual(
			inventory,
		);
	});
});

describe('CVE catalogue', () => {
	it('adds CVEs (fields not given: defaults) and changes known ones (the fields given); reset restores it', async () => {
		const added = await context.http.post('/_sim/cves', {
			cves: [
				{ cve_id: 'CVE-2024-3400', opswat_score: 100, cvss3_score: 10, kev: 1 },
				{ cve_id: 'CVE-2020-14201', kev: 0 },
			],
		});
		expect(added.status).toBe(200);
		expect(added.data.cves[0]).toStrictEqual({
			cve_id: 'CVE-2024-3400',
			summary: 'CVE-2024-3400 (added through the control API)',
			publish_date: '2026-01-01T00:00:00Z',
			update_date: '2026-01-01T00:00:00Z',
			opswat_score: 100,
			cvss2_score: 5,
			cvss3_score: 10,
			remediation: '',
			cwe_id: '',
			kev: 1,
		});
		const before = (await context.http.get('/_sim/catalogue')).data.cves.length;
		expect(added.data.cves[1]).toMatchObject({
			cve_id: 'CVE-2020-14201',
			opswat_score: 99,
			kev: 0,
		});
		for (const cves of [
			[{ cve_id: 'CVE-24-1' }],
			[{ cve_id: 'CVE-2024-0001', opswat_score: 101 }],
			[{ cve_id: 'CVE-2024-0001', cvss2_score: '5' }],
			[{ cve_id: 'CVE-2024-0001', kev: true }],
			[{ cve_id: 'CVE-2024-0001', severity: 'high' }],
			[{ cve_id: 'CVE-2024-0002' }, 'CVE-2024-0003'],
		]) {
			const answer = await context.http.post('/_sim/cves', { cves });
			expect([cves, answer.status]).toEqual([cves, 400]);
		}
		expect((await context.http.get('/_sim/catalogue')).data.cves).toHaveLength(before);
		await context.http.post('/_sim/reset');
		const after = (await context.http.get('/_sim/catalogue')).data.cves;
		expect(after).toHaveLength(before - 1);
		expect(after.find((cve: { cve_id: string }) => cve.cve_id === 'CVE-2020-14201').kev).toBe(1);
	});
});

describe('enrolment', () => {
	it('enrols seeded devices in fleet order before the fleet clock, added ones at the clock time', async () => {
		const { devices } = (await context.http.get('/_sim/devices')).data;
		const times = devices.map((device: { enrolled_at: string }) => Date.parse(device.enrolled_at));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(times.at(-1)).toBeLessThan(Date.UTC(2026, 10, 20, 12));
		clock.time += 5000;
		const { added } = (
			await context.http.post('/_sim/devices', {
				generate: 1,
				devices: [{ hostname: 'given', enrolled_at: '2020-01-01T00:00:00Z' }, { hostname: 'now' }],
			})
		).data;
		const enrolled = await Promise.all(
			added.map(
				async (hwid: string) => (await context.http.get(`/_sim/devices/${hwid}`)).data.enrolled_at,
			),
		);
		expect(enrolled).toEqual([
			'2020-01-01T00:00:00Z',
			...Array(2).fill(new Date(START + 5000).toISOString()),
		]);
		expect(
			(await context.http.patch(`/_sim/devices/${added[0]}`, { enrolled_at: 'soon' })).status,
		).toBe(400);
	});
});
