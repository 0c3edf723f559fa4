/**
 * Workloads (a)–(c) in a real n8n (one running `n8n start`, manual runs over REST), both ways, against the simulator: what each
 * run sent (the simulator's request log), what reached the workflow (the node's output items),
 * what the API did (the simulator's fleet afterwards), and how long n8n says it took.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { sleep, TMP_ROOT } from '../../lab';
import { durationOf, runDataOf, shape, type Case, type Floor, type RunContext } from './case';
import { baseKey } from './cases';
import { median } from './floor';
import { measureFloor, runFloorReference, withN8nPart } from './floorRuns';
import { send } from './plainClient';
import { formatMs } from './results';
import { SHORT_RUN_MS, SHORT_RUN_REPEATS } from './settings';
import { PACKAGE_WAYS, type Row } from './types';
import { verifyHttp, verifyPackage } from './verify';

/* eslint-disable @typescript-eslint/no-explicit-any -- n8n's execution JSON is read as it comes. */

/**
 * One unmeasured run of a workflow, in the state its measured runs meet: the workload's fleet and
 * the benchmark's rate rule (the simulator's own default is the real API's 10 a minute, which no
 * workflow of the benchmark is set for); a run of the package after a whole window, so that its
 * limiter counts no earlier request.
 * Throws when the run does not finish within `timeoutMs`: a run left going would send requests
 * into the measured runs after it.
 */
export async function warmUpRun(
	context: RunContext,
	workflowId: string,
	fleet: number,
	isPackage: boolean,
	timeoutMs = 2 * 60_000,
): Promise<void> {
	// Only the package keeps a limiter between runs; the simulator's windows start afresh at shape().
	if (isPackage) await sleep(context.rule.windowMs + 100);
	shape(context, fleet);
	await context.server.runManually(workflowId, { timeoutMs });
}

/** Another client spending the same token's quota until stopped; resolves to what it sent. */
function startCompetitor(context: RunContext, intervalMs: number) {
	const counts = { requests: 0, ok: 0, rateLimited: 0 };
	const pending = new Set<Promise<void>>();
	const timer = setInterval(() => {
		const request = send(context.fixture.url, context.fixture.staticToken, {
			method: 'GET',
			path: '/o/api/v2.3/devices',
			query: { limit: '1' },
		})
			.then((answer) => {
				counts.requests++;
				if (answer.status === 429) counts.rateLimited++;
				else if (answer.status === 200) counts.ok++;
			})
			.catch(() => undefined)
			.finally(() => pending.delete(request));
		pending.add(request);
	}, intervalMs);
	return {
		stop: async () => {
			clearInterval(timer);
			await Promise.all([...pending]);
			return counts;
		},
	};
}

/** Makes the simulator answer `count` Get Devices requests 429 once `afterRequests` API requests have been logged. */
function inject429After(context: RunContext, afterRequests: number, count: number) {
	const { log } = context.fixture.sim.simulation;
	const record = log.record.bind(log);
	let seen = 0;
	log.record = (entry) => {
		record(entry);
		seen++;
		if (seen === afterRequests)
			context.fixture.sim.simulation.injectFault({
				kind: '429',
				count,
				path: '/o/api/v2.3/devices',
			});
	};
	return {
		stop: () => {
			log.record = record;
		},
	};
}

/** Keeps what n8n printed when its execution could not be read, under .tmp/ (git-ignored). */
async function saveOutput(kase: Case, attempt: number, error: unknown): Promise<string> {
	const failure = error as { stdout?: string; stderr?: string };
	const file = path.join(TMP_ROOT, `bench-no-execution-${kase.key}-${kase.way}-${attempt}.txt`);
	try {
		await mkdir(TMP_ROOT, { recursive: true });
		await writeFile(
			file,
			`--- stdout ---\n${failure.stdout ?? ''}\n--- stderr ---\n${failure.stderr ?? ''}\n`,
		);
		return path.relative(path.resolve(TMP_ROOT, '..'), file);
	} catch {
		return '(not saved)';
	}
}

/** Runs one case: shape the fleet, run the workflow in n8n, read back requests, items and the fleet. */
export async function runCase(context: RunContext, kase: Case, floor: Floor): Promise<Row> {
	const { fixture } = context;
	const isPackage = PACKAGE_WAYS.includes(kase.way);
	shape(context, kase.fleet);
	const row: Row = {
		group: kase.group,
		workload: kase.workload,
		short: kase.short,
		way: kase.way,
		wayLabel: kase.wayLabel,
		devices: kase.devices,
		requests: 0,
		rateLimited: 0,
		failedItems: kase.devices,
		wallMs: NaN,
		floorRequests: floor.requests,
		floorMs: floor.ms,
		floorDetail: floor.detail,
		floorN8nMs: floor.n8nMs,
		...(floor.strict
			? { strictFloorMs: floor.strict.ms, strictFloorDetail: floor.strict.detail }
			: {}),
		problems: [],
		notes: [],
	};
	let result: any;
	for (let attempt = 1; attempt <= 2 && result === undefined; attempt++) {
		if (isPackage) {
			// The package's rate limiter lives as long as the n8n process: let the previous run's
			// window pass first, as a fresh process would start without one.
			await sleep(context.rule.windowMs + 100);
			shape(context, kase.fleet);
		} else if (attempt > 1) shape(context, kase.fleet);
		const competitor = kase.competitor
			? startCompetitor(context, kase.competitor.intervalMs)
			: undefined;
		const injector = kase.inject429
			? inject429After(context, kase.inject429.afterRequests, kase.inject429.count)
			: undefined;
		try {
			result = await context.server.runManually(kase.workflowId!, {
				timeoutMs: kase.timeoutMs ?? 10 * 60_000,
			});
		} catch (error) {
			const message = (error as Error).message.split('\n')[0];
			const saved = await saveOutput(kase, attempt, error);
			if (attempt === 1 && !/did not finish/.test(message)) {
				// Seen once in many runs: n8n exited 0 but what it printed did not parse. Run the case again from a fresh fleet.
				context.log(
					`  n8n gave no execution (${message}; its output is in ${saved}): running the case again`,
				);
				row.notes.push(`the first attempt gave no execution (${message}), the case was run again`);
				continue;
			}
			row.status = 'no result';
			row.notes.push(`n8n gave no execution: ${message} (its output: ${saved})`);
			if (isPackage) row.problems.push(`n8n gave no execution: ${message}`);
		} finally {
			injector?.stop();
			const sent = await competitor?.stop();
			if (sent && result !== undefined) {
				row.notes.push(
					`Another client sent ${sent.requests} requests on the same token meanwhile, one every ${kase.competitor!.intervalMs} ms: ${sent.ok} answered, ${sent.rateLimited} × 429`,
				);
			}
		}
	}
	const { summary, requests } = fixture.sim.simulation.log.read();
	row.requests = summary.total;
	row.rateLimited = summary.rateLimited;
	if (kase.inject429) {
		row.shared = true;
		const injected = requests.filter((entry) => entry.fault === '429').length;
		row.notes.push(
			`${injected} × 429 injected after request ${kase.inject429.afterRequests} (the simulator's fault injection: Reset-Time = the open window)`,
		);
	}
	if (kase.competitor) {
		const own = requests.filter((entry) => entry.query.limit === '50');
		row.requests = own.length;
		row.rateLimited = own.filter((entry) => entry.status === 429).length;
		row.shared = true;
	}
	if (result === undefined) return row;
	row.status = String(result.status ?? (result.data?.resultData?.error ? 'error' : 'unknown'));
	row.wallMs = durationOf(result);
	const nodeRun = runDataOf(result, kase.nodeName);
	row.nodeMs = typeof nodeRun?.executionTime === 'number' ? nodeRun.executionTime : undefined;
	if (isPackage) {
		if (row.status !== 'success' || nodeRun?.error) {
			const error = nodeRun?.error ?? result.data?.resultData?.error;
			row.problems.push(`the execution failed: ${String(error?.message ?? row.status)}`);
			return row;
		}
		const verdict = verifyPackage(kase, nodeRun?.data?.main?.[0] ?? [], context);
		row.failedItems = verdict.failedItems;
		row.problems.push(...verdict.problems);
		row.notes.push(...verdict.notes);
	} else {
		const verdict = verifyHttp(kase, nodeRun, context);
		row.failedItems = verdict.failedItems;
		row.notes.push(...verdict.notes);
		if (row.status !== 'success') row.notes.push(`execution status: ${row.status}`);
	}
	return row;
}

/**
 * Measures a case against its workload's floor (measured at the workload's first case: the runs
 * beside another client or with injected 429s share it). A short run of the package is measured in
 * pairs with n8n's floor request, one right before each execution, so that both meet the same state
 * of the machine; short executions, mostly n8n's own overhead, are run SHORT_RUN_REPEATS times and
 * their median kept.
 */
export async function measureCase(
	context: RunContext,
	kase: Case,
	floors: Map<string, Floor>,
): Promise<Row> {
	const key = baseKey(kase);
	const floor = floors.get(key) ?? (await measureFloor(context, kase));
	floors.set(key, floor);
	const isPackage = PACKAGE_WAYS.includes(kase.way);
	const paired = isPackage && kase.floorWorkflowId !== undefined && floor.n8nMs !== undefined;
	const references: number[] = [];
	if (paired) references.push(await runFloorReference(context, kase));
	const row = await runCase(context, kase, floor);
	if (row.wallMs >= SHORT_RUN_MS || kase.way === 'httpPaced') return row;
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
			isPackage &&
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
	return row;
}
