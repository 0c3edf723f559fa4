/**
 * n8n's "Custom API Call" convention: the HTTP Request node with the OPSWAT MetaAccess API credential
 * as a predefined credential type reaches an endpoint the nodes lack (Account Details v3.0), with
 * the token placed as the credential says, and the token in none of its output.
 */
import { WorkflowBuilder } from '../../examples/builder';
import { nodeOutput } from '../lab';
import type { Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import { FAST_RATE_LIMIT } from './operations';

const CALL = 'Account Details';
const SHAPE = { devices: 300, rateLimit: FAST_RATE_LIMIT };

/** The fields Account Details v3.0 answers, in its order. */
const ACCOUNT_FIELDS = [
	'name',
	'email',
	'last_login',
	'date_created',
	'devices_allowed',
	'devices_used',
	'devices_uncompliant',
	'devices_critical',
	'devices_issues',
	'devices_unknown',
	'license_key',
];

export const customApiCallScenario: Scenario = {
	id: 'custom-api-call',
	name: 'HTTP Request node with the MetaAccess credential (predefined credential type)',
	checks:
		'one GET /o/api/v3/account with the token as access_token (Send Token In: Query Parameter), then with Authorization: Bearer and no access_token (Authorization Header); the answer as the output item; the token in no output',
	async run(context) {
		const workflow = new WorkflowBuilder(
			'opswatE2eCustomCall',
			'OPSWAT MetaAccess: custom API call',
		)
			.manualTrigger()
			.chain(
				CALL,
				'n8n-nodes-base.httpRequest',
				4.2,
				{
					method: 'GET',
					url: `${context.sim.url}/o/api/v3/account`,
					authentication: 'predefinedCredentialType',
					nodeCredentialType: 'opswatMetaAccessApi',
					options: {},
				},
				true,
			)
			.build();
		const [id] = await context.home.importWorkflows([workflow]);
		const runOnce = async (placement: 'query' | 'header') => {
			const credential = context.credentialFor(SHAPE);
			await context.home.importCredential({
				...credential,
				data: { ...credential.data, authPlacement: placement },
			});
			context.sim.shape(SHAPE);
			const { result, stdout, stderr } = await context.home.execute(id);
			context.captured.push({
				label: `n8n execute custom API call (${placement})`,
				text: stdout + stderr,
			});
			const items = nodeOutput(result, CALL).map((item) => item.json);
			assertEqual(
				items.map((item) => Object.keys(item)),
				[ACCOUNT_FIELDS],
				`${placement}: the output item is Account Details' answer`,
			);
			assertTrue(
				!JSON.stringify(result).includes(context.sim.staticToken),
				`${placement}: the token is in no output`,
			);
			return context.sim.requests().map((r) => ({
				method: r.method,
				path: r.path,
				query: r.query,
				authorization: r.authorization,
				status: r.status,
			}));
		};
		try {
			assertEqual(
				await runOnce('query'),
				[
					{
						method: 'GET',
						path: '/o/api/v3/account',
						query: { access_token: 'static#1' },
						authorization: undefined,
						status: 200,
					},
				],
				`requests (query)\n${context.sim.describeRequests()}`,
			);
			assertEqual(
				await runOnce('header'),
				[
					{
						method: 'GET',
						path: '/o/api/v3/account',
						query: {},
						authorization: 'Bearer static#1',
						status: 200,
					},
				],
				`requests (header)\n${context.sim.describeRequests()}`,
			);
		} finally {
			// The next scenarios of the lane expect the examples' credential as prepare() left it.
			await context.home.importCredential(context.credentialFor(SHAPE));
		}
	},
};
