/**
 * Which n8n the benchmark runs on: `--n8n newest` (default: n8n 2.41.3 on Node 24) or `--n8n
 * oldest` (2.8.4). Workloads (a)–(c) run in that n8n; the trigger's polls (d) run in this process
 * through n8n-core's PollContext, so with the newest n8n every `require` of n8n-core,
 * n8n-workflow and @n8n/di is sent to the 2.41 copies (the devDependencies n8n-core-newest and
 * n8n-workflow-newest), as the second jest project does. Import this module before anything that
 * loads n8n-core or the nodes.
 */
import path from 'node:path';

import { takeRuntimeArg, type RuntimeId } from '../../lab/runtimes';

const parsed = takeRuntimeArg(process.argv.slice(2), ['newest']);
if (parsed.runtimes.length !== 1)
	throw new Error('The benchmark runs on one n8n: --n8n oldest or --n8n newest');

export const BENCH_RUNTIME: RuntimeId = parsed.runtimes[0];
/** The arguments left once --n8n is taken out. */
export const BENCH_ARGS = parsed.rest;

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

if (BENCH_RUNTIME === 'newest') {
	const modules = path.join(REPO_ROOT, 'node_modules');
	const targets: Array<[RegExp, string]> = [
		[/^n8n-workflow(\/.*)?$/, path.join(modules, 'n8n-workflow-newest')],
		[/^n8n-core(\/.*)?$/, path.join(modules, 'n8n-core-newest')],
		[/^@n8n\/di$/, path.join(modules, 'n8n-core-newest', 'node_modules', '@n8n', 'di')],
	];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const Module = require('node:module') as {
		_resolveFilename: (request: string, ...rest: unknown[]) => string;
	};
	const resolve = Module._resolveFilename;
	Module._resolveFilename = function (request: string, ...rest: unknown[]) {
		for (const [pattern, target] of targets) {
			const match = pattern.exec(request);
			if (match) return resolve.call(this, `${target}${match[1] ?? ''}`, ...rest);
		}
		return resolve.call(this, request, ...rest);
	};
}

/** The n8n-core the trigger's in-process polls load (after the redirect above): its package.json only. */
export function inProcessN8nCoreVersion(): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return (require('n8n-core/package.json') as { version: string }).version;
}
