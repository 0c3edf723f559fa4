/**
 * The end-to-end suite: `npm run test:e2e`.
 *
 * Builds the package if dist/ is stale, makes sure each n8n it runs on is installed under
 * test/lab/runtimes/ (once: n8n 2.8.4 on this Node.js, n8n 2.41.3 on Node 24 from the npm registry,
 * installed side by side), then runs the scenarios in lanes: the scenarios of a lane run one after
 * another on one simulator (started in this process) and one fresh n8n user folder outside the
 * project tree, with the package installed as n8n's Community Nodes installer leaves it and the
 * example workflows imported; lanes, and the two n8n versions, run side by side on free ports,
 * at most --lanes at once (a lane that measures time against a floor runs alone, at the end). Every check reads the output, the simulator's state and its request
 * log. Each lane ends with the leak scan of all it left. See docs/development.md.
 *
 * Options (after `npm run test:e2e --`):
 *   --n8n oldest|newest|both   which n8n to run on (default both: 2.8.4 and 2.41.3)
 *   --only id[,id…]            run only these scenarios (ids: see --list)
 *   --lanes N                  run at most N lanes at once (default 6; 1: one scenario at a time)
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
	type N8nRuntime,
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
import { inventoryScenario } from './inventory';
import { complianceScenario } from './compliance';
import { logTriggerScenario } from './logTrigger';
import { lookupsScenario } from './lookups';
import { customApiCallScenario } from './customApiCall';
import { operationScenarios } from './operations';
import { queueModeScenario } from './queueMode';
import { sweepScenario } from './sweep';
import { triggerScenario } from './trigger';
import { webhookScenario } from './webhook';
import { triggerDeltaScenario } from './triggerDelta';

interface Lane {
	name: string;
	/** In the order they run, on one simulator and one n8n user folder. */
	scenarios: Scenario[];
	/** Whether its scenarios use the example workflows imported into its user folder (default yes). */
	importExamples?: boolean;
	/** Runs with nothing beside it, once the other lanes are done (it measures time against a floor). */
	alone?: boolean;
	/** Waits for n8n's trigger polls: once a minute on n8n 2.41, the longest lanes there. */
	polls?: boolean;
}

/**
 * Scenarios that share a simulator and a user folder go in one lane; lanes are independent. The
 * longest lanes (the triggers, which poll once a minute on n8n 2.41) come first.
 */
export const LANES: Lane[] = [
	{ name: 'trigger', scenarios: [triggerScenario, webhookScenario], polls: true },
	{ name: 'delta', scenarios: [triggerDeltaScenario], polls: true },
	{ name: 'log', scenarios: [logTriggerScenario], polls: true },
	{
		name: 'workflows',
		scenarios: [
			examplesScenario,
			...operationScenarios,
			lookupsScenario,
			sweepScenario,
			tokenExpiryScenario,
			rateLimitScenario,
			failureScenario,
		],
	},
	{ name: 'editor', scenarios: [editorScenario, browserScenario] },
	{
		name: 'resources',
		scenarios: [complianceScenario, inventoryScenario, customApiCallScenario, agentScenario],
	},
	{ name: 'installs', scenarios: [demoScenario, byHandScenario], importExamples: false },
	{ name: 'queue', scenarios: [queueModeScenario], importExamples: false, alone: true },
];

/** Every scenario; the leak scan ends every lane, as it reads what the others left. */
export const SCENARIOS: Scenario[] = [...LANES.flatMap((lane) => lane.scenarios), leakScenario];

const suiteStart = Date.now();
const stamp = () => `[${((Date.now() - suiteStart) / 1000).toFixed(1).padStart(6)} s]`;
const log = (line: string) => console.log(`${stamp()} ${line}`);

function parseArgs(args: string[]) {
	const { runtimes, rest: argv } = takeRuntimeArg(args, ['oldest', 'newest']);
	const options = {
		only: undefined as string[] | undefined,
		keep: false,
		list: false,
		lanes: 6,
		runtimes,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s);
		const value = () => inline ?? argv[++i] ?? '';
		if (flag === '--only') options.only = value().split(',').filter(Boolean);
		else if (flag === '--lanes') options.lanes = Number(value());
		else if (argv[i] === '--keep') options.keep = true;
		else if (argv[i] === '--list') options.list = true;
		else
			throw new Error(
				`Unknown option ${argv[i]}. Options: --n8n oldest|newest|both, --only id[,id…], --lanes N, --list, --keep`,
			);
	}
	if (!Number.isInteger(options.lanes) || options.lanes < 1)
		throw new Error('--lanes takes a whole number of at least 1');
	return options;
}

/** What the Ctrl-C handler must stop, and whether it is stopping. */
const running: { contexts: Set<Context>; interrupted?: boolean } = { contexts: new Set() };

interface Outcome {
	runtime: string;
	lane: string;
	scenario: Scenario;
	ok: boolean;
	seconds: number;
	error?: string;
}

/** One lane on one n8n: its scenarios in order, then the leak scan; the user folders kept on failure. */
async function runLane(
	runtime: N8nRuntime,
	lane: Lane,
	scenarios: Scenario[],
	options: ReturnType<typeof parseArgs>,
): Promise<{ outcomes: Outcome[]; kept: string[] }> {
	const tag = `${runtime.label.split(' ')[1]} ${lane.name}`;
	const laneLog = (line: string) => log(`[${tag}] ${line}`);
	laneLog(`setting up: simulator, n8n user folder with the package as a community package`);
	const outcomes: Outcome[] = [];
	const fail = (scenario: Scenario, error: unknown, seconds: number) => {
		const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
		outcomes.push({
			runtime: runtime.label,
			lane: lane.name,
			scenario,
			ok: false,
			seconds,
			error: message,
		});
		laneLog(`✘ ${scenario.id} (${seconds.toFixed(1)} s)\n${message}`);
	};
	let context: Context;
	try {
		context = await Context.create(laneLog, {
			keep: options.keep,
			runtime: runtime.id as RuntimeId,
			lane: lane.name,
			importExamples: lane.importExamples,
		});
	} catch (error) {
		for (const scenario of scenarios) fail(scenario, error, 0);
		return { outcomes, kept: [] };
	}
	running.contexts.add(context);
	laneLog(`n8n user folder ${context.home.userFolder}, simulator ${context.sim.url}`);
	for (const scenario of scenarios) {
		if (running.interrupted) break;
		const started = Date.now();
		const seconds = () => (Date.now() - started) / 1000;
		laneLog(`▶ ${scenario.name}`);
		try {
			await scenario.run(context);
			outcomes.push({
				runtime: runtime.label,
				lane: lane.name,
				scenario,
				ok: true,
				seconds: seconds(),
			});
			laneLog(`✔ ${scenario.id} (${seconds().toFixed(1)} s)`);
		} catch (error) {
			// Interrupted: the scenario failed because its processes were stopped; say nothing more.
			if (running.interrupted) break;
			fail(scenario, error, seconds());
		}
	}
	if (running.interrupted) return { outcomes, kept: [] };
	await context.sim.close();
	const keep = options.keep || outcomes.some((outcome) => !outcome.ok);
	await context.home.dispose({ keepFiles: keep });
	for (const folder of context.extraFolders)
		if (!keep) await rm(folder, { recursive: true, force: true });
	running.contexts.delete(context);
	return { outcomes, kept: keep ? [context.home.userFolder, ...context.extraFolders] : [] };
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
	const selected = (scenario: Scenario) => !options.only || options.only.includes(scenario.id);

	installCleanup(async (signal) => {
		running.interrupted = true;
		log(`${signal}: stopping n8n and the simulators.`);
		await stopAllChildren(5000);
		for (const context of running.contexts) await context.sim.close().catch(() => undefined);
		log('Stopped; nothing is left running.');
	});

	log(
		`OPSWAT MetaAccess e2e suite: ${SCENARIOS.filter(selected).length} scenario(s) on ${options.runtimes.map((id) => `the ${id} n8n`).join(' and ')}, at most ${options.lanes} lane(s) at once`,
	);
	if (await ensureBuilt(log)) log('Built the package.');
	const runtimes = await ensureRuntimes(options.runtimes, log);

	// The lanes to run, the longest first: the newest n8n's polling lanes (a poll a minute), then
	// each lane on both versions in the order of LANES (longest first), the oldest's polling lanes
	// (a poll every 5 s) last.
	const rank = (job: { runtime: N8nRuntime; lane: Lane }) =>
		job.lane.polls ? (job.runtime === runtimes[runtimes.length - 1] ? 0 : 2) : 1;
	const byLane = (job: { lane: Lane }) => LANES.indexOf(job.lane);
	const listed = [...runtimes].reverse().flatMap((runtime) =>
		LANES.map((lane) => {
			const scenarios = lane.scenarios.filter(
				(scenario) =>
					selected(scenario) &&
					// A scenario limited to some n8n versions still runs on another when --only names it.
					(!scenario.runtimes ||
						scenario.runtimes.includes(runtime.id as RuntimeId) ||
						(options.only?.includes(scenario.id) ?? false)),
			);
			return {
				runtime,
				lane,
				scenarios: [...scenarios, ...(selected(leakScenario) ? [leakScenario] : [])],
				any: scenarios.length > 0,
			};
		}).filter((job) => job.any),
	);
	const jobs = [...listed].sort((a, b) => rank(a) - rank(b) || byLane(a) - byLane(b));
	const results: Array<Awaited<ReturnType<typeof runLane>>> = [];
	const next = (queue: typeof jobs) => async () => {
		for (let job = queue.shift(); job && !running.interrupted; job = queue.shift())
			results.push(await runLane(job.runtime, job.lane, job.scenarios, options));
	};
	const beside = jobs.filter((job) => !job.lane.alone);
	await Promise.all(Array.from({ length: Math.min(options.lanes, beside.length) }, next(beside)));
	await next(jobs.filter((job) => job.lane.alone))();
	await stopAllChildren();

	if (running.interrupted) return await new Promise<number>(() => undefined); // the signal handler exits
	const outcomes = results.flatMap((result) => result.outcomes);
	const failed = outcomes.filter((outcome) => !outcome.ok);
	console.log('\nSummary');
	for (const outcome of outcomes) {
		console.log(
			`  ${outcome.ok ? '✔' : '✘'} ${outcome.runtime.padEnd(26)} ${outcome.lane.padEnd(9)} ${outcome.scenario.id.padEnd(15)} ${outcome.seconds.toFixed(1).padStart(6)} s  ${outcome.scenario.name}`,
		);
	}
	const total = ((Date.now() - suiteStart) / 1000).toFixed(1);
	if (failed.length > 0) {
		console.log(
			`\n${failed.length} of ${outcomes.length} scenario run(s) failed in ${total} s: ${failed.map((outcome) => `${outcome.scenario.id} (${outcome.runtime})`).join(', ')}`,
		);
		console.log(
			`n8n user folders kept for inspection: ${results.flatMap((result) => result.kept).join(', ')}`,
		);
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
