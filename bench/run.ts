/**
 * `npm run bench`: this package against n8n's HTTP Request node, in a real n8n (the newest supported,
 * 2.41.3 on Node 24, unless `npm run bench -- --n8n oldest` asks for 2.8.4) against the
 * project's MetaAccess simulator, with the rate-limit window shortened (10 requests per 2 s by
 * default) and the credential's Requests per Minute set to match. Prints a table as it goes,
 * writes bench/RESULTS.md and bench/chart.png, and exits non-zero when a correctness check of the
 * package fails (items missing, wrong device results, trigger events lost or duplicated). A missed
 * performance target is reported, not failed.
 *
 * Environment (optional): BENCH_WINDOW_MS (default 2000), BENCH_SKIP_PACED=1 (leave out the
 * "requests spaced" HTTP Request rows, the longest part), BENCH_BUDGET_MINUTES (default 35: later
 * optional parts are skipped rather than overrun it), BENCH_ONLY=a-10,b-50,d,diff (development: run
 * only those parts; the results files are still written).
 */
import './lib/preferTs';
import { BENCH_ARGS, BENCH_RUNTIME, inProcessN8nCoreVersion } from './lib/n8nLine';

import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import { N8nHome, type CredentialImport } from '../lab';
import { installCleanup, stopAllChildren } from '../lab';
import { SimFixture } from '../lab';
import { Random } from '../simulator/random';
import { drawChart } from './lib/chart';
import { measureDiffCost, type DiffCostResult } from './lib/diffCost';
import { getManyRequestFloor, median, repeated, scanRequestFloor, timeFloorMs, type RateRule } from './lib/floor';
import { measureRoundTrip } from './lib/plainClient';
import { consoleTable, evaluateTargets, formatMs, ratio, resultsMarkdown, tableCells } from './lib/results';
import { runTrigger, type TriggerRunResult } from './lib/trigger';
import { PACKAGE_WAYS, type BenchSettings, type MachineInfo, type Row, type WayKey } from './lib/types';
import {
	CREDENTIAL_TYPE,
	HTTP_REQUEST_VERSION,
	NODE,
	QUERY_AUTH_TYPE,
	httpDelete,
	httpGetMany,
	httpFloorRequest,
	httpPerformAction,
	packageDelete,
	packageGetMany,
	packagePerformAction,
	type HttpWay,
	type Workflow,
} from './lib/workflows';
import {
	expectedExemptResults,
	measureFloor,
	runCase,
	runFloorReference,
	seededHwids,
	withN8nPart,
	type Case,
	type Check,
	type Floor,
	type RunContext,
} from './lib/workloads';

const REPO_ROOT = path.resolve(__dirname, '..');
const RESULTS_FILE = path.join(__dirname, 'RESULTS.md');
const CHART_FILE = path.join(__dirname, 'chart.png');

const LIMIT = 10;
const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 2000);
const REAL_WINDOW_MS = 60_000;
const SPEED_UP = REAL_WINDOW_MS / WINDOW_MS;
const REQUESTS_PER_MINUTE = Math.round((LIMIT * REAL_WINDOW_MS) / WINDOW_MS);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_MINUTES ?? 35) * 60_000;
const SKIP_PACED = process.env.BENCH_SKIP_PACED === '1';
/** Development aid: only these parts (workload keys such as a-10, b-5000, c-200, and d, diff). */
const ONLY = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',').map((part) => part.trim())) : undefined;
const wanted = (part: string) => ONLY === undefined || ONLY.has(part);
const TRIGGER_DEVICES = 10_000;
/** Executions shorter than this are run SHORT_RUN_REPEATS times in all, and their median time reported. */
const SHORT_RUN_MS = 2000;
const SHORT_RUN_REPEATS = 5;
const TRIGGER_CHANGE_CYCLES = 3;
/** n8n's editor allows Max Tries up to 5 and Wait Between Tries up to 5000 ms. */
const RETRY_REAL = { maxTries: 5, waitBetweenTriesMs: 5000 };
/** A careful user spaces requests 7 s apart (a little under the documented 10 a minute). */
const PACED_REAL_MS = 7000;

const scaled = (realMs: number) => Math.round((realMs * WINDOW_MS) / REAL_WINDOW_MS);

const settings: BenchSettings = {
	limit: LIMIT,
	windowMs: WINDOW_MS,
	requestsPerMinute: REQUESTS_PER_MINUTE,
	speedUp: SPEED_UP,
	retry: { maxTries: RETRY_REAL.maxTries, waitBetweenTriesMs: scaled(RETRY_REAL.waitBetweenTriesMs), realWaitMs: RETRY_REAL.waitBetweenTriesMs },
	pacedSpacingMs: scaled(PACED_REAL_MS),
	pacedRealSpacingMs: PACED_REAL_MS,
	httpRequestVersion: HTTP_REQUEST_VERSION,
	triggerChangeCycles: TRIGGER_CHANGE_CYCLES,
	shortRunRepeats: SHORT_RUN_REPEATS,
};

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

const WAY_LABELS: Record<WayKey, (group: string) => string> = {
	package: (group) => (group === 'b' ? 'package' : group === 'd' ? 'package, Max Requests per Poll 100' : 'package, Batch Size 1000'),
	packageDefault: (group) => (group === 'd' ? 'package, defaults (8 a poll)' : 'package, defaults (Batch Size 100)'),
	httpRetry: () => 'HTTP Request, Retry On Fail',
	httpContinue: () => 'HTTP Request, Retry + On Error: Continue',
	httpPaced: () => 'HTTP Request, Retry + requests spaced',
};

function buildCases(credential: { id: string; name: string }, baseUrl: string, token: string): Case[] {
	const cases: Case[] = [];
	const http = (way: WayKey): HttpWay => ({
		retry: { maxTries: settings.retry.maxTries, waitBetweenTriesMs: settings.retry.waitBetweenTriesMs },
		continueOnError: way === 'httpContinue',
		...(way === 'httpPaced' ? { spacingMs: settings.pacedSpacingMs } : {}),
	});
	const nodeFor = (way: WayKey) => (PACKAGE_WAYS.includes(way) ? NODE.package : NODE.http);
	const actionFleet = 1000;
	const allHwids = seededHwids(actionFleet);
	const allExpected = expectedExemptResults(actionFleet);
	/** Perform Action (a) and Delete (c): the same devices, the package two ways and the HTTP Request node three ways. */
	const listCases = (group: 'a' | 'c', count: number) => {
		const hwids = allHwids.slice(0, count);
		const check: Check = group === 'a' ? { kind: 'action', hwids, expected: allExpected.slice(0, count) } : { kind: 'delete', hwids };
		const [label, short, viaPackage, viaHttp] =
			group === 'a'
				? (['Perform Action', 'PA', packagePerformAction, httpPerformAction] as const)
				: (['Delete', 'DEL', packageDelete, httpDelete] as const);
		for (const way of ['package', 'packageDefault', 'httpRetry', 'httpContinue', 'httpPaced'] as WayKey[]) {
			const name = `bench (${group}) ${label} ${count} — ${way}`;
			const workflow: Workflow =
				way === 'package'
					? viaPackage(name, hwids, credential, 1000)
					: way === 'packageDefault'
						? viaPackage(name, hwids, credential)
						: viaHttp(name, hwids, baseUrl, token, http(way));
			cases.push({
				key: `${group}-${count}`,
				group,
				workload: `(${group}) ${label}, ${count} ${group === 'a' ? 'items' : 'devices'}`,
				short: `${short} ${count}`,
				way,
				wayLabel: WAY_LABELS[way](group),
				devices: count,
				fleet: actionFleet,
				workflow,
				nodeName: nodeFor(way),
				check,
			});
		}
	};
	for (const count of [10, 100, 1000]) listCases('a', count);
	for (const count of [50, 500, 5000]) {
		const hwids = seededHwids(count);
		for (const way of ['package', 'httpRetry', 'httpPaced'] as WayKey[]) {
			const name = `bench (b) Get Many ${count} — ${way}`;
			cases.push({
				key: `b-${count}`,
				group: 'b',
				workload: `(b) Get Many, Return All, ${count} devices`,
				short: `GM ${count}`,
				way,
				wayLabel: WAY_LABELS[way]('b'),
				devices: count,
				fleet: count,
				workflow: way === 'package' ? packageGetMany(name, credential) : httpGetMany(name, baseUrl, token, http(way)),
				nodeName: nodeFor(way),
				check: { kind: 'getMany', hwids },
			});
		}
	}
	{
		// The package sharing its account: another client spends 4 of every window's 10 requests on the same token.
		const count = 5000;
		cases.push({
			key: `b-${count}-shared`,
			group: 'b',
			workload: `(b) Get Many, Return All, ${count} devices, another client on the token`,
			short: `GM ${count} SHARED`,
			way: 'package',
			wayLabel: WAY_LABELS.package('b'),
			devices: count,
			fleet: count,
			workflow: packageGetMany(`bench (b) Get Many ${count}, shared — package`, credential),
			nodeName: NODE.package,
			check: { kind: 'getMany', hwids: seededHwids(count) },
			competitor: { intervalMs: Math.round(WINDOW_MS / 4) },
		});
		cases.push({
			key: `b-${count}-429`,
			group: 'b',
			workload: `(b) Get Many, Return All, ${count} devices, 3 unforeseen 429s`,
			short: `GM ${count} 429S`,
			way: 'package',
			wayLabel: WAY_LABELS.package('b'),
			devices: count,
			fleet: count,
			workflow: packageGetMany(`bench (b) Get Many ${count}, 429s — package`, credential),
			nodeName: NODE.package,
			check: { kind: 'getMany', hwids: seededHwids(count) },
			inject429: { afterRequests: 45, count: 3 },
		});
	}
	listCases('c', 200);
	return cases;
}

/** The workload a case belongs to: the runs beside another client or with injected 429s are Get Many over 5,000 devices. */
function baseKey(kase: Case): string {
	return kase.key.replace(/-(shared|429)$/, '');
}

/** Expected duration of a spaced HTTP Request case, ms (its requests one spacing apart), for the budget. */
function pacedEstimateMs(kase: Case): number {
	const requests = kase.check.kind === 'getMany' ? Math.floor(kase.devices / 50) + 1 : kase.devices;
	return requests * settings.pacedSpacingMs + 15_000;
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
		const lost = run.cycles.reduce((sum, cycle) => sum + cycle.missed + cycle.duplicated + cycle.unexpected, 0);
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

/** What the misses mean, from the numbers (written into RESULTS.md). */
function readings(rows: Row[], diff: DiffCostResult | undefined): string[] {
	const notes: string[] = [];
	const packageRows = rows.filter((row) => PACKAGE_WAYS.includes(row.way) && !row.shared);
	const slow = packageRows.filter((row) => !(row.wallMs <= row.floorMs * 1.1));
	const oneWindow = packageRows.filter((row) => row.floorN8nMs !== undefined && row.floorRequests <= LIMIT);
	if (oneWindow.length) {
		notes.push(
			'Where the floor fits in one window, no rate limit stands between the requests and their answers, and the floor is what n8n itself takes to run the workflow and send them ' +
				`(the same workflow ending in n8n's own HTTP Request node sending the floor's request once): ${oneWindow
					.map((row) => `${row.workload} [${row.wayLabel}]: n8n ${formatMs(row.floorN8nMs)}, package ${formatMs(row.wallMs)} (node ${formatMs(row.nodeMs)}), ${ratio(row.wallMs, row.floorMs)}`)
					.join('; ')}. ` +
				"Perform Action and Delete come in below that floor: the HTTP Request node's one POST gathers the devices with an expression, n8n's first in the process (about 25 ms), " +
				'while the package evaluates none (it reads `{{ $json.hwid }}` from each item, and its credential puts the token in the query without an expression). ' +
				'It reads its credential once per execution and hands it to n8n with each request (n8n would otherwise read and decrypt it from its database twice per request).',
		);
	}
	const small = packageRows.find((row) => row.group === 'a' && row.way === 'package' && row.devices === 10);
	const large = packageRows.find((row) => row.group === 'a' && row.way === 'package' && row.devices === 1000);
	if (small?.nodeMs !== undefined && large?.nodeMs !== undefined && large.devices > small.devices) {
		const perItem = (large.nodeMs - small.nodeMs) / (large.devices - small.devices);
		notes.push(
			`Per item, the node adds about ${(perItem * 1000).toFixed(0)} µs (Perform Action: ${formatMs(small.nodeMs)} for 10 items, ${formatMs(large.nodeMs)} for 1000, one request each): ` +
				'it reads and checks the parameters that hold no expression once per execution and reads `{{ $json.hwid }}` straight from each item, leaving n8n to evaluate only other expressions (about 0.1 ms each), ' +
				'then builds one output item per device, paired with its input item.',
		);
	}
	for (const row of slow) {
		notes.push(
			`${row.workload} [${row.wayLabel}] takes ${formatMs(row.wallMs - row.floorMs)} over its floor (${ratio(row.wallMs, row.floorMs)}): ` +
				`${row.nodeMs !== undefined ? `the node itself ${formatMs(row.nodeMs)}; ` : ''}floor ${row.floorDetail}.`,
		);
	}
	const strict = packageRows.filter((row) => row.strictFloorMs !== undefined);
	if (strict.length) {
		notes.push(
			"Against the earlier, stricter floor, whose n8n part is n8n's HTTP Request node sending only the first request, every further request counted at ℓ " +
				"(the plain client's round trip, which no n8n node can match: n8n's request machinery costs about 2–3 ms a request): " +
				`${strict
					.map((row) => `${row.workload} [${row.wayLabel}] ${ratio(row.wallMs, row.strictFloorMs!)} (${formatMs(row.wallMs)} against ${formatMs(row.strictFloorMs!)}: ${row.strictFloorDetail})`)
					.join('; ')}. Shown so that the change of floor hides nothing; not a target.`,
		);
	}
	const within = packageRows.filter((row) => row.wallMs <= row.floorMs * 1.1 && row.floorRequests > LIMIT);
	if (within.length) {
		notes.push(
			`Where the rate limit dominates (the floor spans windows), the package stays within 1.10× of the least time the limit allows: ${within
				.map((row) => `${row.workload} [${row.wayLabel}] ${ratio(row.wallMs, row.floorMs)}`)
				.join('; ')}.`,
		);
	}
	for (const row of rows.filter((r) => r.shared)) {
		const took = `${row.requests} requests (the ${row.floorRequests} pages${row.requests > row.floorRequests ? ' + the retries' : ''}), ${formatMs(row.wallMs)} (${ratio(row.wallMs, row.floorMs)} the floor of the account alone)`;
		notes.push(
			`${row.workload}: the package received ${row.rateLimited} × 429` +
				(row.rateLimited > 0
					? ', waited each one out (the reset the answer names) and retried the request'
					: ": it sends a window's requests as soon as the window opens and follows the X-RateLimit-Remaining the API sends, which counts the other client's requests too") +
				`; ${row.failedItems} items failed; ${took}. ${row.notes.filter((note) => /another client|injected/i.test(note)).join('; ')}.` +
				(row.notes.some((note) => /another client/i.test(note))
					? ' The other client gets what the package leaves: the package does not hold back for other users of the token outside its n8n process.'
					: ''),
		);
	}
	const batch = packageRows.filter((row) => row.way === 'packageDefault' && row.group !== 'd' && row.requests !== row.floorRequests);
	if (batch.length) {
		notes.push(
			`The default Batch Size (100) sends ⌈N/100⌉ requests where the API would take 1 (${batch.map((row) => `${row.workload}: ${row.requests}`).join('; ')}): ` +
				'a deliberate bound on one request\'s size while the API documents no cap, not a pacing loss; at Batch Size 1000 every workload is at the floor.',
		);
	}
	const http = rows.filter((row) => row.way === 'httpRetry' || row.way === 'httpContinue');
	const describeHttp = (list: Row[]) =>
		list.map((row) => `${row.workload}: ${row.requests} requests, ${row.rateLimited} × 429, ${row.failedItems}/${row.devices} failed`).join('; ');
	const stopped = http.filter((row) => row.way === 'httpRetry' && row.group !== 'b' && row.failedItems > 0);
	if (stopped.length) {
		notes.push(
			'HTTP Request with Retry On Fail sends every item at once (no pacing) and meets the limit head on; the first 429 fails the node, and Retry On Fail runs the whole node again, ' +
				'every item, those already done included (a Delete already done then answers "failed"); after the last try the workflow stops with an error and none of the results reaches it, ' +
				`though MetaAccess acted on some devices: ${describeHttp(stopped)}.`,
		);
	}
	const continued = http.filter((row) => row.way === 'httpContinue' && row.failedItems > 0);
	if (continued.length) {
		notes.push(
			'With On Error: Continue, n8n retries a node only when its first item failed (it did not: the first request of a window succeeds), so every 429 stays an error item: ' +
				`${describeHttp(continued)}.`,
		);
	}
	const truncated = rows.filter((row) => row.way === 'httpRetry' && row.group === 'b' && row.status === 'success' && row.failedItems > 0);
	if (truncated.length) {
		notes.push(
			`Get Many through the HTTP Request node's pagination is worse than failing: a request beyond the window's ${LIMIT} answers 429 with an empty body, which the completion condition reads as a short last page, ` +
				`so the execution succeeds with part of the fleet and nothing says so: ${truncated.map((row) => `${row.workload}: ${row.devices - row.failedItems} of ${row.devices} devices`).join('; ')}.`,
		);
	}
	const paced = rows.filter((row) => row.way === 'httpPaced');
	if (paced.length) {
		notes.push(
			`Spacing the requests (a careful user) avoids the 429s but still sends one request per device: ${paced
				.map((row) => `${row.workload}: ${row.requests} requests, ${formatMs(row.wallMs)} (${ratio(row.wallMs, row.floorMs)} the floor), ${row.failedItems} failed`)
				.join('; ')}. In the real 60-s window, multiply these times by ${SPEED_UP}.`,
		);
	}
	if (http.some((row) => row.devices >= 1000)) {
		notes.push(
			`Caveat of the shortened window: the HTTP Request node's own work does not shrink with the window, so when one of its tries lasts longer than a ${WINDOW_MS / 1000}-s window, a new window opens under it and more of its requests succeed than in the real 60-s window. This favours the HTTP Request node.`,
		);
	}
	if (diff) {
		notes.push(
			`Diff of 100,000 devices: ${diff.medianCpuMs.toFixed(0)} ms of CPU and ${diff.medianHeapGrowthMb.toFixed(1)} MB of heap growth (median). ` +
				'The CPU figure includes the V8 collector\'s threads (process.cpuUsage counts the whole process).',
		);
	}
	return notes;
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

	if (BENCH_ARGS.length > 0) throw new Error(`Unknown option ${BENCH_ARGS[0]}. Options: --n8n oldest|newest (settings go in environment variables: see bench/run.ts)`);
	log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb.toFixed(1)} GB, Node ${machine.node}; the ${BENCH_RUNTIME} n8n (n8n-core ${machine.n8nCore} in this process)`);
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
		log('Preparing n8n (a fresh user folder with the built package installed as a community package)');
		home = await N8nHome.create('bench', { runtime: BENCH_RUNTIME, log });
		machine.n8n = home.runtime.label;
		const credential = { id: 'benchMetaAccessCred', name: 'MetaAccess (benchmark)' };
		const credentialImport: CredentialImport = {
			...credential,
			type: CREDENTIAL_TYPE,
			data: { baseUrl: fixture.url, authentication: 'accessToken', accessToken: fixture.staticToken, requestsPerMinute: REQUESTS_PER_MINUTE },
		};
		await home.importCredential(credentialImport);
		const queryAuth = { id: 'benchQueryAuthCred', name: 'MetaAccess token (Query Auth)' };
		await home.importCredential({ ...queryAuth, type: QUERY_AUTH_TYPE, data: { name: 'access_token', value: fixture.staticToken } });
		const cases = buildCases(credential, fixture.url, fixture.staticToken).filter((kase) => wanted(kase.key));
		// n8n's part of each workload's floor: its first floor request sent by n8n's own HTTP Request node (Execute Once).
		// The floor's requests that fit in the first window: all of them for Perform Action and Delete (1), up to 10 pages for Get Many.
		const n8nRequestsOf = (kase: Case) => (kase.check.kind === 'getMany' ? Math.min(getManyRequestFloor(kase.devices), LIMIT) : 1);
		const floorWorkflows = new Map<string, Workflow>();
		for (const kase of cases) {
			kase.floorN8nRequests = n8nRequestsOf(kase);
			if (floorWorkflows.has(baseKey(kase))) continue;
			floorWorkflows.set(
				baseKey(kase),
				httpFloorRequest(`bench floor: ${kase.workload}`, kase.check.kind, kase.check.hwids, fixture.url, queryAuth, kase.floorN8nRequests),
			);
		}
		// Where n8n's part sends several requests, the same workflow sending only the first: the stricter floor, shown beside.
		const strictWorkflows = new Map<string, Workflow>();
		for (const kase of cases) {
			if ((kase.floorN8nRequests ?? 1) === 1 || strictWorkflows.has(baseKey(kase))) continue;
			strictWorkflows.set(
				baseKey(kase),
				httpFloorRequest(`bench floor, first request only: ${kase.workload}`, kase.check.kind, kase.check.hwids, fixture.url, queryAuth, 1),
			);
		}
		const ids = await home.importWorkflows([...cases.map((kase) => kase.workflow), ...floorWorkflows.values(), ...strictWorkflows.values()]);
		const floorIds = new Map([...floorWorkflows.keys()].map((key, index) => [key, ids[cases.length + index]]));
		const strictIds = new Map([...strictWorkflows.keys()].map((key, index) => [key, ids[cases.length + floorWorkflows.size + index]]));
		cases.forEach((kase, index) => {
			kase.workflowId = ids[index];
			kase.floorWorkflowId = floorIds.get(baseKey(kase));
			kase.strictFloorWorkflowId = strictIds.get(baseKey(kase));
		});
		log(`Imported ${ids.length} workflows`);

		const context: RunContext = { home, fixture, rule, log };
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
			const paired = PACKAGE_WAYS.includes(kase.way) && kase.floorWorkflowId !== undefined && floor.n8nMs !== undefined;
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
				const nodeTimes = runs.map((run) => run.nodeMs).filter((value): value is number => value !== undefined);
				row.nodeMs = nodeTimes.length ? median(nodeTimes) : undefined;
				row.notes.push(`wall time: median of ${runs.length} executions (${runs.map((run) => formatMs(run.wallMs)).join(', ')}); requests, 429s and items from the first`);
				for (const run of runs.slice(1)) {
					row.problems.push(...run.problems.map((problem) => `(repeat) ${problem}`));
					if (PACKAGE_WAYS.includes(kase.way) && (run.requests !== row.requests || run.rateLimited !== row.rateLimited || run.failedItems !== row.failedItems)) {
						row.notes.push(`a repeat gave ${run.requests} requests, ${run.rateLimited} × 429, ${run.failedItems} failed`);
					}
				}
				if (paired) {
					const own = withN8nPart(floor, references);
					row.floorMs = own.ms;
					row.floorN8nMs = own.n8nMs;
					row.floorDetail = own.detail;
					row.notes.push(`its floor's n8n part measured in pairs with these executions, each floor request right before one of them`);
				}
			}
			rows.push(row);
			printRow(row);
			if (PACKAGE_WAYS.includes(row.way)) problems.push(...row.problems.map((problem) => `${row.workload} [${row.wayLabel}]: ${problem}`));
		};

		// (a)–(c), this package and the HTTP Request node (the spaced way comes last: it is the longest).
		for (const kase of cases.filter((c) => c.way !== 'httpPaced')) await runOne(kase);

		// (d) The trigger.
		let triggerFloor: Floor = { requests: scanRequestFloor(TRIGGER_DEVICES), ms: NaN, detail: 'not measured' };
		const triggerRuns: TriggerRunResult[] = [];
		if (wanted('d')) {
			log(`(d) Trigger over ${TRIGGER_DEVICES} devices, 1% changing between scan cycles`);
			fixture.shape({ devices: TRIGGER_DEVICES, rateLimit: rule });
			const pageTrip = await measureRoundTrip(fixture.sim, { method: 'GET', path: '/o/api/v2.3/devices', query: { limit: '50' } });
			const pages = scanRequestFloor(TRIGGER_DEVICES);
			const lastTrip = await measureRoundTrip(fixture.sim, { method: 'GET', path: '/o/api/v2.3/devices', query: { limit: '50', page: String(pages) } });
			const trips = [...repeated(pageTrip.ms, pages - 1), lastTrip.ms];
			triggerFloor = {
				requests: pages,
				ms: timeFloorMs(trips, rule),
				detail: `${Math.ceil(pages / LIMIT) - 1} × ${WINDOW_MS / 1000} s + ${pages - 1} × ${pageTrip.ms.toFixed(1)} ms + 1 × ${lastTrip.ms.toFixed(1)} ms (${lastTrip.status})`,
			};
			fixture.shape({ devices: TRIGGER_DEVICES, rateLimit: rule });
			const staticData: IDataObject = {};
			const random = new Random(20261121);
			const triggerSetup = { sim: fixture.sim, token: fixture.staticToken, requestsPerMinute: REQUESTS_PER_MINUTE, windowMs: WINDOW_MS, log };
			triggerRuns.push(await runTrigger(triggerSetup, staticData, 100, TRIGGER_CHANGE_CYCLES, random));
			triggerRuns.push(await runTrigger(triggerSetup, staticData, undefined, 1, random));
			for (const run of triggerRuns) problems.push(...run.problems);
		}
		const trigger = triggerRows(triggerRuns, triggerFloor);
		trigger.forEach(printRow);

		// The careful user's spaced HTTP Request, within the time budget.
		for (const kase of cases.filter((c) => c.way === 'httpPaced')) {
			const estimate = pacedEstimateMs(kase);
			if (SKIP_PACED) {
				skipped.push(`${kase.workload} [${kase.wayLabel}] (BENCH_SKIP_PACED=1)`);
				continue;
			}
			if (Date.now() - started + estimate > BUDGET_MS) {
				skipped.push(`${kase.workload} [${kase.wayLabel}] (about ${Math.round(estimate / 1000)} s, over the time budget)`);
				log(`Skipping ${kase.workload} [${kase.wayLabel}]: about ${Math.round(estimate / 1000)} s would overrun the budget`);
				continue;
			}
			kase.timeoutMs = estimate * 2 + 60_000;
			await runOne(kase);
		}

		// Results.
		const order = (row: Row) =>
			`${row.group}|${String(row.devices).padStart(6, '0')}|${row.shared ? 1 : 0}|${['package', 'packageDefault', 'httpRetry', 'httpContinue', 'httpPaced'].indexOf(row.way)}`;
		const sorted = [...rows].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
		const table = [...sorted, ...trigger];
		const targets = evaluateTargets(table, diff);
		const notes = readings(table, diff);
		const runSeconds = (Date.now() - started) / 1000;
		const subtitle = `${LIMIT} requests per ${WINDOW_MS / 1000} s window (credential: ${REQUESTS_PER_MINUTE} requests per minute), ${machine.n8n}, ${machine.cpu}, ${machine.cores} cores, ${machine.date}`;
		await writeFile(CHART_FILE, drawChart(table, subtitle));
		await writeFile(
			RESULTS_FILE,
			resultsMarkdown({
				machine,
				settings,
				rows: table,
				triggerRuns,
				triggerFloor,
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
		for (const target of targets) console.log(`  ${target.met ? 'MET   ' : 'MISSED'} ${target.name}: ${target.detail}`);
		if (skipped.length) console.log(`Skipped: ${skipped.join('; ')}`);
		console.log('');
		log(`Wrote ${path.relative(REPO_ROOT, RESULTS_FILE)} and ${path.relative(REPO_ROOT, CHART_FILE)} (${runSeconds.toFixed(0)} s in all)`);
	} catch (error) {
		problems.push(`the benchmark could not run to its end: ${(error as Error).stack ?? String(error)}`);
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
