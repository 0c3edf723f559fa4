/** The benchmark's table, its targets, and test/bench/RESULTS.md. */
import type { DiffCostResult } from './diffCost';
import type { TriggerRunResult } from './trigger';
import { PACKAGE_WAYS, type BenchSettings, type MachineInfo, type Row, type Target } from './types';
import { FLOOR_REFERENCE_RUNS } from './floorRuns';
import { FLEET_HOURS_SETUP } from './fleetHoursReport';

export function formatMs(ms: number | undefined): string {
	if (ms === undefined || !Number.isFinite(ms)) return '–';
	if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
	return `${(ms / 1000).toFixed(ms < 100_000 ? 2 : 1)} s`;
}

export function ratio(value: number, floor: number): string {
	if (!Number.isFinite(value) || !Number.isFinite(floor) || floor <= 0) return '–';
	const r = value / floor;
	return r >= 100 ? `${Math.round(r)}×` : `${r.toFixed(2)}×`;
}

const TABLE_HEADER = [
	'Workload',
	'Way',
	'Requests',
	'429s',
	'Failed items',
	'Wall time',
	'Node time',
	'Request floor',
	'Time floor',
	'Requests ÷ floor',
	'Time ÷ floor',
];

export function tableCells(row: Row): string[] {
	return [
		row.workload,
		row.wayLabel,
		String(row.requests),
		String(row.rateLimited),
		`${row.failedItems} / ${row.devices}`,
		formatMs(row.wallMs),
		formatMs(row.nodeMs),
		String(row.floorRequests),
		formatMs(row.floorMs),
		ratio(row.requests, row.floorRequests),
		ratio(row.wallMs, row.floorMs),
	];
}

/** A plain-text table for the console. */
export function consoleTable(rows: Row[]): string {
	const cells = [TABLE_HEADER, ...rows.map(tableCells)];
	const widths = TABLE_HEADER.map((_, column) =>
		Math.max(...cells.map((line) => [...line[column]].length)),
	);
	const pad = (text: string, width: number, column: number) =>
		column >= 2
			? text.padStart(width + text.length - [...text].length)
			: text.padEnd(width + text.length - [...text].length);
	const lines = cells.map((line) =>
		line.map((cell, column) => pad(cell, widths[column], column)).join(' │ '),
	);
	lines.splice(1, 0, widths.map((width) => '─'.repeat(width)).join('─┼─'));
	return lines.join('\n');
}

function markdownTable(header: string[], lines: string[][]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	return [
		`| ${header.map(escape).join(' | ')} |`,
		`|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`,
		...lines.map((line) => `| ${line.map(escape).join(' | ')} |`),
	].join('\n');
}

const isPackage = (row: Row) => PACKAGE_WAYS.includes(row.way);
/** The package's rows of floor workloads (a run sharing its quota with another client is not one). */
const isPackageFloorRow = (row: Row) => isPackage(row) && !row.shared;

/** The issue's targets, met or missed, from the measured rows. */
export function evaluateTargets(
	rows: Row[],
	diff: DiffCostResult | undefined,
	timeTolerance = 1.1,
): Target[] {
	const targets: Target[] = [];
	const describe = (list: Row[]) =>
		list.map((row) => `${row.workload} [${row.wayLabel}]`).join('; ');
	// The package set for the workload (Batch Size 1000, Max Requests per Poll 100); the defaults are reported beside it.
	const configured = rows.filter((row) => row.way === 'package' && !row.shared);
	if (configured.length) {
		const off = configured.filter((row) => row.requests !== row.floorRequests);
		const defaults = rows.filter((row) => row.way === 'packageDefault' && !row.shared);
		const defaultsOff = defaults.filter((row) => row.requests !== row.floorRequests);
		targets.push({
			name: 'Request ratio to the floor 1.00 in every workload of this package (set for the workload: Batch Size 1000, Max Requests per Poll 100)',
			met: off.length === 0,
			detail:
				(off.length === 0
					? `${configured.length} of ${configured.length} workloads at 1.00`
					: `off the floor: ${off.map((row) => `${row.workload} ${ratio(row.requests, row.floorRequests)}`).join('; ')}`) +
				(defaults.length
					? `; at the defaults (Batch Size 100, Max Requests per Poll 8): ${defaults.length - defaultsOff.length} of ${defaults.length} at 1.00${
							defaultsOff.length
								? `, ${defaultsOff.map((row) => `${row.workload} ${ratio(row.requests, row.floorRequests)} (${row.requests} requests of at most 100 devices)`).join('; ')}`
								: ''
						}`
					: ''),
		});
	}
	const packageRows = rows.filter(isPackageFloorRow);
	const slow = packageRows.filter((row) => !(row.wallMs <= row.floorMs * timeTolerance));
	targets.push({
		name: `Wall time within ${timeTolerance.toFixed(2)}× the floor (n8n execution time against n8n's own floor request plus the rate limit's windows; trigger: scan cycle time)`,
		met: slow.length === 0,
		detail:
			slow.length === 0
				? `${packageRows.length} of ${packageRows.length} package rows`
				: `${packageRows.length - slow.length} of ${packageRows.length} package rows within; over: ${slow.map((row) => `${row.workload} [${row.wayLabel}] ${ratio(row.wallMs, row.floorMs)}`).join('; ')}`,
	});
	const allPackageRows = rows.filter(isPackage);
	const failing = allPackageRows.filter(
		(row) => row.failedItems > 0 || (row.status !== undefined && row.status !== 'success'),
	);
	const got429 = allPackageRows.filter((row) => row.rateLimited > 0);
	targets.push({
		name: 'No 429 reaches the user as a failure',
		met: failing.length === 0,
		detail:
			(failing.length === 0
				? `no failed item in ${allPackageRows.length} package rows`
				: `failed items in: ${describe(failing)}`) +
			`; 429s received by the package: ${got429.length === 0 ? 'none' : got429.map((row) => `${row.rateLimited} in ${row.workload}`).join(', ')}`,
	});
	if (diff) {
		targets.push({
			name: 'A complete scan of 100,000 devices inside the trigger under 250 ms (CPU)',
			met: diff.medianCpuMs < 250,
			detail: `median ${diff.medianCpuMs.toFixed(0)} ms of CPU over ${diff.runs} runs (${diff.cpuMs.map((v) => v.toFixed(0)).join(', ')})`,
		});
		targets.push({
			name: 'A complete scan of 100,000 devices inside the trigger under 50 MB of heap',
			met: diff.medianHeapGrowthMb < 50,
			detail: `median ${diff.medianHeapGrowthMb.toFixed(1)} MB heap growth (before collection) over ${diff.runs} runs`,
		});
	}
	return targets;
}

export interface ResultsDocument {
	machine: MachineInfo;
	settings: BenchSettings;
	rows: Row[];
	triggerRuns: TriggerRunResult[];
	triggerFloor: { requests: number; ms: number; detail: string };
	/** The section of workload (d) over hours (test/bench/lib/fleetHoursReport.ts). */
	fleetHours?: string[];
	/** The sections of the workloads in virtual time (Filters, the compliance report, the Log Trigger's day). */
	virtual?: string[];
	diff?: DiffCostResult;
	targets: Target[];
	readings: string[];
	runSeconds: number;
	skipped: string[];
	chartFile: string;
	problems: string[];
}

export function resultsMarkdown(doc: ResultsDocument): string {
	const { machine, settings } = doc;
	const out: string[] = [];
	out.push('# Benchmark results');
	out.push('');
	out.push(
		`Generated by \`npm run bench\` (test/bench/run.ts) on ${machine.date}, in ${Math.round(doc.runSeconds)} s. ` +
			'Do not edit by hand: run the benchmark again.',
	);
	out.push('');
	out.push('## Machine');
	out.push('');
	out.push(
		`- CPU: ${machine.cpu}, ${machine.cores} cores; RAM ${machine.ramGb.toFixed(1)} GB; ${machine.os}`,
	);
	out.push(
		`- ${machine.n8n} (test/lab/runtimes) for workloads (a)–(c); n8n-core ${machine.n8nCore} on Node ${machine.node.replace(/^v/, '')} in the benchmark's own process for the trigger's polls (d)`,
	);
	out.push('');
	out.push('## Setup');
	out.push('');
	out.push(
		`- The project's MetaAccess simulator (in the benchmark's process, real HTTP on 127.0.0.1) with the documented limit of ` +
			`**${settings.limit} requests a window**, the window shortened from 60 s to **${settings.windowMs / 1000} s** (${settings.speedUp}× faster than real time), ` +
			`and the credential's *Requests per Minute* set to match: **${settings.requestsPerMinute}** (so the nodes pace to ${settings.limit} requests per ${settings.windowMs / 1000} s). ` +
			'Every ratio to the floor holds whatever the window; wall times in the real 60-s window are the window parts of these × ' +
			`${settings.speedUp}.`,
	);
	out.push(
		'- The simulator is reset before every workload (seeded fleet, empty request log, fresh rate-limit windows); the requests and 429s are its request log.',
	);
	out.push(
		'- This package: the built package installed in a fresh n8n user folder as a community package; one workflow per workload ' +
			"(Manual Trigger → Edit Fields holding the devices → Split Out: one item `{ hwid }` per device → the node), run in one running n8n (`n8n start`), each execution started as the editor's *Execute workflow* does (a manual run over n8n's REST API) and read back when it has finished; between two runs of the package one rate-limit window passes, since its limiter lives as long as the n8n process. " +
			'Perform Action is *Exempt* (forever), Delete is *Agent and Cloud Record* by HWID, Get Many is *Return All*. ' +
			'Batch Size is set to 1000 (its maximum, as advised for runs over 100 devices), so that each workload can go in the fewest requests; rows marked "defaults" leave it at 100 (the node\'s default) and are shown beside.',
	);
	out.push(
		`- The HTTP Request way: n8n's HTTP Request node (typeVersion ${settings.httpRequestVersion}, the latest in n8n 2.8.4), the same input, ` +
			"one POST per item (the access token as the `access_token` query parameter, the JSON body naming the item's device), or for Get Many one node " +
			"using the node's own pagination (`page` = `$pageCount + 1`, `limit=50`, complete when `$response.statusCode === 413 || $response.body.length < 50`). " +
			`**Retry On Fail** on with the most generous values the editor allows: Max Tries ${settings.retry.maxTries}, Wait Between Tries ` +
			`${settings.retry.realWaitMs / 1000} s, scaled to the shortened window like every other time: ${settings.retry.waitBetweenTriesMs} ms. ` +
			"Three set-ups: *Retry On Fail* alone (On Error: Stop Workflow, n8n's default); *+ On Error: Continue* (each item's error becomes its output); " +
			`and a careful user's *+ requests spaced* (Batching: 1 item per batch, ${settings.pacedRealSpacingMs / 1000} s apart, i.e. a little under the documented 10 a minute; for Get Many the pagination's Interval Between Requests; scaled: ${settings.pacedSpacingMs} ms).`,
	);
	out.push(
		'- Two more runs of Get Many over 5,000 devices show the package when the API refuses what the package could not foresee: another client on the same token ' +
			`(one \`GET /devices?limit=1\` every ${settings.windowMs / 4000} s, 4 of every window's 10), and 3 × 429 injected by the simulator after the run's 45th request ` +
			"(its fault injection, the 429 naming the open window's reset). They are not floor workloads: they are left out of the request and time targets, and count for the 429 target.",
	);
	out.push(
		`- The trigger (d): polls driven in-process through test/harness/poll.ts (n8n-core's real PollContext, the package's trigger node and transport, real HTTP to the simulator, static data round-tripped through JSON), ` +
			`10,000 devices, events Compliance Status Changed, Went Offline, Came Online. A baseline scan, then ${settings.triggerChangeCycles} scan cycles at Max Requests per Poll 100 ` +
			"(the node's maximum: a complete scan of 201 pages takes 3 polls; one poll per scan is not possible at 10,000 devices), then one cycle at the default 8 (26 polls). " +
			"Before each cycle 1% of the devices (100) change through the simulator's control API (half flip compliance status 0 ↔ 1, half flip online), then one idle window passes (a poll interval); the polls of a cycle follow each other without pause, the transport doing the waiting.",
	);
	if (doc.fleetHours) out.push(...FLEET_HOURS_SETUP.map((line) => `- ${line}`));
	out.push('');
	out.push('## Definitions');
	out.push('');
	out.push(
		'- **Request floor**, the fewest requests the API allows: (a) Perform Action and (c) Delete: the API documents no cap on devices per request, so **1**; ' +
			'(b) Get Many, Return All over N devices: **⌊N/50⌋ + 1** pages (the last page is the short one, or an empty/413 page when N is a multiple of 50); ' +
			'(d) the trigger, per complete scan: **⌈(N+1)/50⌉ = 201** pages.',
	);
	out.push(
		`- **Time floor** of a workload run in n8n, R requests under a limit of L per window W: **n8n + (⌈R/L⌉ − 1)·W + (R − K)·ℓ**. ` +
			"**n8n** is what n8n itself takes to send the K = min(R, L) floor requests of the first window: the same workflow (same trigger, same input nodes, same items) ending in n8n's own HTTP Request node with the token in an n8n credential (n8n's Query Auth: `access_token` = the token), run once for all items (*Execute Once*), " +
			'sending them with no retry and no pacing (Perform Action and Delete: every device in one POST, K = 1; Get Many: Get Devices pages 1 … K, one HTTP Request node each, literal parameters, the page past the last one taking its 413 as an answer); the median of ' +
			`${FLOOR_REFERENCE_RUNS} executions, measured in the same run. Starting the execution, running the input nodes over the items, reading the credential and each request through n8n's HTTP machinery are n8n's, whoever sends them. ` +
			"For Perform Action and Delete the HTTP Request node gathers every item's device into its one body with an expression (`$('One Item per Device').all()…`, its only way to send them in one request), and n8n's first expression evaluation in a process costs about 25 ms; " +
			'this package has n8n evaluate `{{ $json.hwid }}` once per item (its credential puts the token in the query without an expression). The Get Devices floor request holds no expression. ' +
			"ℓ is the simulator's round trip for each further request, measured with a plain client (node:http, keep-alive, a warm-up request, median of 5; each measurement on a token of its own). " +
			"(Earlier versions of this benchmark had n8n's part send only the first request and counted ℓ, the plain client's round trip, for every further one: no node in n8n can match that, as n8n's request machinery costs about 2–3 ms a request.) " +
			'For the trigger, whose polls run in-process (no n8n execution around them), the floor is **(⌈R/L⌉ − 1)·W + R·ℓ**. ' +
			"(The windows part is generous: requests inside a window overlap the window's wait in practice.)",
	);
	out.push(
		"- **Wall time**: the n8n execution's own duration (its `stoppedAt − startedAt`, in a warm n8n process, as in production) — the whole workflow, input nodes included. " +
			`**Node time**: the node's own \`executionTime\` in the run data. Executions shorter than 2 s (mostly n8n's own overhead, which varies) are run ${settings.shortRunRepeats} times and the median times shown. ` +
			"For the trigger: one scan cycle, from the first poll's start to the last poll's end (median of the change cycles).",
	);
	out.push(
		'- **Failed items**: devices whose result did not reach the workflow — error items, every item of a node that ended in error after its tries, ' +
			'a device a Get Many did not return, a Delete that answered "failed". Requests and 429s are counted by the simulator.',
	);
	out.push('');
	out.push('## Results');
	out.push('');
	out.push(markdownTable(TABLE_HEADER, doc.rows.map(tableCells)));
	out.push('');
	out.push('Floors, and what else each run showed:');
	out.push('');
	const seen = new Set<string>();
	for (const row of doc.rows) {
		// A floor is shown with the first row of its workload, and again where a row measured its own n8n part.
		const shown = `${row.workload}|${row.floorDetail}`;
		const floorLine = seen.has(shown) ? '' : ` Time floor = ${row.floorDetail}.`;
		seen.add(shown);
		const extras = [...row.notes, ...row.problems.map((problem) => `**PROBLEM: ${problem}**`)];
		if (floorLine || extras.length)
			out.push(
				`- ${row.workload} [${row.wayLabel}]:${floorLine}${extras.length ? ` ${extras.join('; ')}.` : ''}`,
			);
	}
	if (doc.skipped.length) {
		out.push('');
		out.push(`Skipped: ${doc.skipped.join('; ')}.`);
	}
	out.push('');
	out.push('### (d) The trigger, cycle by cycle');
	out.push('');
	out.push(
		`Floor per complete scan: ${doc.triggerFloor.requests} requests, ${formatMs(doc.triggerFloor.ms)} (${doc.triggerFloor.detail}).`,
	);
	out.push('');
	const cycleLines: string[][] = [];
	for (const run of doc.triggerRuns) {
		for (const cycle of run.cycles) {
			cycleLines.push([
				String(run.maxRequestsPerPoll),
				cycle.baseline ? `${cycle.cycle} (baseline)` : String(cycle.cycle),
				String(cycle.polls),
				String(cycle.requests),
				String(cycle.rateLimited),
				formatMs(cycle.wallMs),
				ratio(cycle.requests, doc.triggerFloor.requests),
				ratio(cycle.wallMs, doc.triggerFloor.ms),
				`${cycle.changedDevices}`,
				`${cycle.emittedEvents}`,
				`${cycle.missed} / ${cycle.duplicated} / ${cycle.unexpected}`,
			]);
		}
	}
	out.push(
		markdownTable(
			[
				'Max Requests per Poll',
				'Cycle',
				'Polls',
				'Requests',
				'429s',
				'Wall time',
				'Requests ÷ floor',
				'Time ÷ floor',
				'Devices changed',
				'Events emitted',
				'Missed / twice / unexpected',
			],
			cycleLines,
		),
	);
	out.push('');
	if (doc.fleetHours) {
		out.push('### (d) The trigger over hours: full scan, delta and webhook');
		out.push('');
		out.push(...doc.fleetHours);
	}
	if (doc.virtual?.length) {
		out.push('## Workloads in virtual time: Filters, the compliance report, the Log Trigger');
		out.push('');
		out.push(...doc.virtual);
	}
	if (doc.diff) {
		const diff = doc.diff;
		out.push('## Inside the trigger: the cost of detecting changes, and static data');
		out.push('');
		out.push(
			`The package's trigger node polling through n8n-core's PollContext on a virtual clock (no wait for the rate limit), its Get Devices requests answered from memory (no network, no n8n HTTP machinery, no simulator): ` +
				`a complete scan of ${diff.devices.toLocaleString('en-US')} devices (${diff.pages.toLocaleString('en-US')} pages of 50, the last one empty; Max Requests per Poll 100, so ${diff.polls} polls, each reading and writing the stored state) against a saved state (steady state, after two complete scans), ` +
				`with ${diff.changedDevices.toLocaleString('en-US')} devices (1%) changed; ${diff.changesReported} changes reported. ` +
				`CPU: \`process.cpuUsage()\` (user + system) around the run; heap: growth of \`process.memoryUsage().heapUsed\` during the run, a full collection before it. ` +
				`After 3 warm-up runs, ${diff.runs} measured runs.`,
		);
		out.push('');
		out.push(
			markdownTable(
				['Measure', 'Median', 'Runs'],
				[
					[
						'CPU time, a complete scan of 100,000 devices',
						`${diff.medianCpuMs.toFixed(1)} ms`,
						diff.cpuMs.map((v) => v.toFixed(0)).join(', '),
					],
					[
						'Heap growth, a complete scan of 100,000 devices',
						`${diff.medianHeapGrowthMb.toFixed(1)} MB`,
						diff.heapGrowthMb.map((v) => v.toFixed(1)).join(', '),
					],
				],
			),
		);
		out.push('');
		out.push(
			markdownTable(
				['Devices', 'Static data (JSON)', 'Bytes per device', 'HWIDs of 16 / 32 characters'],
				diff.stateBytes.map((entry) => [
					entry.devices.toLocaleString('en-US'),
					`${(entry.bytes / 1e6).toFixed(2)} MB`,
					entry.bytesPerDevice.toFixed(1),
					`${entry.hwid16.toLocaleString('en-US')} / ${entry.hwid32.toLocaleString('en-US')}`,
				]),
			),
		);
		out.push('');
	}
	out.push('## Targets');
	out.push('');
	for (const target of doc.targets)
		out.push(`- ${target.met ? '**met**' : '**missed**'} — ${target.name}: ${target.detail}`);
	out.push('');
	if (doc.readings.length) {
		out.push('## Reading');
		out.push('');
		for (const reading of doc.readings) out.push(`- ${reading}`);
		out.push('');
	}
	if (doc.problems.length) {
		out.push('## Correctness problems');
		out.push('');
		for (const problem of doc.problems) out.push(`- ${problem}`);
		out.push('');
	}
	out.push('## Chart');
	out.push('');
	out.push(`![Requests and wall time per workload, both ways](${doc.chartFile})`);
	out.push('');
	return out.join('\n');
}
