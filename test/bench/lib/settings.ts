/**
 * The benchmark's settings: the rate rule it runs under, the scaled waits, repeats and budget
 * (environment variables: BENCH_WINDOW_MS, BENCH_BUDGET_MINUTES, BENCH_SKIP_PACED, BENCH_ONLY).
 */
import path from 'node:path';

import type { BenchSettings } from './types';
import { HTTP_REQUEST_VERSION } from './workflows';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const RESULTS_FILE = path.join(REPO_ROOT, 'test', 'bench', 'RESULTS.md');
export const CHART_FILE = path.join(REPO_ROOT, 'test', 'bench', 'chart.svg');

export const LIMIT = 10;
export const WINDOW_MS = Number(process.env.BENCH_WINDOW_MS ?? 2000);
export const REAL_WINDOW_MS = 60_000;
export const SPEED_UP = REAL_WINDOW_MS / WINDOW_MS;
export const REQUESTS_PER_MINUTE = Math.round((LIMIT * REAL_WINDOW_MS) / WINDOW_MS);
export const BUDGET_MS = Number(process.env.BENCH_BUDGET_MINUTES ?? 35) * 60_000;
export const SKIP_PACED = process.env.BENCH_SKIP_PACED === '1';
/** Development aid: only these parts (workload keys such as a-10, b-5000, c-200, and d, diff). */
export const ONLY = process.env.BENCH_ONLY
	? new Set(process.env.BENCH_ONLY.split(',').map((part) => part.trim()))
	: undefined;
export const wanted = (part: string) => ONLY === undefined || ONLY.has(part);
export const TRIGGER_DEVICES = 10_000;
/** The fleet of the many-executions runs (e) and (f). */
export const CONCURRENCY_FLEET = 300;
/** Executions shorter than this are run SHORT_RUN_REPEATS times in all, and their median time reported. */
export const SHORT_RUN_MS = 2000;
export const SHORT_RUN_REPEATS = 3;
export const TRIGGER_CHANGE_CYCLES = 1;
/** n8n's editor allows Max Tries up to 5 and Wait Between Tries up to 5000 ms. */
export const RETRY_REAL = { maxTries: 5, waitBetweenTriesMs: 5000 };
/** A careful user spaces requests 7 s apart (a little under the documented 10 a minute). */
export const PACED_REAL_MS = 7000;

export const scaled = (realMs: number) => Math.round((realMs * WINDOW_MS) / REAL_WINDOW_MS);

export const settings: BenchSettings = {
	limit: LIMIT,
	windowMs: WINDOW_MS,
	requestsPerMinute: REQUESTS_PER_MINUTE,
	speedUp: SPEED_UP,
	retry: {
		maxTries: RETRY_REAL.maxTries,
		waitBetweenTriesMs: scaled(RETRY_REAL.waitBetweenTriesMs),
		realWaitMs: RETRY_REAL.waitBetweenTriesMs,
	},
	pacedSpacingMs: scaled(PACED_REAL_MS),
	pacedRealSpacingMs: PACED_REAL_MS,
	httpRequestVersion: HTTP_REQUEST_VERSION,
	triggerChangeCycles: TRIGGER_CHANGE_CYCLES,
	shortRunRepeats: SHORT_RUN_REPEATS,
};
/** Seed of the changes of workload (d) over hours (plus the fleet size). */
export const HOURS_SEED = 20261201;
/** Changes pushed to the webhook trigger in a real n8n: the 10,000-device hour's 1%. */
export const WEBHOOK_PUSHES = 100;
