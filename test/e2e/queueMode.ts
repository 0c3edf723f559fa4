/**
 * n8n in queue mode (real Redis and PostgreSQL, n8n main and 2 workers at n8n's default
 * concurrency of 10): bursts of 40 webhook executions × 4 requests each on one account. The
 * workers cannot see each other's rate limiters; they must still lose nothing: no failed
 * execution, no failed item, at most 0.5 rejected requests per accepted one, and each burst within
 * 1.15× of the rate-limit floor. Then a burst with client credentials on a fresh credential whose
 * tokens expire every few seconds: the workers share tokens only through n8n's database, and fetch
 * at most one token each per expiry, with no failed execution.
 */
import { randomUUID } from 'node:crypto';

import { EXAMPLE_CREDENTIAL, ACTION_NODE_TYPE, type Workflow } from '../../examples/builder';
import {
	N8nHome,
	nodeJson,
	queueEnv,
	sleep,
	startQueueDeployment,
	startQueueServices,
	type N8nServer,
} from '../lab';
import type { Context, Scenario } from './context';
import { assertEqual, assertTrue } from './expect';

const EXECUTIONS = 40;
const DEVICES = 40;
const BATCH_SIZE = 10;
const REQUESTS = (EXECUTIONS * DEVICES) / BATCH_SIZE;
const RATE = { limit: 10, windowMs: 2000 };
const BURSTS = 2;
const WORKERS = 2;
/** The token lifetime of the client-credentials burst: it outlives several tokens. */
const TOKEN_LIFETIME_S = 8;
const WEBHOOK_PATH = 'metaaccess-queue-burst';
const ACTION = 'Exempt the devices';

function burstWorkflow(hwids: string[]): Workflow {
	const node = (
		name: string,
		type: string,
		typeVersion: number,
		x: number,
		parameters: Record<string, unknown>,
	) => ({
		id: randomUUID(),
		name,
		type,
		typeVersion,
		position: [x, 0] as [number, number],
		parameters,
	});
	const nodes = [
		{
			...node('Webhook', 'n8n-nodes-base.webhook', 2, 0, {
				httpMethod: 'POST',
				path: WEBHOOK_PATH,
				responseMode: 'onReceived',
				options: {},
			}),
			webhookId: randomUUID(),
		},
		node('Devices', 'n8n-nodes-base.set', 3.4, 220, {
			mode: 'raw',
			jsonOutput: JSON.stringify({ devices: hwids.map((hwid) => ({ hwid })) }),
			options: {},
		}),
		node('One Item per Device', 'n8n-nodes-base.splitOut', 1, 440, {
			fieldToSplitOut: 'devices',
			include: 'noOtherFields',
			options: {},
		}),
		{
			...node(ACTION, ACTION_NODE_TYPE, 1, 660, {
				resource: 'device',
				operation: 'exempt',
				identifyBy: 'id',
				devices: '={{ $json.hwid }}',
				options: { batchSize: BATCH_SIZE },
			}),
			credentials: {
				opswatMetaAccessApi: { id: EXAMPLE_CREDENTIAL.id, name: EXAMPLE_CREDENTIAL.name },
			},
		},
	];
	const chain = (from: string, to: string) => ({
		[from]: { main: [[{ node: to, type: 'main' as const, index: 0 }]] },
	});
	return {
		id: 'opswatQueueBurst01',
		name: 'OPSWAT MetaAccess: queue-mode burst (e2e)',
		nodes,
		connections: {
			...chain('Webhook', 'Devices'),
			...chain('Devices', 'One Item per Device'),
			...chain('One Item per Device', ACTION),
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		meta: {},
		tags: [],
		active: false,
	} as unknown as Workflow;
}

type Execution = { id: string; status: string; stoppedAt?: string };

/** Sends a burst of webhook calls; resolves to the executions it started, once all finished. */
async function burst(main: N8nServer, workflowId: string, seen: string[]): Promise<Execution[]> {
	const calls = await Promise.all(
		Array.from({ length: EXECUTIONS }, () =>
			fetch(`${main.url}/webhook/${WEBHOOK_PATH}`, {
				method: 'POST',
				body: '{}',
				headers: { 'content-type': 'application/json' },
			}),
		),
	);
	assertEqual(
		calls.map((call) => call.status),
		Array(EXECUTIONS).fill(200),
		'webhook answers',
	);
	return await finishedExecutions(main, workflowId, seen, EXECUTIONS);
}

/** Every execution succeeded, and (for a sample) every device has its result. */
async function checkExecutions(
	main: N8nServer,
	executions: Execution[],
	hwids: string[],
	what: string,
) {
	assertEqual(
		executions.map((execution) => execution.status),
		Array(EXECUTIONS).fill('success'),
		`${what}: execution statuses`,
	);
	for (const summary of executions.slice(0, 5)) {
		const items = nodeJson(await main.execution(summary.id), ACTION);
		assertEqual(
			items.map((item) => item.id),
			hwids,
			`${what}: devices of execution ${summary.id}`,
		);
		assertTrue(
			items.every((item) => item.result === 'applied' || item.result === 'not supported'),
			`${what}: every device has its result`,
		);
	}
}

/**
 * The executions of the workflow not in `seen`, once `count` of them have finished. (n8n lists the
 * newest 100 executions: enough for one burst, not for the bursts of the whole scenario.)
 */
async function finishedExecutions(
	server: N8nServer,
	workflowId: string,
	seen: string[],
	count: number,
): Promise<Execution[]> {
	const deadline = Date.now() + 10 * 60_000;
	for (;;) {
		const executions = (await server.executions(workflowId)) as Execution[];
		const finished = executions.filter(
			(execution) =>
				!seen.includes(execution.id) &&
				execution.stoppedAt &&
				!['new', 'running', 'waiting'].includes(execution.status),
		);
		if (finished.length >= count) return finished;
		if (Date.now() > deadline)
			throw new Error(`${finished.length} of ${count} executions finished in time`);
		await sleep(500);
	}
}

export const queueModeScenario: Scenario = {
	id: 'queue-mode',
	// Queue mode is how large deployments run the newest n8n; once is enough for the suite.
	runtimes: ['newest'],
	name: 'Queue mode: Redis, PostgreSQL, n8n main and 2 workers; bursts of 40 webhook executions on one account',
	checks:
		"Debian's redis-server and postgresql started on free ports; n8n main and 2 workers (default concurrency 10); 2 bursts of 40 webhook calls, each execution exempting 40 devices in 4 requests: every execution succeeds, every device has its result, at most 0.5 rejected (429) requests per accepted one, each burst within 1.15× of the rate-limit floor (15 windows); then a burst with client credentials on a fresh credential, tokens of 8 s: every execution succeeds, every request accepted in the end, at most one token request per worker per expiry",
	async run(context: Context) {
		const services = await startQueueServices(context.log);
		let deployment: Awaited<ReturnType<typeof startQueueDeployment>> | undefined;
		const home = await N8nHome.create(`e2e-queue-${context.runtime.id}`, {
			runtime: context.runtime.id,
			log: context.log,
		});
		context.extraFolders.push(home.userFolder);
		try {
			context.sim.shape({ devices: 300, rateLimit: RATE });
			// Every n8n process of this home, the imports first, uses the deployment's Redis and PostgreSQL.
			home.useEnvironment(queueEnv(services));
			await home.importCredential(context.credentialFor({ devices: 300, rateLimit: RATE }));
			const hwids = context.sim
				.raw()
				.slice(0, DEVICES)
				.map((device) => device.hwid);
			const workflowId = await home.importWorkflow(burstWorkflow(hwids));
			deployment = await startQueueDeployment(home, services, WORKERS, context.log);
			await deployment.main.activate(workflowId);
			const floorMs = (Math.ceil(REQUESTS / RATE.limit) - 1) * RATE.windowMs;
			let seen: string[] = [];
			for (let round = 1; round <= BURSTS; round++) {
				context.sim.shape({ devices: 300, rateLimit: RATE });
				await sleep(RATE.windowMs + 200);
				const executions = await burst(deployment.main, workflowId, seen);
				seen = [...seen, ...executions.map((execution) => execution.id)];
				await checkExecutions(deployment.main, executions, hwids, `burst ${round}`);
				const requests = context.sim.requests();
				const accepted = requests.filter((request) => request.status === 200).length;
				const rejected = requests.filter((request) => request.status === 429).length;
				const times = requests.map((request) => Date.parse(request.time));
				const spanMs = Math.max(...times) - Math.min(...times);
				// Accepted/rejected per window of the simulator (from the first request), for the log.
				const windows: string[] = [];
				for (const request of requests) {
					const index = Math.floor((Date.parse(request.time) - Math.min(...times)) / RATE.windowMs);
					windows[index] ??= '';
					windows[index] += request.status === 200 ? '+' : 'x';
				}
				context.log(`    windows: ${windows.map((window) => window ?? '').join(' | ')}`);
				context.log(
					`    burst ${round}: ${accepted} accepted, ${rejected} × 429 (${(rejected / accepted).toFixed(2)} per accepted), ${(spanMs / 1000).toFixed(1)} s against a floor of ${floorMs / 1000} s (${(spanMs / floorMs).toFixed(2)}×)`,
				);
				assertEqual(accepted, REQUESTS, `burst ${round}: accepted requests`);
				assertTrue(
					rejected / accepted <= 0.5,
					`burst ${round}: ${rejected} rejected for ${accepted} accepted (at most 0.5 each)`,
				);
				assertTrue(
					spanMs <= 1.15 * floorMs,
					`burst ${round}: ${spanMs} ms, within 1.15× the floor of ${floorMs} ms`,
				);
			}

			// Client credentials, no token stored yet, tokens of TOKEN_LIFETIME_S seconds.
			const shape = { devices: 300, rateLimit: RATE, tokenLifetimeSeconds: TOKEN_LIFETIME_S };
			context.sim.shape(shape);
			await home.importCredential(context.credentialFor(shape, 'clientCredentials'));
			await sleep(RATE.windowMs + 200);
			const executions = await burst(deployment.main, workflowId, seen);
			await checkExecutions(deployment.main, executions, hwids, 'client credentials');
			const requests = context.sim.requests();
			const fetches = requests.filter((request) => request.path === '/o/oauth/token');
			const actions = requests.filter((request) => request.path !== '/o/oauth/token');
			const times = requests.map((request) => Date.parse(request.time));
			const spanMs = Math.max(...times) - Math.min(...times);
			// Each worker fetches once at the start and at most once per expiry after it.
			const expiries = Math.floor(spanMs / (TOKEN_LIFETIME_S * 1000));
			const refused = actions.filter((request) => request.status === 401);
			context.log(
				`    client credentials: ${fetches.length} token requests over ${(spanMs / 1000).toFixed(1)} s (${expiries} token lifetimes, ${WORKERS} workers), ${refused.length} × 401, ${actions.filter((request) => request.status === 200).length} accepted`,
			);
			assertEqual(
				actions.filter((request) => request.status === 200).length,
				REQUESTS,
				'client credentials: accepted requests',
			);
			assertTrue(expiries >= 2, `client credentials: the burst outlived two tokens (${spanMs} ms)`);
			assertTrue(
				fetches.every((request) => request.status === 200) &&
					fetches.length <= WORKERS * (expiries + 1),
				`client credentials: at most one token request per worker per expiry: ${fetches.length} for ${expiries} expiries\n${context.sim.describeRequests(fetches)}`,
			);
			assertTrue(
				refused.every((request) => /^e2e-client#\d+$/.test(request.query.access_token ?? '')),
				'client credentials: only issued (expired) tokens were refused',
			);
		} finally {
			if (deployment) {
				context.captured.push({ label: 'queue-mode main', text: deployment.main.output() });
				for (const worker of deployment.workers)
					context.captured.push({
						label: 'queue-mode worker',
						text: worker.stdout + worker.stderr,
					});
				await deployment.stop();
			}
			await home.dispose({ keepFiles: true });
			await services.stop();
		}
	},
};
