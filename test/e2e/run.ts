/**
 * The end-to-end suite: `npm run test:e2e`.
 *
 * Builds the package if dist/ is stale, makes sure each n8n it runs on is installed under
 * test/lab/runtimes/ (once: n8n 2.8.4 on this Node.js, n8n 2.41.3 on Node 24 from the npm registry,
 * installed side by side), and for each: installs the package into a fresh n8n user folder outside
 * the project tree as n8n's Community Nodes installer leaves it, starts the MetaAccess simulator in
 * this process, imports the example workflows and runs every scenario in real n8n processes,
 * checking their output, the simulator's state and its request log. See docs/development.md.
 *
 * Options (after `npm run test:e2e --`):
 *   --n8n oldest|newest|both   which n8n to run on (default both: 2.8.4, then 2.41.3)
 *   --only id[,id…]            run only these scenarios (ids: see --list)
 *   --list                     list the scenarios and exit
 *   --keep                     keep the n8n user folders (kept anyway when a scenario fails)
 */
import { rm } from 'node:fs/promises';

import {
	ensureBuilt,
	ensureRuntimes,
	installCleanup,
	stopAllChildren,
	takeRuntimeArg,
	type RuntimeId,
} from '../lab';
import { agentScenario } from './agent';
import { rateLimitScenario, tokenExpiryScenario, failureScenario } from './auth';
import { browserScenario } from './browser';
import { byHandScenario } from './byHand';
import { Context, type Scenario } from './context';
import { demoScenario } from './demo';
import { editorScenario } from './editor';
import { examplesScenario } from './examples';
import { leakScenario } from './leaks';
import { lookupsScenario } from './lookups';
import { operationScenarios } from './operations';
import { queueModeScenario } from './queueMode';
import { sweepScenario } from './sweep';
import { triggerScenario } from './trigger';
import { webhookScenario } from './webhook';
import { triggerDeltaScenario } from './triggerDelta';

/** In the order they run; the leak scan last, as it reads what the others left. */
export const SCENARIOS: Scenario[] = [
	examplesScenario,
	...operationScenarios,
	lookupsScenario,
	agentScenario,
	sweepScenario,
	tokenExpiryScenario,
	rateLimitScenario,
	failureScenario,
	editorScenario,
	browserScenario,
	triggerScenario,
	webhookScenario,
	triggerDeltaScenario,
	demoScenario,
	byHandScenario,
	queueModeScenario,
	leakScenario,
];

const suiteStart = Date.now();
const stamp = () => `[${((Date.now() - suiteStart) / 1000).toFixed(1).padStart(6)} s]`;
const log = (line: string) => console.log(`${stamp()} ${line}`);

function parseArgs(args: string[]) {
	const { runtimes, rest: argv } = takeRuntimeArg(args, ['oldest', 'newest']);
	const options = { only: undefined as string[] | undefined, keep: false, list: false, runtimes };
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--only') options.only = (argv[++i] ?? '').split(',').filter(Boolean);
		else if (argv[i].startsWith('--only='))
			options.only = argv[i].slice(7).split(',').filter(Boolean);
		else if (argv[i] === '--keep') options.keep = true;
		else if (argv[i] === '--list') options.list = true;
		else
			throw new Error(
				`Unknown option ${argv[i]}. Options: --n8n oldest|newest|both, --only id[,id…], --list, --keep`,
			);
	}
	return options;
}

/** What the Ctrl-C handler must stop, and whether it is stopping. */
const running: { context?: Context; interrupted?: boolean } = {};

interface Outcome {
	runtime: string;
	scenario: Scenario;
	ok: boolean;
	seconds: number;
	error?: string;
}

async function main(): Promise<number> {
	const options = parseArgs(process.argv.slice(2));
	if (options.list) {
		for (const scenario of SCENARIOS)
			console.log(
				`${scenario.id.padEnd(15)} ${scenario.name}\n${' '.repeat(16)}${scenario.checks}`,
			);
		return 0;
	}
	const unknown = (options.only ?? []).filter(
		(id) => !SCENARIOS.some((scenario) => scenario.id === id),
	);
	if (unknown.length > 0) throw new Error(`Unknown scenario ${unknown.join(', ')}; see --list`);
	const selected = SCENARIOS.filter(
		(scenario) => !options.only || options.only.includes(scenario.id),
	);

	installCleanup(async (signal) => {
		running.interrupted = true;
		log(`${signal}: stopping n8n and the simulator.`);
		await stopAllChildren(5000);
		await running.context?.sim.close().catch(() => undefined);
		log('Stopped; nothing is left running.');
	});

	log(
		`OPSWAT MetaAccess e2e suite: ${selected.length} scenario(s) on ${options.runtimes.map((id) => `the ${id} n8n`).join(' and ')}`,
	);
	if (await ensureBuilt(log)) log('Built the package.');
	const runtimes = await ensureRuntimes(options.runtimes, log);

	const outcomes: Outcome[] = [];
	const keptFolders: string[] = [];
	for (const runtime of runtimes) {
		if (running.interrupted) break;
		log(`■ ${runtime.label} (${runtime.id})`);
		log(
			'Setting up: simulator, n8n user folder with the package as a community package, example workflows',
		);
		const context = await Context.create(log, {
			keep: options.keep,
			runtime: runtime.id as RuntimeId,
		});
		running.context = context;
		log(`  n8n user folder: ${context.home.userFolder}`);
		log(`  simulator: ${context.sim.url}`);
		let failedHere = 0;
		for (const scenario of selected) {
			if (running.interrupted) break;
			if (scenario.runtimes && !scenario.runtimes.includes(runtime.id as RuntimeId)) continue;
			const started = Date.now();
			log(`▶ ${scenario.name} [${runtime.label}]`);
			try {
				await scenario.run(context);
				outcomes.push({
					runtime: runtime.label,
					scenario,
					ok: true,
					seconds: (Date.now() - started) / 1000,
				});
				log(`✔ ${scenario.id} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
			} catch (error) {
				// Interrupted: the scenario failed because its processes were stopped; say nothing more.
				if (running.interrupted) break;
				failedHere++;
				const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
				outcomes.push({
					runtime: runtime.label,
					scenario,
					ok: false,
					seconds: (Date.now() - started) / 1000,
					error: message,
				});
				log(`✘ ${scenario.id} (${((Date.now() - started) / 1000).toFixed(1)} s)\n${message}`);
			}
		}
		if (running.interrupted) break;
		await context.sim.close();
		const keep = options.keep || failedHere > 0;
		await context.home.dispose({ keepFiles: keep });
		for (const folder of context.extraFolders)
			if (!keep) await rm(folder, { recursive: true, force: true });
		if (keep) keptFolders.push(context.home.userFolder, ...context.extraFolders);
		await stopAllChildren();
		running.context = undefined;
	}

	if (running.interrupted) return await new Promise<number>(() => undefined); // the signal handler exits
	const failed = outcomes.filter((outcome) => !outcome.ok);
	console.log('\nSummary');
	for (const outcome of outcomes) {
		console.log(
			`  ${outcome.ok ? '✔' : '✘'} ${outcome.runtime.padEnd(26)} ${outcome.scenario.id.padEnd(15)} ${outcome.seconds.toFixed(1).padStart(6)} s  ${outcome.scenario.name}`,
		);
	}
	const total = ((Date.now() - suiteStart) / 1000).toFixed(1);
	if (failed.length > 0) {
		console.log(
			`\n${failed.length} of ${outcomes.length} scenario run(s) failed in ${total} s: ${failed.map((outcome) => `${outcome.scenario.id} (${outcome.runtime})`).join(', ')}`,
		);
		console.log(`n8n user folders kept for inspection: ${keptFolders.join(', ')}`);
		return 1;
	}
	console.log(
		`\nAll ${outcomes.length} scenario run(s) passed in ${total} s (${runtimes.map((runtime) => runtime.label).join('; ')}).`,
	);
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
