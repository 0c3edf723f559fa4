/**
 * Application → Get Many and Application → Get against the simulator (its request log shows the
 * exact requests), the node run as typeVersion 2.
 */
import type { IDataObject } from 'n8n-workflow';

import { findApp, PRODUCT_BY_ID, severityOf, severityRank } from '../../simulator/catalog';
import { app, CHROME, paired, TOKEN, useInventorySim, VLC, VLC_OLD } from './inventoryFixture';

const fx = useInventorySim();
const { run, requests } = fx;

/** A Get Applications row, from the catalogue: the product, its version's CVEs, its devices. */
function appRow([productId, version]: readonly [string, string], devices: number): IDataObject {
	const product = PRODUCT_BY_ID.get(productId)!;
	const { catalogue } = fx.sim.simulation;
	const cves = catalogue
		.cvesOfApp(findApp(productId, version)!)
		.map((id) => catalogue.cves.get(id)!);
	const levels = cves.map((cve) => severityOf(cve, 'opswat_score'));
	levels.sort((a, b) => severityRank(b, 'opswat_score') - severityRank(a, 'opswat_score'));
	return {
		category_id: product.category_id,
		category_name: product.category_name,
		severity: levels[0] ?? 'none',
		product_id: productId,
		name: product.name,
		vendor: product.vendor,
		version,
		number_of_devices: devices,
		number_of_cves: cves.length,
	};
}

describe('Application → Get Many', () => {
	test('every field sent as documented; the applications as MetaAccess lists them', async () => {
		const { items } = await run({
			resource: 'application',
			operation: 'getAll',
			search: ' video ',
			severity: [],
			categories: '9, 9',
			sortBy: 'version',
			order: 'asc',
			limit: 10,
		});
		expect(requests()).toEqual([
			{
				method: 'POST',
				path: '/o/api/v3/apps',
				query: TOKEN,
				body: {
					search: 'video',
					filter: { category: ['9'] },
					sort: { field: 'version', order: 'asc' },
					limit: 10,
				},
				status: 200,
			},
		]);
		const vlc = [appRow(VLC_OLD, 1), appRow(VLC, 1)];
		expect(vlc.map((row) => row.version)).toEqual([VLC_OLD[1], VLC[1]].sort());
		expect(items).toEqual(paired(vlc));
	});

	test('the defaults send an empty body; severity is sent as a list', async () => {
		const { items } = await run({ resource: 'application', operation: 'getAll' });
		await run({ resource: 'application', operation: 'getAll', severity: ['critical', 'low'] });
		expect(requests().map((r) => r.body)).toEqual([
			null,
			{ filter: { severity: ['critical', 'low'] } },
		]);
		// name, descending: VLC media player (its versions in text order), then Google Chrome.
		expect(items).toEqual(paired([appRow(VLC_OLD, 1), appRow(VLC, 1), appRow(CHROME, 2)]));
	});

	test('Return All and Limit page through the list: pages of Limit (at most 50), page 1 not sent', async () => {
		const apps = [...PRODUCT_BY_ID.values()].flatMap((p) =>
			p.versions.map((v) => app([p.product_id, v])),
		);
		fx.sim.simulation.inventory.change(fx.device('HW-A'), { apps });
		const all = await run({ resource: 'application', operation: 'getAll', returnAll: true });
		const limited = await run({ resource: 'application', operation: 'getAll', limit: 70 });
		expect(requests().map((r) => [r.body, r.status])).toEqual([
			[null, 200],
			[{ page: 2 }, 200],
			[{ limit: 35 }, 200],
			[{ page: 2, limit: 35 }, 200],
		]);
		expect(all.items).toHaveLength(apps.length);
		expect(apps.length).toBeGreaterThan(70);
		expect(all.items.length).toBeLessThan(100);
		expect(limited.items.map((i) => i.json)).toEqual(all.items.slice(0, 70).map((i) => i.json));
	});

	test('bad input is refused before any request', async () => {
		await expect(
			run({ resource: 'application', operation: 'getAll', severity: ['urgent'] }),
		).rejects.toMatchObject({
			message: `Item 0: 'Severity' is ["urgent"], which is not a list of severities`,
		});
		await expect(
			run({ resource: 'application', operation: 'getAll', categories: '={{ { a: 1 } }}' }),
		).rejects.toMatchObject({ message: expect.stringContaining("'Category IDs' is") });
		expect(requests()).toEqual([]);
	});
});

describe('Application → Get', () => {
	test('with CVEs: product_id, version and verbose.cves sent; the details as MetaAccess gives them', async () => {
		const { items } = await run(
			{
				resource: 'application',
				operation: 'get',
				productId: '={{ $json.id }}',
				version: '={{ $json.v }}',
				includeCves: true,
			},
			[
				{ id: 1103, v: CHROME[1] },
				{ id: '1103', v: CHROME[1] },
			],
		);
		expect(requests()).toEqual([
			{
				method: 'POST',
				path: '/o/api/v3/apps/details',
				query: TOKEN,
				body: { product_id: '1103', version: CHROME[1], verbose: { cves: 1 } },
				status: 200,
			},
		]);
		const row = appRow(CHROME, 2);
		const json = items[0].json;
		expect(json).toMatchObject({
			product_id: 1103,
			name: row.name,
			vendor: row.vendor,
			version: CHROME[1],
			total_devices: 2,
			total_cves: row.number_of_cves,
		});
		expect((json.cves as IDataObject[]).length).toBe(row.number_of_cves);
		expect(items[1]).toEqual({ json, pairedItem: { item: 1 } });
	});

	test('without CVEs no verbose is sent; 404 names the product and version; empty fields refused', async () => {
		const { items } = await run({
			resource: 'application',
			operation: 'get',
			productId: '9901',
			version: VLC[1],
		});
		expect(items[0].json.cves).toBeUndefined();
		await expect(
			run({ resource: 'application', operation: 'get', productId: '9901', version: '0.0.1' }),
		).rejects.toMatchObject({
			httpCode: '404',
			message: 'MetaAccess has no application with product ID "9901" and version "0.0.1"',
		});
		await expect(
			run({ resource: 'application', operation: 'get', productId: ' ', version: '1' }),
		).rejects.toMatchObject({ message: "Item 0: 'Product ID' is empty" });
		expect(requests().map((r) => [r.body, r.status])).toEqual([
			[{ product_id: '9901', version: VLC[1] }, 200],
			[{ product_id: '9901', version: '0.0.1' }, 404],
		]);
	});
});
