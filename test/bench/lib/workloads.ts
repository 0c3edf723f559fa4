/**
 * Workloads (a)–(c) in a real n8n (one running `n8n start`, manual runs over REST), both ways, against the simulator: what each
 * run sent (the simulator's request log), what reached the workflow (the node's output items),
 * what the API did (the simulator's fleet afterwards), and how long n8n says it took.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { generateFleet } from '../../simulator';
import { sleep, TMP_ROOT, type N8nHome, type N8nServer, type SimFixture } from '../../lab';
import { median, repeated, timeFloorMs, type RateRule } from './floor';
import { measureRoundTrip, send, type PlainRequest } from './plainClient';
import type { Workflow } from './workflows';
import type { Row, WayKey, WorkloadWay } from './types';

/* eslint-disable @typescript-eslint/no-explicit-any -- n8n's execution JSON is read as it comes. */

export interface Floor {
	requests: number;
	ms: number;
	detail: string;
	/** n8n's part (ms): the median execution of the workload's floor request by n8n's own HTTP Request node. */
	n8nMs?: number;
	/** The floor's other parts, in words (windows and further round trips). */
	rest?: string;
	/** How many of the floor's requests n8n's part sends. */
	n8nRequests?: number;
	/**
	 * Where n8n's part sends more than one request: the earlier, stricter floor, whose n8n part sends
	 * only the first (the others counted at ℓ, the plain client's round trip). Shown beside, not a target.
	 */
	strict?: { ms: number; detail: string };
}

/** Executions of a workload's floor request in n8n: the n8n part is their median. */
export const FLOOR_REFERENCE_RUNS = 5;

export interface Case extends WorkloadWay {
	/** Workload key: the ways of one workload share its floor. */
	key: string;
	/** Fleet size the simulator is shaped to before the run. */
	fleet: number;
	workflow: Workflow;
	nodeName: string;
	/** What the workflow's items and the fleet afterwards must be. */
	check: Check;
	workflowId?: string;
	/** The workload's floor requests sent by n8n's own HTTP Request nodes (workflows.ts httpFloorRequest), imported: n8n's part of the time floor. */
	floorWorkflowId?: string;
	/** How many floor requests that workflow sends: those of the first window (1 for Perform Action and Delete). */
	floorN8nRequests?: number;
	/** Where that is more than one: the same workflow sending only the first (the stricter floor shown beside). */
	strictFloorWorkflowId?: string;
	timeoutMs?: number;
	/**
	 * Another client on the same token during the run (another workflow or tool on the account):
	 * one `GET /devices?limit=1` every `intervalMs`. The package's own requests are told apart by `limit=50`.
	 */
	competitor?: { intervalMs: number };
	/**
	 * Unforeseen 429s: after the run's `afterRequests`-th request, the simulator answers the next
	 * `count` Get Devices requests 429 (its fault injection: Reset-Time = the open window).
	 */
	inject429?: { afterRequests: number; count: number };
}

export type Check =
	| { kind: 'action'; hwids: string[]; expected: number[] }
	| { kind: 'getMany'; hwids: string[] }
	| { kind: 'delete'; hwids: string[] };

export interface RunContext {
	home: N8nHome;
	/** The one n8n process every execution of the benchmark runs in (warm, as n8n runs in production). */
	server: N8nServer;
	fixture: SimFixture;
	rule: RateRule;
	log: (line: string) => void;
}

/** The first `count` devices of the seeded fleet (what SimFixture.shape keeps). */
export function seededHwids(count: number): string[] {
	return generateFleet(1, count).map((device) => device.hwid);
}

/** Device Action v3.1 exempt: 1 for devices in license use, -1 (not applicable) for the others. */
export function expectedExemptResults(count: number): number[] {
	return generateFleet(1, count).map((device) =>
		['unknown', 'ignored', 'out_of_license'].includes(device.category) ? -1 : 1,
	);
}

function shape(context: RunContext, fleet: number) {
	context.fixture.shape({
		devices: fleet,
		rateLimit: { limit: context.rule.limit, windowMs: context.rule.windowMs },
	});
}

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

const ms = (value: number) => `${value.toFixed(1)} ms`;

function windowsPart(requests: number, rule: RateRule): string {
	const windows = Math.ceil(requests / rule.limit) - 1;
	return windows > 0 ? `${windows} × ${rule.windowMs / 1000} s + ` : '';
}

/**
 * One execution of the workload's floor requests by n8n's own HTTP Request nodes, from a fresh
 * fleet: its duration (ms). Throws when it did not send exactly those requests, without a 429.
 */
export async function runFloorReference(
	context: RunContext,
	kase: Case,
	workflowId = kase.floorWorkflowId!,
	expected = kase.floorN8nRequests ?? 1,
): Promise<number> {
	shape(context, kase.fleet);
	const result = await context.server.runManually(workflowId);
	const { summary } = context.fixture.sim.simulation.log.read();
	if (result?.status !== 'success' || summary.total !== expected || summary.rateLimited !== 0) {
		throw new Error(
			`n8n's floor requests for ${kase.workload} did not succeed: execution ${String(result?.status)}, ${summary.total} requests (${expected} expected), ${summary.rateLimited} × 429`,
		);
	}
	return durationOf(result);
}

/** The floor with n8n's part taken from these executions of the floor request (their median). */
export function withN8nPart(floor: Floor, runs: number[]): Floor {
	const n8nMs = median(runs);
	return {
		...floor,
		ms: floor.ms - (floor.n8nMs ?? 0) + n8nMs,
		n8nMs,
		detail: `n8n ${ms(n8nMs)} (${
			(floor.n8nRequests ?? 1) === 1
				? "the first request by n8n's HTTP Request node"
				: `the first ${floor.n8nRequests} requests by n8n's HTTP Request node, one node each`
		}, Execute Once: ${runs.join(', ')} ms)${floor.rest ? ` + ${floor.rest}` : ''}`,
	};
}

/**
 * The workload's floor: ℓ of its request(s), measured now with a plain client, the rate limit's
 * windows, and (when the case has one) n8n's part, which stands for the first request's ℓ.
 * Then the fleet is shaped afresh.
 */
export async function measureFloor(context: RunContext, kase: Case): Promise<Floor> {
	const { fixture, rule } = context;
	shape(context, kase.fleet);
	const sim = fixture.sim;
	let trips: number[];
	/** The plain-client round trips after the first `skip` requests (those n8n's part sends), in words. */
	let tripDetail: (skip: number) => string;
	if (kase.check.kind === 'getMany') {
		const devices = kase.check.hwids.length;
		const full = Math.floor(devices / 50);
		const lastPage = full + 1;
		const page = (number: number): PlainRequest => ({
			method: 'GET',
			path: '/o/api/v2.3/devices',
			query: number === 1 ? { limit: '50' } : { limit: '50', page: String(number) },
		});
		const fullTrip = full > 0 ? await measureRoundTrip(sim, page(1)) : undefined;
		const lastTrip = await measureRoundTrip(sim, page(lastPage));
		trips = [...repeated(fullTrip?.ms ?? 0, full), lastTrip.ms];
		const last = `1 × ${ms(lastTrip.ms)} (${devices % 50 === 0 ? `${lastTrip.status}` : 'short page'})`;
		tripDetail = (skip) => {
			const fullLeft = Math.max(0, full - skip);
			return [
				fullLeft > 0 ? `${fullLeft} × ${ms(fullTrip?.ms ?? 0)}` : '',
				skip <= full ? last : '',
			]
				.filter((part) => part !== '')
				.join(' + ');
		};
	} else {
		const ask: PlainRequest =
			kase.check.kind === 'action'
				? {
						method: 'POST',
						path: '/o/api/v3.1/devices/action',
						body: { types: 'exempt', ids: kase.check.hwids, params: { exempt_time: 0 } },
					}
				: {
						method: 'POST',
						path: '/o/api/v2/devices/delete',
						body: { opt: 1, HWID_list: kase.check.hwids },
					};
		// A delete must find its devices each time: restore the fleet before each sample.
		const trip = await measureRoundTrip(
			sim,
			ask,
			5,
			kase.check.kind === 'delete' ? () => shape(context, kase.fleet) : undefined,
		);
		if (trip.status !== 200)
			throw new Error(`The plain client's ${ask.path} answered ${trip.status}`);
		trips = [trip.ms];
		tripDetail = (skip) => (skip > 0 ? '' : `1 × ${ms(trip.ms)}`);
	}
	let floor: Floor;
	if (kase.floorWorkflowId) {
		const sent = kase.floorN8nRequests ?? 1;
		const windows = windowsPart(trips.length, rule).replace(/ \+ $/, '');
		const rest = [windows, tripDetail(sent)].filter((part) => part !== '').join(' + ');
		// The round trips of the requests n8n's own nodes send are inside n8n's part.
		const inN8n = trips.slice(0, sent).reduce((sum, trip) => sum + trip, 0);
		const base: Floor = {
			requests: trips.length,
			ms: timeFloorMs(trips, rule) - inN8n,
			detail: '',
			n8nMs: 0,
			rest,
			n8nRequests: sent,
		};
		const runs: number[] = [];
		for (let run = 0; run < FLOOR_REFERENCE_RUNS; run++)
			runs.push(await runFloorReference(context, kase));
		floor = withN8nPart(base, runs);
		if (kase.strictFloorWorkflowId) {
			const firstOnly: number[] = [];
			for (let run = 0; run < FLOOR_REFERENCE_RUNS; run++)
				firstOnly.push(await runFloorReference(context, kase, kase.strictFloorWorkflowId, 1));
			const strictRest = [windows, tripDetail(1)].filter((part) => part !== '').join(' + ');
			floor.strict = {
				ms: median(firstOnly) + timeFloorMs(trips, rule) - trips[0],
				detail: `n8n ${ms(median(firstOnly))} (the first request alone by n8n's HTTP Request node: ${firstOnly.join(', ')} ms) + ${strictRest}`,
			};
		}
	} else {
		floor = {
			requests: trips.length,
			ms: timeFloorMs(trips, rule),
			detail: `${windowsPart(trips.length, rule)}${tripDetail(0)}`,
		};
	}
	shape(context, kase.fleet);
	return floor;
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

function runDataOf(result: any, nodeName: string): any | undefined {
	return result?.data?.resultData?.runData?.[nodeName]?.[0];
}

function durationOf(result: any): number {
	const started = Date.parse(result?.startedAt);
	const stopped = Date.parse(result?.stoppedAt);
	return Number.isFinite(started) && Number.isFinite(stopped) ? stopped - started : NaN;
}

interface Verdict {
	failedItems: number;
	problems: string[];
	notes: string[];
}

/** Paired input item of an output item (n8n gives a number or `{ item }`). */
function pairedIndex(item: any): number | undefined {
	const paired = Array.isArray(item?.pairedItem) ? item.pairedItem[0] : item?.pairedItem;
	if (typeof paired === 'number') return paired;
	return typeof paired?.item === 'number' ? paired.item : undefined;
}

function verifyPackage(kase: Case, items: any[], context: RunContext): Verdict {
	const problems: string[] = [];
	const notes: string[] = [];
	const { check } = kase;
	const failed = items.filter(
		(item) =>
			item.json?.error !== undefined || (check.kind === 'delete' && item.json?.success === false),
	).length;
	if (items.length !== check.hwids.length)
		problems.push(`${items.length} items out for ${check.hwids.length} devices`);
	const now = Date.now();
	if (check.kind === 'getMany') {
		const wrong = check.hwids.filter((hwid, i) => items[i]?.json?.hwid !== hwid).length;
		if (wrong) problems.push(`${wrong} devices missing, repeated or out of order`);
	} else {
		let wrongDevice = 0;
		let wrongResult = 0;
		check.hwids.forEach((hwid, i) => {
			const item = items[i];
			if (item?.json?.id !== hwid || pairedIndex(item) !== i) wrongDevice++;
			else if (item.json.result_code !== (check.kind === 'action' ? check.expected[i] : 1))
				wrongResult++;
		});
		if (wrongDevice) problems.push(`${wrongDevice} items name the wrong device or input item`);
		if (wrongResult) problems.push(`${wrongResult} devices have the wrong result`);
		const fleet = new Map(
			context.fixture.sim.simulation.devices(now).devices.map((device) => [device.hwid, device]),
		);
		if (check.kind === 'action') {
			const notExempt = check.hwids.filter(
				(hwid, i) =>
					check.expected[i] === 1 &&
					(fleet.get(hwid)?.exempt !== 1 ||
						!fleet.get(hwid)?.commands.some((command) => command.type === 'exempt')),
			).length;
			if (notExempt)
				problems.push(`${notExempt} devices reported exempted are not exempt in MetaAccess`);
			const wronglyApplied = check.hwids.filter(
				(hwid, i) =>
					check.expected[i] !== 1 &&
					fleet.get(hwid)?.commands.some((command) => command.type === 'exempt'),
			).length;
			if (wronglyApplied)
				problems.push(
					`${wronglyApplied} devices were exempted though exempt does not apply to them`,
				);
			notes.push(
				`${check.expected.filter((code) => code === -1).length} of ${check.hwids.length} devices answer -1 (exempt does not apply to unknown, ignored and out-of-license devices), as expected`,
			);
		} else {
			const left = check.hwids.filter((hwid) => fleet.has(hwid)).length;
			if (left) problems.push(`${left} devices reported deleted are still listed`);
			if (fleet.size !== kase.fleet - check.hwids.length)
				problems.push(
					`the fleet holds ${fleet.size} devices, not ${kase.fleet - check.hwids.length}`,
				);
		}
	}
	return { failedItems: failed + Math.max(0, check.hwids.length - items.length), problems, notes };
}

/** Items of the user's HTTP Request way: the devices whose result reached the workflow, and what the API did. */
function verifyHttp(kase: Case, nodeRun: any, context: RunContext): Verdict {
	const notes: string[] = [];
	const { check } = kase;
	const items: any[] = nodeRun?.error ? [] : (nodeRun?.data?.main?.[0] ?? []);
	if (nodeRun?.error)
		notes.push(
			`the node failed after its tries: ${String(nodeRun.error.message ?? '').slice(0, 120)}`,
		);
	const now = Date.now();
	const fleet = new Map(
		context.fixture.sim.simulation.devices(now).devices.map((device) => [device.hwid, device]),
	);
	if (check.kind === 'getMany') {
		const returned = items
			.filter((item) => typeof item.json?.hwid === 'string')
			.map((item) => item.json.hwid as string);
		const others = items.length - returned.length;
		const wanted = new Set(check.hwids);
		const good = new Set(returned.filter((hwid) => wanted.has(hwid))).size;
		const requests = context.fixture.sim.simulation.log.read().requests;
		const last = requests[requests.length - 1]?.status;
		if (others)
			notes.push(
				`${others} item(s) in the output that are not devices (the body of the answer that ended the pagination, HTTP ${last})`,
			);
		if (returned.length > good) notes.push(`${returned.length - good} devices returned twice`);
		if (!nodeRun?.error && good < check.hwids.length) {
			notes.push(
				`the execution succeeded, yet the workflow got ${good} of ${check.hwids.length} devices: the pagination ended on an HTTP ${last} answer` +
					(last === 429 ? ' (its empty body read as a short last page), and nothing said so' : ''),
			);
		}
		return { failedItems: check.hwids.length - good, problems: [], notes };
	}
	const ok = new Set<number>();
	for (const item of items) {
		const index = pairedIndex(item);
		if (index === undefined || item.json?.error !== undefined) continue;
		const answer =
			check.kind === 'action'
				? item.json?.status
				: Array.isArray(item.json?.result)
					? item.json.result[0]
					: undefined;
		const expected = check.kind === 'action' ? check.expected[index] : 1;
		if (answer === expected && (check.kind === 'delete' || item.json?.id === check.hwids[index]))
			ok.add(index);
	}
	if (check.kind === 'action') {
		const done = check.hwids.filter((hwid) =>
			fleet.get(hwid)?.commands.some((command) => command.type === 'exempt'),
		).length;
		notes.push(
			`MetaAccess exempted ${done} of the ${check.expected.filter((code) => code === 1).length} devices it could`,
		);
	} else {
		const deleted = check.hwids.filter((hwid) => !fleet.has(hwid)).length;
		notes.push(`MetaAccess deleted ${deleted} of ${check.hwids.length} devices`);
	}
	return { failedItems: check.hwids.length - ok.size, problems: [], notes };
}

function wayIsPackage(way: WayKey): boolean {
	return way === 'package' || way === 'packageDefault';
}

/** Runs one case: shape the fleet, run the workflow in n8n, read back requests, items and the fleet. */
export async function runCase(context: RunContext, kase: Case, floor: Floor): Promise<Row> {
	const { fixture } = context;
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
		if (wayIsPackage(kase.way)) {
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
			if (wayIsPackage(kase.way)) row.problems.push(`n8n gave no execution: ${message}`);
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
	if (wayIsPackage(kase.way)) {
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
