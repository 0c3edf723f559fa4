import {
	FLEET_CLOCK,
	generateDevice,
	generateFleet,
	listedDevice,
	Simulation,
	type SimDevice,
} from '../../simulator';
import { handleApi } from '../../simulator/api';

const macsOf = (devices: SimDevice[]) =>
	devices.flatMap((device) => device.network_info.map((adapter) => adapter.mac_addr.toLowerCase()));

describe('fleet generator', () => {
	it('gives the same fleet for the same seed and size, another for another seed', () => {
		expect(generateFleet(7, 500)).toStrictEqual(generateFleet(7, 500));
		expect(generateFleet(8, 500)).not.toEqual(generateFleet(7, 500));
		expect(generateFleet(7, 500).slice(0, 50)).toStrictEqual(generateFleet(7, 50));
		expect(generateDevice(7, 321)).toStrictEqual(generateFleet(7, 500)[321]);
	});

	it('gives unique HWIDs (16 or 32 characters, like the documentation) and unique MAC addresses', () => {
		const devices = generateFleet(3, 20_000);
		const hwids = devices.map((device) => device.hwid);
		expect(new Set(hwids).size).toBe(devices.length);
		expect(
			hwids.filter((hwid) => !/^([A-Z0-9]{16}|[0-9a-f]{32}|[A-Za-z0-9]{32})$/.test(hwid)),
		).toEqual([]);
		expect(
			hwids.some((hwid) => hwid.length === 16) && hwids.some((hwid) => hwid.length === 32),
		).toBe(true);
		const macs = macsOf(devices);
		expect(new Set(macs).size).toBe(macs.length);
		expect(macs.filter((mac) => !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/.test(mac))).toEqual([]);
	});

	it('holds every applicability case, status and flag within the first 19 devices of any seed', () => {
		for (const seed of [1, 2, 99, 123456]) {
			const devices = generateFleet(seed, 19);
			const has = (test: (device: SimDevice) => boolean) => devices.some(test);
			const persistent = (test: (version: string) => boolean) =>
				has((device) => device.agent === 'persistent' && test(device.agent_version));
			expect([
				has((device) => device.category === 'unknown' && device.agent === 'none'),
				has((device) => device.category === 'ignored' && device.agent === 'none'),
				has((device) => device.category === 'out_of_license'),
				has((device) => device.agent === 'domain-controller' && device.machine_type === 'server'),
				has((device) => device.agent === 'on-demand'),
				has((device) => device.machine_type === 'phone' && device.os_info.family === 'android'),
				has((device) => device.machine_type === 'phone' && device.os_info.family === 'ios'),
				persistent((version) => version === '7.6.230.0'),
				persistent((version) => version === '7.6.231.0'),
				persistent((version) => version === '10.4.224.0'),
				persistent((version) => version === '10.4.225.0'),
				has(
					(device) =>
						device.agent === 'persistent' &&
						device.active === 0 &&
						device.agent_version === '7.6.305.0',
				),
				has((device) => device.exempt === 1),
				has((device) => device.critical_status === 1 && device.total_critical_issue > 0),
				[0, 1, 3].every((status) => has((device) => device.status === status)),
				has((device) => device.custom_id !== null),
				['laptop', 'desktop', 'vm', 'server', 'phone'].every((type) =>
					has((device) => device.machine_type === type),
				),
			]).toEqual(Array(17).fill(true));
		}
	});

	it('draws realistic, consistent values', () => {
		const devices = generateFleet(11, 2000);
		const inconsistent = devices.filter((device) => {
			const age = FLEET_CLOCK - Date.parse(device.last_seen);
			return (
				age < 0 ||
				(device.active === 1 && age > 15 * 60_000) ||
				(device.critical_status === 1) !== device.total_critical_issue > 0 ||
				device.total_critical_issue > device.total_issue ||
				(device.agent === 'none' && (device.agent_version !== '' || device.active !== 0)) ||
				(device.machine_type === 'phone') !== (device.agent === 'mobile') ||
				!device.remediation_link.includes(`/${device.hwid}/`)
			);
		});
		expect(inconsistent).toEqual([]);
		const share = (test: (device: SimDevice) => boolean) =>
			devices.filter(test).length / devices.length;
		expect(share((device) => device.machine_type === 'phone')).toBeGreaterThan(0.1);
		expect(share((device) => device.active === 0)).toBeGreaterThan(0.1);
		expect(share((device) => device.status === 0)).toBeGreaterThan(0.3);
	});

	it('lists phones without the fields the mobile example omits', () => {
		const phone = generateFleet(1, 20).find((device) => device.machine_type === 'phone')!;
		const listed = listedDevice(phone);
		for (const field of ['agent_type', 'nickname', 'country', 'exempt', 'user_info', 'user'])
			expect(listed).not.toHaveProperty(field);
		expect(Object.keys(listed.os_info as object)).toEqual([
			'family',
			'name',
			'vendor',
			'version',
			'os_language',
		]);
	});

	it('generates 100,000 devices, each with its own hwid', () => {
		const started = process.hrtime.bigint();
		const fleet = generateFleet(1, 100_000);
		process.stdout.write(
			`generated 100,000 devices in ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(0)} ms\n`,
		);
		expect(fleet).toHaveLength(100_000);
		expect(new Set(fleet.map((device) => device.hwid)).size).toBe(100_000);
	});
});

describe('listing cost', () => {
	it('walks 10,000 devices in pages of 50, sorted (the time it takes is printed, not judged)', () => {
		const sim = new Simulation({ devices: 10_000, rateLimit: false });
		const started = process.hrtime.bigint();
		let seen = 0;
		for (const groupBy of ['none', 'host']) {
			for (let page = 1; page <= 200; page++) {
				const answer = handleApi(sim, {
					method: 'GET',
					path: '/o/api/v2.3/devices',
					query: new URLSearchParams({
						limit: '50',
						page: String(page),
						groupBy,
						access_token: 'demo-access-token',
					}),
					contentType: undefined,
					rawBody: '',
					now: Date.now(),
				});
				if (answer === 'hang') throw new Error('no fault was injected');
				seen += JSON.parse(answer.body.toString()).length;
			}
		}
		const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
		process.stdout.write(
			`listed 2 × 10,000 devices in pages of 50 in ${elapsedMs.toFixed(0)} ms\n`,
		);
		expect(seen).toBe(20_000);
	});
});
