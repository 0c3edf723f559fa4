/**
 * Search devices, then Get a device for each one found, in a real n8n: exact items and the exact
 * requests (the search's pages, then one Device Details request per device).
 */
import { WorkflowBuilder } from '../../examples/builder';
import { nodeOutput } from '../lab';
import { detailedDevice } from '../simulator/lookups';
import type { Scenario } from './context';
import { assertEqual, assertTrue, expectedSimple } from './expect';
import { FAST_RATE_LIMIT } from './operations';

const QUERY = 'jonas';
const SEARCH = 'Search Devices';
const GET = 'Get Each Device';

export const lookupsScenario: Scenario = {
	id: 'lookups',
	name: 'Search devices, then Get a device for each (a workflow built for the test)',
	checks:
		'Search: the simplified devices whose name holds the query, in fleet order, from one Search Devices request (limit 50); Get (Device By ID from an expression): each device from Device Details, one request each',
	async run(context) {
		await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
		const workflow = new WorkflowBuilder('opswatE2eLookups', 'OPSWAT MetaAccess: e2e lookups')
			.manualTrigger()
			.metaAccess(SEARCH, { operation: 'search', query: QUERY, returnAll: true })
			.metaAccess(GET, {
				operation: 'get',
				device: { __rl: true, mode: 'id', value: '={{ $json.hwid }}' },
			})
			.build();
		const [id] = await context.home.importWorkflows([workflow]);
		const raw = context.sim.raw();
		const found = raw.filter((device) =>
			[device.hostname, device.nickname].some((name) => name.toLowerCase().includes(QUERY)),
		);
		assertTrue(
			found.length > 1 && found.length < 50,
			`the fleet has a few devices named "${QUERY}" (${found.length})`,
		);
		const { result, stdout, stderr } = await context.home.execute(id);
		context.captured.push({ label: 'n8n execute e2e lookups', text: stdout + stderr });
		const listing = context.sim.listing();
		const byHwid = new Map(listing.map((device) => [device.hwid, device]));
		assertEqual(
			nodeOutput(result, SEARCH).map((item) => item.json),
			found.map((device) => expectedSimple(byHwid.get(device.hwid)!)),
			'Search output',
		);
		assertEqual(
			nodeOutput(result, GET).map((item) => [item.json, item.pairedItem]),
			found.map((device, i) => {
				const details = detailedDevice(device);
				return [
					expectedSimple({ ...details, critical_status: details.critical_issue }),
					{ item: i },
				];
			}),
			'Get output',
		);
		assertEqual(
			context.sim
				.requests()
				.map((r) => ({ method: r.method, path: r.path, query: r.query, status: r.status })),
			[
				{
					method: 'GET',
					path: '/o/api/v2.1/devices/search',
					query: { access_token: 'static#1', q: QUERY, limit: '50' },
					status: 200,
				},
				...found.map((device) => ({
					method: 'GET',
					path: `/o/api/v2.1/devices/${encodeURIComponent(device.hwid)}`,
					query: { access_token: 'static#1' },
					status: 200,
				})),
			],
			`requests\n${context.sim.describeRequests()}`,
		);
	},
};
