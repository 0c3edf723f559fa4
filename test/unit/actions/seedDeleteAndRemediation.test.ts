/**
 * The example requests of the vendor pages of Delete Devices and Get Remediation Link (the other
 * three in seedExamples.test.ts), made through the node as a user would set it up: the exact
 * method, path, query and JSON body are asserted (nock matches them exactly and fails on anything
 * else), the page's example response is replied, and the exact output items are asserted.
 */
import nock from 'nock';

import examples from '../../fixtures/metaaccess-examples.json';
import { accessTokenCredential, runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { actionResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';
import { legacyResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/legacy';
import { remediationResultDescription } from '../../../nodes/OpswatMetaAccess/actions/device/getRemediationLink.operation';

const BASE = 'https://gears.opswat.com';
const token = examples.token;

useNodeTestEnvironment({ expectAllMocksUsed: true });

describe('Delete Devices v2.0', () => {
	test.each([
		['by MAC address', examples.deleteByMac, 'mac'],
		['by Device ID', examples.deleteByHwid, 'id'],
	] as const)('the example request %s, agent only (opt 0)', async (_name, example, identifyBy) => {
		nock(BASE)
			.post('/o/api/v2/devices/delete', example.request.body)
			.query({ access_token: token })
			.reply(200, example.response);
		const devices =
			'MAC_list' in example.request.body
				? example.request.body.MAC_list
				: example.request.body.HWID_list;
		const { items } = await runActionNode({
			parameters: { operation: 'delete', deleteOption: 0, identifyBy, devices: devices.join(',') },
		});
		const common = {
			action: 'delete',
			delete_option: 0,
			delete_option_name: 'uninstall agent, keep record',
		};
		expect(items).toEqual([
			{
				json: {
					id: devices[0],
					...common,
					result_code: 0,
					result: 'failed',
					result_description: legacyResultDescription(common, 'Delete Devices', 0),
					success: false,
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					id: devices[1],
					...common,
					result_code: 1,
					result: 'success',
					result_description: legacyResultDescription(common, 'Delete Devices', 1),
					success: true,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('the default is the most reversible: uninstall the agent, keep the cloud record (opt 0), by Device ID', async () => {
		nock(BASE)
			.post('/o/api/v2/devices/delete', { opt: 0, HWID_list: ['12ds44f5gacd52234'] })
			.query({ access_token: token })
			.reply(200, { result: [1] });
		const { items } = await runActionNode({
			parameters: { operation: 'delete', devices: '12ds44f5gacd52234' },
		});
		expect(items[0].json).toEqual({
			id: '12ds44f5gacd52234',
			action: 'delete',
			delete_option: 0,
			delete_option_name: 'uninstall agent, keep record',
			result_code: 1,
			result: 'success',
			result_description: legacyResultDescription(
				{ delete_option_name: 'uninstall agent, keep record' },
				'Delete Devices',
				1,
			),
			success: true,
		});
	});

	test.each([
		[1, 'uninstall agent, remove record'],
		[2, 'uninstall agent, archive record'],
	])('What to Delete %s sends opt %s', async (opt, name) => {
		nock(BASE)
			.post('/o/api/v2/devices/delete', { opt, HWID_list: ['H1'] })
			.query({ access_token: token })
			.reply(200, { result: [1] });
		const { items } = await runActionNode({
			parameters: { operation: 'delete', deleteOption: opt, devices: 'H1' },
		});
		expect(items[0].json).toMatchObject({ delete_option: opt, delete_option_name: name });
	});

	test("Delete Command of Device Action sends Device Action's delete instead", async () => {
		nock(BASE)
			.post('/o/api/v3.1/devices/action', { types: 'delete', macs: ['00:0c:29:cd:c7:b2'] })
			.query({ access_token: token })
			.reply(200, [{ id: '00:0c:29:cd:c7:b2', status: 1, command_id: '' }]);
		const { items } = await runActionNode({
			parameters: {
				operation: 'delete',
				deleteOption: 'deviceAction',
				identifyBy: 'mac',
				devices: '00-0C-29-CD-C7-B2',
			},
		});
		expect(items.map((item) => item.json)).toEqual([
			{
				id: '00:0c:29:cd:c7:b2',
				action: 'delete',
				result_code: 1,
				result: 'applied',
				result_description: actionResultDescription('delete', 1),
				success: true,
			},
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
					result_description: remediationResultDescription(1),
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
				result_description: remediationResultDescription(code),
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
			result_description: remediationResultDescription(0),
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
