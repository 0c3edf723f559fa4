/**
 * Each event and the output shape (the filters: filters.test.ts), through n8n-core's real
 * PollContext against a fake MetaAccess account (nock), with exact requests and exact items.
 */
import type { IDataObject } from 'n8n-workflow';

import { flattenDevice } from '../../../nodes/OpswatMetaAccess/helpers/simplify';
import { hwidFor, makeDevice, makeDevices, pageRequests } from './fleet';
import { Rig, type TriggerParameters } from './rig';

let rig: Rig;

function start(devices: IDataObject[], parameters: TriggerParameters) {
	rig = new Rig(devices, parameters);
	return rig;
}

afterEach(() => rig?.dispose());

const H0 = hwidFor(0);
const H1 = hwidFor(1);
const H2 = hwidFor(2);

/** The item the trigger emits for a device seen now (simplified device). */
function seen(
	event: string,
	hwid: string,
	previous: IDataObject | null,
	current: IDataObject | null,
): IDataObject {
	const device = rig.fleet.device(hwid);
	return {
		event,
		hwid,
		hostname: device.hostname,
		previous,
		current,
		device: flattenDevice(device),
		seen_at: rig.now,
	};
}

const status = (code: number | null, label: string | null) => ({
	status: code,
	status_label: label,
});
const critical = (code: number | null, label: string | null) => ({
	critical_status: code,
	critical_status_label: label,
});
const exempt = (code: number | null, label: string | null) => ({
	exempt: code,
	exempt_label: label,
});
const online = (code: number | null) => ({
	active: code,
	online: code === null ? null : code === 1,
});

describe('output shape', () => {
	test('one device changing in two watched ways gives two items, exactly shaped', async () => {
		start(makeDevices(3), { events: ['complianceStatusChanged', 'becameNonCompliant'] });
		expect(await rig.poll()).toBeNull();
		expect(rig.takeRequests()).toEqual(pageRequests(1));

		rig.fleet.update(H0, { status: 1, total_issue: 3 });
		const items = await rig.poll();
		expect(rig.takeRequests()).toEqual(pageRequests(1));
		const device = {
			hwid: H0,
			hostname: 'LAPTOP-0',
			nickname: 'device 0',
			status: 1,
			status_label: 'non-compliant',
			critical_status: 0,
			critical_status_label: 'no critical issue',
			exempt: 0,
			exempt_label: 'not exempted',
			online: true,
			total_issue: 3,
			total_critical_issue: 0,
			last_seen: '2026-11-21T11:00:00Z',
			machine_type: 'laptop',
			agent_type: 'managed',
			agent_version: '10.4.225.0',
			country: 'United States',
			user: '',
			username: 'user',
			user_domain: 'CORP',
			os_family: 'Windows',
			os_name: 'Windows 11 Enterprise',
			os_vendor: 'Microsoft Corp.',
			os_version: '10.0.22631',
			os_service_pack: '0.0',
			os_architecture: '64-Bit',
			os_language: 'English',
			os_user_password_set: '1',
			mac_addresses: ['00:0c:29:00:00:00'],
			ipv4_addresses: ['10.0.0.2'],
			ipv6_addresses: [],
			remediation_link: `https://gears.opswat.com/gears/remediation/x/${H0}/remediation.html`,
		};
		expect(items).toEqual([
			{
				event: 'complianceStatusChanged',
				hwid: H0,
				hostname: 'LAPTOP-0',
				previous: { status: 0, status_label: 'compliant' },
				current: { status: 1, status_label: 'non-compliant' },
				device,
				seen_at: '2026-11-21T12:01:00.000Z',
			},
			{
				event: 'becameNonCompliant',
				hwid: H0,
				hostname: 'LAPTOP-0',
				previous: { status: 0, status_label: 'compliant' },
				current: { status: 1, status_label: 'non-compliant' },
				device,
				seen_at: '2026-11-21T12:01:00.000Z',
			},
		]);
		// Reported once: the next poll sees no change.
		expect(await rig.poll()).toBeNull();
	});

	test('Simplify off gives the raw API device', async () => {
		start(makeDevices(3), { events: ['criticalStatusChanged'], simplify: false });
		await rig.poll();
		rig.fleet.update(H2, { critical_status: 1, total_critical_issue: 1 });
		expect(await rig.poll()).toEqual([
			{
				event: 'criticalStatusChanged',
				hwid: H2,
				hostname: 'phone-2',
				previous: critical(0, 'no critical issue'),
				current: critical(1, 'critical issue'),
				device: { ...rig.fleet.device(H2) },
				seen_at: rig.now,
			},
		]);
	});
});

describe('events', () => {
	test('Compliance Status Changed: any status to any other, with labels', async () => {
		start(makeDevices(3), { events: ['complianceStatusChanged'] });
		await rig.poll();
		rig.fleet.update(H0, { status: 3 });
		rig.fleet.update(H1, { status: 7 });
		expect(await rig.poll()).toEqual([
			seen('complianceStatusChanged', H0, status(0, 'compliant'), status(3, 'sending information')),
			seen('complianceStatusChanged', H1, status(0, 'compliant'), status(7, 'unknown (7)')),
		]);
		rig.fleet.update(H1, { status: undefined });
		delete rig.fleet.device(H1).status;
		expect(await rig.poll()).toEqual([
			seen('complianceStatusChanged', H1, status(7, 'unknown (7)'), status(null, null)),
		]);
	});

	test('Became Non-Compliant: only a change to 1', async () => {
		start(makeDevices(3), { events: ['becameNonCompliant'] });
		await rig.poll();
		rig.fleet.update(H0, { status: 3 });
		expect(await rig.poll()).toBeNull();
		rig.fleet.update(H0, { status: 1 });
		rig.fleet.update(H1, { status: 1 });
		expect(await rig.poll()).toEqual([
			seen('becameNonCompliant', H0, status(3, 'sending information'), status(1, 'non-compliant')),
			seen('becameNonCompliant', H1, status(0, 'compliant'), status(1, 'non-compliant')),
		]);
		rig.fleet.update(H0, { status: 0 });
		expect(await rig.poll()).toBeNull();
	});

	test('Became Compliant: only a change to 0', async () => {
		start([makeDevice(0, { status: 1 }), makeDevice(1, { status: 3 })], {
			events: ['becameCompliant'],
		});
		await rig.poll();
		rig.fleet.update(H0, { status: 0 });
		rig.fleet.update(H1, { status: 1 });
		expect(await rig.poll()).toEqual([
			seen('becameCompliant', H0, status(1, 'non-compliant'), status(0, 'compliant')),
		]);
	});

	test('Critical Status Changed', async () => {
		start(makeDevices(3), { events: ['criticalStatusChanged'] });
		await rig.poll();
		rig.fleet.update(H1, { critical_status: 1 });
		rig.fleet.update(H0, { status: 1 });
		expect(await rig.poll()).toEqual([
			seen(
				'criticalStatusChanged',
				H1,
				critical(0, 'no critical issue'),
				critical(1, 'critical issue'),
			),
		]);
	});

	test('Went Offline and Came Online', async () => {
		start([makeDevice(0), makeDevice(1, { active: 0 }), makeDevice(2)], {
			events: ['wentOffline', 'cameOnline'],
		});
		await rig.poll();
		rig.fleet.update(H0, { active: 0 });
		rig.fleet.update(H1, { active: 1 });
		expect(await rig.poll()).toEqual([
			seen('wentOffline', H0, online(1), online(0)),
			seen('cameOnline', H1, online(0), online(1)),
		]);
		expect(await rig.poll()).toBeNull();
	});

	test('Exemption Changed, including a phone gaining the field', async () => {
		start(makeDevices(3), { events: ['exemptionChanged'] });
		await rig.poll();
		rig.fleet.update(H0, { exempt: 1 });
		rig.fleet.update(H2, { exempt: 1 });
		expect(await rig.poll()).toEqual([
			seen('exemptionChanged', H0, exempt(0, 'not exempted'), exempt(1, 'exempted')),
			seen('exemptionChanged', H2, exempt(null, null), exempt(1, 'exempted')),
		]);
	});

	test('New Device: every watched value, no previous', async () => {
		start(makeDevices(3), { events: ['newDevice'] });
		await rig.poll();
		rig.fleet.devices.push(makeDevice(3, { status: 1 }));
		expect(await rig.poll()).toEqual([
			seen('newDevice', hwidFor(3), null, {
				...status(1, 'non-compliant'),
				...critical(0, 'no critical issue'),
				...exempt(0, 'not exempted'),
				...online(1),
			}),
		]);
		expect(await rig.poll()).toBeNull();
	});

	test('a change not among the events emits nothing, and is not reported later', async () => {
		start(makeDevices(3), { events: ['wentOffline'] });
		await rig.poll();
		rig.fleet.update(H0, { status: 1, exempt: 1, critical_status: 1 });
		expect(await rig.poll()).toBeNull();
		rig.parameters = { events: ['complianceStatusChanged', 'exemptionChanged'] };
		expect(await rig.poll()).toBeNull();
	});

	test('every event at once, in the documented order per device', async () => {
		start(makeDevices(4), {
			events: [
				'deviceRemoved',
				'newDevice',
				'exemptionChanged',
				'cameOnline',
				'wentOffline',
				'criticalStatusChanged',
				'becameCompliant',
				'becameNonCompliant',
				'complianceStatusChanged',
			],
		});
		await rig.poll();
		rig.fleet.update(H0, { status: 1, critical_status: 1, active: 0, exempt: 1 });
		rig.fleet.remove(hwidFor(3));
		rig.fleet.devices.push(makeDevice(4));
		const items = (await rig.pollTimes(2)).map((item) => [item.event, item.hwid]);
		expect(items).toEqual([
			['complianceStatusChanged', H0],
			['becameNonCompliant', H0],
			['criticalStatusChanged', H0],
			['wentOffline', H0],
			['exemptionChanged', H0],
			['newDevice', hwidFor(4)],
			['deviceRemoved', hwidFor(3)],
		]);
	});
});
