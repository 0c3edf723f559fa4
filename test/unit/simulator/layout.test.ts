/**
 * The simulator's source as a reviewer sees it: no file over 400 lines, and no import cycle
 * (type-only imports included: a cycle of types is a cycle of design).
 */
import fs from 'node:fs';
import path from 'node:path';

const folder = path.resolve(__dirname, '..', '..', 'simulator');
const files = fs.readdirSync(folder);
const sources = files.filter((file) => file.endsWith('.ts'));

/** The simulator files a source imports (relative imports, with or without `type`). */
function importsOf(file: string): string[] {
	const text = fs.readFileSync(path.join(folder, file), 'utf8');
	return [...text.matchAll(/(?:^|\n)(?:import|export)\b[^;]*?from '\.\/([^']+)'/g)].map(
		(match) => `${match[1]}.ts`,
	);
}

/** Every import cycle, each as the files around it (starting from its first file in name order). */
function cycles(graph: Map<string, string[]>): string[][] {
	const found = new Map<string, string[]>();
	const walk = (file: string, trail: string[]) => {
		const at = trail.indexOf(file);
		if (at >= 0) {
			const cycle = trail.slice(at);
			const first = cycle.indexOf([...cycle].sort()[0]);
			const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
			found.set(rotated.join(' → '), rotated);
			return;
		}
		for (const next of graph.get(file) ?? []) walk(next, [...trail, file]);
	};
	for (const file of graph.keys()) walk(file, []);
	return [...found.values()];
}

describe('simulator source layout', () => {
	it('holds the simulator in more than 20 files, none over 400 lines (its README included)', () => {
		expect(sources.length).toBeGreaterThan(20);
		expect(files).toContain('README.md');
		const long = files
			.map((file) => [
				file,
				fs.readFileSync(path.join(folder, file), 'utf8').split('\n').length - 1,
			])
			.filter(([, lines]) => (lines as number) > 400);
		expect(long).toEqual([]);
	});

	it('has no import cycle', () => {
		const graph = new Map(sources.map((file) => [file, importsOf(file)]));
		expect(graph.get('control.ts')).toEqual(expect.arrayContaining(['simulation.ts']));
		expect(cycles(graph)).toEqual([]);
	});

	it('finds a cycle when there is one (the check can fail)', () => {
		const graph = new Map([
			['a.ts', ['b.ts']],
			['b.ts', ['c.ts']],
			['c.ts', ['a.ts']],
			['d.ts', ['a.ts']],
		]);
		expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
	});
});
