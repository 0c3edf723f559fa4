/**
 * Workloads (e) and (f): many executions at once on one account, in the benchmark's n8n process
 * (1, 10, 20 and 50 at once) and in n8n queue mode (lib/queueShare.ts).
 */
import { sleep } from '../../lab';
import { runInOneProcess } from './concurrency';
import type { RateRule } from './floor';
import { runQueueShareRows } from './queueShare';
import { BENCH_RUNTIME } from './n8nLine';
import { CONCURRENCY_FLEET, wanted } from './settings';
import type { BenchN8n } from './setup';
import type { Row } from './types';

/** The rows of (e) and (f), each printed as it comes. `onePerExecution`: n8n's part of one execution (ms). */
export async function runBursts(
	bench: BenchN8n,
	rule: RateRule,
	onePerExecution: number,
	printRow: (row: Row) => void,
): Promise<Row[]> {
	const { fixture, log } = bench.context;
	const reset = () => fixture.shape({ devices: CONCURRENCY_FLEET, rateLimit: rule });
	const readLog = () => fixture.sim.simulation.log.read();
	const rows: Row[] = [];
	if (wanted('e')) {
		for (const executions of [1, 10, 20, 50]) {
			log(`(e) ${executions} executions at once in one n8n process, 40 devices in 4 requests each`);
			reset();
			await sleep(rule.windowMs + 100);
			reset();
			const row = await runInOneProcess(
				bench.server,
				bench.concurrencyWorkflowId,
				executions,
				readLog,
				rule,
				onePerExecution,
			);
			printRow(row);
			rows.push(row);
		}
	}
	if (wanted('f')) {
		log(
			'(f) webhook executions at once in n8n queue mode (Redis, PostgreSQL): 4, 2 and 1 busy workers',
		);
		const queueRows = await runQueueShareRows({
			credential: bench.credential,
			fixture,
			rule,
			runtime: BENCH_RUNTIME,
			log,
		});
		queueRows.forEach(printRow);
		rows.push(...queueRows);
	}
	return rows;
}
