/**
 * Threat → Get Many and Device Information → Get against the simulator (its request log shows the
 * exact requests), the node run as typeVersion 2.
 */
import type { IDataObject } from 'n8n-workflow';

import { categoriesOf } from '../../simulator/deviceInfo';
import { paired, rl, threat, TOKEN, useInventorySim } from './inventoryFixture';

const fx = useInventorySim();
const { run, requests } = fx;

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
		fx.sim.simulation.inventory.change(fx.device('HW-A'), { threats: many });
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
	const device = fx.device;

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
			categories: categoriesOf(a, fx.sim.simulation.seed),
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
