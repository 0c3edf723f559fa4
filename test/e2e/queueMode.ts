/**
 * n8n in queue mode (real Redis and PostgreSQL, n8n main and 2 workers at n8n's default
 * concurrency of 10): bursts of 40 webhook executions × 4 requests each on one account. The
 * workers cannot see each other's rate limiters; they must still lose nothing: no failed
 * execution, no failed item, at most 0.5 rejected requests per accepted one, and each burst within
 * 1.15× of the rate-limit floor.
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

async function finishedExecutions(
	server: N8nServer,
	workflowId: string,
	count: number,
): Promise<Execution[]> {
	const deadline = Date.now() + 10 * 60_000;
	for (;;) {
		const executions = (await server.executions(workflowId)) as Execution[];
		const finished = executions.filter(
			(execution) =>
				execution.stoppedAt && !['new', 'running', 'waiting'].includes(execution.status),
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
		"Debian's redis-server and postgresql started on free ports; n8n main and 2 workers (default concurrency 10); 2 bursts of 40 webhook calls, each execution exempting 40 devices in 4 requests: every execution succeeds, every device has its result, at most 0.5 rejected (429) requests per accepted one, each burst within 1.15× of the rate-limit floor (15 windows)",
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
			deployment = await startQueueDeployment(home, services, 2, context.log);
			await deployment.main.activate(workflowId);
			const floorMs = (Math.ceil(REQUESTS / RATE.limit) - 1) * RATE.windowMs;
			let seen: string[] = [];
			for (let burst = 1; burst <= BURSTS; burst++) {
				context.sim.shape({ devices: 300, rateLimit: RATE });
				await sleep(RATE.windowMs + 200);
				const calls = await Promise.all(
					Array.from({ length: EXECUTIONS }, () =>
						fetch(`${deployment!.main.url}/webhook/${WEBHOOK_PATH}`, {
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
				const executions = (
					await finishedExecutions(deployment.main, workflowId, seen.length + EXECUTIONS)
				).filter((execution) => !seen.includes(execution.id));
				seen = [...seen, ...executions.map((execution) => execution.id)];
				assertEqual(
					executions.map((execution) => execution.status),
					Array(EXECUTIONS).fill('success'),
					`burst ${burst}: execution statuses`,
				);
				for (const summary of executions.slice(0, 5)) {
					const execution = await deployment.main.execution(summary.id);
					const items = nodeJson(execution, ACTION);
					assertEqual(
						items.map((item) => item.id),
						hwids,
						`burst ${burst}: devices of execution ${summary.id}`,
					);
					assertTrue(
						items.every((item) => item.result === 'applied' || item.result === 'not supported'),
						`burst ${burst}: every device has its result`,
					);
				}
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
					`    burst ${burst}: ${accepted} accepted, ${rejected} × 429 (${(rejected / accepted).toFixed(2)} per accepted), ${(spanMs / 1000).toFixed(1)} s against a floor of ${floorMs / 1000} s (${(spanMs / floorMs).toFixed(2)}×)`,
				);
				assertEqual(accepted, REQUESTS, `burst ${burst}: accepted requests`);
				assertTrue(
					rejected / accepted <= 0.5,
					`burst ${burst}: ${rejected} rejected for ${accepted} accepted (at most 0.5 each)`,
				);
				assertTrue(
					spanMs <= 1.15 * floorMs,
					`burst ${burst}: ${spanMs} ms, within 1.15× the floor of ${floorMs} ms`,
				);
			}
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
