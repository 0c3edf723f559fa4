/**
 * n8n in queue mode (real Redis and PostgreSQL, n8n main and 4 workers at n8n's default
 * concurrency of 10) at MetaAccess's ratios scaled 30× (10 requests per 2-s window, Requests per
 * Minute 300, Max Wait on Rate Limit 4 s: the default 120 s scaled): bursts of 12 and 40 webhook
 * executions × 4 requests each on one account, with and without X-RateLimit headers. The workers
 * cannot see each other's limiters; no execution may fail and no item be lost.
 */
import { EXAMPLE_CREDENTIAL } from '../../examples/builder';
import { queueEnv, N8nHome, sleep, startQueueDeployment, startQueueServices } from '../lab';
import { BURST_DEVICES, burstWorkflow, describeBurst, runBurst } from '../lab/queueBurst';
import type { Context, Scenario } from './context';
import { assertEqual } from './expect';

const RULE = { limit: 10, windowMs: 2000 };
const MAX_WAIT_SECONDS = Math.round((120 * RULE.windowMs) / 60_000);
const BURSTS = [12, 40];
const WORKERS = 4;
const FLEET = Math.max(...BURSTS) * BURST_DEVICES;

export const queueModeScenario: Scenario = {
	id: 'queue-mode',
	// Queue mode is how large deployments run the newest n8n; once is enough for the suite.
	runtimes: ['newest'],
	name: `Queue mode: Redis, PostgreSQL, n8n main and ${WORKERS} workers; bursts of ${BURSTS.join(' and ')} webhook executions on one account, with and without X-RateLimit headers`,
	checks: `Debian's redis-server and postgresql started on free ports; n8n main and ${WORKERS} workers (default concurrency 10); at 10 requests per 2 s (Requests per Minute 300, Max Wait on Rate Limit ${MAX_WAIT_SECONDS} s: the real ratios), bursts of ${BURSTS.join(' and ')} webhook calls, each execution exempting its own 40 devices in 4 requests, with and then without X-RateLimit headers: no execution fails, every device has its result, every request is accepted in the end`,
	async run(context: Context) {
		const services = await startQueueServices(context.log);
		let deployment: Awaited<ReturnType<typeof startQueueDeployment>> | undefined;
		const home = await N8nHome.create(`e2e-queue-${context.runtime.id}`, {
			runtime: context.runtime.id,
			log: context.log,
		});
		context.extraFolders.push(home.userFolder);
		try {
			context.sim.shape({ devices: FLEET, rateLimit: RULE });
			// Every n8n process of this home, the imports first, uses the deployment's Redis and PostgreSQL.
			home.useEnvironment(queueEnv(services));
			await home.importCredential(context.credentialFor({ devices: FLEET, rateLimit: RULE }));
			const workflowId = await home.importWorkflow(
				burstWorkflow(EXAMPLE_CREDENTIAL, { maxWaitOnRateLimit: MAX_WAIT_SECONDS }),
			);
			deployment = await startQueueDeployment(home, services, WORKERS, context.log);
			await deployment.main.activate(workflowId);
			const seen = new Set<string>();
			for (const headers of [true, false]) {
				for (const executions of BURSTS) {
					context.sim.shape({ devices: FLEET, rateLimit: { ...RULE, headers } });
					// A fresh window: nothing of the burst before counts.
					await sleep(RULE.windowMs + 200);
					context.sim.shape({ devices: FLEET, rateLimit: { ...RULE, headers } });
					const outcome = await runBurst(deployment, context.sim, {
						workflowId,
						executions,
						rule: RULE,
						seen,
					});
					const label = `${executions} executions, ${headers ? 'with' : 'without'} headers`;
					context.log(`    ${label}: ${describeBurst(outcome)}`);
					assertEqual(outcome.failed, 0, `${label}: failed executions`);
					assertEqual(outcome.lostItems, 0, `${label}: devices without their result`);
					assertEqual(outcome.accepted, executions * 4, `${label}: accepted requests`);
				}
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
