/**
 * First activation (baseline, nothing emitted), Emit Existing Devices on First Run, and the
 * editor's test fetch (manual mode: one request for the first page, a sample in the chosen event's
 * state, static data untouched).
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { flattenDevice } from '../../../nodes/OpswatMetaAccess/helpers/simplify';
import { TRIGGER_EVENTS } from '../../../nodes/OpswatMetaAccess/trigger/events';
import { SAMPLE_NOTE } from '../../../nodes/OpswatMetaAccess/trigger/output';
import {
	DEFAULT_STATE,
	hwidFor,
	makeDevice,
	makeDevices,
	pageRequest,
	pageRequests,
} from './fleet';
import { NODE_STATIC_KEY, Rig, type TriggerParameters } from './rig';

let rig: Rig;

function start(devices: IDataObject[], parameters: TriggerParameters) {
	rig = new Rig(devices, parameters);
	return rig;
}

afterEach(() => rig?.dispose());

describe('first activation', () => {
	test('records a baseline of the whole fleet and emits nothing', async () => {
		start(makeDevices(120), { events: [...TRIGGER_EVENTS] });
		expect(await rig.poll()).toBeNull();
		expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
		expect(rig.state).toEqual({
			version: 2,
			cycles: 1,
			nextPage: 1,
			listed: 120,
			lastPage: 3,
			unconfirmed: false,
			hwids: makeDevices(120).map((device) => device.hwid),
			prints: expect.any(Array),
		});
		expect(rig.state!.prints).toHaveLength(120);
		// The next poll compares with the baseline: nothing changed, nothing emitted.
		expect(await rig.poll()).toBeNull();
		expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
	});

	test('an empty account is a baseline too; its first device is then new', async () => {
		start([], { events: ['newDevice'] });
		expect(await rig.poll()).toBeNull();
		expect(rig.takeRequests()).toEqual(pageRequests(1));
		rig.fleet.devices.push(makeDevice(0));
		expect((await rig.poll())?.map((item) => item.event)).toEqual(['newDevice']);
	});

	test('a baseline over several polls emits nothing, then changes are compared with it', async () => {
		start(makeDevices(120), {
			events: ['newDevice', 'becameNonCompliant'],
			options: { maxRequestsPerPoll: 1 },
		});
		expect(await rig.pollTimes(3)).toEqual([]);
		expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
		expect(rig.state?.cycles).toBe(1);
		rig.fleet.update(hwidFor(110), { status: 1 });
		rig.fleet.devices.push(makeDevice(120));
		expect((await rig.pollTimes(3)).map((item) => [item.event, item.hwid])).toEqual([
			['becameNonCompliant', hwidFor(110)],
			['newDevice', hwidFor(120)],
		]);
	});

	test('damaged or foreign static data starts a new baseline', async () => {
		start(makeDevices(3), { events: ['newDevice'] });
		rig.staticData[NODE_STATIC_KEY] = { version: 99, devices: 'nonsense' };
		expect(await rig.poll()).toBeNull();
		// The foreign key is dropped, not kept beside the new state.
		expect(Object.keys(rig.state!)).toEqual([
			'version',
			'cycles',
			'nextPage',
			'listed',
			'lastPage',
			'unconfirmed',
			'hwids',
			'prints',
		]);
		expect(rig.state).toMatchObject({
			version: 2,
			cycles: 1,
			nextPage: 1,
			hwids: makeDevices(3).map((device) => device.hwid),
		});
	});
});

describe('Emit Existing Devices on First Run', () => {
	// 0: compliant online; 1: non-compliant offline; 2: phone, sending information, online.
	const fleet = () => [
		makeDevice(0),
		makeDevice(1, { status: 1, active: 0, critical_status: 1, exempt: 1 }),
		makeDevice(2, { status: 3 }),
	];

	test.each([
		['becameNonCompliant', [1]],
		['becameCompliant', [0]],
		['wentOffline', [1]],
		['cameOnline', [0, 2]],
		['complianceStatusChanged', [0, 1, 2]],
		['criticalStatusChanged', [0, 1, 2]],
		['exemptionChanged', [0, 1, 2]],
		['newDevice', [0, 1, 2]],
		['deviceRemoved', []],
	])('%s: the devices already matching', async (event, indexes) => {
		start(fleet(), { events: [event], options: { emitExisting: true } });
		const items = await rig.poll();
		expect(items?.map((item) => [item.event, item.hwid, item.previous]) ?? []).toEqual(
			indexes.map((index) => [event, hwidFor(index), null]),
		);
		expect(rig.takeRequests()).toEqual(pageRequests(1));
		// Only on the first run.
		expect(await rig.poll()).toBeNull();
	});

	test('the exact item of an existing device', async () => {
		start(fleet(), { events: ['becameNonCompliant'], options: { emitExisting: true } });
		expect(await rig.poll()).toEqual([
			{
				event: 'becameNonCompliant',
				hwid: hwidFor(1),
				hostname: 'VM-1',
				previous: null,
				current: { status: 1, status_label: 'non-compliant' },
				device: flattenDevice(rig.fleet.device(hwidFor(1))),
				seen_at: '2026-11-21T12:00:00.000Z',
			},
		]);
	});

	test('one item per chosen event a device matches, and the filters apply', async () => {
		start(fleet(), {
			events: ['wentOffline', 'becameNonCompliant', 'deviceRemoved'],
			filters: { machineType: 'vm, phone' },
			options: { emitExisting: true },
		});
		expect((await rig.poll())?.map((item) => [item.event, item.hwid])).toEqual([
			['becameNonCompliant', hwidFor(1)],
			['wentOffline', hwidFor(1)],
		]);
	});
});

describe('manual test fetch', () => {
	test("one request (the first page), a device in the chosen event's state, marked as a sample, static data untouched", async () => {
		const devices = makeDevices(120);
		devices[7] = makeDevice(7, { status: 1 });
		start(devices, { events: ['becameNonCompliant', 'newDevice'] });
		const items = await rig.poll('manual');
		expect(rig.takeRequests()).toEqual([pageRequest(1)]);
		expect(items).toEqual([
			{
				event: 'becameNonCompliant',
				hwid: hwidFor(7),
				hostname: 'VM-7',
				previous: null,
				current: { status: 1, status_label: 'non-compliant' },
				device: flattenDevice(makeDevice(7, { status: 1 })),
				seen_at: '2026-11-21T12:00:00.000Z',
				sample: true,
				note: SAMPLE_NOTE,
			},
		]);
		expect(rig.staticData).toEqual({});
		// The first real poll is still the baseline.
		expect(await rig.poll()).toBeNull();
		expect(rig.takeRequests()).toEqual(pageRequests(1, 2, 3));
	});

	test.each([
		['becameNonCompliant', {}, { status: 1 }],
		['becameCompliant', { status: 1 }, { status: 0 }],
		['wentOffline', {}, { active: 0 }],
		['cameOnline', { active: 0 }, { active: 1 }],
	])(
		'%s: the device in that state, whichever of the first 50 it is (3rd, 5th, 10th, 50th)',
		async (event, others, state) => {
			for (const index of [2, 4, 9, 49]) {
				const devices = makeDevices(60).map((d, i) => makeDevice(i, i === index ? state : others));
				if (index !== 2) rig.dispose();
				start(devices, { events: [event as never] });
				const items = await rig.poll('manual');
				expect(rig.takeRequests()).toEqual([pageRequest(1)]);
				expect(items?.map((item) => [item.event, item.hwid, item.sample])).toEqual([
					[event, hwidFor(index), true],
				]);
			}
		},
	);

	test('the first chosen event a device is in the state of; else the first event and the first device the filters take', async () => {
		start(makeDevices(5), { events: ['wentOffline', 'exemptionChanged'] });
		expect((await rig.poll('manual'))?.map((item) => [item.event, item.hwid])).toEqual([
			['exemptionChanged', hwidFor(0)],
		]);
		rig.dispose();
		start(makeDevices(5), { events: ['wentOffline'], filters: { hostnameContains: 'vm-' } });
		expect((await rig.poll('manual'))?.map((item) => [item.event, item.hwid])).toEqual([
			['wentOffline', hwidFor(1)],
		]);
		expect(rig.takeRequests()).toEqual([pageRequest(1)]);
	});

	test('leaves an existing state and a scan in progress exactly as they were', async () => {
		start(makeDevices(120), { events: ['becameNonCompliant'], options: { maxRequestsPerPoll: 2 } });
		await rig.pollTimes(3); // pages 1-2, page 3 (baseline complete), pages 1-2
		expect(rig.state?.nextPage).toBe(3);
		rig.fleet.update(hwidFor(0), { status: 1 });
		const before = JSON.stringify(rig.staticData);
		rig.takeRequests();
		const items = await rig.poll('manual');
		expect(rig.takeRequests()).toEqual([pageRequest(1)]);
		expect(items?.map((item) => [item.event, item.hwid])).toEqual([
			['becameNonCompliant', hwidFor(0)],
		]);
		expect(JSON.stringify(rig.staticData)).toBe(before);
		// The scan goes on where it was, and reports the change once.
		expect((await rig.pollTimes(3)).map((item) => [item.event, item.hwid])).toEqual([
			['becameNonCompliant', hwidFor(0)],
		]);
		expect(rig.takeRequests()).toEqual(pageRequests(3, 1, 2, 3));
	});

	test('Device Removed as the sample: previous values, no current', async () => {
		start(makeDevices(2), { events: ['deviceRemoved'], simplify: false });
		expect(await rig.poll('manual')).toEqual([
			expect.objectContaining({
				event: 'deviceRemoved',
				hwid: hwidFor(0),
				previous: DEFAULT_STATE,
				current: null,
				device: makeDevice(0),
				sample: true,
			}),
		]);
	});

	test('an empty account gives no sample', async () => {
		start([], { events: ['newDevice'] });
		expect(await rig.poll('manual')).toBeNull();
		expect(rig.takeRequests()).toEqual([pageRequest(1)]);
		expect(rig.staticData).toEqual({});
	});
});

describe('parameters', () => {
	test('no event chosen: a clear error before any request', async () => {
		start(makeDevices(3), { events: [] });
		await expect(rig.poll()).rejects.toThrow(NodeOperationError);
		await expect(rig.poll()).rejects.toThrow('No event is chosen');
		expect(rig.takeRequests()).toEqual([]);
		expect(rig.staticData).toEqual({});
	});

	test('Max Requests per Poll out of range: a clear error before any request', async () => {
		start(makeDevices(3), { events: ['newDevice'], options: { maxRequestsPerPoll: 0 } });
		await expect(rig.poll()).rejects.toThrow(
			"'Max Requests per Poll' must be a whole number from 1 to 100; it is 0",
		);
		expect(rig.takeRequests()).toEqual([]);
	});
});
