/**
 * Account → Get, Vulnerability → Get Many (across the account, and of a device) and Group → Get
 * Many against the simulator (its request log shows the exact requests), with virtual time shared
 * by the node and the simulator. The fleet and its CVEs are set by hand, so every output is known.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { SEEDED_GROUPS } from '../../simulator/accountData';
import { EventClock } from '../../harness/eventClock';
import {
	COMPLIANCE_ACCOUNT as ACCOUNT,
	CVES,
	installComplianceFleet,
	simplifiedCve as simple,
} from '../../harness/complianceFleet';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';

let clock: EventClock;
let sim: RunningSimulator;
let helper: TestCredentialsHelper;

beforeEach(async () => {
	clock = new EventClock();
	useClock(clock);
	sim = await startSimulator({ devices: 0, now: () => clock.now() });
	installComplianceFleet(sim.simulation);
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
	sim.simulation.log.read().requests.map(({ method, path, query, body, status }) => ({
		method,
		path,
		query,
		body,
		status,
	}));
const TOKEN = { access_token: 'static#1' };
const post = (path: string, body: unknown, status = 200) => ({
	method: 'POST',
	path,
	query: TOKEN,
	body,
	status,
});
const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
describe('Account → Get', () => {
	test('one Account Details v3.2 request for every item; Simplify gives the 12 counts and names', async () => {
		const { items } = await run({ resource: 'account', operation: 'get' }, [{}, {}, {}]);
		expect(requests()).toEqual([post('/o/api/v3.2/account', null)]);
		expect(items).toEqual([0, 1, 2].map((item) => ({ json: ACCOUNT, pairedItem: { item } })));
		expect(Object.keys(items[0].json)).toHaveLength(12);
	});

	test('Score Type CVSS 3 is sent; Simplify off gives the raw object', async () => {
		const { items } = await run({
			resource: 'account',
			operation: 'get',
			scoreType: 'cvss3_score',
			simplify: false,
		});
		expect(requests()).toEqual([post('/o/api/v3.2/account', { score_type: 'cvss3_score' })]);
		expect(items[0].json).toEqual({
			name: 'OPSWAT MetaAccess',
			email: 'opswat_metaaccess@opswat.com',
			last_login: '2017-03-09T08:00:00Z',
			date_created: '2013-10-04T08:00:00Z',
			devices_allowed: 100,
			devices_used: 3,
			license_key: 'MA-SIM-4F2A-9C1E-77D0',
			devices_by_status: [
				{ status: 'compliant', number_of_devices: 1 },
				{ status: 'non-compliant', number_of_devices: 1 },
				{ status: 'exempted', number_of_devices: 1 },
				{ status: 'unknown', number_of_devices: 1 },
			],
			devices_by_issue_severity: [
				{ severity: 'critical', number_of_devices: 1 },
				{ severity: 'warning', number_of_devices: 1 },
				{ severity: 'no_issue', number_of_devices: 1 },
			],
			devices_by_vulnerability_severity: [
				{ severity: 'critical', number_of_devices: 1 },
				{ severity: 'high', number_of_devices: 0 },
				{ severity: 'medium', number_of_devices: 1 },
				{ severity: 'low', number_of_devices: 0 },
				{ severity: 'none', number_of_devices: 0 },
			],
		});
	});
});

describe('Vulnerability → Get Many of a Device', () => {
	const GET_CVES = '/o/api/v3.2/get_cves';
	const base = { resource: 'vulnerability', operation: 'getAllOfDevice' };

	test('by ID with Limit 3: one request of 3, worst first, simplified with the device', async () => {
		const { items } = await run({ ...base, device: rl('id', 'HW-CRIT-01'), limit: 3 });
		expect(requests()).toEqual([post(GET_CVES, { id: 'HW-CRIT-01', verbose: 1, limit: 3 })]);
		expect(items.map((item) => item.json)).toEqual(
			[0, 1, 2].map((i) => simple(i, { device: 'HW-CRIT-01' })),
		);
	});

	test('Return All: pages of 100 until a short page; every CVE once', async () => {
		const { items } = await run({
			...base,
			device: rl('mac', '00-0C-29-00-00-01'),
			returnAll: true,
			details: false,
			simplify: false,
		});
		expect(requests()).toEqual([
			post(GET_CVES, { id: '00:0c:29:00:00:01' }),
			post(GET_CVES, { id: '00:0c:29:00:00:01', page: 2 }),
		]);
		expect(items).toHaveLength(150);
		expect(new Set(items.map((item) => item.json.cve_id)).size).toBe(150);
		expect(items[0].json).toEqual({ cve_id: CVES[0].cve_id });
	});

	test('known-exploited only, CVSS 3 critical: the filter sent, the raw CVE', async () => {
		const { items } = await run({
			...base,
			device: rl('list', 'HW-CRIT-01'),
			knownExploitedOnly: true,
			scoreType: 'cvss3_score',
			severity: ['critical'],
			simplify: false,
		});
		expect(requests()).toEqual([
			post(GET_CVES, {
				id: 'HW-CRIT-01',
				verbose: 1,
				limit: 50,
				filter: { score_type: 'cvss3_score', severity: ['critical'], kev: 1 },
			}),
		]);
		expect(items.map((item) => item.json)).toEqual([
			{
				cve_id: 'CVE-2099-0000',
				severity: 'critical',
				summary: 'Test flaw 0',
				update_date: '2099-01-03T00:00:00Z',
				publish_date: '2099-01-02T00:00:00Z',
				opswat_score: '95',
				cvss2_score: '10.0',
				cvss3_score: 9.8,
				remediation: 'Update to fix 0',
				cwe_id: 'CWE-79',
				kev: 1,
			},
		]);
	});

	test('a device not on the account: the 404 as an error naming it', async () => {
		await expect(run({ ...base, device: rl('id', 'HW-GONE') })).rejects.toThrow(
			'MetaAccess has no device "HW-GONE" (Get Vulnerabilities of a device answered 404)',
		);
		expect(requests()).toEqual([post(GET_CVES, { id: 'HW-GONE', verbose: 1, limit: 50 }, 404)]);
	});

	test('bad input is refused before any request: a severity of another scale, a MAC address By ID', async () => {
		await expect(
			run({
				...base,
				device: rl('id', 'HW-CRIT-01'),
				scoreType: 'cvss3_score',
				severity: ['important'],
			}),
		).rejects.toThrow(
			`Item 0: 'Severity' is ["important"], which is not a list of cvss3_score levels`,
		);
		await expect(run({ ...base, device: rl('id', '00:0c:29:00:00:01') })).rejects.toThrow(
			'is a MAC address, not a device ID',
		);
		expect(requests()).toEqual([]);
	});
});

describe('Vulnerability → Get Many (account)', () => {
	const CVES_PATH = '/o/api/v3.2/cves';
	const base = { resource: 'vulnerability', operation: 'getAll' };

	test('defaults: pages of 50 by CVE ID, each CVE with its number of devices', async () => {
		const { items } = await run({ ...base, limit: 2 });
		expect(requests()).toEqual([post(CVES_PATH, { limit: 2 })]);
		expect(items.map((item) => item.json)).toEqual([
			simple(0, { number_of_devices: 1 }),
			simple(1, { number_of_devices: 2 }),
		]);
	});

	test('search, severity, Min Score (with its scale), KEV and sort are sent as documented', async () => {
		const { items } = await run({
			...base,
			search: ' flaw ',
			severity: ['critical', 'important'],
			minScore: 90,
			knownExploitedOnly: true,
			sortBy: 'opswat_score',
			order: 'desc',
			returnAll: true,
		});
		expect(requests()).toEqual([
			post(CVES_PATH, {
				search: 'flaw',
				filter: {
					severity: ['critical', 'important'],
					kev: 1,
					score: 90,
					score_type: 'opswat_score',
				},
				sort: { field: 'opswat_score', order: 'desc' },
			}),
		]);
		expect(items.map((item) => item.json)).toEqual([simple(0, { number_of_devices: 1 })]);
	});

	test('Return All over 150 CVEs: pages of 50 until the 413 past the end (page 3 was full)', async () => {
		const { items } = await run({ ...base, returnAll: true, sortBy: 'cve_id', order: 'desc' });
		const sort = { sort: { field: 'cve_id', order: 'desc' } };
		expect(requests()).toEqual([
			post(CVES_PATH, sort),
			post(CVES_PATH, { ...sort, page: 2 }),
			post(CVES_PATH, { ...sort, page: 3 }),
			post(CVES_PATH, { ...sort, page: 4 }, 413),
		]);
		expect(items).toHaveLength(150);
		expect(items[0].json.cve_id).toBe('CVE-2099-0149');
	});

	test('12 listings in one execution share the account limiter: 10 a minute, never a 429', async () => {
		const input = Array.from({ length: 12 }, (_, i) => ({ q: `flaw ${i}` }));
		const { items } = await run({ ...base, search: '={{ $json.q }}', limit: 1 }, input);
		const sent = sim.simulation.log.read();
		expect(sent.summary).toMatchObject({ total: 12, rateLimited: 0 });
		expect(sent.requests.map(({ body }) => body)).toEqual(
			input.map(({ q }) => ({ search: q, limit: 1 })),
		);
		const [first, , , , , , , , , , eleventh] = sent.requests.map(({ time }) => Date.parse(time));
		expect(eleventh - first).toBeGreaterThanOrEqual(60_000);
		expect(items.map((item) => item.json.cve_id)).toEqual(input.map((_, i) => CVES[i].cve_id));
	});

	test('Min Score above the CVSS scale is refused before any request', async () => {
		await expect(run({ ...base, scoreType: 'cvss3_score', minScore: 50 })).rejects.toThrow(
			'Min Score',
		);
		expect(requests()).toEqual([]);
	});
});

describe('Group → Get Many', () => {
	const base = { resource: 'group', operation: 'getAll' };
	const counts: Record<string, number> = { default: 1, finance: 2, engineering: 1 };
	const group = (id: string) => ({
		...SEEDED_GROUPS.find((g) => g.group_id === id),
		number_of_devices: counts[id] ?? 0,
	});

	test('defaults: one page of 50, by name', async () => {
		const { items } = await run(base);
		expect(requests()).toEqual([post('/o/api/v3/groups', { limit: 50 })]);
		expect(items.map((item) => item.json)).toEqual(
			['default', 'engineering', 'finance', 'sales', 'servers'].map(group),
		);
	});

	test('search and sort by number of devices, descending, Limit 2', async () => {
		const { items } = await run({
			...base,
			search: 'e',
			sortBy: 'number_of_devices',
			order: 'desc',
			limit: 2,
		});
		expect(requests()).toEqual([
			post('/o/api/v3/groups', {
				search: 'e',
				sort: { field: 'number_of_devices', order: 'desc' },
				limit: 2,
			}),
		]);
		expect(items.map((item) => item.json)).toEqual([group('finance'), group('default')]);
	});
});
