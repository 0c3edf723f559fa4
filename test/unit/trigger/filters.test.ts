/**
 * Each filter of the trigger, through n8n-core's real PollContext against a fake MetaAccess account
 * (nock), with exact requests and exact items.
 */
import type { IDataObject } from 'n8n-workflow';

import { hwidFor, makeDevice, makeDevices } from './fleet';
import { Rig, type TriggerParameters } from './rig';

let rig: Rig;
afterEach(() => rig?.dispose());
const start = (devices: IDataObject[], parameters: TriggerParameters) =>
	(rig = new Rig(devices, parameters));

const H0 = hwidFor(0);

describe('filters', () => {
	// Devices 0, 3: laptops "LAPTOP-n" (Windows); 1, 4: VMs "VM-n" (Windows); 2, 5: phones "phone-n" (android).
	async function changedHwids(filters: IDataObject): Promise<string[]> {
		start(makeDevices(6), { events: ['becameNonCompliant'], filters });
		await rig.poll();
		for (const device of rig.fleet.devices) device.status = 1;
		return ((await rig.poll()) ?? []).map((item) => String(item.hwid));
	}

	test('no filter: every device', async () => {
		expect(await changedHwids({})).toEqual(makeDevices(6).map((device) => device.hwid));
	});

	test('Hostname Contains, any case', async () => {
		expect(await changedHwids({ hostnameContains: 'laptop' })).toEqual([hwidFor(0), hwidFor(3)]);
	});

	test('OS Family, a comma-separated list, any case', async () => {
		expect(await changedHwids({ osFamily: 'ANDROID' })).toEqual([hwidFor(2), hwidFor(5)]);
		rig.dispose();
		expect(await changedHwids({ osFamily: 'android, windows' })).toHaveLength(6);
	});

	test('Machine Type, a comma-separated list', async () => {
		expect(await changedHwids({ machineType: 'vm, phone' })).toEqual([
			hwidFor(1),
			hwidFor(2),
			hwidFor(4),
			hwidFor(5),
		]);
	});

	test('Machine Type and OS Family: the documented values chosen from the list, any case', async () => {
		expect(await changedHwids({ machineTypes: ['vm', 'phone'] })).toEqual([
			hwidFor(1),
			hwidFor(2),
			hwidFor(4),
			hwidFor(5),
		]);
		rig.dispose();
		expect(await changedHwids({ osFamilies: ['android'] })).toEqual([hwidFor(2), hwidFor(5)]);
	});

	test('a chosen value and a typed Other value: a device of either passes', async () => {
		expect(await changedHwids({ machineTypes: ['phone'], machineType: 'VM' })).toEqual([
			hwidFor(1),
			hwidFor(2),
			hwidFor(4),
			hwidFor(5),
		]);
		rig.dispose();
		// An expression may give the list as text too.
		expect(await changedHwids({ osFamilies: '={{ "ANDROID" }}', osFamily: '' })).toEqual([
			hwidFor(2),
			hwidFor(5),
		]);
		rig.dispose();
		// An empty choice is no filter.
		expect(await changedHwids({ machineTypes: [] })).toHaveLength(6);
	});

	test('a filter an expression gives as a number counts as its digits', async () => {
		expect(await changedHwids({ hostnameContains: 4 })).toEqual([hwidFor(4)]);
	});

	test('filters combine: every filter set must match', async () => {
		expect(
			await changedHwids({ hostnameContains: '-4', osFamily: 'Windows', machineType: 'vm' }),
		).toEqual([hwidFor(4)]);
	});

	test('new and removed devices are filtered too (a removed one as it was last seen)', async () => {
		start(makeDevices(6), {
			events: ['newDevice', 'deviceRemoved'],
			filters: { machineType: 'phone' },
		});
		await rig.poll();
		rig.fleet.remove(hwidFor(1));
		rig.fleet.remove(hwidFor(2));
		rig.fleet.devices.push(makeDevice(7), makeDevice(8));
		const items = (await rig.pollTimes(2)).map((item) => [item.event, item.hwid]);
		expect(items).toEqual([
			['newDevice', hwidFor(8)],
			['deviceRemoved', hwidFor(2)],
		]);
	});

	test('a device that starts to match the filters is not a new device', async () => {
		start(makeDevices(3), { events: ['newDevice'], filters: { hostnameContains: 'renamed' } });
		await rig.poll();
		rig.fleet.update(H0, { hostname: 'renamed-0' });
		expect(await rig.poll()).toBeNull();
	});
});
