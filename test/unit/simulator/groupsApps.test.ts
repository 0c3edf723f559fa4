/**
 * Get Groups v3.0, Get Applications v3.0 and Application Details v3.0: parameters, defaults,
 * ranges and codes, over a fleet whose groups and applications are set through the control API,
 * and the catalogue every simulator holds.
 */
import type { DeviceInput } from '../../simulator';
import { postAction, replaceFleet, testDevice, useSimulator } from './helpers';

const context = useSimulator({ devices: 0 });
const post = (path: string, body?: unknown) => postAction(context.http, path, body);

/** An agentless device: no application of its own until the test gives it some. */
const device = (hwid: string, n: number, fields: DeviceInput = {}) =>
	testDevice(n, { hwid, category: 'unknown', agent: 'none', ...fields });
const CHROME_OLD = { product_id: '1103', version: '124.0.6367.201' };
const CHROME_NEW = { product_id: '1103', version: '131.0.6778.86' };
const FIREFOX = { product_id: '1104', version: '128.4.0' };
const ZIP_OLD = { product_id: '2201', version: '19.00' };

beforeAll(async () => {
	await replaceFleet(context.http, [
		device('D1', 1, { group: 'default' }),
		device('D2', 2, { group: 'default' }),
		device('D3', 3, { group: 'finance' }),
		device('D4', 4, { group: 'finance' }),
		device('D5', 5, { group: 'finance' }),
		device('D6', 6, { group: 'lab-42' }),
	]);
	const apps = (hwid: string, list: unknown[]) =>
		context.http.patch(`/_sim/devices/${hwid}/inventory`, { apps: list });
	expect((await apps('D1', [CHROME_OLD, ZIP_OLD])).status).toBe(200);
	await apps('D2', [CHROME_OLD, FIREFOX]);
	await apps('D3', [CHROME_NEW]);
});

describe('Get Groups v3.0', () => {
	const names = (answer: { data: Array<{ group_name: string }> }) =>
		answer.data.map((group) => group.group_name);

	it('lists the seeded groups and the other group IDs devices hold, by name ascending', async () => {
		const answer = await post('/o/api/v3/groups');
		expect(answer.status).toBe(200);
		expect(names(answer)).toEqual([
			'Default',
			'Engineering',
			'Finance',
			'lab-42',
			'Sales',
			'Servers',
		]);
		expect(
			answer.data.find((group: { group_id: string }) => group.group_id === 'finance'),
		).toStrictEqual({
			group_id: 'finance',
			group_name: 'Finance',
			domain_name: 'corp.example.com',
			auto_join: false,
			policy_id: 'policy-strict',
			policy_name: 'Strict Compliance',
			description: 'Finance laptops and desktops',
			created_date: '2024-12-20T12:00:00Z',
			last_modified: '2026-11-08T12:00:00Z',
			number_of_devices: 3,
		});
		expect(
			answer.data.find((group: { group_id: string }) => group.group_id === 'lab-42'),
		).toMatchObject({
			group_name: 'lab-42',
			policy_name: 'Default Policy',
			number_of_devices: 1,
		});
	});

	it('searches group and policy names, sorts by each documented field', async () => {
		expect(names(await post('/o/api/v3/groups', { search: 'STRICT' }))).toEqual(['Finance']);
		expect(names(await post('/o/api/v3/groups', { search: 'default' }))).toEqual([
			'Default',
			'lab-42',
			'Sales',
		]);
		expect(
			names(
				await post('/o/api/v3/groups', { sort: { field: 'number_of_devices', order: 'desc' } }),
			),
		).toEqual(['Finance', 'Default', 'lab-42', 'Engineering', 'Sales', 'Servers']);
		expect(names(await post('/o/api/v3/groups', { sort: { field: 'last_update' } }))).toEqual([
			'Sales',
			'Servers',
			'Default',
			'Finance',
			'Engineering',
			'lab-42',
		]);
		expect(
			names(
				await post('/o/api/v3/groups', { sort: { field: 'policy_name', order: 'desc' } }),
			).slice(0, 2),
		).toEqual(['Finance', 'Servers']);
		expect(
			names(
				await post('/o/api/v3/groups', { sort: { field: 'domain_name', order: 'desc' } }),
			).slice(0, 2),
		).toEqual(['Engineering', 'Finance']);
		for (const sort of [{ field: 'last_modified' }, { order: 'ascending' }])
			expect((await post('/o/api/v3/groups', { sort })).status).toBe(400);
	});

	it('pages 10 by default, limit 1..50 (above → 406), past the last page → 413', async () => {
		const extra = Array.from({ length: 7 }, (_, i) =>
			device(`X${i}`, 7 + i, { group: `extra-${i}` }),
		);
		expect((await context.http.post('/_sim/devices', { devices: extra })).status).toBe(200);
		const all = await post('/o/api/v3/groups', { limit: 50 });
		expect(all.data).toHaveLength(13);
		expect((await post('/o/api/v3/groups')).data).toEqual(all.data.slice(0, 10));
		expect((await post('/o/api/v3/groups', { page: 2 })).data).toEqual(all.data.slice(10));
		for (const { hwid } of extra) await context.http.delete(`/_sim/devices/${hwid}`);
		expect(names(await post('/o/api/v3/groups', { limit: 4, page: 2 }))).toEqual([
			'Sales',
			'Servers',
		]);
		expect((await post('/o/api/v3/groups', { limit: 4, page: 3 })).status).toBe(413);
		expect((await post('/o/api/v3/groups', { limit: 51 })).status).toBe(406);
		expect((await post('/o/api/v3/groups', { limit: 0 })).status).toBe(400);
		expect((await post('/o/api/v3/groups', { search: 5 })).status).toBe(400);
	});
});

describe('Get Applications v3.0', () => {
	const rows = (answer: {
		data: Array<{ name: string; version: string; number_of_devices: number }>;
	}) => answer.data.map((app) => `${app.name} ${app.version} ×${app.number_of_devices}`);

	it('lists each installed version once, by name descending by default', async () => {
		const answer = await post('/o/api/v3/apps');
		expect(answer.status).toBe(200);
		expect(rows(answer)).toEqual([
			'Mozilla Firefox 128.4.0 ×1',
			'Google Chrome 124.0.6367.201 ×2',
			'Google Chrome 131.0.6778.86 ×1',
			'7-Zip 19.00 ×1',
		]);
		expect(answer.data[1]).toStrictEqual({
			category_id: '1',
			category_name: 'Browser',
			severity: 'important',
			product_id: '1103',
			name: 'Google Chrome',
			vendor: 'Google LLC',
			version: '124.0.6367.201',
			number_of_devices: 2,
			number_of_cves: 4,
		});
		expect(answer.data[2]).toMatchObject({ severity: 'none', number_of_cves: 0 });
	});

	it('searches name and vendor, filters by severity and category, sorts by each field', async () => {
		expect(rows(await post('/o/api/v3/apps', { search: 'pavlov' }))).toEqual(['7-Zip 19.00 ×1']);
		expect(rows(await post('/o/api/v3/apps', { filter: { severity: ['critical'] } }))).toEqual([
			'Mozilla Firefox 128.4.0 ×1',
			'7-Zip 19.00 ×1',
		]);
		expect(rows(await post('/o/api/v3/apps', { filter: { category: ['2'] } }))).toEqual([
			'7-Zip 19.00 ×1',
		]);
		expect(rows(await post('/o/api/v3/apps', { sort: { field: 'number_of_cves' } }))).toEqual([
			'7-Zip 19.00 ×1',
			'Google Chrome 124.0.6367.201 ×2',
			'Mozilla Firefox 128.4.0 ×1',
			'Google Chrome 131.0.6778.86 ×1',
		]);
		expect(
			rows(await post('/o/api/v3/apps', { sort: { field: 'severity', order: 'asc' } }))[0],
		).toBe('Google Chrome 131.0.6778.86 ×1');
		for (const body of [
			{ filter: { severity: ['high'] } },
			{ filter: { category: ['99'] } },
			{ sort: { field: 'cves' } },
		])
			expect((await post('/o/api/v3/apps', body)).status).toBe(400);
		expect(rows(await post('/o/api/v3/apps', { limit: 3, page: 2 }))).toEqual(['7-Zip 19.00 ×1']);
		expect((await post('/o/api/v3/apps', { limit: 3, page: 3 })).status).toBe(413);
		expect((await post('/o/api/v3/apps', { limit: 51 })).status).toBe(406);
	});
});

describe('Get Applications v3.0 paging', () => {
	it('pages 50 by default', async () => {
		const { products } = (await context.http.get('/_sim/catalogue')).data;
		const every = products.flatMap(
			(product: { product_id: string; versions: Array<{ version: string }> }) =>
				product.versions.map(({ version }) => ({ product_id: product.product_id, version })),
		);
		expect(every).toHaveLength(78);
		await context.http.patch('/_sim/devices/D4/inventory', { apps: every });
		const all = await post('/o/api/v3/apps', { limit: 50 });
		expect((await post('/o/api/v3/apps')).data).toEqual(all.data);
		expect((await post('/o/api/v3/apps', { page: 2 })).data).toHaveLength(28);
		await context.http.patch('/_sim/devices/D4/inventory', { apps: [] });
	});
});

describe('Application Details v3.0', () => {
	it('answers the totals and, with verbose.cves 1, the CVEs worst first; product_id as a number', async () => {
		const answer = await post('/o/api/v3/apps/details', { ...ZIP_OLD, verbose: { cves: 1 } });
		expect(answer.status).toBe(200);
		const { cves, ...totals } = answer.data;
		expect(totals).toStrictEqual({
			product_id: 2201,
			name: '7-Zip',
			version: '19.00',
			vendor: 'Igor Pavlov',
			total_devices: 1,
			total_cves: 5,
			total_critical: 3,
			total_important: 0,
			total_moderate: 2,
			total_low: 0,
			total_unknown: 0,
		});
		expect(
			cves.map((cve: { cve_id: string; opswat_score: number }) => [cve.cve_id, cve.opswat_score]),
		).toEqual([
			['CVE-2025-44483', 99],
			['CVE-2024-11155', 96],
			['CVE-2026-21333', 90],
			['CVE-2019-14859', 46],
			['CVE-2019-23619', 42],
		]);
		expect(Object.keys(cves[0])).toEqual([
			'cve_id',
			'severity',
			'summary',
			'update_date',
			'opswat_score',
			'cvss2_score',
			'cvss3_score',
		]);
		expect(typeof cves[0].cvss2_score).toBe('number');
	});

	it('leaves the CVEs out by default, takes a numeric product_id and verbose as 0/1', async () => {
		const plain = await post('/o/api/v3/apps/details', {
			product_id: 1103,
			version: CHROME_OLD.version,
		});
		expect(plain.data).not.toHaveProperty('cves');
		expect(plain.data).toMatchObject({
			product_id: 1103,
			total_devices: 2,
			total_cves: 4,
			total_important: 1,
		});
		expect(
			(await post('/o/api/v3/apps/details', { ...CHROME_OLD, verbose: 1 })).data.cves,
		).toHaveLength(4);
		expect(
			(await post('/o/api/v3/apps/details', { ...CHROME_NEW, verbose: { cves: 1 } })).data.cves,
		).toEqual([]);
	});

	it('needs product_id and version (400); an unknown version → 404', async () => {
		for (const body of [
			{},
			{ product_id: '1103' },
			{ version: '1.0' },
			{ ...ZIP_OLD, verbose: { cves: 2 } },
		])
			expect((await post('/o/api/v3/apps/details', body)).status).toBe(400);
		const missing = await post('/o/api/v3/apps/details', { product_id: '1103', version: '1.0' });
		expect([missing.status, missing.data.error]).toEqual([404, 'not_found']);
	});

	it('refuses applications and CVEs the catalogue does not have (control API)', async () => {
		for (const change of [
			{ apps: [{ product_id: '1103', version: '1.0' }] },
			{ cves: ['CVE-1999-0001'] },
			{ threats: [{}] },
			{ os: [] },
		]) {
			const answer = await context.http.patch('/_sim/devices/D4/inventory', change);
			expect([change, answer.status]).toEqual([change, 400]);
		}
		const catalogue = (await context.http.get('/_sim/catalogue')).data;
		expect(catalogue.products).toHaveLength(26);
		expect(
			catalogue.products.find((product: { product_id: string }) => product.product_id === '2201')
				.versions[2],
		).toStrictEqual({
			version: '19.00',
			cves: [
				'CVE-2025-44483',
				'CVE-2024-11155',
				'CVE-2026-21333',
				'CVE-2019-14859',
				'CVE-2019-23619',
			],
		});
	});
});
