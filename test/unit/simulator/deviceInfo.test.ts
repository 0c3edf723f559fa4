/**
 * Device Information v3.0 (posture categories and their issues) and Get Threats v3.0 (paging in
 * the URL, the two lists chosen by verbose): parameters, defaults, codes and answers.
 */
import { Simulation, type DeviceInput } from '../../simulator';
import { postAction, replaceFleet, testDevice, useSimulator } from './helpers';

const context = useSimulator({ devices: 0 });
const post = (path: string, body?: unknown) => postAction(context.http, path, body);
const INFO = '/o/api/v3/device_info';

/** A Windows device named after its HWID. */
const device = (hwid: string, n: number, fields: DeviceInput = {}) =>
	testDevice(n, { hwid, hostname: hwid.toLowerCase(), os_info: { family: 'Windows' }, ...fields });
const DESKTOP = [
	'anti-malware',
	'firewall',
	'encryption',
	'patch_management',
	'vulnerabilities',
	'operating_system',
	'threats',
	'user_authentication',
	'hard_drive',
	'backup',
	'anti-phishing',
];

beforeAll(async () => {
	await replaceFleet(context.http, [
		device('WIN-CRITICAL', 1, {
			status: 1,
			critical_status: 1,
			total_issue: 5,
			total_critical_issue: 2,
			custom_id: 'CMDB-7',
		}),
		device('WIN-EXEMPT', 2, { status: 1, exempt: 1, total_issue: 1 }),
		device('LINUX-PENDING', 3, { os_info: { family: 'Linux' }, status: 3 }),
		device('PHONE', 4, { machine_type: 'phone', agent: 'mobile', os_info: { family: 'ios' } }),
		device('UNKNOWN', 5, { category: 'unknown', agent: 'none', status: 1, total_issue: 1 }),
		device('OUT', 6, { category: 'out_of_license' }),
	]);
});

describe('Device Information v3.0', () => {
	it('answers the device, its status and severity, and its issues spread over its categories', async () => {
		const answer = await post(INFO, { ids: 'WIN-CRITICAL' });
		expect(answer.status).toBe(200);
		const { categories, ...head } = answer.data;
		expect(head).toStrictEqual({
			device_id: 'WIN-CRITICAL',
			status: 'non-compliant',
			severity: 'critical',
			device_name: 'win-critical',
		});
		expect(categories.map((category: { id: string }) => category.id)).toEqual(DESKTOP);
		const issues = categories.flatMap(
			(category: { issues: Array<{ severity: string }> }) => category.issues,
		);
		expect(issues.map((issue: { severity: string }) => issue.severity).sort()).toEqual([
			'critical',
			'critical',
			'warning',
			'warning',
			'warning',
		]);
		for (const category of categories)
			expect(category.status).toBe(category.issues.length > 0 ? 'non-compliant' : 'compliant');
		expect((await post(INFO, { ids: 'WIN-CRITICAL' })).data).toStrictEqual(answer.data);
		expect((await post(INFO, { ids: ['00:0C:29:00:00:01'] })).data).toStrictEqual(answer.data);
		expect((await post(INFO, { opt: 1, ids: 'CMDB-7' })).data).toStrictEqual(answer.data);
	});

	it('names each status as the page does, and the categories that apply to the OS', async () => {
		const info = async (ids: string) => (await post(INFO, { ids })).data;
		expect(await info('WIN-EXEMPT')).toMatchObject({ status: 'exempted', severity: 'warning' });
		const linux = await info('LINUX-PENDING');
		expect(linux).toMatchObject({ status: 'pending', severity: 'no_issues' });
		expect(linux.categories.map((category: { id: string }) => category.id)).toEqual([
			'firewall',
			'encryption',
			'patch_management',
			'vulnerabilities',
			'operating_system',
			'user_authentication',
		]);
		expect((await info('PHONE')).categories.map((category: { id: string }) => category.id)).toEqual(
			['operating_system', 'encryption', 'user_authentication'],
		);
		expect(await info('UNKNOWN')).toMatchObject({ status: 'unknown', categories: [] });
		expect(await info('OUT')).toMatchObject({ status: 'out_of_license_usage' });
	});

	it('answers the selected categories only (documented names, else 400)', async () => {
		const answer = await post(INFO, {
			ids: 'WIN-CRITICAL',
			select: { categories: ['backup', 'firewall', 'vpn_client'] },
		});
		expect(answer.data.categories.map((category: { id: string }) => category.id)).toEqual([
			'firewall',
			'backup',
		]);
		expect(
			(await post(INFO, { ids: 'WIN-CRITICAL', select: { categories: [] } })).data.categories,
		).toHaveLength(11);
		expect(
			(await post(INFO, { ids: 'WIN-CRITICAL', select: { categories: ['antivirus'] } })).status,
		).toBe(400);
	});

	it('needs one identifier (400), a known device (404), opt 0 or 1 (400)', async () => {
		for (const body of [
			{},
			{ ids: ['A', 'B'] },
			{ ids: 5 },
			{ ids: 'WIN-EXEMPT', opt: 2 },
			{ ids: 'WIN-EXEMPT', select: 'all' },
		])
			expect((await post(INFO, body)).status).toBe(400);
		expect((await post(INFO, { ids: 'NOPE' })).status).toBe(404);
		expect((await post(INFO, { opt: 1, ids: 'WIN-EXEMPT' })).status).toBe(404);
	});
});

describe('Get Threats v3.0', () => {
	const threat = (source: string, day: number, extra: Record<string, unknown> = {}) => ({
		source,
		critical: day % 2,
		time: `2026-11-${String(day).padStart(2, '0')}T10:00:00.000Z`,
		file: `C:\\Temp\\t${day}.exe`,
		hash: `${day}`.repeat(8),
		threat_name: `Threat-${day}`,
		product_name: 'Microsoft Defender Antivirus',
		...extra,
	});
	const threats = (path: string, body: Record<string, unknown>) => post(path, body);
	const days = (list: Array<{ threat_name: string }>) => list.map((entry) => entry.threat_name);

	beforeAll(async () => {
		const answer = await context.http.patch('/_sim/devices/WIN-CRITICAL/inventory', {
			threats: [
				threat('antimalware_scan', 3),
				threat('local_antimalware', 4),
				threat('antimalware_scan', 9),
				threat('antimalware_scan', 6),
				threat('local_antimalware', 1),
			],
		});
		expect(answer.status).toBe(200);
	});

	it('answers both lists by default, newest first, each in its own shape', async () => {
		const answer = await threats('/o/api/v3/get_threats', { id: 'WIN-CRITICAL' });
		expect(answer.status).toBe(200);
		expect(days(answer.data.antimalware_scan)).toEqual(['Threat-9', 'Threat-6', 'Threat-3']);
		expect(answer.data.antimalware_scan[0]).toStrictEqual({
			critical: 1,
			scan_time: '2026-11-09T10:00:00.000Z',
			file: 'C:\\Temp\\t9.exe',
			hash: '99999999',
			threat_name: 'Threat-9',
		});
		expect(answer.data.local_antimalware_threats).toStrictEqual([
			{
				critical: 0,
				detected_time: '2026-11-04T10:00:00.000Z',
				file: 'C:\\Temp\\t4.exe',
				hash: '44444444',
				threat_name: 'Threat-4',
				product_name: 'Microsoft Defender Antivirus',
			},
			expect.objectContaining({ threat_name: 'Threat-1' }),
		]);
	});

	it('chooses the lists with verbose (default 1 each)', async () => {
		const only = await threats('/o/api/v3/get_threats', {
			id: 'WIN-CRITICAL',
			verbose: { antimalware_scan: 0 },
		});
		expect(Object.keys(only.data)).toEqual(['local_antimalware_threats']);
		const none = await threats('/o/api/v3/get_threats', {
			id: 'WIN-CRITICAL',
			verbose: { antimalware_scan: 0, local_antimalware_threats: 0 },
		});
		expect(none.data).toStrictEqual({});
		expect(
			(
				await threats('/o/api/v3/get_threats', {
					id: 'WIN-CRITICAL',
					verbose: { antimalware_scan: 2 },
				})
			).status,
		).toBe(400);
	});

	it('pages each list with limit and page in the URL (limit 1..50, above → 406; past both ends → 413)', async () => {
		const page = (query: string) =>
			threats(`/o/api/v3/get_threats?${query}`, { id: 'WIN-CRITICAL', limit: 1 });
		const first = await page('limit=2');
		expect([days(first.data.antimalware_scan), days(first.data.local_antimalware_threats)]).toEqual(
			[
				['Threat-9', 'Threat-6'],
				['Threat-4', 'Threat-1'],
			],
		);
		const second = await page('limit=2&page=2');
		expect([
			days(second.data.antimalware_scan),
			days(second.data.local_antimalware_threats),
		]).toEqual([['Threat-3'], []]);
		expect((await page('limit=2&page=3')).status).toBe(413);
		expect((await page('limit=50')).status).toBe(200);
		expect((await page('limit=51')).status).toBe(406);
		for (const query of ['limit=0', 'limit=x', 'page=0'])
			expect((await page(query)).status).toBe(400);
	});

	it('needs the id of a device of the account (400 / 404)', async () => {
		expect((await threats('/o/api/v3/get_threats', {})).status).toBe(400);
		expect((await threats('/o/api/v3/get_threats', { id: 'NOPE' })).status).toBe(404);
		expect((await threats('/o/api/v3/get_threats', { id: 'LINUX-PENDING' })).data).toStrictEqual({
			antimalware_scan: [],
			local_antimalware_threats: [],
		});
	});

	it('are seeded on some devices with an agent, the same for the same seed', () => {
		const one = new Simulation({ devices: 400, seed: 9, rateLimit: false });
		const again = new Simulation({ devices: 400, seed: 9, rateLimit: false });
		const of = (sim: Simulation) =>
			sim.fleet.all().map((device) => sim.inventory.of(device).threats);
		expect(of(again)).toEqual(of(one));
		const threatened = one.fleet
			.all()
			.filter((device) => one.inventory.of(device).threats.length > 0);
		expect(threatened.length).toBeGreaterThan(10);
		expect(
			threatened.every((device) => device.agent === 'persistent' || device.agent === 'on-demand'),
		).toBe(true);
	});
});
