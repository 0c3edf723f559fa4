/**
 * What n8n does when a queue-mode worker dies mid-execution: a burst of webhook executions on 2
 * workers (test/lab/queueBurst.ts), the second worker killed (SIGKILL) once it has run for a
 * while, then every execution's status as n8n reports it, which devices MetaAccess was asked about
 * more than once (an execution run again), and which devices were exempted in MetaAccess but
 * appear in no execution's output.
 *
 *   npx ts-node --transpile-only test/scripts/queueKill.ts --n8n oldest|newest [--kill-after 8]
 *     [--executions 20] [--window-ms 6000] [--wait 300]
 */
import {
	CREDENTIAL_TYPE,
	installCleanup,
	N8nHome,
	nodeJson,
	queueEnv,
	requestsPerMinuteFor,
	SimFixture,
	sleep,
	startQueueDeployment,
	startQueueServices,
	stopAllChildren,
	takeRuntimeArg,
} from '../lab';
import { BURST_DEVICES, burstWorkflow, sendBurst } from '../lab/queueBurst';

const {
	runtimes: [runtime],
	rest: args,
} = takeRuntimeArg(process.argv.slice(2), ['newest']);
const option = (name: string, fallback: number) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? Number(args[index + 1]) : fallback;
};
const executions = option('executions', 20);
const killAfterMs = option('kill-after', 8) * 1000;
const windowMs = option('window-ms', 6000);
const waitMs = option('wait', 300) * 1000;
const rule = { limit: 10, windowMs };
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
	installCleanup();
	const sim = await SimFixture.start(executions * BURST_DEVICES);
	sim.shape({ devices: executions * BURST_DEVICES, rateLimit: rule });
	const services = await startQueueServices(log);
	const home = await N8nHome.create(`queue-kill-${runtime}`, { runtime, log });
	const credential = { id: 'opswatMetaAccess01', name: 'OPSWAT MetaAccess account' };
	try {
		home.useEnvironment(queueEnv(services));
		await home.importCredential({
			...credential,
			type: CREDENTIAL_TYPE,
			data: {
				baseUrl: `${sim.url}/`,
				authentication: 'accessToken',
				accessToken: sim.staticToken,
				requestsPerMinute: requestsPerMinuteFor(rule),
			},
		});
		const workflowId = await home.importWorkflow(burstWorkflow(credential));
		const deployment = await startQueueDeployment(home, services, 2, log);
		await deployment.main.activate(workflowId);
		// The main process registers the webhook shortly after the activation is answered.
		await sleep(3000);
		const fleet = sim.raw().map((device) => device.hwid);
		const started = Date.now();
		await sendBurst(deployment, fleet, executions);
		await sleep(Math.max(0, killAfterMs - (Date.now() - started)));
		const victim = deployment.workers[1];
		const ran = [...victim.stdout.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
		victim.signal('SIGKILL');
		log(
			`n8n ${runtime}: worker 2 killed ${((Date.now() - started) / 1000).toFixed(1)} s in; it had started executions ${ran.join(', ')}`,
		);
		const deadline = Date.now() + waitMs;
		let summaries: Array<{ id: string; status: string; stoppedAt?: string }> = [];
		for (;;) {
			summaries = await deployment.main.executions(workflowId);
			const open = summaries.filter(
				(s) => !s.stoppedAt || ['new', 'running', 'waiting'].includes(s.status),
			);
			if ((summaries.length >= executions && open.length === 0) || Date.now() > deadline) break;
			await sleep(2000);
		}
		const elapsed = ((Date.now() - started) / 1000).toFixed(0);
		const byStatus = new Map<string, string[]>();
		for (const s of summaries)
			byStatus.set(s.status, [...(byStatus.get(s.status) ?? []), String(s.id)]);
		log(
			`after ${elapsed} s: ${summaries.length} executions; ${[...byStatus].map(([status, ids]) => `${status}: ${ids.length} (${ids.join(', ')})`).join('; ')}`,
		);
		// Devices asked about more than once (an execution run again), and exempted but in no output.
		const asked = new Map<string, number>();
		for (const request of sim.requests())
			if (request.status === 200)
				for (const hwid of (request.body as { ids?: string[] }).ids ?? [])
					asked.set(hwid, (asked.get(hwid) ?? 0) + 1);
		const inOutput = new Set<string>();
		for (const s of summaries) {
			try {
				for (const item of nodeJson(
					await deployment.main.execution(String(s.id)),
					'Exempt the devices',
				))
					inOutput.add(item.id as string);
			} catch {
				// No output: the node did not finish.
			}
		}
		const twice = [...asked].filter(([, count]) => count > 1).length;
		const exemptedUnseen = [...asked.keys()].filter((hwid) => !inOutput.has(hwid)).length;
		const neverSent = fleet.length - asked.size;
		log(
			`devices: ${asked.size} exempted at least once, ${twice} more than once, ${exemptedUnseen} exempted but in no output, ${neverSent} never sent`,
		);
		await deployment.stop();
	} finally {
		await home.dispose();
		await services.stop();
		await sim.close();
		await stopAllChildren();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
