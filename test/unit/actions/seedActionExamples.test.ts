/**
 * Every example request of the vendor pages of Device Action v3.1, Devices Action v2.0 and Delete
 * Devices v2.0, made through the node as a user would set it up: the exact method, path, query and
 * JSON body are asserted (nock matches them exactly and fails on anything else), the page's example
 * response is replied, and the exact output items are asserted.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import examples from '../../fixtures/metaaccess-examples.json';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

const BASE = 'https://gears.opswat.com';
const token = examples.token;

useNodeTestEnvironment({ expectAllMocksUsed: true });

/** One device's result as the action operations output it (success: result code 1). */
const result = (
	id: string,
	action: string,
	code: number,
	text: string,
	extra: IDataObject = {},
) => ({
	id,
	action,
	result_code: code,
	result: text,
	success: code === 1,
	...extra,
});
/** An output item of the first (only) input item. */
const ofItem0 = (json: IDataObject) => ({ json, pairedItem: { item: 0 } });

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
			ofItem0(result('device123', 'exempt', 1, 'applied')),
			ofItem0(result('device456', 'exempt', 0, 'failed')),
			ofItem0(result('device789', 'exempt', -1, 'not supported')),
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
			result('1a:2a:3a:4a:5a:6a', 'fetch_agent_log', 1, 'applied', {
				command_id: 'cdhk12j279h35k214',
			}),
			result('1b:2b:3b:4b:5b:6b', 'fetch_agent_log', 0, 'failed'),
			result('1c:2c:3c:4c:5c:6c', 'fetch_agent_log', -1, 'not supported'),
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
			ofItem0(result('00:0c:29:cd:c7:b2', 'dhcprenew', 0, 'failed')),
			ofItem0(result('00:0c:30:cd:ff:b2', 'dhcprenew', 1, 'success')),
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
				options: { olderEndpoint: true },
			},
		});
		expect(items.map((item) => item.json)).toEqual([
			result('6WXJURV8QAM0I7KC', 'exempt_all', 1, 'success'),
		]);
	});
});

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
				json: { id: devices[0], ...common, result_code: 0, result: 'failed', success: false },
				pairedItem: { item: 0 },
			},
			{
				json: { id: devices[1], ...common, result_code: 1, result: 'success', success: true },
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
			result('00:0c:29:cd:c7:b2', 'delete', 1, 'applied'),
		]);
	});
});
