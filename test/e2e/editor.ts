/**
 * What the n8n editor gets from the package in a running n8n: the node types with their icons,
 * the credential type, and the credential's Test button for both ways to authenticate.
 */
import type { Context, Scenario } from './context';
import { assertEqual, assertTrue, expectedSimplified } from './expect';
import { CREDENTIAL_TYPE, NODE_TYPES, nodeJson, PACKAGE_NAME, sleep, type N8nServer } from '../lab';
import { FAST_RATE_LIMIT } from './operations';

type IconUrl = { light: string; dark: string };

async function checkIcon(server: N8nServer, url: string, what: string): Promise<void> {
	const answer = await server.fetch(`/${url}`);
	const body = await answer.text();
	assertEqual(answer.status, 200, `${what}: GET /${url}`);
	assertTrue(
		/image\/svg\+xml/.test(answer.headers.get('content-type') ?? '') && body.includes('<svg'),
		`${what}: /${url} is an SVG`,
	);
}

async function testCredential(context: Context, server: N8nServer, data: Record<string, unknown>) {
	const created = await server.rest('POST', '/credentials', {
		name: `Test ${Math.random().toString(36).slice(2)}`,
		type: CREDENTIAL_TYPE,
		data,
	});
	const result = await server.rest('POST', '/credentials/test', {
		credentials: { id: created.id, name: created.name, type: CREDENTIAL_TYPE, data },
	});
	context.captured.push({ label: 'credential test', text: JSON.stringify(result) });
	await server.rest('DELETE', `/credentials/${created.id}`);
	return result as { status: string; message: string };
}

export const editorScenario: Scenario = {
	id: 'editor',
	name: "n8n editor: node types, icons, the credential Test button and the trigger's test event",
	checks:
		"a running n8n lists the action node, its AI-tool variant, the trigger and the webhook trigger under the package name, and the credential type, each with light and dark SVG icons it serves; the credential test succeeds with a valid access token and with valid client credentials (one limit=1 request each), with the token in the query and in an Authorization: Bearer header (then none in the address) and fails with the exact messages for a wrong token and a wrong client secret; running the alert workflow from the editor gives the trigger's test event (the first non-compliant device of the first page, previous null, marked as a sample) with one limit=50 request",
	async run(context) {
		await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
		const server = await context.home.start();
		try {
			const nodes = (await (await server.fetch('/types/nodes.json')).json()) as Array<{
				name: string;
				iconUrl?: IconUrl;
			}>;
			const ours = nodes.filter((node) => node.name.startsWith(`${PACKAGE_NAME}.`));
			assertEqual(
				ours.map((node) => node.name).sort(),
				[
					NODE_TYPES.action,
					`${NODE_TYPES.action}Tool`,
					NODE_TYPES.trigger,
					NODE_TYPES.logTrigger,
					NODE_TYPES.webhookTrigger,
				].sort(),
				'node types of the package',
			);
			for (const node of ours) {
				assertTrue(
					node.iconUrl?.light && node.iconUrl.dark,
					`${node.name} has light and dark icons`,
				);
				await checkIcon(server, node.iconUrl.light, node.name);
				await checkIcon(server, node.iconUrl.dark, node.name);
			}
			const credentials = (await (await server.fetch('/types/credentials.json')).json()) as Array<{
				name: string;
				iconUrl?: IconUrl;
			}>;
			const credential = credentials.find((candidate) => candidate.name === CREDENTIAL_TYPE);
			assertTrue(
				credential?.iconUrl?.light && credential.iconUrl.dark,
				'the credential type has light and dark icons',
			);
			await checkIcon(server, credential.iconUrl.light, CREDENTIAL_TYPE);
			await checkIcon(server, credential.iconUrl.dark, CREDENTIAL_TYPE);

			const base = { baseUrl: `${context.sim.url}/`, requestsPerMinute: 300 };
			const { clientId, clientSecret } = context.sim.client;
			context.sim.simulation.log.clear();
			assertEqual(
				await testCredential(context, server, {
					...base,
					authentication: 'accessToken',
					accessToken: context.sim.staticToken,
				}),
				{ status: 'OK', message: 'Connection successful!' },
				'credential test with a valid access token',
			);
			assertEqual(
				await testCredential(context, server, {
					...base,
					authentication: 'clientCredentials',
					clientId,
					clientSecret,
				}),
				{ status: 'OK', message: 'Connection successful!' },
				'credential test with valid client credentials',
			);
			const requests = context.sim.requests();
			assertEqual(
				requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.status}`),
				[
					'GET /o/api/v2.3/devices {"limit":"1","access_token":"static#1"} 200',
					'POST /o/oauth/token {} 200',
					`GET /o/api/v2.3/devices {"limit":"1","access_token":"${requests[2]?.query.access_token}"} 200`,
				],
				'requests of the two credential tests',
			);
			assertTrue(
				/^e2e-client#\d+$/.test(requests[2].query.access_token),
				'the client-credentials test used a fetched token',
			);
			// The same two tests with the token in an Authorization: Bearer header: none in any address.
			context.sim.simulation.log.clear();
			for (const [authentication, secrets] of [
				['accessToken', { accessToken: context.sim.staticToken }],
				['clientCredentials', { clientId, clientSecret }],
			] as const) {
				assertEqual(
					await testCredential(context, server, {
						...base,
						authentication,
						authPlacement: 'header',
						...secrets,
					}),
					{ status: 'OK', message: 'Connection successful!' },
					`credential test (${authentication}) with the token in the header`,
				);
			}
			const inHeader = context.sim.requests();
			assertEqual(
				inHeader.map(
					(r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.authorization} ${r.status}`,
				),
				[
					'GET /o/api/v2.3/devices {"limit":"1"} Bearer static#1 200',
					'POST /o/oauth/token {} undefined 200',
					`GET /o/api/v2.3/devices {"limit":"1"} ${inHeader[2]?.authorization} 200`,
				],
				'requests of the two credential tests with the token in the header',
			);
			assertTrue(
				/^Bearer e2e-client#\d+$/.test(inHeader[2].authorization ?? ''),
				'the client-credentials test sent a fetched token in the header',
			);
			assertEqual(
				await testCredential(context, server, {
					...base,
					authentication: 'accessToken',
					accessToken: 'not-a-valid-token',
				}),
				// The credential's own wording on both versions (n8n's own differs: "Unauthorized" on
				// 2.41, "Authorization failed - please check your credentials" on 2.8).
				{
					status: 'Error',
					message:
						'MetaAccess refused the pasted access token (HTTP 401: invalid or expired; a token lasts about 12 hours). Paste a new access token in the OPSWAT MetaAccess credential, or switch its Authentication to Client Credentials so that n8n fetches and renews the token itself.',
				},
				'credential test with a wrong access token',
			);
			assertEqual(
				await testCredential(context, server, {
					...base,
					authentication: 'clientCredentials',
					clientId,
					clientSecret: 'not-the-secret',
				}),
				{
					status: 'Error',
					message: `Could not get an access token from ${context.sim.url}/o/oauth/token (HTTP 401, invalid_client: Bad client credentials). Check the Base URL, Client ID and Client Secret of the OPSWAT MetaAccess credential.`,
				},
				'credential test with a wrong client secret',
			);

			// "Fetch Test Event" / Execute workflow in the editor: the trigger in manual mode gives one
			// sample (one request, the first page): the first non-compliant device there, else the first.
			context.sim.simulation.log.clear();
			const workflowId = context.workflowIds.get('07-alert-on-non-compliant-device.json')!;
			const workflowData = await server.rest('GET', `/workflows/${workflowId}`);
			const { executionId } = await server.rest('POST', `/workflows/${workflowId}/run`, {
				workflowData,
				triggerToStartFrom: { name: 'Device Became Non-Compliant' },
			});
			let execution: any; // eslint-disable-line @typescript-eslint/no-explicit-any
			for (
				let i = 0;
				i < 120 && !['success', 'error', 'crashed'].includes(execution?.status);
				i++
			) {
				await sleep(250);
				execution = await server.execution(String(executionId)).catch(() => undefined);
			}
			assertEqual(execution?.status, 'success', 'status of the manual run of the alert workflow');
			context.captured.push({ label: 'manual trigger execution', text: JSON.stringify(execution) });
			const page = context.sim.listing().slice(0, 50) as Array<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
			const first = page.find((device) => device.status === 1) ?? page[0];
			const sample = nodeJson(execution, 'Device Became Non-Compliant');
			assertEqual(
				sample,
				[
					{
						event: 'becameNonCompliant',
						hwid: first.hwid,
						hostname: first.hostname,
						previous: null,
						current: { status: first.status, status_label: expectedSimplified(first).status_label },
						device: expectedSimplified(first),
						seen_at: sample[0]?.seen_at,
						sample: true,
						note: 'A sample for trying the workflow (Fetch Test Event): a device of the account as it is now, in the state this event leads to where one of the first devices is; no change was seen, so previous is not known.',
					},
				],
				'the test event of the trigger',
			);
			assertEqual(
				nodeJson(execution, 'Alert Message').map((item) => item.message),
				[
					`${first.hostname} became non-compliant (was not seen before). How to fix it: ${first.remediation_link}`,
				],
				'alert message of the test event',
			);
			assertEqual(
				context.sim
					.requests()
					.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.status}`),
				[
					`GET /o/api/v2.3/devices {"limit":"50","access_token":"static#1"} 200`,
					`GET /o/api/v3/devices/${first.hwid}/remediation {"opt":"0","access_token":"static#1"} 200`,
				],
				'requests of the manual run',
			);
		} finally {
			context.captured.push({ label: 'n8n start output (editor)', text: server.output() });
			await server.stop();
		}
	},
};
