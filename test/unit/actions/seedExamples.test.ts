/**
 * Every example request of the five vendor pages, made through the node as a user would set it
 * up: the exact method, path, query and JSON body are asserted (nock matches them exactly and
 * fails on anything else), the page's example response is replied, and the exact output items
 * are asserted.
 */
import nock from 'nock';

import examples from '../../fixtures/metaaccess-examples.json';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { actionResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';
import { legacyResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/legacy';

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
				status: 'non-compliant',
				critical: true,
				exempt: true,
				online: true,
				total_issues: 5,
				last_seen: '2013-12-04T08:00:00Z',
				os_family: 'Windows',
				os_name: 'Windows XP Professional',
				device_type: 'vm',
				mac_addresses: ['00:0C:29:0A:83:0C'],
			},
			pairedItem: { item: 0 },
		});
		expect(items[0].json).toMatchObject({
			hwid: '6WXJURV8QAM0I7KC',
			status: 'non-compliant',
			exempt: false,
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

describe('Device Action v3.1', () => {
	test('the example request by device ID: exempt for 60 hours', async () => {
		nock(BASE)
			.post('/o/api/v3.1/devices/action', examples.deviceActionById.request.body)
			.query({ access_token: token })
			.reply(200, examples.deviceActionById.response);
		const { items } = await runActionNode({
			parameters: {
				operation: 'exempt',
				identifyBy: 'id',
				devices: 'device123, device456, device789',
				exemptTime: 60,
			},
		});
		expect(items).toEqual([
			{
				json: {
					id: 'device123',
					action: 'exempt',
					result_code: 1,
					result: 'applied',
					result_description: actionResultDescription('exempt', 1),
					success: true,
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					id: 'device456',
					action: 'exempt',
					result_code: 0,
					result: 'failed',
					result_description: actionResultDescription('exempt', 0),
					success: false,
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					id: 'device789',
					action: 'exempt',
					result_code: -1,
					result: 'not supported',
					result_description: actionResultDescription('exempt', -1),
					success: false,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('the example request by MAC address: fetch_agent_log (sent as `macs`, without params)', async () => {
		// The page's example lists the MAC addresses under `ids` and adds params.exempt_time; its own
		// parameter table puts MAC addresses under `macs`, and exempt_time belongs to exempt only.
		const { body } = examples.deviceActionByMac.request;
		nock(BASE)
			.post('/o/api/v3.1/devices/action', {
				types: body.types,
				macs: body.ids.map((mac) => mac.toLowerCase()),
			})
			.query({ access_token: token })
			.reply(200, examples.deviceActionByMac.response);
		const { items } = await runActionNode({
			parameters: {
				operation: 'fetchAgentLog',
				identifyBy: 'mac',
				devices: '={{ ["1A:2A:3A:4A:5A:6A", "1B:2B:3B:4B:5B:6B", "1C:2C:3C:4C:5C:6C"] }}',
			},
		});
		expect(items.map((item) => item.json)).toEqual([
			{
				id: '1a:2a:3a:4a:5a:6a',
				action: 'fetch_agent_log',
				result_code: 1,
				result: 'applied',
				result_description: actionResultDescription('fetch_agent_log', 1),
				success: true,
				command_id: 'cdhk12j279h35k214',
			},
			{
				id: '1b:2b:3b:4b:5b:6b',
				action: 'fetch_agent_log',
				result_code: 0,
				result: 'failed',
				result_description: actionResultDescription('fetch_agent_log', 0),
				success: false,
			},
			{
				id: '1c:2c:3c:4c:5c:6c',
				action: 'fetch_agent_log',
				result_code: -1,
				result: 'not supported',
				result_description: actionResultDescription('fetch_agent_log', -1),
				success: false,
			},
		]);
	});
});

describe('Devices Action v2.0 (Use Older Endpoint of Renew IP Address, Exempt, Unexempt)', () => {
	test('the example request: Renew IP Address by MAC address through the older endpoint', async () => {
		nock(BASE)
			.post('/o/api/v2/devices/action', examples.legacyAction.request.body)
			.query({ access_token: token })
			.reply(200, examples.legacyAction.response);
		const { items } = await runActionNode({
			parameters: {
				operation: 'renewIp',
				identifyBy: 'mac',
				devices: '00:0c:29:cd:c7:b2, 00:0c:30:cd:ff:b2',
				options: { olderEndpoint: true },
			},
		});
		expect(items).toEqual([
			{
				json: {
					id: '00:0c:29:cd:c7:b2',
					action: 'dhcprenew',
					result_code: 0,
					result: 'failed',
					result_description: legacyResultDescription({ action: 'dhcprenew' }, 'Devices Action', 0),
					success: false,
				},
				pairedItem: { item: 0 },
			},
			{
				json: {
					id: '00:0c:30:cd:ff:b2',
					action: 'dhcprenew',
					result_code: 1,
					result: 'success',
					result_description: legacyResultDescription({ action: 'dhcprenew' }, 'Devices Action', 1),
					success: true,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('Exempt by Device ID: exempt_all, HWID_list and opt 1', async () => {
		nock(BASE)
			.post('/o/api/v2/devices/action', {
				types: 'exempt_all',
				HWID_list: ['6WXJURV8QAM0I7KC'],
				opt: 1,
			})
			.query({ access_token: token })
			.reply(200, { result: [1] });
		const { items } = await runActionNode({
			parameters: {
				operation: 'exempt',
				identifyBy: 'id',
				devices: '6WXJURV8QAM0I7KC',
				exemptTime: 0,
				options: { olderEndpoint: true },
			},
		});
		expect(items.map((item) => item.json)).toEqual([
			{
				id: '6WXJURV8QAM0I7KC',
				action: 'exempt_all',
				result_code: 1,
				result: 'success',
				result_description: legacyResultDescription({ action: 'exempt_all' }, 'Devices Action', 1),
				success: true,
			},
		]);
	});
});
