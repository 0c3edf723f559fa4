/**
 * Runs the MetaAccess simulator from the command line:
 *   npm run simulator -- --devices 500 --port 8787
 */
import { DEFAULT_RATE_LIMIT } from './rateLimiter';
import { startSimulator, type SimulatorOptions } from './server';

const USAGE = `Usage: npm run simulator -- [options]

  --devices N          fleet size (default 100)
  --seed N             fleet seed: the same seed and size give the same fleet (default 1)
  --host H             interface to listen on (default 127.0.0.1)
  --port P             port, 0 for a free one (default 8787)
  --rate-limit N       requests per access token per window, 0 for no limit (default 10)
  --window-ms MS       rate-limit window (default 60000)
  --token-lifetime S   lifetime of tokens from the token endpoint, in seconds (default 43199)
  --agent-log-delay S  seconds after fetch_agent_log until Get Reports gives the log, 0 at once (default 60)
  --token T            a static access token (repeatable; default demo-access-token)
  --client ID:SECRET   client credentials for the token endpoint (repeatable; default demo-client:demo-secret)
  --help               this text`;

const DEFAULT_CLI_PORT = 8787;

const VALUE_FLAGS = [
	'devices',
	'seed',
	'host',
	'port',
	'rate-limit',
	'window-ms',
	'token-lifetime',
	'agent-log-delay',
	'token',
	'client',
] as const;
type Flag = (typeof VALUE_FLAGS)[number];

function wholeNumber(flag: string, value: string): number {
	if (!/^\d+$/.test(value)) throw new Error(`--${flag} takes a whole number, not "${value}"`);
	return Number(value);
}

/** Simulator options from command-line arguments; 'help' for --help. Throws on an unknown or malformed flag. */
export function parseCliArgs(args: string[]): SimulatorOptions | 'help' {
	const values: Partial<Record<Flag, string[]>> = {};
	for (let i = 0; i < args.length; i++) {
		if (args[i] === '--help' || args[i] === '-h') return 'help';
		const [name, inline] = args[i].replace(/^--/, '').split(/=(.*)/s);
		if (!args[i].startsWith('--') || !VALUE_FLAGS.includes(name as Flag))
			throw new Error(`Unknown option ${args[i]}`);
		const value = inline ?? args[++i];
		if (value === undefined) throw new Error(`--${name} needs a value`);
		(values[name as Flag] ??= []).push(value);
	}
	const last = (flag: Flag) => values[flag]?.[values[flag]!.length - 1];
	const number = (flag: Flag) =>
		last(flag) === undefined ? undefined : wholeNumber(flag, last(flag)!);
	const seed = last('seed');
	if (seed !== undefined && !/^-?\d+$/.test(seed))
		throw new Error(`--seed takes an integer, not "${seed}"`);
	const limit = number('rate-limit');
	const windowMs = number('window-ms');
	return {
		host: last('host') ?? '127.0.0.1',
		port: number('port') ?? DEFAULT_CLI_PORT,
		...(values.devices ? { devices: number('devices') } : {}),
		...(seed !== undefined ? { seed: Number(seed) } : {}),
		...(limit === 0
			? { rateLimit: false }
			: limit !== undefined || windowMs !== undefined
				? {
						rateLimit: {
							limit: limit ?? DEFAULT_RATE_LIMIT.limit,
							windowMs: windowMs ?? DEFAULT_RATE_LIMIT.windowMs,
						},
					}
				: {}),
		...(values['token-lifetime'] ? { tokenLifetimeSeconds: number('token-lifetime') } : {}),
		...(values['agent-log-delay'] ? { agentLogDelaySeconds: number('agent-log-delay') } : {}),
		...(values.token ? { staticTokens: values.token } : {}),
		...(values.client
			? {
					clients: values.client.map((pair) => {
						const [clientId, clientSecret] = pair.split(/:(.*)/s);
						if (!clientId || !clientSecret)
							throw new Error(`--client takes ID:SECRET, not "${pair}"`);
						return { clientId, clientSecret };
					}),
				}
			: {}),
	};
}

async function main() {
	let options: SimulatorOptions | 'help';
	try {
		options = parseCliArgs(process.argv.slice(2));
	} catch (error) {
		console.error(`${(error as Error).message}\n\n${USAGE}`);
		process.exit(2);
	}
	if (options === 'help') {
		console.log(USAGE);
		return;
	}
	const simulator = await startSimulator(options);
	const { rateLimit } = simulator.simulation.config();
	console.log(
		[
			`MetaAccess simulator: ${simulator.simulation.fleet.size} devices (seed ${simulator.simulation.seed})`,
			`  Base URL:       ${simulator.url}`,
			`  Access token:   ${simulator.credentials.accessToken ?? '(none)'}`,
			`  Client ID:      ${simulator.credentials.clientId ?? '(none)'}`,
			`  Client secret:  ${simulator.credentials.clientSecret ?? '(none)'}`,
			`  Rate limit:     ${rateLimit ? `${rateLimit.limit} requests per ${rateLimit.windowMs} ms per token` : 'off'}`,
			`  Control API:    ${simulator.url}/_sim/ (see test/simulator/README.md)`,
			'Press Ctrl-C to stop.',
		].join('\n'),
	);
	const stop = () => {
		void simulator.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((error: Error) => {
		console.error(`The simulator could not start: ${error.message}`);
		process.exit(1);
	});
}
