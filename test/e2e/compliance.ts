/**
 * Account → Get, Group → Get Many, Vulnerability → Get Many and Get Many of a Device (node version
 * 2) in a real n8n against the simulator's compliance fleet: exact items and exact requests.
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

export const complianceScenario: Scenario = {
	id: 'compliance',
	name: 'Account, Group and Vulnerability operations (node version 2)',
	checks:
		'Account → Get (12 simplified numbers), Group → Get Many (search, Limit 1), Vulnerability → Get Many (known-exploited only) and Get Many of a Device (Limit 2): exact items, one POST each with the exact body',
	async run(context) {
		await context.prepare({ devices: 0, rateLimit: FAST_RATE_LIMIT });
		installComplianceFleet(context.sim.simulation);
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
			.build();
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
			],
			`requests\n${context.sim.describeRequests()}`,
		);
	},
};
