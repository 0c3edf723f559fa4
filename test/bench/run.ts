/**
 * `npm run bench`: this package against n8n's HTTP Request node, in a real n8n (the newest supported,
 * 2.41.3 on Node 24, unless `npm run bench -- --n8n oldest` asks for 2.8.4) against the
 * project's MetaAccess simulator, with the rate-limit window shortened (10 requests per 2 s by
 * default) and the credential's Requests per Minute set to match. Prints a table as it goes,
 * writes test/bench/RESULTS.md and test/bench/chart.png, and exits non-zero when a correctness check of the
 * package fails (items missing, wrong device results, trigger events lost or duplicated). A missed
 * performance target is reported, not failed.
 *
 * Environment (optional): BENCH_WINDOW_MS (default 2000), BENCH_SKIP_PACED=1 (leave out the
 * "requests spaced" HTTP Request rows, the longest part), BENCH_BUDGET_MINUTES (default 35: later
 * optional parts are skipped rather than overrun it), BENCH_ONLY=a-10,b-50,d,d-hours,d-webhook,diff
 * (development: run only those parts; the results files are still written; d-hours, the trigger over
 * hours in virtual time, and d-webhook, the webhook trigger in n8n, also run with d).
 */
import './lib/preferTs';
import { BENCH_ARGS, BENCH_RUNTIME, inProcessN8nCoreVersion } from './lib/n8nLine';

import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import {
	installCleanup,
	N8nHome,
	SimFixture,
	sleep,
	stopAllChildren,
	type CredentialImport,
} from '../lab';
import { Random } from '../simulator/random';
import { drawChart } from './lib/chart';
import { measureDiffCost, type DiffCostResult } from './lib/diffCost';
import {
	getManyRequestFloor,
	median,
	repeated,
	scanRequestFloor,
	timeFloorMs,
	type RateRule,
} from './lib/floor';
import { measureRoundTrip } from './lib/plainClient';
import {
	consoleTable,
	evaluateTargets,
	formatMs,
	resultsMarkdown,
	tableCells,
} from './lib/results';
import type { TriggerRunResult } from './lib/trigger';
import type { FleetHoursResult } from './lib/fleetHours';
import {
	fleetHoursLines,
	fleetHoursProblems,
	formatDelay,
	type WebhookResult,
} from './lib/fleetHoursReport';
import {
	pushDirect,
	runWebhookPushes,
	WEBHOOK_CREDENTIAL_TYPE,
	webhookSetup,
} from './lib/webhookPush';
import { MINUTE_MS } from './lib/fleetHours';
import { concurrencyWorkflow, runInOneProcess } from './lib/concurrency';
import { runQueueShareRows } from './lib/queueShare';
import { baseKey, buildCases, pacedEstimateMs, WAY_LABELS } from './lib/cases';
import { readings } from './lib/reading';
import {
	BUDGET_MS,
	CHART_FILE,
	LIMIT,
	REPO_ROOT,
	REQUESTS_PER_MINUTE,
	RESULTS_FILE,
	settings,
	SHORT_RUN_MS,
	SHORT_RUN_REPEATS,
	SKIP_PACED,
	SPEED_UP,
	TRIGGER_CHANGE_CYCLES,
	TRIGGER_DEVICES,
	CONCURRENCY_FLEET,
	WEBHOOK_PUSHES,
	wanted,
	WINDOW_MS,
} from './lib/settings';
import { PACKAGE_WAYS, type MachineInfo, type Row, type WayKey } from './lib/types';
import {
	CREDENTIAL_TYPE,
	HTTP_REQUEST_VERSION,
	QUERY_AUTH_TYPE,
	httpFloorRequest,
	type Workflow,
} from './lib/workflows';
import {
	measureFloor,
	runCase,
	runFloorReference,
	warmUpRun,
	seededHwids,
	withN8nPart,
	type Case,
	type Floor,
	type RunContext,
} from './lib/workloads';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const log = (line: string) => console.log(`[bench ${elapsed()}] ${line}`);

function machineInfo(): MachineInfo {
	const cpus = os.cpus();
	return {
		cpu: cpus[0]?.model.trim() ?? 'unknown',
		cores: cpus.length,
		ramGb: os.totalmem() / 1024 ** 3,
		node: process.version,
		os: `${os.type()} ${os.release()} (${os.arch()})`,
		n8n: 'unknown (not started yet)',
		n8nCore: inProcessN8nCoreVersion(),

		date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
	};
}

function printRow(row: Row) {
	const cells = tableCells(row);
	log(
		`  → ${cells[1]}: ${cells[2]} requests, ${cells[3]} × 429, failed ${cells[4]}, wall ${cells[5]} (node ${cells[6]}), ` +
			`floor ${cells[7]} req / ${cells[8]}, ratios ${cells[9]} / ${cells[10]}${row.problems.length ? `  PROBLEMS: ${row.problems.join('; ')}` : ''}`,
	);
}

/** The trigger's configurations as table rows: the median change cycle (the baseline is in the cycle table). */
function triggerRows(runs: TriggerRunResult[], floor: Floor): Row[] {
	return runs.map((run, index) => {
		const changes = run.cycles.filter((cycle) => !cycle.baseline);
		const cycles = changes.length ? changes : run.cycles;
		const expected = changes.reduce((sum, cycle) => sum + cycle.expectedEvents, 0);
		const lost = run.cycles.reduce(
			(sum, cycle) => sum + cycle.missed + cycle.duplicated + cycle.unexpected,
			0,
		);
		const way: WayKey = index === 0 ? 'package' : 'packageDefault';
		return {
			group: 'd',
			workload: `(d) Trigger, ${TRIGGER_DEVICES.toLocaleString('en-US')} devices, 1% changing (per scan cycle)`,
			short: 'TRIG',
			way,
			wayLabel: WAY_LABELS[way]('d'),
			devices: expected,
			requests: median(cycles.map((cycle) => cycle.requests)),
			rateLimited: run.cycles.reduce((sum, cycle) => sum + cycle.rateLimited, 0),
			failedItems: lost,
			wallMs: median(cycles.map((cycle) => cycle.wallMs)),
			floorRequests: floor.requests,
			floorMs: floor.ms,
			floorDetail: floor.detail,
			polls: median(cycles.map((cycle) => cycle.polls)),
			status: run.problems.length ? 'events wrong' : 'success',
			problems: run.problems,
			notes: [
				`${cycles.length} change cycle(s) of ${median(cycles.map((cycle) => cycle.polls))} polls (median shown); ${expected} changes, each emitted exactly once: ${lost === 0 ? 'yes' : 'NO'}; "failed items" counts events missed, repeated or unexpected`,
			],
		};
	});
}

async function main(): Promise<number> {
	const machine = machineInfo();
	const rule: RateRule = { limit: LIMIT, windowMs: WINDOW_MS };
	const problems: string[] = [];
	const skipped: string[] = [];
	const rows: Row[] = [];
	let fixture: SimFixture | undefined;
	let home: N8nHome | undefined;
	installCleanup(async () => {
		await stopAllChildren(5000);
		await fixture?.close();
	});

	if (BENCH_ARGS.length > 0)
		throw new Error(
			`Unknown option ${BENCH_ARGS[0]}. Options: --n8n oldest|newest (settings go in environment variables: see test/bench/run.ts)`,
		);
	log(
		`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb.toFixed(1)} GB, Node ${machine.node}; the ${BENCH_RUNTIME} n8n (n8n-core ${machine.n8nCore} in this process)`,
	);
	log(
		`Rate limit: ${LIMIT} requests per ${WINDOW_MS / 1000} s window (the real 60 s, ${SPEED_UP}× faster); credential Requests per Minute ${REQUESTS_PER_MINUTE}; ` +
			`HTTP Request node v${HTTP_REQUEST_VERSION}, Retry On Fail: ${settings.retry.maxTries} tries, ${settings.retry.waitBetweenTriesMs} ms apart (5 s real)`,
	);

	let diff: DiffCostResult | undefined;
	try {
		// 3. Inside the trigger (no n8n needed).
		if (wanted('diff')) {
			log('Inside the trigger: diff of 100,000 devices (pure functions), static data size');
			diff = measureDiffCost(log);
			problems.push(...diff.problems);
			log(
				`  → CPU median ${diff.medianCpuMs.toFixed(1)} ms (${diff.cpuMs.map((v) => v.toFixed(0)).join(', ')}), heap growth median ${diff.medianHeapGrowthMb.toFixed(1)} MB; ` +
					`static data ${diff.stateBytes.map((entry) => `${entry.bytesPerDevice.toFixed(1)} B/device at ${entry.devices}`).join(', ')}`,
			);
		}

		// The simulator and n8n.
		fixture = await SimFixture.start(TRIGGER_DEVICES);
		log(`Simulator at ${fixture.url}`);
		log(
			'Preparing n8n (a fresh user folder with the built package installed as a community package)',
		);
		home = await N8nHome.create('bench', { runtime: BENCH_RUNTIME, log });
		machine.n8n = home.runtime.label;
		const credential = { id: 'benchMetaAccessCred', name: 'MetaAccess (benchmark)' };
		const credentialImport: CredentialImport = {
			...credential,
			type: CREDENTIAL_TYPE,
			data: {
				baseUrl: fixture.url,
				authentication: 'accessToken',
				accessToken: fixture.staticToken,
				requestsPerMinute: REQUESTS_PER_MINUTE,
			},
		};
		await home.importCredential(credentialImport);
		const queryAuth = { id: 'benchQueryAuthCred', name: 'MetaAccess token (Query Auth)' };
		await home.importCredential({
			...queryAuth,
			type: QUERY_AUTH_TYPE,
			data: { name: 'access_token', value: fixture.staticToken },
		});
		const cases = buildCases(credential, fixture.url, fixture.staticToken).filter((kase) =>
			wanted(kase.key),
		);
		// n8n's part of each workload's floor: its first floor request sent by n8n's own HTTP Request node (Execute Once).
		// The floor's requests that fit in the first window: all of them for Perform Action and Delete (1), up to 10 pages for Get Many.
		const n8nRequestsOf = (kase: Case) =>
			kase.check.kind === 'getMany' ? Math.min(getManyRequestFloor(kase.devices), LIMIT) : 1;
		const floorWorkflows = new Map<string, Workflow>();
		for (const kase of cases) {
			kase.floorN8nRequests = n8nRequestsOf(kase);
			if (floorWorkflows.has(baseKey(kase))) continue;
			floorWorkflows.set(
				baseKey(kase),
				httpFloorRequest(
					`bench floor: ${kase.workload}`,
					kase.check.kind,
					kase.check.hwids,
					fixture.url,
					queryAuth,
					kase.floorN8nRequests,
				),
			);
		}
		// Where n8n's part sends several requests, the same workflow sending only the first: the stricter floor, shown beside.
		const strictWorkflows = new Map<string, Workflow>();
		for (const kase of cases) {
			if ((kase.floorN8nRequests ?? 1) === 1 || strictWorkflows.has(baseKey(kase))) continue;
			strictWorkflows.set(
				baseKey(kase),
				httpFloorRequest(
					`bench floor, first request only: ${kase.workload}`,
					kase.check.kind,
					kase.check.hwids,
					fixture.url,
					queryAuth,
					1,
				),
			);
		}
		// (d) the webhook way: its credential (the API key MetaAccess sends) and its workflow.
		const webhookWanted = wanted('d') || wanted('d-webhook');
		const hook = webhookWanted ? webhookSetup() : undefined;
		if (hook)
			await home.importCredential({
				...hook.credential,
				type: WEBHOOK_CREDENTIAL_TYPE,
				data: { apiKey: hook.apiKey },
			});
		const ids = await home.importWorkflows([
			...cases.map((kase) => kase.workflow),
			...floorWorkflows.values(),
			...strictWorkflows.values(),
			...(hook ? [hook.workflow] : []),
			concurrencyWorkflow(seededHwids(CONCURRENCY_FLEET), credential),
		]);
		const concurrencyWorkflowId = ids[ids.length - 1];
		const webhookWorkflowId = hook ? ids[ids.length - 2] : undefined;
		const floorIds = new Map(
			[...floorWorkflows.keys()].map((key, index) => [key, ids[cases.length + index]]),
		);
		const strictIds = new Map(
			[...strictWorkflows.keys()].map((key, index) => [
				key,
				ids[cases.length + floorWorkflows.size + index],
			]),
		);
		cases.forEach((kase, index) => {
			kase.workflowId = ids[index];
			kase.floorWorkflowId = floorIds.get(baseKey(kase));
			kase.strictFloorWorkflowId = strictIds.get(baseKey(kase));
		});
		log(`Imported ${ids.length} workflows`);

		// One n8n process for every execution, warm, as n8n runs in production (an `n8n execute`
		// per run would add a process start of 5–8 s each, which no figure counts).
		const server = await home.start({ env: { EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true' } });
		log(`n8n started on ${server.url} (${home.runtime.label})`);
		const context: RunContext = { home, server, fixture, rule, log };
		// Warm the process up before anything is measured: one unmeasured run of every short
		// workflow (the package's and the floor's), so that the first cases do not pay n8n's and
		// V8's first-use costs that the later ones would not.
		const warmUp = cases.filter(
			(kase) => kase.short && (PACKAGE_WAYS.includes(kase.way) || kase.way === 'httpRetry'),
		);
		const warmUpFleets = new Map<string, { fleet: number; isPackage: boolean }>();
		for (const kase of warmUp)
			warmUpFleets.set(kase.workflowId!, {
				fleet: kase.fleet,
				isPackage: PACKAGE_WAYS.includes(kase.way),
			});
		for (const kase of cases) {
			if (kase.floorWorkflowId !== undefined)
				warmUpFleets.set(kase.floorWorkflowId, { fleet: kase.fleet, isPackage: false });
		}
		for (const [id, { fleet, isPackage }] of warmUpFleets)
			await warmUpRun(context, id, fleet, isPackage);
		log(`Warmed n8n up with ${warmUpFleets.size} unmeasured runs`);
		const floors = new Map<string, Floor>();
		const floorOf = async (kase: Case) => {
			// The runs beside another client or injected 429s share the floor of their workload.
			const key = baseKey(kase);
			let floor = floors.get(key);
			if (!floor) {
				floor = await measureFloor(context, kase);
				floors.set(key, floor);
			}
			return floor;
		};
		const runOne = async (kase: Case) => {
			log(`${kase.workload} — ${kase.wayLabel}`);
			const floor = await floorOf(kase);
			// A short run of the package is measured in pairs with n8n's floor request, one right before each
			// execution, so that both meet the same state of the machine; its floor takes their median.
			const paired =
				PACKAGE_WAYS.includes(kase.way) &&
				kase.floorWorkflowId !== undefined &&
				floor.n8nMs !== undefined;
			const references: number[] = [];
			if (paired) references.push(await runFloorReference(context, kase));
			const row = await runCase(context, kase, floor);
			// Short executions are mostly n8n's own overhead, which varies from run to run: take the median of a few.
			if (row.wallMs < SHORT_RUN_MS && kase.way !== 'httpPaced') {
				const runs = [row];
				for (let repeat = 1; repeat < SHORT_RUN_REPEATS; repeat++) {
					if (paired) references.push(await runFloorReference(context, kase));
					runs.push(await runCase(context, kase, floor));
				}
				row.wallMs = median(runs.map((run) => run.wallMs));
				const nodeTimes = runs
					.map((run) => run.nodeMs)
					.filter((value): value is number => value !== undefined);
				row.nodeMs = nodeTimes.length ? median(nodeTimes) : undefined;
				row.notes.push(
					`wall time: median of ${runs.length} executions (${runs.map((run) => formatMs(run.wallMs)).join(', ')}); requests, 429s and items from the first`,
				);
				for (const run of runs.slice(1)) {
					row.problems.push(...run.problems.map((problem) => `(repeat) ${problem}`));
					if (
						PACKAGE_WAYS.includes(kase.way) &&
						(run.requests !== row.requests ||
							run.rateLimited !== row.rateLimited ||
							run.failedItems !== row.failedItems)
					) {
						row.notes.push(
							`a repeat gave ${run.requests} requests, ${run.rateLimited} × 429, ${run.failedItems} failed`,
						);
					}
				}
				if (paired) {
					const own = withN8nPart(floor, references);
					row.floorMs = own.ms;
					row.floorN8nMs = own.n8nMs;
					row.floorDetail = own.detail;
					row.notes.push(
						`its floor's n8n part measured in pairs with these executions, each floor request right before one of them`,
					);
				}
			}
			rows.push(row);
			printRow(row);
			if (PACKAGE_WAYS.includes(row.way))
				problems.push(
					...row.problems.map((problem) => `${row.workload} [${row.wayLabel}]: ${problem}`),
				);
		};

		// (a)–(c), this package and the HTTP Request node (the spaced way comes last: it is the longest).
		for (const kase of cases.filter((c) => c.way !== 'httpPaced')) await runOne(kase);

		// (d) The trigger.
		let triggerFloor: Floor = {
			requests: scanRequestFloor(TRIGGER_DEVICES),
			ms: NaN,
			detail: 'not measured',
		};
		const triggerRuns: TriggerRunResult[] = [];
		if (wanted('d')) {
			log(`(d) Trigger over ${TRIGGER_DEVICES} devices, 1% changing between scan cycles`);
			fixture.shape({ devices: TRIGGER_DEVICES, rateLimit: rule });
			const pageTrip = await measureRoundTrip(fixture.sim, {
				method: 'GET',
				path: '/o/api/v2.3/devices',
				query: { limit: '50' },
			});
			const pages = scanRequestFloor(TRIGGER_DEVICES);
			const lastTrip = await measureRoundTrip(fixture.sim, {
				method: 'GET',
				path: '/o/api/v2.3/devices',
				query: { limit: '50', page: String(pages) },
			});
			const trips = [...repeated(pageTrip.ms, pages - 1), lastTrip.ms];
			triggerFloor = {
				requests: pages,
				ms: timeFloorMs(trips, rule),
				detail: `${Math.ceil(pages / LIMIT) - 1} × ${WINDOW_MS / 1000} s + ${pages - 1} × ${pageTrip.ms.toFixed(1)} ms + 1 × ${lastTrip.ms.toFixed(1)} ms (${lastTrip.status})`,
			};
			fixture.shape({ devices: TRIGGER_DEVICES, rateLimit: rule });
			const staticData: IDataObject = {};
			const random = new Random(20261121);
			// Loaded here, after the diff was measured: n8n-core (and all it brings) is not in the
			// heap while the diff's CPU and memory are taken.
			const { runTrigger } = await import('./lib/trigger');
			const triggerSetup = {
				sim: fixture.sim,
				token: fixture.staticToken,
				requestsPerMinute: REQUESTS_PER_MINUTE,
				windowMs: WINDOW_MS,
				log,
			};
			triggerRuns.push(
				await runTrigger(triggerSetup, staticData, 100, TRIGGER_CHANGE_CYCLES, random),
			);
			triggerRuns.push(await runTrigger(triggerSetup, staticData, undefined, 1, random));
			for (const run of triggerRuns) problems.push(...run.problems);
		}
		const trigger = triggerRows(triggerRuns, triggerFloor);
		trigger.forEach(printRow);

		// (d) over hours: full scan and delta in virtual time, 10,000 and 100,000 devices; the webhook in n8n.
		const hours: FleetHoursResult[] = [];
		let webhook: WebhookResult | undefined;
		if (wanted('d') || wanted('d-hours')) {
			const { runHours, HOURS_PLANS } = await import('./lib/hoursRuns');
			hours.push(...(await runHours(HOURS_PLANS, log)));
		}
		if (hook && webhookWorkflowId) {
			log(
				`(d) webhook: ${WEBHOOK_PUSHES} changes pushed, as MetaAccess pushes them, to the webhook trigger in n8n`,
			);
			fixture.shape({ devices: TRIGGER_DEVICES, rateLimit: rule });
			webhook = await runWebhookPushes({
				server,
				fixture,
				workflowId: webhookWorkflowId,
				setup: hook,
				devices: TRIGGER_DEVICES,
				pushes: WEBHOOK_PUSHES,
				push: pushDirect,
				log,
			});
			log(
				`  → webhook: ${webhook.pushes} pushes, ${webhook.executions} executions, ${webhook.apiRequests} API requests, ` +
					`push → start median ${formatDelay(webhook.medianDelayMs)}, worst ${formatDelay(webhook.worstDelayMs)}; wrong key: ${webhook.wrongKeyStatus}, ${webhook.wrongKeyExecutions} executions`,
			);
		}
		const hoursProblems = fleetHoursProblems(hours, webhook, MINUTE_MS);
		problems.push(...hoursProblems);

		// (e) and (f): many executions at once on one account, in one process and in queue mode.
		const bursts: Row[] = [];
		const onePerExecution = floors.get('a-10')?.n8nMs ?? 0;
		const readLog = () => fixture!.sim.simulation.log.read();
		if (wanted('e')) {
			for (const executions of [1, 10, 20, 50]) {
				log(
					`(e) ${executions} executions at once in one n8n process, 40 devices in 4 requests each`,
				);
				fixture.shape({ devices: CONCURRENCY_FLEET, rateLimit: rule });
				await sleep(WINDOW_MS + 100);
				fixture.shape({ devices: CONCURRENCY_FLEET, rateLimit: rule });
				const row = await runInOneProcess(
					server,
					concurrencyWorkflowId,
					executions,
					readLog,
					rule,
					onePerExecution,
				);
				printRow(row);
				problems.push(...row.problems.map((problem) => `${row.workload}: ${problem}`));
				bursts.push(row);
			}
		}
		if (wanted('f')) {
			log(
				'(f) webhook executions at once in n8n queue mode (Redis, PostgreSQL): 4, 2 and 1 busy workers',
			);
			const queueRows = await runQueueShareRows({
				credential: credentialImport,
				fixture,
				rule,
				runtime: BENCH_RUNTIME,
				log,
			});
			for (const row of queueRows) {
				printRow(row);
				problems.push(...row.problems.map((problem) => `${row.workload}: ${problem}`));
			}
			bursts.push(...queueRows);
		}

		// The careful user's spaced HTTP Request, within the time budget.
		for (const kase of cases.filter((c) => c.way === 'httpPaced')) {
			const estimate = pacedEstimateMs(kase);
			if (SKIP_PACED) {
				skipped.push(`${kase.workload} [${kase.wayLabel}] (BENCH_SKIP_PACED=1)`);
				continue;
			}
			if (Date.now() - started + estimate > BUDGET_MS) {
				skipped.push(
					`${kase.workload} [${kase.wayLabel}] (about ${Math.round(estimate / 1000)} s, over the time budget)`,
				);
				log(
					`Skipping ${kase.workload} [${kase.wayLabel}]: about ${Math.round(estimate / 1000)} s would overrun the budget`,
				);
				continue;
			}
			kase.timeoutMs = estimate * 2 + 60_000;
			await runOne(kase);
		}

		// Results.
		const order = (row: Row) =>
			`${row.group}|${String(row.devices).padStart(6, '0')}|${row.shared ? 1 : 0}|${['package', 'packageDefault', 'httpRetry', 'httpContinue', 'httpPaced'].indexOf(row.way)}`;
		const sorted = [...rows].sort((a, b) =>
			order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0,
		);
		const table = [...sorted, ...trigger, ...bursts];
		const targets = evaluateTargets(table, diff);
		const notes = readings(table, diff);
		const runSeconds = (Date.now() - started) / 1000;
		const subtitle = `${LIMIT} requests per ${WINDOW_MS / 1000} s window (credential: ${REQUESTS_PER_MINUTE} requests per minute), ${machine.n8n}, ${machine.cpu}, ${machine.cores} cores, ${machine.date}`;
		// The chart keeps to the single-execution workloads (a)–(d).
		await writeFile(CHART_FILE, drawChart([...sorted, ...trigger], subtitle));
		await writeFile(
			RESULTS_FILE,
			resultsMarkdown({
				machine,
				settings,
				rows: table,
				triggerRuns,
				triggerFloor,
				fleetHours: hours.length || webhook ? fleetHoursLines(hours, webhook) : undefined,
				diff,
				targets,
				readings: notes,
				runSeconds,
				skipped,
				chartFile: 'chart.png',
				problems,
			}),
		);

		console.log('');
		console.log(consoleTable(table));
		console.log('');
		console.log('Targets:');
		for (const target of targets)
			console.log(`  ${target.met ? 'MET   ' : 'MISSED'} ${target.name}: ${target.detail}`);
		if (skipped.length) console.log(`Skipped: ${skipped.join('; ')}`);
		console.log('');
		log(
			`Wrote ${path.relative(REPO_ROOT, RESULTS_FILE)} and ${path.relative(REPO_ROOT, CHART_FILE)} (${runSeconds.toFixed(0)} s in all)`,
		);
	} catch (error) {
		problems.push(
			`the benchmark could not run to its end: ${(error as Error).stack ?? String(error)}`,
		);
	} finally {
		await stopAllChildren(5000);
		await home?.dispose().catch(() => undefined);
		await fixture?.close().catch(() => undefined);
	}
	if (problems.length) {
		console.error('\nCorrectness checks FAILED:');
		for (const problem of problems) console.error(`  - ${problem}`);
		return 1;
	}
	log('All correctness checks passed.');
	return 0;
}

main().then(
	(code) => process.exit(code),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
