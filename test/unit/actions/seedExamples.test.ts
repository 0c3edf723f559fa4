/**
 * Every example request of the vendor pages of Get Devices and Get Remediation Link (the action
 * endpoints' are in seedActionExamples.test.ts), made through the node as a user would set it up:
 * the exact method, path, query and JSON body are asserted (nock matches them exactly and fails on
 * anything else), the page's example response is replied, and the exact output items are asserted.
 */
import nock from 'nock';

import examples from '../../fixtures/metaaccess-examples.json';
import { accessTokenCredential, runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

const BASE = 'https://gears.opswat.com';
const token = examples.token;

useNodeTestEnvironment({ expectAllMocksUsed: true });

describe('Get Devices v2.3', () => {
	test('the example request (limit 10, GroupBy hwid, order asc), raw output', async () => {
		// https://gears.opswat.com/o/api/v2.3/devices?limit=10&groupBy=hwid&order=asc&&access_token=…
		nock(BASE)
			.get('/o/api/v2.3/devices')
			.query({ limit: '10', groupBy: 'hwid', order: 'asc', access_token: token })
			.reply(200, examples.getDevices.response);
		const { items } = await runActionNode({
			parameters: {
				operation: 'getAll',
				limit: 10,
				groupBy: 'hwid',
				order: 'asc',
				simplify: false,
			},
		});
		expect(items).toEqual(
			examples.getDevices.response.map((json) => ({ json, pairedItem: { item: 0 } })),
		);
	});

	test('the example response, simplified (the default)', async () => {
		nock(BASE)
			.get('/o/api/v2.3/devices')
			.query({ limit: '10', groupBy: 'hwid', order: 'asc', access_token: token })
			.reply(200, examples.getDevices.response);
		const { items } = await runActionNode({
			parameters: { operation: 'getAll', limit: 10, groupBy: 'hwid', order: 'asc' },
		});
		expect(items).toHaveLength(2);
		expect(items[1]).toEqual({
			json: {
				hwid: 'BCDJDHT6JLFIOXIA',
				hostname: 'tomas-0c8fb945d',
				nickname: 'Windows XP VM',
				status: 1,
				status_label: 'non-compliant',
				critical_status: 1,
				critical_status_label: 'critical issue',
				exempt: 1,
				exempt_label: 'exempted',
				online: true,
				total_issue: 5,
				total_critical_issue: 1,
				last_seen: '2013-12-04T08:00:00Z',
				machine_type: 'vm',
				agent_type: 'managed',
				agent_version: '4.4.5.0',
				country: 'United States',
				user: 'gear',
				username: 'Administrator',
				user_domain: 'TOMAS-0C8FB945D',
				os_family: 'Windows',
				os_name: 'Windows XP Professional',
				os_vendor: 'Microsoft Corp.',
				os_version: '5.1.2600',
				os_service_pack: '3.0',
				os_architecture: '32-Bit',
				os_language: '20',
				os_user_password_set: '1',
				mac_addresses: ['00:0C:29:0A:83:0C'],
				ipv4_addresses: ['192.168.159.138'],
				ipv6_addresses: [],
				remediation_link: examples.getDevices.response[1].remediation_link,
			},
			pairedItem: { item: 0 },
		});
		expect(items[0].json).toMatchObject({
			hwid: '6WXJURV8QAM0I7KC',
			status_label: 'non-compliant',
			exempt_label: 'not exempted',
		});
	});

	test('the mobile example response, with the documented defaults not sent', async () => {
		nock(BASE)
			.get('/o/api/v2.3/devices')
			.query({ limit: '50', access_token: token })
			.reply(200, examples.getDevices.mobileResponse);
		const { items } = await runActionNode({ parameters: { operation: 'getAll', simplify: false } });
		expect(items).toEqual([
			{ json: examples.getDevices.mobileResponse[0], pairedItem: { item: 0 } },
		]);
	});
});

describe('Get Remediation Link v3.0', () => {
	test('the example request by MAC address (opt 0, the documented default, is sent explicitly)', async () => {
		nock(BASE)
			.get('/o/api/v3/devices/00:0c:29:f2:7a:29/remediation')
			.query({ opt: '0', access_token: token })
			.reply(200, examples.remediationByMac.response);
		const { items } = await runActionNode({
			parameters: {
				operation: 'getRemediationLink',
				device: { __rl: true, mode: 'mac', value: '00-0C-29-F2-7A-29' },
			},
		});
		expect(items).toEqual([
			{
				json: {
					value: '00:0c:29:f2:7a:29',
					value_type: 'mac',
					result_code: 1,
					result: 'found',
					found: true,
					remediation_link: examples.remediationByMac.response.remediation_link,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test.each([
		['found', 1, 'found', true],
		['notFound', 0, 'not found', false],
		['outOfLicense', -1, 'out of license', false],
	] as const)('the example request with opt=0, answer %s', async (answer, code, label, found) => {
		const exampleToken = 'TEST7P9ZMJ2LBF8AMOMJLFNPMMLO953AVQ4C9YFF52R61235';
		const response = examples.remediationWithOpt0.responses[answer];
		nock(BASE)
			.get('/o/api/v3/devices/1dc0aaaa292ce801f5379042d68bb6cb/remediation')
			.query({ opt: '0', access_token: exampleToken })
			.reply(200, response);
		const { items } = await runActionNode({
			parameters: {
				operation: 'getRemediationLink',
				device: { __rl: true, mode: 'id', value: '1dc0aaaa292ce801f5379042d68bb6cb' },
			},
			credentials: accessTokenCredential({ accessToken: exampleToken }),
		});
		expect(items.map((item) => item.json)).toEqual([
			{
				value: '1dc0aaaa292ce801f5379042d68bb6cb',
				value_type: 'id',
				result_code: code,
				result: label,
				found,
				remediation_link: response.remediation_link,
			},
		]);
	});

	test('a custom ID is sent with opt=1 and URL-encoded', async () => {
		nock(BASE)
			.get('/o/api/v3/devices/asset%2F42%20b/remediation')
			.query({ opt: '1', access_token: token })
			.reply(200, { result: 0, remediation_link: '' });
		const { items } = await runActionNode({
			parameters: {
				operation: 'getRemediationLink',
				device: { __rl: true, mode: 'custom', value: 'asset/42 b' },
			},
		});
		expect(items[0].json).toEqual({
			value: 'asset/42 b',
			value_type: 'custom',
			result_code: 0,
			result: 'not found',
			found: false,
			remediation_link: '',
		});
	});

	test('the example answer to an invalid option (400 invalid_request) becomes a NodeApiError with its description', async () => {
		nock(BASE)
			.get('/o/api/v3/devices/1dc0aaaa292ce801f5379042d68bb6cb/remediation')
			.query({ opt: '0', access_token: token })
			.reply(examples.remediationInvalidOpt.status, examples.remediationInvalidOpt.response);
		await expect(
			runActionNode({
				parameters: {
					operation: 'getRemediationLink',
					device: { __rl: true, mode: 'id', value: '1dc0aaaa292ce801f5379042d68bb6cb' },
				},
			}),
		).rejects.toMatchObject({
			name: 'NodeApiError',
			httpCode: '400',
			message:
				'MetaAccess answered HTTP 400 to GET /o/api/v3/devices/1dc0aaaa292ce801f5379042d68bb6cb/remediation: invalid_request: Invalid option',
		});
	});
});
