/**
 * The end-to-end suite: `npm run test:e2e`.
 *
 * Builds the package if dist/ is stale, makes sure n8n 2.8.4 is installed in e2e/runtime
 * (`npm ci` on first use, about 5 minutes), installs the package into a fresh n8n user folder as a
 * community package, starts the MetaAccess simulator in this process, imports the example
 * workflows and runs them in real n8n processes, checking their output, the simulator's state and
 * its request log. See docs/e2e-and-demo.md.
 *
 * Options (after `npm run test:e2e --`):
 *   --only id[,id…]   run only these scenarios (ids: see --list)
 *   --list            list the scenarios and exit
 *   --keep            keep the n8n user folders under .tmp/ (kept anyway when a scenario fails)
 */
import { rateLimitScenario, tokenExpiryScenario, failureScenario } from './auth';
import { Context, type Scenario } from './context';
import { demoScenario } from './demo';
import { editorScenario } from './editor';
import { examplesScenario } from './examples';
import { leakScenario } from './leaks';
import { ensureN8n } from './lib/n8n';
import { ensureBuilt } from './lib/package';
import { installCleanup, stopAllChildren } from './lib/processes';
import { operationScenarios } from './operations';
import { sweepScenario } from './sweep';
import { triggerScenario } from './trigger';

/** In the order they run; the leak scan last, as it reads what the others left. */
export const SCENARIOS: Scenario[] = [
	examplesScenario,
	...operationScenarios,
	sweepScenario,
	tokenExpiryScenario,
	rateLimitScenario,
	failureScenario,
	editorScenario,
	triggerScenario,
	demoScenario,
	leakScenario,
];

const suiteStart = Date.now();
const stamp = () => `[${((Date.now() - suiteStart) / 1000).toFixed(1).padStart(6)} s]`;
const log = (line: string) => console.log(`${stamp()} ${line}`);

function parseArgs(argv: string[]) {
	const options = { only: undefined as string[] | undefined, keep: false, list: false };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
		else if (argv[i].startsWith('--only=')) options.only = argv[i].slice(7).split(',').filter(Boolean);
		else if (argv[i] === '--keep') options.keep = true;
		else if (argv[i] === '--list') options.list = true;
		else throw new Error(`Unknown option ${argv[i]}. Options: --only id[,id…], --list, --keep`);
	}
	return options;
}

/** What the Ctrl-C handler must stop, and whether it is stopping. */
const running: { context?: Context; interrupted?: boolean } = {};

interface Outcome {
	scenario: Scenario;
	ok: boolean;
	seconds: number;
	error?: string;
}

async function main(): Promise<number> {
	const options = parseArgs(process.argv.slice(2));
	if (options.list) {
		for (const scenario of SCENARIOS) console.log(`${scenario.id.padEnd(15)} ${scenario.name}\n${' '.repeat(16)}${scenario.checks}`);
		return 0;
	}
	const unknown = (options.only ?? []).filter((id) => !SCENARIOS.some((scenario) => scenario.id === id));
	if (unknown.length > 0) throw new Error(`Unknown scenario ${unknown.join(', ')}; see --list`);
	const selected = SCENARIOS.filter((scenario) => !options.only || options.only.includes(scenario.id));

	installCleanup(async (signal) => {
		running.interrupted = true;
		log(`${signal}: stopping n8n and the simulator.`);
		await stopAllChildren(5000);
		await running.context?.sim.close().catch(() => undefined);
		log('Stopped; nothing is left running.');
	});

	log(`OPSWAT MetaAccess e2e suite: ${selected.length} scenario(s)`);
	if (await ensureBuilt(log)) log('Built the package.');
	await ensureN8n(log);
	log('Setting up: simulator, n8n user folder with the package as a community package, example workflows');
	const context = await Context.create(log, { keep: options.keep });
	running.context = context;
	log(`  n8n user folder: ${context.home.userFolder}`);
	log(`  simulator: ${context.sim.url}`);

	const outcomes: Outcome[] = [];
	for (const scenario of selected) {
		if (running.interrupted) break;
		const started = Date.now();
		log(`▶ ${scenario.name}`);
		try {
			await scenario.run(context);
			outcomes.push({ scenario, ok: true, seconds: (Date.now() - started) / 1000 });
			log(`✔ ${scenario.id} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
		} catch (error) {
			// Interrupted: the scenario failed because its processes were stopped; say nothing more.
			if (running.interrupted) break;
			const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
			outcomes.push({ scenario, ok: false, seconds: (Date.now() - started) / 1000, error: message });
			log(`✘ ${scenario.id} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${message}`);
		}
	}

	if (running.interrupted) return await new Promise<number>(() => undefined); // the signal handler exits
	const failed = outcomes.filter((outcome) => !outcome.ok);
	await context.sim.close();
	await context.home.dispose({ keepFiles: options.keep || failed.length > 0 });
	await stopAllChildren();

	console.log('\nSummary');
	for (const outcome of outcomes) {
		console.log(`  ${outcome.ok ? '✔' : '✘'} ${outcome.scenario.id.padEnd(15)} ${outcome.seconds.toFixed(1).padStart(6)} s  ${outcome.scenario.name}`);
	}
	const total = ((Date.now() - suiteStart) / 1000).toFixed(1);
	if (failed.length > 0) {
		console.log(`\n${failed.length} of ${outcomes.length} scenario(s) failed in ${total} s: ${failed.map((outcome) => outcome.scenario.id).join(', ')}`);
		console.log(`n8n user folder kept for inspection: ${context.home.userFolder}`);
		return 1;
	}
	console.log(`\nAll ${outcomes.length} scenario(s) passed in ${total} s.`);
	return 0;
}

main().then(
	(code) => process.exit(code),
	async (error) => {
		if (running.interrupted) return; // the signal handler exits
		console.error(error instanceof Error ? (error.stack ?? error.message) : error);
		await stopAllChildren(5000);
		process.exit(1);
	},
);
