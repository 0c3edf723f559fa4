/**
 * Measures bursts of webhook executions on one account in real n8n queue mode (Redis, PostgreSQL,
 * n8n main and workers; test/lab/queueBurst.ts) and prints, per burst, requests, 429s, time against
 * the rate-limit floor, failed executions, lost items and each worker's share.
 *
 *   npx ts-node --transpile-only test/scripts/queueProbe.ts --workers 4 --bursts 12,40
 *
 * Options: --workers N (2), --concurrency N (n8n's default 10), --bursts a,b,… (20,40: executions
 * per burst, in order), --headers on|off|both (both: each burst with, then without X-RateLimit
 * headers), --window-ms MS (6000; the credential's Requests per Minute is scaled to it),
 * --max-wait S (Max Wait on Rate Limit; default scaled from 120 s), --repeat N (1), --n8n
 * oldest|newest, --alone (after the bursts, stop every worker but the first and burst again).
 */
import {
	CREDENTIAL_TYPE,
	installCleanup,
	N8nHome,
	queueEnv,
	requestsPerMinuteFor,
	SimFixture,
	sleep,
	startQueueDeployment,
	startQueueServices,
	stopAllChildren,
	takeRuntimeArg,
} from '../lab';
import { burstWorkflow, describeBurst, runBurst, BURST_DEVICES } from '../lab/queueBurst';

const {
	runtimes: [runtime],
	rest: args,
} = takeRuntimeArg(process.argv.slice(2), ['newest']);
const option = (name: string, fallback: string) => {
	const index = args.indexOf(`--${name}`);
	return index >= 0 ? args[index + 1] : fallback;
};
const workers = Number(option('workers', '2'));
const concurrency = Number(option('concurrency', '0')) || undefined;
const bursts = option('bursts', '20,40').split(',').map(Number);
const headerModes = { on: [true], off: [false], both: [true, false] }[
	option('headers', 'both') as 'on' | 'off' | 'both'
];
const windowMs = Number(option('window-ms', '6000'));
const maxWait = Number(option('max-wait', String(Math.round((120 * windowMs) / 60_000))));
const repeat = Number(option('repeat', '1'));
const alone = args.includes('--alone');
const rule = { limit: 10, windowMs };
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
	installCleanup();
	const most = Math.max(...bursts);
	const sim = await SimFixture.start(most * BURST_DEVICES);
	const services = await startQueueServices(log);
	const home = await N8nHome.create(`queue-probe-${workers}`, { runtime, log });
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
		const workflowId = await home.importWorkflow(
			burstWorkflow(credential, { maxWaitOnRateLimit: maxWait }),
		);
		const deployment = await startQueueDeployment(home, services, workers, log, concurrency);
		await deployment.main.activate(workflowId);
		log(
			`${workers} workers × ${concurrency ?? 10}, ${rule.limit} requests per ${windowMs / 1000} s, Max Wait ${maxWait} s, n8n ${runtime}`,
		);
		const seen = new Set<string>();
		const round = async (label: string) => {
			for (let r = 0; r < repeat; r++)
				for (const executions of bursts)
					for (const headers of headerModes) {
						sim.shape({ devices: most * BURST_DEVICES, rateLimit: { ...rule, headers } });
						await sleep(windowMs + 200);
						sim.shape({ devices: most * BURST_DEVICES, rateLimit: { ...rule, headers } });
						const outcome = await runBurst(deployment, sim, { workflowId, executions, rule, seen });
						log(`${label}${headers ? 'headers' : 'no headers'}: ${describeBurst(outcome)}`);
						if (args.includes('--windows')) log(`  ${outcome.windows}`);
						if (args.includes('--trace')) log(`  ${outcome.trace}`);
					}
		};
		await round('');
		if (alone) {
			for (const worker of deployment.workers.slice(1)) await worker.stop('SIGTERM', 20_000);
			await round('one worker left, ');
		}
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
