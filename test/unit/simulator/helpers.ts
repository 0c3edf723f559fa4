import axios, { type AxiosInstance } from 'axios';

import {
	startSimulator,
	type DeviceInput,
	type RunningSimulator,
	type SimDevice,
	type SimulatorOptions,
} from '../../simulator';

export const TOKEN = 'demo-access-token';

export interface SimulatorContext {
	sim: RunningSimulator;
	/** Plain axios client on the simulator's base URL that hands back every status (no throwing). */
	http: AxiosInstance;
}

/**
 * Starts a simulator (on a free port, rate limit off unless the options set one) before the tests
 * of the enclosing block and closes it after them.
 */
export function useSimulator(options: SimulatorOptions = {}): SimulatorContext {
	const context = {} as SimulatorContext;
	beforeAll(async () => {
		context.sim = await startSimulator({ rateLimit: false, ...options });
		context.http = axios.create({ baseURL: context.sim.url, validateStatus: () => true });
	});
	afterAll(async () => {
		await context.sim.close();
	});
	return context;
}

/** Replaces the fleet with these devices (missing fields generated); answers their HWIDs. */
export async function replaceFleet(http: AxiosInstance, devices: DeviceInput[]): Promise<string[]> {
	expect((await http.delete('/_sim/devices')).status).toBe(200);
	const added = await http.post('/_sim/devices', { devices });
	expect(added.status).toBe(200);
	return added.data.added;
}

export async function rawDevice(http: AxiosInstance, hwid: string): Promise<SimDevice> {
	const answer = await http.get(`/_sim/devices/${encodeURIComponent(hwid)}`);
	expect(answer.status).toBe(200);
	return answer.data;
}

/** GET /o/api/v2.3/devices with the static token and these query parameters. */
export function listDevices(http: AxiosInstance, query: Record<string, string | number> = {}) {
	return http.get('/o/api/v2.3/devices', { params: { access_token: TOKEN, ...query } });
}

export function postAction(http: AxiosInstance, path: string, body: unknown) {
	return http.post(path, body, { params: { access_token: TOKEN } });
}

const hex = (byte: number) => (byte & 255).toString(16).padStart(2, '0');

/**
 * Device `n` of a test fleet: HWID `DEV…n` (16 characters), hostname `host-n`, a monitored laptop
 * with a connected persistent agent (7.6.300.0; another agent: generated to match), compliant,
 * not exempt, without issues, in the default group, with one adapter (MAC 00:0c:29:00:<n>, IPv4
 * 10.0.<n>); `fields` laid over it.
 */
export function testDevice(n: number, fields: DeviceInput = {}): DeviceInput {
	return {
		hwid: `DEV${String(n).padStart(13, '0')}`,
		hostname: `host-${n}`,
		machine_type: 'laptop',
		category: 'monitored',
		agent: 'persistent',
		// Other agents get a version and connection that go with them.
		...((fields.agent ?? 'persistent') === 'persistent'
			? { agent_version: '7.6.300.0', active: 1 }
			: {}),
		status: 0,
		exempt: 0,
		critical_status: 0,
		total_issue: 0,
		total_critical_issue: 0,
		group: 'default',
		network_info: [
			{
				mac_addr: `00:0c:29:00:${hex(n >> 8)}:${hex(n)}`,
				ipv4_addr: `10.0.${n >> 8}.${n & 255}`,
				ipv6_addr: '',
			},
		],
		...fields,
	};
}
