/**
 * Simplify, on every operation that has it (Device Get Many, Get and Search; Vulnerability Get
 * Many, across the account and of a device; Threat Get Many; Account Get; Log Get Many), against
 * the simulator's generated fleet with every field it serves: each simplified record has at most 12
 * snake_case fields, every one of them filled, and the same record with Simplify off is another
 * object (the raw API record). Virtual time shared by node and simulator.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { findDevice } from '../../simulator/actions';
import { appendLogEvents } from '../../simulator/controlData';
import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';

let clock: EventClock;
let sim: RunningSimulator;
let helper: TestCredentialsHelper;
let first: IDataObject;

beforeAll(async () => {
	clock = new EventClock();
	useClock(clock);
	sim = await startSimulator({ devices: 60, seed: 7, now: () => clock.now() });
	helper = new TestCredentialsHelper(
		accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
	);
	[first] = await run({ resource: 'device', operation: 'getAll', limit: 1, simplify: false });
	const threat = {
		file: 'C:\\x.exe',
		hash: 'ab12',
		threat_name: 'EICAR',
		product_name: 'Defender',
	};
	sim.simulation.inventory.change(findDevice(sim.simulation.fleet, String(first.hwid))!, {
		threats: [
			{ ...threat, source: 'antimalware_scan', critical: 1, time: '2026-12-01T08:00:00Z' },
			{ ...threat, source: 'local_antimalware', critical: 0, time: '2026-12-01T07:00:00Z' },
		],
	});
	const events = ['noncompliant', 'added', 'deleted_api'].map((event) => ({
		category: 'device',
		event,
		device_id: first.hwid,
		device_name: first.hostname,
		device_group: 'Default',
		user_email: 'ada@example.com',
	}));
	appendLogEvents(sim.simulation, { events }, clock.now());
});
afterAll(async () => {
	useClock(undefined);
	await sim.close();
});

const run = async (parameters: INodeParameters) =>
	(
		await runActionNode(
			{ parameters, credentialsHelper: helper, continueOnFail: false, typeVersion: 2 },
			[{}],
		)
	).items.map((item) => item.json);

const device = () => ({ __rl: true, mode: 'id', value: first.hwid });

const OPERATIONS: Array<[string, () => INodeParameters]> = [
	['Device → Get Many', () => ({ resource: 'device', operation: 'getAll', limit: 20 })],
	['Device → Get', () => ({ resource: 'device', operation: 'get', device: device() })],
	[
		'Device → Search',
		() => ({
			resource: 'device',
			operation: 'search',
			searchIn: 'hwid',
			query: String(first.hwid).slice(0, 8),
			returnAll: true,
		}),
	],
	[
		'Vulnerability → Get Many',
		() => ({ resource: 'vulnerability', operation: 'getAll', limit: 20 }),
	],
	[
		'Vulnerability → Get Many of a Device',
		() => ({ resource: 'vulnerability', operation: 'getAllOfDevice', device: device(), limit: 20 }),
	],
	[
		'Threat → Get Many',
		() => ({ resource: 'threat', operation: 'getAll', device: device(), returnAll: true }),
	],
	['Account → Get', () => ({ resource: 'account', operation: 'get' })],
	[
		'Log → Get Many',
		() => ({
			resource: 'log',
			operation: 'getAll',
			category: 'device',
			window: 'last',
			unit: 'hours',
			amount: 24,
			limit: 20,
		}),
	],
];

describe.each(OPERATIONS)('%s', (_name, parameters) => {
	test('Simplify: at most 12 well-named, filled fields a record; Simplify off: the raw object', async () => {
		const simplified = await run({ ...parameters(), simplify: true });
		const raw = await run({ ...parameters(), simplify: false });
		expect(simplified.length).toBeGreaterThan(0);
		expect(raw).toHaveLength(simplified.length);
		simplified.forEach((record, index) => {
			const keys = Object.keys(record);
			expect(keys.length).toBeGreaterThan(0);
			expect(keys.length).toBeLessThanOrEqual(12);
			for (const key of keys) {
				expect(key).toMatch(/^[a-z][a-z0-9]*(_[a-z0-9]+)*$/);
				expect(record[key]).not.toBeUndefined();
			}
			expect(raw[index]).not.toStrictEqual(record);
		});
	});
});
