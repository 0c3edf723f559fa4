/**
 * Every example request of the five vendor pages (test/fixtures/metaaccess-examples.json), sent to
 * the simulator with the fleet holding the example's devices, is answered as the example shows.
 */
import type { AxiosInstance } from 'axios';

import type { DeviceInput } from '../../simulator';
import examples from '../../fixtures/metaaccess-examples.json';
import { rawDevice, replaceFleet, useSimulator } from './helpers';

const OTHER_TOKEN = 'TEST7P9ZMJ2LBF8AMOMJLFNPMMLO953AVQ4C9YFF52R61235';
const context = useSimulator({ devices: 0, staticTokens: [examples.token, OTHER_TOKEN] });

interface ExampleRequest {
	method: string;
	url: string;
	body?: unknown;
}

/** Sends an example request as written, to the simulator instead of gears.opswat.com. */
function replay(http: AxiosInstance, request: ExampleRequest) {
	return http.request({
		method: request.method,
		url: request.url.replace('https://gears.opswat.com', context.sim.url),
		baseURL: undefined,
		data: request.body,
	});
}

/** A device of a Get Devices example as control-API input: agent_type "managed" is a persistent agent. */
function fromListing({ agent_type: agentType, ...fields }: Record<string, unknown>): DeviceInput {
	return { ...fields, agent: agentType === 'managed' ? 'persistent' : 'mobile' } as DeviceInput;
}

const SEED_DEVICE_HWID = '1dc0aaaa292ce801f5379042d68bb6cb';
const SEED_DEVICE: DeviceInput = {
	hwid: SEED_DEVICE_HWID,
	network_info: [{ mac_addr: '00:0c:29:f2:7a:29', ipv4_addr: '10.0.50.106', ipv6_addr: '' }],
	remediation_link: examples.remediationByMac.response.remediation_link,
};

describe('Get Devices v2.3 examples', () => {
	it('answers the example request (limit=10, groupBy=hwid, order=asc) with the example response', async () => {
		await replaceFleet(context.http, examples.getDevices.response.map(fromListing));
		const answer = await replay(context.http, examples.getDevices.request);
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual(examples.getDevices.response);
	});

	it('lists a phone exactly in the shape of the mobile example', async () => {
		await replaceFleet(context.http, examples.getDevices.mobileResponse.map(fromListing));
		const answer = await replay(context.http, examples.getDevices.request);
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual(examples.getDevices.mobileResponse);
	});
});

describe('Device Action v3.1 examples', () => {
	it('answers the exempt example by device ID with 1, 0 and -1, and exempts device123 for 60 hours', async () => {
		await replaceFleet(context.http, [
			{ hwid: 'device123', category: 'monitored', agent: 'persistent' },
			{ hwid: 'device789', category: 'unknown' },
		]);
		const before = Date.now();
		const answer = await replay(context.http, examples.deviceActionById.request);
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual(examples.deviceActionById.response);
		const device = await rawDevice(context.http, 'device123');
		expect(device.exempt).toBe(1);
		const until = Date.parse(device.exempt_until!);
		expect(until).toBeGreaterThanOrEqual(before + 60 * 3_600_000);
		expect(until).toBeLessThanOrEqual(Date.now() + 60 * 3_600_000);
	});

	const macDevices: DeviceInput[] = [
		{
			hwid: 'LOGREADY00000001',
			agent: 'persistent',
			agent_version: '7.6.231.0',
			active: 1,
			network_info: [{ mac_addr: '1A:2A:3A:4A:5A:6A', ipv4_addr: '10.0.0.1', ipv6_addr: '' }],
		},
		{
			hwid: 'ONDEMAND00000001',
			agent: 'on-demand',
			active: 1,
			network_info: [{ mac_addr: '1c:2c:3c:4c:5c:6c', ipv4_addr: '10.0.0.3', ipv6_addr: '' }],
		},
	];
	const expectedByMac = [
		{
			...examples.deviceActionByMac.response[0],
			command_id: expect.stringMatching(/^[0-9a-z]{17}$/),
		},
		examples.deviceActionByMac.response[1],
		examples.deviceActionByMac.response[2],
	];

	it('answers the fetch_agent_log example (MAC addresses under ids) with 1 and a command ID, 0, -1', async () => {
		await replaceFleet(context.http, macDevices);
		const answer = await replay(context.http, examples.deviceActionByMac.request);
		expect(answer.status).toBe(200);
		expect(answer.data).toEqual(expectedByMac);
	});

	it('answers the same with the MAC addresses under macs, as the parameter table says', async () => {
		await replaceFleet(context.http, macDevices);
		const { ids, ...body } = examples.deviceActionByMac.request.body;
		const answer = await replay(context.http, {
			...examples.deviceActionByMac.request,
			body: { ...body, macs: ids },
		});
		expect(answer.status).toBe(200);
		expect(answer.data).toEqual(expectedByMac);
	});
});

describe('Devices Action v2.0 and Delete Devices v2.0 examples', () => {
	const known: DeviceInput = {
		hwid: 'cd7323a67effe2ab53',
		agent: 'persistent',
		network_info: [{ mac_addr: '00:0c:30:cd:ff:b2', ipv4_addr: '10.0.0.2', ipv6_addr: '' }],
	};

	it('answers the dhcprenew example with [0, 1]', async () => {
		await replaceFleet(context.http, [known]);
		const answer = await replay(context.http, examples.legacyAction.request);
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual(examples.legacyAction.response);
		expect((await rawDevice(context.http, 'cd7323a67effe2ab53')).commands).toEqual([
			{ type: 'dhcprenew', at: expect.any(String), command_id: '' },
		]);
	});

	it('answers the delete-by-MAC example (opt 0) with [0, 1] and keeps the device listed without agent', async () => {
		await replaceFleet(context.http, [known]);
		const answer = await replay(context.http, examples.deleteByMac.request);
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual(examples.deleteByMac.response);
		const listed = await context.http.get(
			`/o/api/v2.3/devices?limit=50&access_token=${examples.token}`,
		);
		expect(listed.data).toHaveLength(1);
		expect(listed.data[0]).toMatchObject({
			hwid: 'cd7323a67effe2ab53',
			active: 0,
			agent_version: '',
		});
		expect(listed.data[0]).not.toHaveProperty('agent_type');
	});

	it('answers the delete-by-HWID example with [0, 1]', async () => {
		await replaceFleet(context.http, [known]);
		const answer = await replay(context.http, examples.deleteByHwid.request);
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual(examples.deleteByHwid.response);
	});
});

describe('Get Remediation Link v3.0 examples', () => {
	it('answers the MAC address example with the example link', async () => {
		await replaceFleet(context.http, [SEED_DEVICE]);
		const answer = await replay(context.http, examples.remediationByMac.request);
		expect(answer.status).toBe(200);
		expect(answer.data).toStrictEqual(examples.remediationByMac.response);
	});

	it('answers the opt=0 example: found, out of license, not found', async () => {
		await replaceFleet(context.http, [SEED_DEVICE]);
		const { request, responses } = examples.remediationWithOpt0;
		expect((await replay(context.http, request)).data).toStrictEqual(responses.found);
		await context.http.patch(`/_sim/devices/${SEED_DEVICE_HWID}`, { category: 'out_of_license' });
		expect((await replay(context.http, request)).data).toStrictEqual(responses.outOfLicense);
		await context.http.delete(`/_sim/devices/${SEED_DEVICE_HWID}`);
		expect((await replay(context.http, request)).data).toStrictEqual(responses.notFound);
	});

	it('answers the invalid opt example with 400 and the example body', async () => {
		await replaceFleet(context.http, [SEED_DEVICE]);
		const answer = await replay(context.http, examples.remediationInvalidOpt.request);
		expect(answer.status).toBe(examples.remediationInvalidOpt.status);
		expect(answer.data).toStrictEqual(examples.remediationInvalidOpt.response);
	});
});
