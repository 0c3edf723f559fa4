/**
 * The benchmark's results, once everything has run: the table in a fixed order, the targets, the
 * readings, test/bench/RESULTS.md and test/bench/chart.svg written, and the table printed.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { drawChart } from './chart';
import type { VirtualSection } from './aside';
import type { DiffCostResult } from './diffCost';
import type { FleetHoursResult } from './fleetHours';
import { fleetHoursLines, type WebhookResult } from './fleetHoursReport';
import { readings } from './reading';
import { consoleTable, evaluateTargets, resultsMarkdown } from './results';
import {
	CHART_FILE,
	LIMIT,
	REPO_ROOT,
	REQUESTS_PER_MINUTE,
	RESULTS_FILE,
	settings,
	WINDOW_MS,
} from './settings';
import type { TriggerWorkload } from './triggerWorkload';
import type { MachineInfo, Row } from './types';

export interface Measured {
	machine: MachineInfo;
	/** Rows of (a)–(c). */
	rows: Row[];
	trigger: TriggerWorkload;
	hours: FleetHoursResult[];
	webhook?: WebhookResult;
	/** The workloads in virtual time (test/bench/*.ts), each a section. */
	virtual: VirtualSection[];
	/** Rows of (e) and (f). */
	bursts: Row[];
	diff?: DiffCostResult;
	skipped: string[];
	problems: string[];
	runSeconds: number;
}

const WAY_ORDER = ['package', 'packageDefault', 'httpRetry', 'httpContinue', 'httpPaced'];
const order = (row: Row) =>
	`${row.group}|${String(row.devices).padStart(6, '0')}|${row.shared ? 1 : 0}|${WAY_ORDER.indexOf(row.way)}`;

/** Writes RESULTS.md and the chart, and prints the table, the targets and what was skipped. */
export async function report(measured: Measured, log: (line: string) => void): Promise<void> {
	const { machine, trigger, hours, webhook, diff } = measured;
	const sorted = [...measured.rows].sort((a, b) =>
		order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0,
	);
	const table = [...sorted, ...trigger.rows, ...measured.bursts];
	const targets = evaluateTargets(table, diff);
	const subtitle = `${LIMIT} requests per ${WINDOW_MS / 1000} s window (credential: ${REQUESTS_PER_MINUTE} requests per minute), ${machine.n8n}, ${machine.cpu}, ${machine.cores} cores, ${machine.date}`;
	// The chart keeps to the single-execution workloads (a)–(d).
	await writeFile(CHART_FILE, drawChart([...sorted, ...trigger.rows], subtitle));
	await writeFile(
		RESULTS_FILE,
		resultsMarkdown({
			machine,
			settings,
			rows: table,
			triggerRuns: trigger.runs,
			triggerFloor: trigger.floor,
			fleetHours: hours.length || webhook ? fleetHoursLines(hours, webhook) : undefined,
			virtual: measured.virtual.flatMap((section) => section.lines),
			diff,
			targets,
			readings: readings(table, diff),
			runSeconds: measured.runSeconds,
			skipped: measured.skipped,
			chartFile: path.basename(CHART_FILE),
			problems: measured.problems,
		}),
	);
	console.log('');
	console.log(consoleTable(table));
	console.log('');
	console.log('Targets:');
	for (const target of targets)
		console.log(`  ${target.met ? 'MET   ' : 'MISSED'} ${target.name}: ${target.detail}`);
	if (measured.skipped.length) console.log(`Skipped: ${measured.skipped.join('; ')}`);
	console.log('');
	log(
		`Wrote ${path.relative(REPO_ROOT, RESULTS_FILE)} and ${path.relative(REPO_ROOT, CHART_FILE)} (${measured.runSeconds.toFixed(0)} s in all)`,
	);
}
