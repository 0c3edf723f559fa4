/**
 * Application → Get Many, Application → Get for each, Device Information → Get and Threat → Get
 * Many (action node version 2) in a real n8n against the simulator: the exact requests, and each
 * node's items checked against what the simulator answers those very requests.
 */
import { ACTION_NODE_TYPE, WorkflowBuilder } from '../../examples/builder';
import { nodeOutput } from '../lab';
import { getApplicationDetails, getApplications } from '../simulator/applications';
import { getDeviceInfo, getThreats } from '../simulator/deviceInfo';
import type { Handler } from '../simulator/params';
import type { Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import { FAST_RATE_LIMIT } from './operations';

const APPS = 'Applications';
const DETAILS = 'Application Details';
const INFO = 'Device Information';
const THREATS = 'Threats';
const TOKEN = { access_token: 'static#1' };

type Json = Record<string, unknown>;

export const inventoryScenario: Scenario = {
	id: 'inventory',
	name: 'Applications with their details, then the information and threats of a device (version 2)',
	checks:
		'Application Get Many (search, sort, Return All): one Get Applications request; Get per application: Application Details with verbose.cves; Device Information and Threat Get Many (By ID, Simplify): one request each, shared by the items; every output as the simulator answers those requests',
	async run(context) {
		await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
		const { simulation } = context.sim;
		const device = context.sim
			.raw()
			.find((d) => d.agent === 'persistent' && simulation.inventory.of(d).threats.length > 1);
		assertTrue(device !== undefined, 'the fleet has a device with threats');
		const hwid = device!.hwid;
		const action = (name: string, parameters: Json) =>
			[name, ACTION_NODE_TYPE, 2, parameters, true] as const;
		const workflow = new WorkflowBuilder('opswatE2eInventory', 'OPSWAT MetaAccess: e2e inventory')
			.manualTrigger()
			.chain(
				...action(APPS, {
					resource: 'application',
					operation: 'getAll',
					search: 'vlc',
					sortBy: 'version',
					order: 'asc',
					returnAll: true,
				}),
			)
			.chain(
				...action(DETAILS, {
					resource: 'application',
					operation: 'get',
					productId: '={{ $json.product_id }}',
					version: '={{ $json.version }}',
					includeCves: true,
				}),
			)
			.chain(
				...action(INFO, {
					resource: 'deviceInformation',
					operation: 'get',
					device: { __rl: true, mode: 'id', value: hwid },
				}),
			)
			.chain(
				...action(THREATS, {
					resource: 'threat',
					operation: 'getAll',
					device: { __rl: true, mode: 'id', value: hwid },
				}),
			)
			.build();
		const [id] = await context.home.importWorkflows([workflow]);
		const { result, stdout, stderr } = await context.home.execute(id);
		context.captured.push({ label: 'n8n execute e2e inventory', text: stdout + stderr });

		const requests = context.sim.requests();
		/** What the simulator answers a logged request, asked again (not logged, no quota). */
		const answer = (handler: Handler, index: number): Json => {
			const r = requests[index];
			const query = new URLSearchParams(r.query as Record<string, string>);
			const request = {
				method: r.method,
				path: r.path,
				query,
				contentType: 'application/json',
				rawBody: JSON.stringify(r.body),
				now: Date.now(),
			};
			const body = { kind: 'json' as const, value: r.body ?? {} };
			return JSON.parse(
				String(handler({ sim: simulation, request, body, captures: [] }).body),
			) as Json;
		};
		const apps = answer(getApplications, 0) as unknown as Json[];
		assertTrue(
			apps.length > 0 && apps.length <= 3,
			`the fleet has 1 to 3 VLC versions (${apps.length})`,
		);
		assertEqual(
			requests.map((r) => ({
				method: r.method,
				path: r.path,
				query: r.query,
				body: r.body,
				status: r.status,
			})),
			[
				{
					method: 'POST',
					path: '/o/api/v3/apps',
					query: TOKEN,
					body: { search: 'vlc', sort: { field: 'version', order: 'asc' } },
					status: 200,
				},
				...apps.map((app) => ({
					method: 'POST',
					path: '/o/api/v3/apps/details',
					query: TOKEN,
					body: { product_id: app.product_id, version: app.version, verbose: { cves: 1 } },
					status: 200,
				})),
				{
					method: 'POST',
					path: '/o/api/v3/device_info',
					query: TOKEN,
					body: { opt: 0, ids: hwid },
					status: 200,
				},
				{
					method: 'POST',
					path: '/o/api/v3/get_threats',
					query: TOKEN,
					body: { id: hwid },
					status: 200,
				},
			],
			`requests\n${context.sim.describeRequests()}`,
		);
		const out = (node: string) =>
			nodeOutput(result, node).map((item) => [item.json, item.pairedItem]);
		assertEqual(
			out(APPS),
			apps.map((app) => [app, { item: 0 }]),
			'Application Get Many output',
		);
		assertEqual(
			out(DETAILS),
			apps.map((_, i) => [answer(getApplicationDetails, 1 + i), { item: i }]),
			'Application Get output',
		);
		const info = answer(getDeviceInfo, 1 + apps.length);
		assertEqual(
			out(INFO),
			apps.map((_, i) => [info, { item: i }]),
			'Device Information output',
		);
		const lists = answer(getThreats, 2 + apps.length) as Record<string, Json[]>;
		const threats = [
			...lists.antimalware_scan.map((t) => ({
				device: hwid,
				source: 'antimalware_scan',
				threat_name: t.threat_name,
				critical: t.critical,
				time: t.scan_time,
				file: t.file,
				hash: t.hash,
			})),
			...lists.local_antimalware_threats.map((t) => ({
				device: hwid,
				source: 'local_antimalware_threats',
				threat_name: t.threat_name,
				critical: t.critical,
				time: t.detected_time,
				file: t.file,
				hash: t.hash,
				product_name: t.product_name,
			})),
		];
		assertEqual(
			out(THREATS),
			apps.flatMap((_, i) => threats.map((t) => [t, { item: i }])),
			'Threat Get Many output',
		);
	},
};
