/**
 * A virtual-time workload of the benchmark run on its own (`npx ts-node --transpile-only
 * test/bench/<file>.ts`): prints its RESULTS.md section and what failed, and exits 1 on a failure.
 */
export function runAlone(section: Promise<{ lines: string[]; problems: string[] }>): void {
	section.then(
		({ lines, problems }) => {
			console.log([...lines, ...(problems.length ? problems : ['every check passed'])].join('\n'));
			process.exit(problems.length ? 1 : 0);
		},
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
}
