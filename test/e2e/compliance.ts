/**
 * Account → Get, Group → Get Many, Vulnerability → Get Many and Get Many of a Device, Log → Get
 * Many (node version 2) in a real n8n against the simulator's compliance fleet and admin log:
 * exact items and exact requests.
 */
import { WorkflowBuilder } from '../../examples/builder';
import { nodeOutput } from '../lab';
import { SEEDED_GROUPS } from '../simulator/accountData';
import {
	COMPLIANCE_ACCOUNT,
	installComplianceFleet,
	simplifiedCve,
} from '../harness/complianceFleet';
import type { Scenario } from './context';
import { assertEqual } from './expect';
import { FAST_RATE_LIMIT } from './operations';

const DEVICE = 'HW-CRIT-01';

/** Admin log entries: three configuration changes in the window, one log-on, one change after it. */
const ADMIN_LOG = [
	['2026-11-30T09:00:00.000Z', 'configuration_change', 'Changed policy A'],
	['2026-11-30T09:30:00.000Z', 'logged_on', 'Logged on'],
	['2026-11-30T10:00:00.000Z', 'configuration_change', 'Changed policy B'],
	['2026-11-30T11:00:00.000Z', 'configuration_change', 'Changed policy C'],
	['2026-11-30T13:00:00.000Z', 'configuration_change', 'Changed policy D'],
] as const;
const WINDOW = { start: '2026-11-30T08:00:00.000Z', end: '2026-11-30T12:00:00.000Z' };
const adminEntry = ([timestamp, event, details]: (typeof ADMIN_LOG)[number]) => ({
	timestamp,
	event,
	details,
	email: 'admin@example.com',
});

export const complianceScenario: Scenario = {
	id: 'compliance',
	name: 'Account, Group, Vulnerability and Log operations (node version 2)',
	checks:
		'Account → Get (12 simplified numbers), Group → Get Many (search, Limit 1), Vulnerability → Get Many (known-exploited only) and Get Many of a Device (Limit 2), Log → Get Many (Admin, one event, between two dates, Limit 2): exact items, one POST each with the exact body',
	async run(context) {
		await context.prepare({ devices: 0, rateLimit: FAST_RATE_LIMIT });
		installComplianceFleet(context.sim.simulation);
		for (const [timestamp, event, details] of ADMIN_LOG)
			context.sim.simulation.events.append('admin', event, Date.parse(timestamp), {
				email: 'admin@example.com',
				details,
			});
		context.sim.simulation.log.clear();
		const workflow = new WorkflowBuilder('opswatE2eCompliance', 'OPSWAT MetaAccess: e2e compliance')
			.manualTrigger()
			.metaAccessV2('Account', 'account', { operation: 'get' })
			.metaAccessV2('Groups', 'group', { operation: 'getAll', search: 'fin', limit: 1 })
			.metaAccessV2('Known-Exploited CVEs', 'vulnerability', {
				operation: 'getAll',
				knownExploitedOnly: true,
			})
			.metaAccessV2('Device CVEs', 'vulnerability', {
				operation: 'getAllOfDevice',
				device: { __rl: true, mode: 'id', value: DEVICE },
				limit: 2,
			})
			.metaAccessV2('Admin Changes', 'log', {
				operation: 'getAll',
				category: 'admin',
				events: ['configuration_change'],
				window: 'between',
				start: WINDOW.start,
				end: WINDOW.end,
				limit: 2,
			})
			.build();
		// After the two Device CVEs items: once, not once per item (n8n's Execute Once).
		workflow.nodes.find((node) => node.name === 'Admin Changes')!.executeOnce = true;
		const [id] = await context.home.importWorkflows([workflow]);
		const { result, stdout, stderr } = await context.home.execute(id);
		context.captured.push({ label: 'n8n execute e2e compliance', text: stdout + stderr });
		const json = (node: string) => nodeOutput(result, node).map((item) => item.json);
		assertEqual(json('Account'), [COMPLIANCE_ACCOUNT], 'Account output');
		const finance = SEEDED_GROUPS.find((group) => group.group_id === 'finance');
		assertEqual(json('Groups'), [{ ...finance, number_of_devices: 2 }], 'Groups output');
		assertEqual(
			json('Known-Exploited CVEs'),
			[simplifiedCve(0, { number_of_devices: 1 })],
			'Known-Exploited CVEs output',
		);
		assertEqual(
			json('Device CVEs'),
			[simplifiedCve(0, { device: DEVICE }), simplifiedCve(1, { device: DEVICE })],
			'Device CVEs output',
		);
		assertEqual(
			json('Admin Changes'),
			[adminEntry(ADMIN_LOG[0]), adminEntry(ADMIN_LOG[2])],
			'Admin Changes output: the first two configuration changes of the window, oldest first',
		);
		const post = (path: string, body: unknown) => ({
			method: 'POST',
			path,
			query: { access_token: 'static#1' },
			body,
			status: 200,
		});
		assertEqual(
			context.sim
				.requests()
				.map(({ method, path, query, body, status }) => ({ method, path, query, body, status })),
			[
				post('/o/api/v3.2/account', null),
				post('/o/api/v3/groups', { search: 'fin', limit: 1 }),
				post('/o/api/v3.2/cves', { filter: { kev: 1 } }),
				post('/o/api/v3.2/get_cves', { id: DEVICE, verbose: 1, limit: 2 }),
				post('/o/api/v3.3/logs', {
					event_category: 'admin',
					limit: 2,
					start_time: Date.parse(WINDOW.start),
					end_time: Date.parse(WINDOW.end),
					filter: { events: 'configuration_change' },
				}),
			],
			`requests\n${context.sim.describeRequests()}`,
		);
	},
};
