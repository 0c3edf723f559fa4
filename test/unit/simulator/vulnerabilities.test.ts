/**
 * Get Vulnerabilities of a device v3.2 (`get_cves`) and across the account v3.2 (`cves`): the
 * parameters, ranges, defaults and codes the digest documents, over CVEs set through the control
 * API; and the seeded CVEs every fleet has.
 */
import { Simulation } from '../../simulator';
import { postAction, replaceFleet, testDevice, useSimulator } from './helpers';

const context = useSimulator({ devices: 0 });
const GET_CVES = '/o/api/v3.2/get_cves';
const CVES = '/o/api/v3.2/cves';

/** Five CVEs, one per OPSWAT severity, worst first. */
const KNOWN = [
	{
		cve_id: 'CVE-2099-0001',
		opswat_score: 95,
		cvss2_score: 9,
		cvss3_score: 9.8,
		kev: 1,
		summary: 'Remote code execution in Widget',
	},
	{ cve_id: 'CVE-2099-0002', opswat_score: 75, cvss2_score: 6.5, cvss3_score: 7.5, kev: 0 },
	{ cve_id: 'CVE-2099-0003', opswat_score: 45, cvss2_score: 3, cvss3_score: 4, kev: 1 },
	{ cve_id: 'CVE-2099-0004', opswat_score: 10, cvss2_score: 2, cvss3_score: 0.5, kev: 0 },
	{ cve_id: 'CVE-2099-0005', opswat_score: 0, cvss2_score: 0, cvss3_score: 0, kev: 0 },
];
const ID = (n: number) => `CVE-2099-000${n}`;
/** A device without agent: no CVE of its own until the test gives it some. */
const agentless = (hwid: string, n: number) =>
	testDevice(n, { hwid, category: 'unknown', agent: 'none' });

const getCves = (body: Record<string, unknown>) => postAction(context.http, GET_CVES, body);
const cves = (body: Record<string, unknown> = {}) => postAction(context.http, CVES, body);
const ids = (answer: { data: Array<{ cve_id: string }> }) => answer.data.map((cve) => cve.cve_id);
const setCves = async (hwid: string, list: string[]) =>
	expect((await context.http.patch(`/_sim/devices/${hwid}/inventory`, { cves: list })).status).toBe(
		200,
	);

beforeAll(async () => {
	expect((await context.http.post('/_sim/cves', { cves: KNOWN })).status).toBe(200);
	await replaceFleet(context.http, [
		agentless('DEVICE-A', 1),
		agentless('DEVICE-B', 2),
		agentless('DEVICE-C', 3),
	]);
	await setCves('DEVICE-A', [5, 3, 1, 4, 2].map(ID));
	await setCves('DEVICE-B', [ID(1), ID(2)]);
});

describe('Get Vulnerabilities of a device v3.2', () => {
	it('answers CVE IDs only by default, worst first (OPSWAT score), by device ID or MAC address', async () => {
		const answer = await getCves({ id: 'DEVICE-A' });
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual([1, 2, 3, 4, 5].map((n) => ({ cve_id: ID(n) })));
		expect((await getCves({ id: '00-0C-29-00-00-02' })).data).toStrictEqual([
			{ cve_id: ID(1) },
			{ cve_id: ID(2) },
		]);
		expect((await getCves({ id: 'DEVICE-C' })).data).toStrictEqual([]);
	});

	it('answers every v3.0 field with verbose 1 (scores as v3.0 types it), and the guessed kev flag', async () => {
		const [first] = (await getCves({ id: 'DEVICE-A', verbose: 1 })).data;
		expect(first).toStrictEqual({
			cve_id: ID(1),
			severity: 'critical',
			summary: 'Remote code execution in Widget',
			update_date: '2026-01-01T00:00:00Z',
			publish_date: '2026-01-01T00:00:00Z',
			opswat_score: '95',
			cvss2_score: '9.0',
			cvss3_score: 9.8,
			remediation: '',
			cwe_id: '',
			kev: 1,
		});
	});

	it('answers 404 for a device not on the account, 400 without id or with bad values', async () => {
		const missing = await getCves({ id: 'NOT-THERE' });
		expect([missing.status, missing.data.error]).toEqual([404, 'not_found']);
		for (const body of [
			{},
			{ id: 5 },
			{ id: 'DEVICE-A', verbose: 2 },
			{ id: 'DEVICE-A', page: 0 },
			{ id: 'DEVICE-A', filter: 'kev' },
			{ id: 'DEVICE-A', filter: { score_type: 'cvss4_score' } },
			{ id: 'DEVICE-A', filter: { kev: 2 } },
		]) {
			const answer = await getCves(body);
			expect([body, answer.status]).toEqual([body, 400]);
		}
	});

	it('filters by severity on the chosen score type (its own levels, else 400) and by KEV', async () => {
		const filtered = async (filter: Record<string, unknown>) =>
			ids(await getCves({ id: 'DEVICE-A', filter }));
		expect(await filtered({ severity: ['critical', 'low'] })).toEqual([ID(1), ID(4)]);
		expect(await filtered({ score_type: 'opswat_score', severity: ['unknown'] })).toEqual([ID(5)]);
		expect(await filtered({ score_type: 'cvss2_score', severity: ['low'] })).toEqual([
			ID(3),
			ID(4),
			ID(5),
		]);
		expect(await filtered({ score_type: 'cvss2_score', severity: ['high', 'medium'] })).toEqual([
			ID(1),
			ID(2),
		]);
		expect(await filtered({ score_type: 'cvss3_score', severity: ['none'] })).toEqual([ID(5)]);
		expect(await filtered({ score_type: 'cvss3_score', severity: ['high', 'medium'] })).toEqual([
			ID(2),
			ID(3),
		]);
		expect(await filtered({ kev: 1 })).toEqual([ID(1), ID(3)]);
		expect(await filtered({ kev: 0 })).toHaveLength(5);
		expect(await filtered({ kev: 1, severity: ['moderate'] })).toEqual([ID(3)]);
		for (const filter of [
			{ score_type: 'cvss2_score', severity: ['critical'] },
			{ score_type: 'cvss3_score', severity: ['important'] },
			{ severity: ['high'] },
			{ severity: 'nope' },
		]) {
			const answer = await getCves({ id: 'DEVICE-A', filter });
			expect([filter, answer.status]).toEqual([filter, 400]);
		}
	});

	it('gives each CVE the severity of the chosen score type, sorted by that score', async () => {
		const answer = await getCves({
			id: 'DEVICE-A',
			verbose: 1,
			filter: { score_type: 'cvss2_score' },
		});
		expect(
			answer.data.map((cve: { cve_id: string; severity: string }) => [cve.cve_id, cve.severity]),
		).toEqual([
			[ID(1), 'high'],
			[ID(2), 'medium'],
			[ID(3), 'low'],
			[ID(4), 'low'],
			[ID(5), 'low'],
		]);
	});

	it('pages 100 CVEs by default, limit 1..100 (above → 406), past the last page → 413', async () => {
		const many = Array.from({ length: 150 }, (_, i) => ({
			cve_id: `CVE-2098-${String(1000 + i)}`,
			opswat_score: 50,
		}));
		await context.http.post('/_sim/cves', { cves: many });
		await setCves(
			'DEVICE-C',
			many.map((cve) => cve.cve_id),
		);
		const first = await getCves({ id: 'DEVICE-C' });
		expect(ids(first)).toEqual(many.slice(0, 100).map((cve) => cve.cve_id));
		expect(ids(await getCves({ id: 'DEVICE-C', page: 2 }))).toEqual(
			many.slice(100).map((cve) => cve.cve_id),
		);
		expect((await getCves({ id: 'DEVICE-C', page: 3 })).status).toBe(413);
		expect(ids(await getCves({ id: 'DEVICE-C', limit: 7, page: 3 }))).toEqual(
			many.slice(14, 21).map((cve) => cve.cve_id),
		);
		expect((await getCves({ id: 'DEVICE-C', limit: 100 })).data).toHaveLength(100);
		const over = await getCves({ id: 'DEVICE-C', limit: 101 });
		expect([over.status, over.data.error]).toEqual([406, 'invalid_request']);
		for (const limit of [0, 1.5, '10'])
			expect((await getCves({ id: 'DEVICE-C', limit })).status).toBe(400);
		// Page 1 of a device without CVEs is empty, not 413.
		expect((await getCves({ id: 'DEVICE-B', filter: { kev: 1, severity: ['low'] } })).data).toEqual(
			[],
		);
		await setCves('DEVICE-C', []);
	});
});

describe('Get Vulnerabilities v3.2 across the account', () => {
	it('lists each CVE a device holds once, with number_of_devices, by CVE ID ascending by default', async () => {
		const answer = await cves();
		expect(answer.status).toBe(200);
		expect(
			answer.data.map((cve: { cve_id: string; number_of_devices: number }) => [
				cve.cve_id,
				cve.number_of_devices,
			]),
		).toEqual([
			[ID(1), 2],
			[ID(2), 2],
			[ID(3), 1],
			[ID(4), 1],
			[ID(5), 1],
		]);
		expect(answer.data[0]).toMatchObject({ severity: 'critical', opswat_score: '95', kev: 1 });
	});

	it('searches the ID and summary, filters by severity, KEV and score (with its score type, else 400)', async () => {
		expect(ids(await cves({ search: 'widget' }))).toEqual([ID(1)]);
		expect(ids(await cves({ search: '2099-0004' }))).toEqual([ID(4)]);
		expect(ids(await cves({ filter: { severity: ['important', 'unknown'] } }))).toEqual([
			ID(2),
			ID(5),
		]);
		expect(ids(await cves({ filter: { kev: 1 } }))).toEqual([ID(1), ID(3)]);
		expect(ids(await cves({ filter: { score: 7.5, score_type: 'cvss3_score' } }))).toEqual([
			ID(1),
			ID(2),
		]);
		expect(ids(await cves({ filter: { score: 45, score_type: 'opswat_score' } }))).toEqual([
			ID(1),
			ID(2),
			ID(3),
		]);
		const noType = await cves({ filter: { score: 7 } });
		expect([noType.status, noType.data.error]).toEqual([400, 'invalid_request']);
		for (const filter of [
			{ score: '7', score_type: 'cvss3_score' },
			{ score: -1, score_type: 'cvss2_score' },
		])
			expect((await cves({ filter })).status).toBe(400);
	});

	it('sorts by each documented field, asc or desc (else 400)', async () => {
		expect(ids(await cves({ sort: { order: 'desc' } }))).toEqual([5, 4, 3, 2, 1].map(ID));
		expect(ids(await cves({ sort: { field: 'cvss3_score', order: 'asc' } }))).toEqual(
			[5, 4, 3, 2, 1].map(ID),
		);
		expect(ids(await cves({ sort: { field: 'opswat_score', order: 'desc' } }))).toEqual(
			[1, 2, 3, 4, 5].map(ID),
		);
		expect(
			ids(
				await cves({
					sort: { field: 'severity', order: 'desc' },
					filter: { score_type: 'cvss2_score' },
				}),
			),
		).toEqual([1, 2, 3, 4, 5].map(ID));
		for (const sort of [{ field: 'summary' }, { order: 'up' }, 'cve_id'])
			expect((await cves({ sort })).status).toBe(400);
	});

	it('pages 50 by default, limit 1..50 (above → 406), past the last page → 413', async () => {
		const sixty = Array.from({ length: 60 }, (_, i) => ({
			cve_id: `CVE-2097-${String(1000 + i)}`,
		}));
		await context.http.post('/_sim/cves', { cves: sixty });
		await setCves(
			'DEVICE-C',
			sixty.map((cve) => cve.cve_id),
		);
		const all = [...sixty.map((cve) => cve.cve_id), ...[1, 2, 3, 4, 5].map(ID)];
		expect(ids(await cves())).toEqual(all.slice(0, 50));
		expect(ids(await cves({ page: 2 }))).toEqual(all.slice(50));
		expect((await cves({ page: 3 })).status).toBe(413);
		await setCves('DEVICE-C', []);
		expect(ids(await cves({ limit: 2, page: 3 }))).toEqual([ID(5)]);
		expect((await cves({ limit: 2, page: 4 })).status).toBe(413);
		expect((await cves({ limit: 50 })).status).toBe(200);
		expect((await cves({ limit: 51 })).status).toBe(406);
		expect((await cves({ limit: 0 })).status).toBe(400);
	});
});

describe('seeded CVEs', () => {
	it('are the same for the same seed; some are on the KEV list; critical devices mostly hold one', () => {
		const one = new Simulation({ devices: 300, seed: 4, rateLimit: false });
		const again = new Simulation({ devices: 300, seed: 4, rateLimit: false });
		const of = (sim: Simulation) => sim.fleet.all().map((device) => sim.inventory.of(device).cves);
		expect(of(again)).toEqual(of(one));
		const withCves = one.fleet.all().filter((device) => one.inventory.of(device).cves.length > 0);
		expect(withCves.length).toBeGreaterThan(150);
		const kev = (device: (typeof withCves)[number]) =>
			one.inventory.of(device).cves.some((id) => one.catalogue.cves.get(id)!.kev === 1);
		const critical = withCves.filter((device) => device.critical_status === 1);
		expect(critical.filter(kev).length / critical.length).toBeGreaterThan(0.6);
		expect(withCves.filter((device) => !kev(device)).length).toBeGreaterThan(30);
		expect(
			one.fleet
				.all()
				.filter((device) => device.agent === 'none')
				.every((device) => one.inventory.of(device).cves.length === 0),
		).toBe(true);
	});
});
