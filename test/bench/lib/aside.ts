/**
 * Parts of the benchmark whose figures do not depend on how busy the machine is, run in a process
 * of their own beside parts that mostly wait, so that the benchmark takes less wall time: the
 * trigger node's CPU time over a complete scan of 100,000 devices (process CPU time: `diff`) and
 * the trigger over hours (virtual time: `hours`), and the workloads in virtual time of
 * test/bench/*.ts (`virtual`: Get Many with Filters, the daily compliance report, the Log Trigger
 * over a day). The child is this file, run by ts-node on the
 * same n8n line (`--n8n`); it hands its result back over the IPC channel and prints its own log.
 */
import { fork } from 'node:child_process';

import type { DiffCostResult } from './diffCost';
import type { FleetHoursResult } from './fleetHours';

export type AsidePart = 'diff' | 'hours' | 'virtual';

/** A section of RESULTS.md from a workload in virtual time, and its failed checks. */
export interface VirtualSection {
	lines: string[];
	problems: string[];
}

interface AsideResults {
	diff: DiffCostResult;
	hours: FleetHoursResult[];
	virtual: VirtualSection[];
}

/** Starts the part in a child process; resolves to its result. */
export function runAside<P extends AsidePart>(part: P): Promise<AsideResults[P]> {
	return new Promise((resolve, reject) => {
		const child = fork(__filename, process.argv.slice(2), {
			execArgv: ['-r', require.resolve('ts-node/register/transpile-only')],
			env: { ...process.env, BENCH_ASIDE: part },
		});
		// Ended with the benchmark, whatever it is busy with (its work runs on microtasks alone).
		const end = () => child.kill();
		process.on('exit', end);
		let result: AsideResults[P] | undefined;
		child.on('message', (message) => (result = message as AsideResults[P]));
		child.on('error', reject);
		child.on('exit', (code) => {
			process.off('exit', end);
			if (result !== undefined && code === 0) resolve(result);
			else reject(new Error(`The benchmark's ${part} process exited with ${code} and no result`));
		});
	});
}

async function child(part: AsidePart): Promise<unknown> {
	await import('./preferTs');
	await import('./n8nLine');
	const started = Date.now();
	const log = (line: string) =>
		console.log(
			`[bench ${part} ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`,
		);
	if (part === 'diff') return await (await import('./diffCost')).measureDiffCost(log);
	if (part === 'virtual') {
		// One after the other: each sets the harness's clock for its run.
		const sections: VirtualSection[] = [];
		log('Get Many with Filters over 10,000 devices (virtual time)');
		sections.push(await (await import('../filteredListing')).filteredListingSection());
		log('the daily compliance report over 10,000 devices (virtual time)');
		sections.push(await (await import('../complianceReport')).complianceReportSection());
		log('the Log Trigger over a day of 10,000 events (virtual time)');
		sections.push(await (await import('../logTriggerDay')).logTriggerDaySection());
		return sections;
	}
	const { runHours, HOURS_PLANS } = await import('./hoursRuns');
	return await runHours(HOURS_PLANS, log);
}

if (require.main === module) {
	child(process.env.BENCH_ASIDE as AsidePart).then(
		(result) => process.send!(result, () => process.exit(0)),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
