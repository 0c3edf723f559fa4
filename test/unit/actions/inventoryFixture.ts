/**
 * The simulator the inventory tests (Application, Threat, Device Information) run against: three
 * Windows laptops with set applications and threats, virtual time shared by the node and the
 * simulator, and the node run as typeVersion 2 (the version that offers these resources).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { startSimulator, type DeviceInput, type RunningSimulator } from '../../simulator';
import { PRODUCT_BY_ID } from '../../simulator/catalog';
import type { Threat } from '../../simulator/inventory';
import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';

export const mac = (i: number) => `00:0c:29:aa:00:${i.toString(16).padStart(2, '0')}`;
export const windowsLaptop = (hwid: string, i: number, more: DeviceInput = {}): DeviceInput => ({
	hwid,
	hostname: hwid.toLowerCase(),
	machine_type: 'laptop',
	category: 'monitored',
	agent: 'persistent',
	active: 1,
	os_info: { family: 'Windows', name: 'Windows 11 Pro' },
	network_info: [{ mac_addr: mac(i), ipv4_addr: '10.0.0.9', ipv6_addr: '' }],
	...more,
});
export const threat = (source: Threat['source'], day: number, name: string): Threat => ({
	source,
	critical: day % 2 === 0 ? 1 : 0,
	time: `2026-11-${String(day).padStart(2, '0')}T08:00:00.000Z`,
	file: `C:\\Users\\Public\\Downloads\\file${day}.exe`,
	hash: `${day}`.padStart(64, 'a'),
	threat_name: name,
	product_name: 'Microsoft Defender Antivirus',
});
/** Chrome and VLC versions of the catalogue (product ID, version). */
export const CHROME = ['1103', PRODUCT_BY_ID.get('1103')!.versions[0]] as const;
export const VLC = ['9901', PRODUCT_BY_ID.get('9901')!.versions[0]] as const;
export const VLC_OLD = ['9901', PRODUCT_BY_ID.get('9901')!.versions[2]] as const;
export const app = ([product_id, version]: readonly [string, string]) => ({ product_id, version });

/** Registers the simulator's start and close around each test; the running one, and how to use it. */
export function useInventorySim() {
	let clock: EventClock;
	let sim: RunningSimulator;
	let helper: TestCredentialsHelper;
	beforeEach(async () => {
		clock = new EventClock();
		useClock(clock);
		sim = await startSimulator({ devices: 0, now: () => clock.now() });
		const { simulation } = sim;
		simulation.addDevices({
			devices: [
				windowsLaptop('HW-A', 1, { custom_id: 'asset-4711' }),
				windowsLaptop('HW-B', 2),
				{ ...windowsLaptop('HW-GONE', 3), agent: 'none', active: 0 },
			],
		});
		const set = (hwid: string, inventory: IDataObject) =>
			simulation.inventory.change(simulation.device(hwid, clock.now()), inventory);
		set('HW-A', { apps: [app(CHROME), app(VLC)], threats: [] });
		set('HW-B', {
			apps: [app(CHROME), app(VLC_OLD)],
			threats: [
				threat('antimalware_scan', 3, 'EICAR-Test-File'),
				threat('local_antimalware', 4, 'Win32/Emotet.AW'),
				threat('antimalware_scan', 5, 'Trojan.GenericKD.71234567'),
			],
		});
		set('HW-GONE', { apps: [], threats: [] });
		helper = new TestCredentialsHelper(
			accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
		);
	});
	afterEach(async () => {
		useClock(undefined);
		await sim.close();
	});
	return {
		get sim() {
			return sim;
		},
		/** A raw device of the simulator, now. */
		device: (hwid: string) => sim.simulation.device(hwid, clock.now()),
		run: (parameters: INodeParameters, input: IDataObject[] = [{}], continueOnFail = false) =>
			runActionNode(
				{ parameters, credentialsHelper: helper, continueOnFail, typeVersion: 2 },
				input,
			),
		/** The API requests the simulator received: method, path, query, body, status. */
		requests: () =>
			sim.simulation.log.read().requests.map(({ method, path, query, body, status }) => ({
				method,
				path,
				query,
				body,
				status,
			})),
	};
}

export const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
export const TOKEN = { access_token: 'static#1' };
export const paired = (json: IDataObject[], item = 0) =>
	json.map((j) => ({ json: j, pairedItem: { item } }));
