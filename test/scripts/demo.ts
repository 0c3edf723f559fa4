/**
 * The demo: `npm install && npm run demo`.
 *
 * Builds the package, starts the MetaAccess simulator with a demo fleet, and starts a real n8n on
 * 127.0.0.1 (the newest supported, 2.41.3 on Node 24, unless --n8n oldest asks for 2.8.4) with the
 * package installed as a community package, a ready credential pointing at the simulator and the
 * example workflows loaded. Prints the editor URL and the login. Ctrl-C stops both and leaves no
 * process behind.
 *
 * Options (after `npm run demo --`):
 *   --devices N       fleet size (default 300)
 *   --port P          n8n port (default 5678, or a free one if taken; 0: a free one)
 *   --sim-port P      simulator port (default 8787, or a free one if taken; 0: a free one)
 *   --rate-limit N    requests per token per window (default 10)
 *   --window-ms MS    rate-limit window (default 60000: the real API's 10 a minute)
 *   --fast            10 requests per 6 s (100 a minute) instead of 10 a minute
 *   --n8n oldest|newest  which n8n: newest (default: 2.41.3 on Node 24) or oldest (2.8.4)
 *   --home NAME       n8n user folder under <os tmpdir>/n8n-nodes-opswat-metaaccess/<checkout>/ (default demo;
 *                     recreated at every start)
 */

import {
	CREDENTIAL_TYPE,
	ensureBuilt,
	ensureRuntime,
	freePort,
	installCleanup,
	N8nHome,
	portIsFree,
	takeRuntimeArg,
	type N8nServer,
	type RuntimeId,
} from '../lab';
import { startSimulator, type RunningSimulator } from '../simulator';
import { EXAMPLE_CREDENTIAL } from '../../examples/builder';
import { buildExamples } from '../../examples/workflows';

interface DemoOptions {
	devices: number;
	port: number | undefined;
	simPort: number | undefined;
	rateLimit: number;
	windowMs: number;
	home: string;
	runtime: RuntimeId;
}

const USAGE =
	'Usage: npm run demo [-- --n8n oldest|newest --devices N --port P --sim-port P --rate-limit N --window-ms MS --fast --home NAME]';

export function parseDemoArgs(args: string[]): DemoOptions {
	const { runtimes, rest: argv } = takeRuntimeArg(args, ['newest']);
	if (runtimes.length !== 1)
		throw new Error(`The demo runs one n8n: --n8n oldest or --n8n newest. ${USAGE}`);
	const options: DemoOptions = {
		devices: 300,
		port: undefined,
		simPort: undefined,
		rateLimit: 10,
		windowMs: 60_000,
		home: 'demo',
		runtime: runtimes[0],
	};
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => {
			const next = argv[++i];
			if (next === undefined) throw new Error(`${flag} needs a value. ${USAGE}`);
			return next;
		};
		const whole = (text: string, min: number) => {
			const number = Number(text);
			if (!Number.isInteger(number) || number < min)
				throw new Error(`${flag} must be a whole number of at least ${min}. ${USAGE}`);
			return number;
		};
		switch (flag) {
			case '--devices':
				options.devices = whole(value(), 0);
				break;
			case '--port':
				options.port = whole(value(), 0);
				break;
			case '--sim-port':
				options.simPort = whole(value(), 0);
				break;
			case '--rate-limit':
				options.rateLimit = whole(value(), 1);
				break;
			case '--window-ms':
				options.windowMs = whole(value(), 1);
				break;
			case '--fast':
				options.rateLimit = 10;
				options.windowMs = 6000;
				break;
			case '--home':
				options.home = value();
				if (!/^[\w.-]+$/.test(options.home))
					throw new Error(`--home must be a plain folder name. ${USAGE}`);
				break;
			case '--help':
			case '-h':
				console.log(USAGE);
				process.exit(0);
				break;
			default:
				throw new Error(`Unknown option ${flag}. ${USAGE}`);
		}
	}
	return options;
}

/** The wanted port if free; else (or for 0 / none) a free one. */
async function pickPort(
	wanted: number | undefined,
	preferred: number,
	what: string,
): Promise<number> {
	if (wanted === 0) return await freePort();
	const port = wanted ?? preferred;
	if (await portIsFree(port)) return port;
	if (wanted !== undefined)
		throw new Error(
			`Port ${port} for ${what} is taken. Choose another one, or 0 for any free port.`,
		);
	const other = await freePort();
	console.log(`Port ${port} is taken; ${what} uses ${other} instead.`);
	return other;
}

const say = (line: string) => console.log(line);

async function main() {
	const options = parseDemoArgs(process.argv.slice(2));
	const running: { sim?: RunningSimulator; server?: N8nServer } = {};
	let stopping = false;
	const stop = async () => {
		stopping = true;
		await running.server?.stop();
		await running.sim?.close();
	};
	installCleanup(async (signal) => {
		say(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping n8n and the simulator…`);
		await stop();
		say('Stopped. Nothing is left running.');
		process.exit(0);
	});

	say('OPSWAT MetaAccess demo');
	await ensureBuilt(say);
	const runtime = await ensureRuntime(options.runtime, say);
	say(`n8n: ${runtime.label}`);
	const simPort = await pickPort(options.simPort, 8787, 'the simulator');
	const n8nPort = await pickPort(options.port, 5678, 'n8n');
	const accessToken = 'demo-access-token';
	// The simulator's default API client: the credential uses Client Credentials, its default way in.
	const client = { clientId: 'demo-client', clientSecret: 'demo-secret' };
	const sim = await startSimulator({
		devices: options.devices,
		port: simPort,
		rateLimit: { limit: options.rateLimit, windowMs: options.windowMs },
		staticTokens: [accessToken],
		clients: [client],
	});
	running.sim = sim;
	const home = await N8nHome.create(options.home, { runtime: options.runtime, log: say });
	const requestsPerMinute = Math.max(
		1,
		Math.floor((options.rateLimit * 60_000) / options.windowMs),
	);
	await home.importCredential({
		...EXAMPLE_CREDENTIAL,
		type: CREDENTIAL_TYPE,
		data: { baseUrl: sim.url, authentication: 'clientCredentials', ...client, requestsPerMinute },
	});
	const examples = buildExamples();
	await home.importWorkflows(examples.map(({ workflow }) => workflow));
	say('Starting n8n…');
	const server = await home.start({ port: n8nPort });
	running.server = server;
	const started = server;
	void (async () => {
		// n8n stopping on its own (not through Ctrl-C) ends the demo.
		while (!stopping) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			try {
				process.kill(started.pid, 0);
			} catch {
				if (stopping) return;
				say(`n8n stopped unexpectedly; see ${started.logFile}`);
				await stop();
				process.exit(1);
			}
		}
	})();

	const sample = sim.simulation
		.devices(Date.now())
		.devices.find(
			(device) =>
				device.status === 0 && device.category === 'monitored' && device.machine_type !== 'phone',
		);
	const rate =
		options.windowMs === 60_000
			? `${options.rateLimit} requests a minute`
			: `${options.rateLimit} requests per ${options.windowMs / 1000} s`;
	const lines = [
		'',
		'The demo is running.',
		'',
		`  n8n editor:  ${server.url} (${runtime.label})`,
		`  Log in with: ${server.owner.email} / ${server.owner.password}`,
		'',
		`  Simulator:   ${sim.url} (simulated MetaAccess cloud: ${options.devices} devices, ${rate} per token)`,
		`  Credential:  "${EXAMPLE_CREDENTIAL.name}" (Client Credentials: client ID ${client.clientId}, secret ${client.clientSecret}, Requests per Minute ${requestsPerMinute});`,
		`               for Access Token paste ${accessToken}`,
		'  Workflows:',
		...examples.map(({ workflow }) => `    - ${workflow.name}`),
		'',
		'  Open a workflow and click "Execute workflow". To see the trigger fire, activate the alert',
		'  workflow, wait for its first poll (it records the fleet), then make a device non-compliant:',
		`    curl -X PATCH ${sim.url}/_sim/devices/${sample?.hwid ?? '<hwid>'} -H 'content-type: application/json' -d '{"status":1}'`,
		'',
		`  n8n folder:  ${home.userFolder}`,
		`  n8n log:     ${server.logFile}`,
		'',
		'Press Ctrl-C to stop n8n and the simulator.',
	];
	say(lines.join('\n'));
}

if (require.main === module) {
	main().catch(async (error) => {
		console.error(error instanceof Error ? error.message : error);
		const { stopAllChildren } = await import('../lab');
		await stopAllChildren();
		process.exit(1);
	});
}
