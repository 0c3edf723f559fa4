/**
 * Account Details v2.0 / v3.0 (GET, flat counters) and v3.2 (POST, counts by status, issue
 * severity and vulnerability severity per score_type): the documented examples, exactly, and the
 * numbers counted from the fleet; the account's settings through the control API.
 */
import type { DeviceInput } from '../../simulator';
import { replaceFleet, testDevice, useSimulator } from './helpers';

/** The documentation's example token (APIs page, Account Details v2.0 / v3.0). */
const EXAMPLE_TOKEN = 'TEST7P9ZMJ2LBF8AMOMJLFNPMMLO953AVQ4C9YFF52R61234';
const context = useSimulator({ devices: 0, staticTokens: [EXAMPLE_TOKEN] });
const withToken = { params: { access_token: EXAMPLE_TOKEN } };

let count = 0;
/** The next device of a test fleet, with these fields. */
const device = (fields: DeviceInput = {}) => testDevice(++count, fields);

beforeEach(async () => {
	await context.http.post('/_sim/reset');
});

describe('Account Details, the documented examples', () => {
	it('answers the APIs page example (v2 account) exactly, the counts from the fleet', async () => {
		await context.http.patch('/_sim/account', { devices_allowed: 500 });
		await replaceFleet(context.http, [
			...Array.from({ length: 115 }, () => device()),
			...Array.from({ length: 5 }, () => device({ status: 1, total_issue: 2 })),
			device({ category: 'unknown', agent: 'none', status: 1, total_issue: 1 }),
			device({ category: 'out_of_license', status: 1, total_issue: 1 }),
			device({ status: 1, exempt: 1, category: 'ignored', agent: 'none' }),
		]);
		const answer = await context.http.get('/o/api/v2/account', withToken);
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual({
			name: 'OPSWAT MetaAccess',
			email: 'opswat_metaaccess@opswat.com',
			last_login: '2017-03-09T08:00:00Z',
			date_created: '2013-10-04T08:00:00Z',
			devices_allowed: 500,
			devices_used: 120,
			devices_uncompliant: 5,
			// Added to v2.0 on 01/30/2018 (after the example was written).
			devices_critical: 0,
			devices_issues: 5,
		});
	});

	it('begins the v3.0 and v2.0 answers as the cut examples do, key for key', async () => {
		await context.http.patch('/_sim/account', { name: 'OPSWAT IT', email: 'opswat_it@opswat.com' });
		/** The example's text as JSON.stringify writes it (no blank after `{`, `:` or `,`), up to the cut. */
		const compact = (example: string) => example.replace(/([{:,])\s+/g, '$1');
		const text = { transformResponse: (body: string) => body };
		const v3 = await context.http.get(`/o/api/v3/account?access_token=${EXAMPLE_TOKEN}`, text);
		expect(v3.status).toBe(200);
		expect(
			v3.data.startsWith(
				compact(
					'{ "name": "OPSWAT IT", "email": "opswat_it@opswat.com", "last_login": "2017-03-09T08:00:00Z", "date_created": "2013-',
				),
			),
		).toBe(true);
		const v2 = await context.http.get(`/o/api/v2/account?access_token=${EXAMPLE_TOKEN}`, text);
		expect(
			v2.data.startsWith(
				compact(
					'{ "name": "OPSWAT IT", "email": "opswat_it@opswat.com", "last_login": "2017-03-09T08:00:00Z", "date_created": "2013-10-04T08:00:00Z", "devices_a',
				),
			),
		).toBe(true);
	});
});

describe('Account Details v3.0 and v3.2', () => {
	const DEVICES = [
		device({ hwid: 'D1-COMPLIANT' }),
		device({
			hwid: 'D2-CRITICAL',
			status: 1,
			critical_status: 1,
			total_issue: 3,
			total_critical_issue: 1,
		}),
		device({ hwid: 'D3-EXEMPT', status: 1, exempt: 1, total_issue: 2 }),
		device({ hwid: 'D4-PENDING', status: 3 }),
		device({ hwid: 'D5-UNKNOWN', category: 'unknown', agent: 'none', status: 1, total_issue: 1 }),
		device({ hwid: 'D6-OUT', category: 'out_of_license', status: 1, total_issue: 1 }),
	];
	const CVES = [
		{ cve_id: 'CVE-2099-0001', opswat_score: 95, cvss2_score: 9, cvss3_score: 9.8 },
		{ cve_id: 'CVE-2099-0003', opswat_score: 45, cvss2_score: 3, cvss3_score: 4 },
		{ cve_id: 'CVE-2099-0004', opswat_score: 10, cvss2_score: 2, cvss3_score: 0.5 },
		{ cve_id: 'CVE-2099-0005', opswat_score: 0, cvss2_score: 0, cvss3_score: 0 },
	];

	beforeEach(async () => {
		await replaceFleet(context.http, DEVICES);
		await context.http.post('/_sim/cves', { cves: CVES });
		const set = (hwid: string, cves: string[]) =>
			context.http.patch(`/_sim/devices/${hwid}/inventory`, { cves });
		await set('D1-COMPLIANT', ['CVE-2099-0001']);
		await set('D2-CRITICAL', ['CVE-2099-0003']);
		await set('D3-EXEMPT', []);
		await set('D4-PENDING', ['CVE-2099-0004', 'CVE-2099-0005']);
		await set('D6-OUT', ['CVE-2099-0001']);
	});

	it('v3.0 answers the flat counters and the licence key', async () => {
		expect((await context.http.get('/o/api/v3/account', withToken)).data).toStrictEqual({
			name: 'OPSWAT MetaAccess',
			email: 'opswat_metaaccess@opswat.com',
			last_login: '2017-03-09T08:00:00Z',
			date_created: '2013-10-04T08:00:00Z',
			devices_allowed: 100,
			devices_used: 4,
			devices_uncompliant: 1,
			devices_critical: 1,
			devices_issues: 2,
			devices_unknown: 1,
			license_key: 'MA-SIM-4F2A-9C1E-77D0',
		});
	});

	it('v3.2 counts devices by status, issue severity and worst CVE on the chosen scale', async () => {
		const account = (body?: unknown) => context.http.post('/o/api/v3.2/account', body, withToken);
		const counts = (levels: Array<[string, number]>) =>
			levels.map(([severity, number_of_devices]) => ({ severity, number_of_devices }));
		const answer = await account();
		expect(answer.data).toStrictEqual({
			name: 'OPSWAT MetaAccess',
			email: 'opswat_metaaccess@opswat.com',
			last_login: '2017-03-09T08:00:00Z',
			date_created: '2013-10-04T08:00:00Z',
			devices_allowed: 100,
			devices_used: 4,
			license_key: 'MA-SIM-4F2A-9C1E-77D0',
			devices_by_status: [
				{ status: 'compliant', number_of_devices: 1 },
				{ status: 'non-compliant', number_of_devices: 1 },
				{ status: 'exempted', number_of_devices: 1 },
				{ status: 'unknown', number_of_devices: 1 },
			],
			devices_by_issue_severity: counts([
				['critical', 1],
				['warning', 1],
				['no_issue', 2],
			]),
			devices_by_vulnerability_severity: counts([
				['critical', 1],
				['important', 0],
				['moderate', 1],
				['low', 1],
				['unknown', 0],
			]),
		});
		expect((await account({ score_type: 'opswat_score' })).data).toStrictEqual(answer.data);
		expect(
			(await account({ score_type: 'cvss2_score' })).data.devices_by_vulnerability_severity,
		).toStrictEqual(
			counts([
				['high', 1],
				['medium', 0],
				['low', 2],
			]),
		);
		expect(
			(await account({ score_type: 'cvss3_score' })).data.devices_by_vulnerability_severity,
		).toStrictEqual(
			counts([
				['critical', 1],
				['high', 0],
				['medium', 1],
				['low', 1],
				['none', 0],
			]),
		);
		expect((await account({ score_type: 'cvss4' })).status).toBe(400);
		expect((await context.http.get('/o/api/v3.2/account', withToken)).status).toBe(405);
		expect((await context.http.post('/o/api/v3/account', {}, withToken)).status).toBe(405);
	});
});

describe('the account through the control API', () => {
	it('reads and changes the settings (not the counts), and reset restores them', async () => {
		const initial = (await context.http.get('/_sim/account')).data;
		expect(initial).toStrictEqual({
			name: 'OPSWAT MetaAccess',
			email: 'opswat_metaaccess@opswat.com',
			last_login: '2017-03-09T08:00:00Z',
			date_created: '2013-10-04T08:00:00Z',
			devices_allowed: 100,
			license_key: 'MA-SIM-4F2A-9C1E-77D0',
		});
		const changed = await context.http.patch('/_sim/account', {
			devices_allowed: 250,
			license_key: 'KEY-2',
		});
		expect(changed.data).toStrictEqual({ ...initial, devices_allowed: 250, license_key: 'KEY-2' });
		for (const bad of [
			{ devices_used: 3 },
			{ devices_allowed: -1 },
			{ devices_allowed: 1.5 },
			{ name: 5 },
		]) {
			const answer = await context.http.patch('/_sim/account', bad);
			expect([bad, answer.status]).toEqual([bad, 400]);
		}
		await context.http.post('/_sim/reset');
		expect((await context.http.get('/_sim/account')).data).toStrictEqual(initial);
	});
});
