/**
 * Application (Get Many, Get), Threat (Get Many of a device) and Device Information (Get) against
 * the simulator (its request log shows the exact requests), with virtual time shared by the node
 * and the simulator. The node runs as typeVersion 2, the version that offers these resources.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSimulator, type DeviceInput, type RunningSimulator } from '../../simulator';
import { findApp, PRODUCT_BY_ID, severityOf, severityRank } from '../../simulator/catalog';
import { categoriesOf } from '../../simulator/deviceInfo';
import type { Threat } from '../../simulator/inventory';
import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';

let clock: EventClock;
let sim: RunningSimulator;
let helper: TestCredentialsHelper;

const mac = (i: number) => `00:0c:29:aa:00:${i.toString(16).padStart(2, '0')}`;
const windowsLaptop = (hwid: string, i: number, more: DeviceInput = {}): DeviceInput => ({
	hwid,
	hostname: hwid.toLowerCase(),
	machine_type: 'laptop',
	category: 'monitored',
	agent: 'persistent',
	active: 1,
	os_info: { family: 'Windows', name: 'Windows 11 Pro' },
	network_info: [{ mac_addr: mac(i), ipv4_addr: '10.0.0.9', ipv6_addr: '' }],
	...more,
});
const threat = (source: Threat['source'], day: number, name: string): Threat => ({
	source,
	critical: day % 2 === 0 ? 1 : 0,
	time: `2026-11-${String(day).padStart(2, '0')}T08:00:00.000Z`,
	file: `C:\\Users\\Public\\Downloads\\file${day}.exe`,
	hash: `${day}`.padStart(64, 'a'),
	threat_name: name,
	product_name: 'Microsoft Defender Antivirus',
});
/** Chrome, VLC and 7-Zip versions of the catalogue (product ID, version). */
const CHROME = ['1103', PRODUCT_BY_ID.get('1103')!.versions[0]] as const;
const VLC = ['9901', PRODUCT_BY_ID.get('9901')!.versions[0]] as const;
const VLC_OLD = ['9901', PRODUCT_BY_ID.get('9901')!.versions[2]] as const;
const app = ([product_id, version]: readonly [string, string]) => ({ product_id, version });

beforeEach(async () => {
	clock = new EventClock();
	useClock(clock);
	sim = await startSimulator({ devices: 0, now: () => clock.now() });
	const { simulation } = sim;
	simulation.addDevices({
		devices: [
			windowsLaptop('HW-A', 1, { custom_id: 'asset-4711' }),
			windowsLaptop('HW-B', 2),
			{ ...windowsLaptop('HW-GONE', 3), agent: 'none', active: 0 },
		],
	});
	const set = (hwid: string, inventory: IDataObject) =>
		simulation.inventory.change(simulation.device(hwid, clock.now()), inventory);
	set('HW-A', { apps: [app(CHROME), app(VLC)], threats: [] });
	set('HW-B', {
		apps: [app(CHROME), app(VLC_OLD)],
		threats: [
			threat('antimalware_scan', 3, 'EICAR-Test-File'),
			threat('local_antimalware', 4, 'Win32/Emotet.AW'),
			threat('antimalware_scan', 5, 'Trojan.GenericKD.71234567'),
		],
	});
	set('HW-GONE', { apps: [], threats: [] });
	helper = new TestCredentialsHelper(
		accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
	);
});
afterEach(async () => {
	useClock(undefined);
	await sim.close();
});

const run = (parameters: INodeParameters, input = [{}], continueOnFail = false) =>
	runActionNode({ parameters, credentialsHelper: helper, continueOnFail, typeVersion: 2 }, input);
const requests = () =>
	sim.simulation.log
		.read()
		.requests.map(({ method, path, query, body, status }) => ({
			method,
			path,
			query,
			body,
			status,
		}));
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const TOKEN = { access_token: 'static#1' };
const paired = (json: IDataObject[], item = 0) =>
	json.map((j) => ({ json: j, pairedItem: { item } }));

/** A Get Applications row, from the catalogue: the product, its version's CVEs, its devices. */
function appRow([productId, version]: readonly [string, string], devices: number): IDataObject {
	const product = PRODUCT_BY_ID.get(productId)!;
	const { catalogue } = sim.simulation;
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
		sim.simulation.inventory.change(sim.simulation.device('HW-A', clock.now()), { apps });
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

describe('Threat → Get Many', () => {
	const scan3 = {
		source: 'antimalware_scan',
		critical: 0,
		scan_time: '2026-11-03T08:00:00.000Z',
		file: 'C:\\Users\\Public\\Downloads\\file3.exe',
		hash: '3'.padStart(64, 'a'),
		threat_name: 'EICAR-Test-File',
	};
	const scan5 = {
		...scan3,
		critical: 0,
		scan_time: '2026-11-05T08:00:00.000Z',
		file: 'C:\\Users\\Public\\Downloads\\file5.exe',
		hash: '5'.padStart(64, 'a'),
		threat_name: 'Trojan.GenericKD.71234567',
	};
	const local4 = {
		source: 'local_antimalware_threats',
		critical: 1,
		detected_time: '2026-11-04T08:00:00.000Z',
		file: 'C:\\Users\\Public\\Downloads\\file4.exe',
		hash: '4'.padStart(64, 'a'),
		threat_name: 'Win32/Emotet.AW',
		product_name: 'Microsoft Defender Antivirus',
	};

	test('raw: each threat of both lists with its source; by ID and by MAC address; id in the body', async () => {
		const { items } = await run(
			{ resource: 'threat', operation: 'getAll', device: '={{ $json.d }}', simplify: false },
			[{ d: rl('id', 'HW-B') }, { d: rl('mac', '00-0C-29-AA-00-02') }, { d: rl('id', 'HW-A') }],
		);
		expect(requests()).toEqual([
			{
				method: 'POST',
				path: '/o/api/v3/get_threats',
				query: TOKEN,
				body: { id: 'HW-B' },
				status: 200,
			},
			{
				method: 'POST',
				path: '/o/api/v3/get_threats',
				query: TOKEN,
				body: { id: '00:0c:29:aa:00:02' },
				status: 200,
			},
			{
				method: 'POST',
				path: '/o/api/v3/get_threats',
				query: TOKEN,
				body: { id: 'HW-A' },
				status: 200,
			},
		]);
		expect(items).toEqual([
			...paired([scan5, scan3, local4]),
			...paired([scan5, scan3, local4], 1),
		]);
	});

	test('Simplify: eight well-named fields; one list only sends verbose 0 for the other', async () => {
		const { items } = await run({
			resource: 'threat',
			operation: 'getAll',
			device: rl('list', 'HW-B'),
			localAntimalware: false,
		});
		expect(requests()[0].body).toEqual({ id: 'HW-B', verbose: { local_antimalware_threats: 0 } });
		const simple = ({ source, critical, file, hash, threat_name }: IDataObject, time: string) => ({
			device: 'HW-B',
			source,
			threat_name,
			critical,
			time,
			file,
			hash,
			product_name: undefined,
		});
		expect(items).toEqual(paired([simple(scan5, scan5.scan_time), simple(scan3, scan3.scan_time)]));
	});

	test('Limit pages through the URL; 404 and both lists off are clear errors', async () => {
		const { items } = await run({
			resource: 'threat',
			operation: 'getAll',
			device: rl('id', 'HW-B'),
			limit: 1,
			simplify: false,
		});
		expect(items.map((i) => i.json)).toEqual([scan5]);
		expect(requests()[0]).toMatchObject({ query: { ...TOKEN, limit: '1' }, body: { id: 'HW-B' } });
		await expect(
			run({ resource: 'threat', operation: 'getAll', device: rl('id', 'NO-SUCH') }),
		).rejects.toMatchObject({
			httpCode: '404',
			message: 'MetaAccess has no device with the device ID "NO-SUCH" (Get Threats answered 404)',
		});
		await expect(
			run({
				resource: 'threat',
				operation: 'getAll',
				device: rl('id', 'HW-B'),
				antimalwareScan: false,
				localAntimalware: false,
			}),
		).rejects.toMatchObject({ message: expect.stringContaining('there is nothing to list') });
		expect(requests()).toHaveLength(2);
	});

	test('Return All: pages of 50 until each list is short; page 2 in the URL', async () => {
		const many = Array.from({ length: 60 }, (_, i) =>
			threat('antimalware_scan', (i % 28) + 1, `T${i}`),
		);
		sim.simulation.inventory.change(sim.simulation.device('HW-A', clock.now()), { threats: many });
		const { items } = await run({
			resource: 'threat',
			operation: 'getAll',
			device: rl('id', 'HW-A'),
			returnAll: true,
		});
		expect(requests().map((r) => [r.query, r.status])).toEqual([
			[TOKEN, 200],
			[{ ...TOKEN, page: '2' }, 200],
		]);
		expect(items).toHaveLength(60);
	});
});

describe('Device Information → Get', () => {
	const device = (hwid: string) => sim.simulation.device(hwid, clock.now());

	test('by ID, MAC address and custom ID: opt and ids sent, the object as MetaAccess gives it', async () => {
		const { items } = await run(
			{ resource: 'deviceInformation', operation: 'get', device: '={{ $json.d }}' },
			[
				{ d: rl('id', 'HW-A') },
				{ d: rl('mac', '000c.29aa.0001') },
				{ d: rl('custom', 'asset-4711') },
				{ d: rl('id', 'HW-A') },
			],
		);
		expect(requests().map(({ path, body, status }) => [path, body, status])).toEqual([
			['/o/api/v3/device_info', { opt: 0, ids: 'HW-A' }, 200],
			['/o/api/v3/device_info', { opt: 0, ids: '00:0c:29:aa:00:01' }, 200],
			['/o/api/v3/device_info', { opt: 1, ids: 'asset-4711' }, 200],
		]);
		const a = device('HW-A');
		const info = {
			device_id: 'HW-A',
			status: a.status === 0 ? 'compliant' : a.status === 1 ? 'non-compliant' : 'pending',
			severity: a.critical_status === 1 ? 'critical' : a.total_issue > 0 ? 'warning' : 'no_issues',
			device_name: 'hw-a',
			categories: categoriesOf(a, sim.simulation.seed),
		};
		expect(a.exempt).toBe(0);
		expect(items).toEqual([0, 1, 2, 3].flatMap((i) => paired([info], i)));
	});

	test('Categories selects them; 404 names the device; an unknown category is refused', async () => {
		const { items } = await run({
			resource: 'deviceInformation',
			operation: 'get',
			device: rl('id', 'HW-B'),
			categories: ['firewall', 'encryption'],
		});
		expect(requests()[0].body).toEqual({
			opt: 0,
			ids: 'HW-B',
			select: { categories: ['firewall', 'encryption'] },
		});
		expect((items[0].json.categories as IDataObject[]).map((c) => c.id).sort()).toEqual([
			'encryption',
			'firewall',
		]);
		await expect(
			run({ resource: 'deviceInformation', operation: 'get', device: rl('custom', 'nobody') }),
		).rejects.toMatchObject({
			httpCode: '404',
			message:
				'MetaAccess has no device with the custom ID "nobody" (Device Information answered 404)',
		});
		await expect(
			run({
				resource: 'deviceInformation',
				operation: 'get',
				device: rl('id', 'HW-B'),
				categories: ['antivirus'],
			}),
		).rejects.toMatchObject({ message: expect.stringContaining("'Categories' is") });
		expect(requests()).toHaveLength(2);
	});
});
