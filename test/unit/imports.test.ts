/**
 * The import graph of the project's own TypeScript files (nodes/, credentials/, examples/, test/):
 * every `import`, `export … from`, `import type`, `import()` and `require()` with a literal path,
 * read with TypeScript's own pre-processor and resolved as Node.js resolves a relative path.
 *
 * - No cycle anywhere: a file never reaches itself through its imports.
 * - The benchmark (test/bench) and the end-to-end suite (test/e2e), and everything they reach, use
 *   the package only as n8n does: through its entry files (`nodes/**\/*.node.ts`,
 *   `credentials/*.credentials.ts`) or the built `dist/`; never a file of nodes/ or credentials/
 *   behind them, and never a unit test or a rig of test/unit. What they share with the unit tests
 *   (n8n-core's contexts, the virtual clocks) lives in test/harness, which keeps to the same rule.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCE_FOLDERS = ['nodes', 'credentials', 'examples', 'test'];
const SKIPPED = new Set(['node_modules', 'runtimes', 'dist', '.tmp']);

/** Repository-relative paths (with `/`) of every .ts file of the project. */
function sourceFiles(folder: string): string[] {
	const files: string[] = [];
	for (const entry of readdirSync(path.join(ROOT, folder), { withFileTypes: true })) {
		const relative = `${folder}/${entry.name}`;
		if (entry.isDirectory() && !SKIPPED.has(entry.name)) files.push(...sourceFiles(relative));
		else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
			files.push(relative);
	}
	return files;
}

/** Where a relative specifier points, as Node.js (with ts-node) resolves it; undefined: a package. */
function resolve(from: string, specifier: string): string | undefined {
	if (!specifier.startsWith('.')) return undefined;
	const base = path.join(ROOT, path.dirname(from), specifier);
	const candidates = [`${base}.ts`, path.join(base, 'index.ts'), base, `${base}.js`];
	const found =
		candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile()) ?? base;
	return path.relative(ROOT, found).split(path.sep).join('/');
}

/** Each project file's imports (resolved paths; packages left out). */
function importGraph(): Map<string, string[]> {
	const graph = new Map<string, string[]>();
	for (const file of SOURCE_FOLDERS.flatMap(sourceFiles)) {
		const text = readFileSync(path.join(ROOT, file), 'utf8');
		const { importedFiles } = ts.preProcessFile(text, true, true);
		const targets = importedFiles
			.map((imported) => resolve(file, imported.fileName))
			.filter((target): target is string => target !== undefined);
		graph.set(file, [...new Set(targets)]);
	}
	return graph;
}

/** The graph's cycles: each strongly connected component of more than one file (or a file importing itself), as one path around it. */
function cyclesOf(graph: Map<string, string[]>): string[][] {
	let counter = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const components: string[][] = [];
	const visit = (file: string) => {
		index.set(file, counter);
		low.set(file, counter++);
		stack.push(file);
		onStack.add(file);
		for (const next of graph.get(file) ?? []) {
			if (!graph.has(next)) continue;
			if (!index.has(next)) {
				visit(next);
				low.set(file, Math.min(low.get(file)!, low.get(next)!));
			} else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
		}
		if (low.get(file) !== index.get(file)) return;
		const component: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			component.push(member);
		} while (member !== file);
		if (component.length > 1 || (graph.get(file) ?? []).includes(file)) components.push(component);
	};
	for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
	return components.map((component) => cyclePath(graph, new Set(component))).sort();
}

/** One closed path through a component, from its first file (sorted) back to it. */
function cyclePath(graph: Map<string, string[]>, members: Set<string>): string[] {
	const start = [...members].sort()[0];
	// Breadth-first from the start to any file that imports the start: the shortest way round.
	const previous = new Map<string, string>();
	const queue = [start];
	while (queue.length > 0) {
		const file = queue.shift()!;
		for (const next of graph.get(file) ?? []) {
			if (!members.has(next)) continue;
			if (next === start) {
				const way = [file];
				while (way[0] !== start) way.unshift(previous.get(way[0])!);
				return [...way, start];
			}
			if (!previous.has(next) && next !== start) {
				previous.set(next, file);
				queue.push(next);
			}
		}
	}
	return [start, start];
}

/** The package's entry files, as n8n loads them (package.json's `n8n` lists their built copies). */
const isEntryFile = (file: string) =>
	/^nodes\/.+\.node\.ts$/.test(file) ||
	/^credentials\/[^/]+\.credentials\.ts$/.test(file) ||
	file.startsWith('dist/');

const isProductInternal = (file: string) =>
	/^(nodes|credentials)\//.test(file) && !isEntryFile(file);

/**
 * Every import edge, reached from the files of `roots`, that leaves the package's public surface
 * or goes into test/unit. The walk stops at an entry file: what the package does behind it is its
 * own business.
 */
function forbiddenImports(
	graph: Map<string, string[]>,
	roots: (file: string) => boolean,
): string[] {
	const found: string[] = [];
	const seen = new Set<string>();
	const queue = [...graph.keys()].filter(roots);
	queue.forEach((file) => seen.add(file));
	while (queue.length > 0) {
		const file = queue.shift()!;
		for (const target of graph.get(file) ?? []) {
			if (isProductInternal(target))
				found.push(`${file} → ${target} (behind the package's entry files)`);
			else if (target.startsWith('test/unit/'))
				found.push(`${file} → ${target} (a unit test's file)`);
			else if (!isEntryFile(target) && !seen.has(target)) {
				seen.add(target);
				queue.push(target);
			}
		}
	}
	return found.sort();
}

const graph = importGraph();

describe('the import graph of the project', () => {
	it('reads the imports of every kind (import, export from, import type, import(), require())', () => {
		// A file of each kind, so that a reader that misses one fails here rather than seeing no cycle.
		expect(graph.get('test/bench/run.ts')).toEqual(
			expect.arrayContaining(['test/bench/lib/settings.ts']),
		);
		expect(graph.get('test/lab/index.ts')).toEqual(
			expect.arrayContaining(['test/lab/home.ts', 'test/lab/processes.ts']),
		);
		expect(graph.get('test/scripts/demo.ts')).toEqual(
			expect.arrayContaining(['test/lab/index.ts']),
		);
		expect(graph.size).toBeGreaterThan(200);
	});

	it('has no cycle', () => {
		const cycles = cyclesOf(graph).map((cycle) => cycle.join(' → '));
		expect(cycles).toEqual([]);
	});

	it('reaches the package from the benchmark and the e2e suite only through its entry files, and never test/unit', () => {
		expect(forbiddenImports(graph, (file) => /^test\/(bench|e2e)\//.test(file))).toEqual([]);
	});

	it('keeps the e2e suite, the benchmark and the scripts apart: none imports another (what they share is in test/lab)', () => {
		const area = (file: string) => /^test\/(e2e|bench|scripts)\//.exec(file)?.[1];
		const across = [...graph].flatMap(([file, targets]) =>
			targets
				.filter((target) => area(file) && area(target) && area(file) !== area(target))
				.map((target) => `${file} → ${target}`),
		);
		expect(across).toEqual([]);
	});

	it('keeps test/harness, test/lab and test/scripts, which the benchmark and the e2e suite share, to the same rule', () => {
		expect(forbiddenImports(graph, (file) => /^test\/(harness|lab|scripts)\//.test(file))).toEqual(
			[],
		);
	});
});

describe('the checks of the import graph', () => {
	it('finds a cycle of three files and a file importing itself, and nothing in a chain', () => {
		const cycles = cyclesOf(
			new Map([
				['a.ts', ['b.ts']],
				['b.ts', ['c.ts']],
				['c.ts', ['a.ts', 'd.ts']],
				['d.ts', ['e.ts']],
				['e.ts', ['e.ts']],
				['f.ts', ['d.ts']],
			]),
		);
		expect(cycles).toEqual([
			['a.ts', 'b.ts', 'c.ts', 'a.ts'],
			['e.ts', 'e.ts'],
		]);
	});

	it('finds a product-internal import reached through a shared file, and one into test/unit, and stops at entry files', () => {
		const found = forbiddenImports(
			new Map([
				['test/bench/run.ts', ['test/harness/x.ts', 'nodes/A/A.node.ts']],
				['test/harness/x.ts', ['nodes/A/transport/clock.ts', 'test/unit/rig.ts']],
				['nodes/A/A.node.ts', ['nodes/A/transport/clock.ts']],
				['test/unit/rig.ts', []],
			]),
			(file) => file.startsWith('test/bench/'),
		);
		expect(found).toEqual([
			"test/harness/x.ts → nodes/A/transport/clock.ts (behind the package's entry files)",
			"test/harness/x.ts → test/unit/rig.ts (a unit test's file)",
		]);
	});
});
