import type { SimDevice } from '../../simulator';
import { listDevices, replaceFleet, useSimulator } from './helpers';

const context = useSimulator({ devices: 100, seed: 42 });

/** Fields of a listed computer, in the documentation's order (agent_type only for devices with an agent). */
const COMPUTER_FIELDS = [
	'hwid',
	'agent_type',
	'hostname',
	'nickname',
	'agent_version',
	'critical_status',
	'total_critical_issue',
	'last_seen',
	'machine_type',
	'country',
	'active',
	'total_issue',
	'exempt',
	'user_info',
	'user',
	'os_info',
	'network_info',
	'status',
	'remediation_link',
];
const PHONE_FIELDS = [
	'hwid',
	'hostname',
	'agent_version',
	'machine_type',
	'active',
	'critical_status',
	'total_critical_issue',
	'total_issue',
	'status',
	'last_seen',
	'remediation_link',
	'os_info',
	'network_info',
];
const OS_FIELDS = [
	'family',
	'name',
	'vendor',
	'version',
	'service_pack_version',
	'architecture',
	'os_language',
	'user_password_set',
];
const PHONE_OS_FIELDS = ['family', 'name', 'vendor', 'version', 'os_language'];

async function fleet(): Promise<SimDevice[]> {
	return (await context.http.get('/_sim/devices')).data.devices;
}

async function walk(query: Record<string, string | number>, limit: number): Promise<string[]> {
	const hwids: string[] = [];
	for (let page = 1; ; page++) {
		const answer = await listDevices(context.http, { ...query, limit, page });
		if (answer.status === 413) return hwids;
		expect(answer.status).toBe(200);
		hwids.push(...answer.data.map((device: { hwid: string }) => device.hwid));
	}
}

describe('paging', () => {
	it('answers one device, the first of the fleet, without limit and page', async () => {
		const answer = await listDevices(context.http);
		expect(answer.status).toBe(200);
		expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
		expect(answer.data).toHaveLength(1);
		expect(answer.data[0].hwid).toBe((await fleet())[0].hwid);
	});

	it('walks the whole fleet, in its order, in pages of 50 and of 7 (the last one short)', async () => {
		const order = (await fleet()).map((device) => device.hwid);
		expect(await walk({}, 50)).toEqual(order);
		expect((await listDevices(context.http, { limit: 7, page: 15 })).data).toHaveLength(2);
		expect(await walk({}, 7)).toEqual(order);
	});

	it('answers 413 past the last page, with no devices', async () => {
		const answer = await listDevices(context.http, { limit: 50, page: 3 });
		expect(answer.status).toBe(413);
		expect(answer.data).toStrictEqual({
			error: 'invalid_request',
			error_description: 'Requested page number exceeds limit',
		});
		expect((await listDevices(context.http, { limit: 1, page: 101 })).status).toBe(413);
		expect((await listDevices(context.http, { limit: 1, page: 100 })).status).toBe(200);
	});

	it('answers 406 for a limit above 50, 400 for a limit or page that is not a whole number from 1', async () => {
		const tooMany = await listDevices(context.http, { limit: 51 });
		expect(tooMany.status).toBe(406);
		expect(tooMany.data).toStrictEqual({
			error: 'invalid_request',
			error_description: 'Too many devices to return: limit must be at most 50',
		});
		for (const limit of ['0', '-1', 'abc', '1.5', '']) {
			const answer = await listDevices(context.http, { limit });
			expect([limit, answer.status, answer.data]).toEqual([
				limit,
				400,
				{ error: 'invalid_request', error_description: 'limit must be a whole number from 1' },
			]);
		}
		for (const page of ['0', '-2', 'x']) {
			expect((await listDevices(context.http, { page })).status).toBe(400);
		}
	});

	it('answers page 1 of an empty fleet with [] and page 2 with 413', async () => {
		await context.http.delete('/_sim/devices');
		expect((await listDevices(context.http, { limit: 50 })).data).toStrictEqual([]);
		expect((await listDevices(context.http, { limit: 50, page: 2 })).status).toBe(413);
		await context.http.post('/_sim/reset');
	});
});

describe('GroupBy and order', () => {
	const sorted = (values: string[], compare?: (a: string, b: string) => number) =>
		[...values].sort(compare);

	it('sorts by HWID ascending and descending', async () => {
		const hwids = (await fleet()).map((device) => device.hwid);
		const ascending = await walk({ GroupBy: 'hwid', order: 'asc' }, 50);
		expect(ascending).toEqual(sorted(hwids));
		expect(await walk({ GroupBy: 'hwid', order: 'des' }, 50)).toEqual([...ascending].reverse());
		expect(await walk({ GroupBy: 'hwid' }, 50)).toEqual([...ascending].reverse());
	});

	it('takes both spellings, GroupBy (table) and groupBy (example)', async () => {
		expect(await walk({ groupBy: 'hwid', order: 'asc' }, 50)).toEqual(
			await walk({ GroupBy: 'hwid', order: 'asc' }, 50),
		);
	});

	it('sorts by hostname (case-insensitive) and by number of issues, ties in fleet order', async () => {
		const devices = await fleet();
		const byHwid = new Map(devices.map((device, index) => [device.hwid, { device, index }]));
		const hosts = (await walk({ GroupBy: 'host', order: 'asc' }, 50)).map(
			(hwid) => byHwid.get(hwid)!,
		);
		for (let i = 1; i < hosts.length; i++) {
			const [a, b] = [hosts[i - 1], hosts[i]];
			const [hostA, hostB] = [a.device.hostname.toLowerCase(), b.device.hostname.toLowerCase()];
			expect(hostA < hostB || (hostA === hostB && a.index < b.index)).toBe(true);
		}
		const issues = (await walk({ GroupBy: 'issues' }, 50)).map((hwid) => byHwid.get(hwid)!);
		for (let i = 1; i < issues.length; i++) {
			const [a, b] = [issues[i - 1], issues[i]];
			expect(
				a.device.total_issue > b.device.total_issue ||
					(a.device.total_issue === b.device.total_issue && a.index < b.index),
			).toBe(true);
		}
	});

	it('lists the fleet order with GroupBy none and order des (the default), its reverse with asc', async () => {
		const order = (await fleet()).map((device) => device.hwid);
		expect(await walk({ GroupBy: 'none', order: 'des' }, 50)).toEqual(order);
		expect(await walk({ GroupBy: 'none' }, 50)).toEqual(order);
		expect(await walk({ order: 'asc' }, 7)).toEqual([...order].reverse());
		expect(await walk({ GroupBy: 'none', order: 'asc' }, 50)).toEqual([...order].reverse());
	});

	it('answers 400 for other GroupBy and order values', async () => {
		const queries: Array<Record<string, string>> = [
			{ GroupBy: 'HWID' },
			{ groupBy: 'name' },
			{ order: 'up' },
			{ order: 'ASC' },
		];
		for (const query of queries) {
			const answer = await listDevices(context.http, query);
			expect(answer.status).toBe(400);
			expect(answer.data.error).toBe('invalid_request');
		}
	});
});

describe('device fields', () => {
	it('lists exactly the documented fields: computers in the example shape, phones in the mobile shape', async () => {
		const listed: Array<Record<string, unknown>> = [];
		for (let page = 1; page <= 2; page++)
			listed.push(...(await listDevices(context.http, { limit: 50, page })).data);
		const raw = new Map((await fleet()).map((device) => [device.hwid, device]));
		expect(listed.filter((device) => device.machine_type === 'phone').length).toBeGreaterThan(2);
		for (const device of listed) {
			const stored = raw.get(device.hwid as string)!;
			const network = device.network_info as Array<Record<string, unknown>>;
			for (const adapter of network)
				expect(Object.keys(adapter)).toEqual(['mac_addr', 'ipv4_addr', 'ipv6_addr']);
			if (device.machine_type === 'phone') {
				expect(Object.keys(device)).toEqual(PHONE_FIELDS);
				expect(Object.keys(device.os_info as object)).toEqual(PHONE_OS_FIELDS);
			} else {
				const expected =
					stored.agent === 'none'
						? COMPUTER_FIELDS.filter((field) => field !== 'agent_type')
						: COMPUTER_FIELDS;
				expect(Object.keys(device)).toEqual(expected);
				expect(Object.keys(device.os_info as object)).toEqual(OS_FIELDS);
				expect(Object.keys(device.user_info as object)).toEqual(['username', 'domain']);
			}
			expect(device.last_seen).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
		}
	});

	it('shows agent_type "managed" for persistent and domain-controller agents, "guest" for on-demand ones', async () => {
		await replaceFleet(context.http, [
			{ hwid: 'P1', machine_type: 'laptop', agent: 'persistent' },
			{ hwid: 'D1', machine_type: 'server', agent: 'domain-controller' },
			{ hwid: 'O1', machine_type: 'laptop', agent: 'on-demand' },
		]);
		const listed = (await listDevices(context.http, { limit: 3 })).data.map(
			(device: Record<string, unknown>) => device.agent_type,
		);
		expect(listed).toEqual(['managed', 'managed', 'guest']);
		await context.http.post('/_sim/reset');
	});

	it('shows a timed exemption as over once its time has passed', async () => {
		const [first] = await fleet();
		await context.http.patch(`/_sim/devices/${first.hwid}`, {
			exempt: 1,
			exempt_until: new Date(Date.now() - 1000).toISOString(),
		});
		expect((await listDevices(context.http)).data[0].exempt).toBe(0);
		await context.http.patch(`/_sim/devices/${first.hwid}`, {
			exempt: 1,
			exempt_until: new Date(Date.now() + 60_000).toISOString(),
		});
		expect((await listDevices(context.http)).data[0].exempt).toBe(1);
		await context.http.post('/_sim/reset');
	});

	it('ignores the agent_type parameter, as the v2.3 change history says', async () => {
		const plain = await listDevices(context.http, { limit: 5 });
		expect((await listDevices(context.http, { limit: 5, agent_type: 'managed' })).data).toEqual(
			plain.data,
		);
	});
});
