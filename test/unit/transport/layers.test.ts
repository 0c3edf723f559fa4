/**
 * The package's imports flow one way: the three *.node.ts → actions | trigger | webhook | methods →
 * transport → helpers, and any of them → credentials/; credentials/ imports nothing of nodes/, and
 * the four middle folders import nothing of each other. Also the transport's shape: at most 8
 * files, no function or method over 60 lines.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const NODE_DIR = 'nodes/OpswatMetaAccess';

/** Each folder's rank: an import may only go to a lower rank, or within its own folder. */
const RANKS: Record<string, number> = {
	credentials: 0,
	helpers: 1,
	transport: 2,
	actions: 3,
	trigger: 3,
	webhook: 3,
	methods: 3,
	node: 4,
};

/** The folder of the package a source file belongs to (the *.node.ts files: "node"). */
export function folderOf(file: string): string {
	if (file.startsWith('credentials/')) return 'credentials';
	const rest = file.slice(`${NODE_DIR}/`.length);
	if (file.startsWith(`${NODE_DIR}/`) && !rest.includes('/') && rest.endsWith('.node.ts'))
		return 'node';
	const folder = rest.split('/')[0];
	if (file.startsWith(`${NODE_DIR}/`) && folder in RANKS && rest.includes('/')) return folder;
	throw new Error(`${file} is in no known folder of the package`);
}

/** Whether an import from one source file to another goes the allowed way. */
export function allowed(from: string, to: string): boolean {
	const [a, b] = [folderOf(from), folderOf(to)];
	return a === b || RANKS[b] < RANKS[a];
}

function sourcesUnder(folder: string): string[] {
	return fs
		.readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('.ts'))
		.map((file) => `${folder}/${file.split(path.sep).join('/')}`);
}

/** Every relative import of the package's sources (imports, re-exports, type imports), resolved. */
function packageImports(): Array<{ from: string; to: string }> {
	const imports: Array<{ from: string; to: string }> = [];
	for (const from of [...sourcesUnder('nodes'), ...sourcesUnder('credentials')]) {
		const text = fs.readFileSync(path.join(ROOT, from), 'utf8');
		for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
			if (!fileName.startsWith('.')) continue;
			const target = path.posix.normalize(path.posix.join(path.posix.dirname(from), fileName));
			const to = [`${target}.ts`, `${target}/index.ts`, target].find((file) =>
				fs.existsSync(path.join(ROOT, file)),
			);
			imports.push({ from, to: to ?? target });
		}
	}
	return imports;
}

describe('imports flow one way', () => {
	const imports = packageImports();

	test('every import of nodes/ and credentials/ goes down the layers, or stays in its folder', () => {
		expect(imports.length).toBeGreaterThan(100);
		expect(imports.filter(({ from, to }) => !allowed(from, to))).toEqual([]);
	});

	test('credentials/ imports nothing of nodes/; nodes/ may import credentials/common.ts', () => {
		expect(
			imports.filter(
				({ from, to }) => from.startsWith('credentials/') && !to.startsWith('credentials/'),
			),
		).toEqual([]);
		expect(imports).toContainEqual({
			from: `${NODE_DIR}/transport/session.ts`,
			to: 'credentials/common.ts',
		});
	});

	test.each([
		['credentials/OpswatMetaAccessApi.credentials.ts', `${NODE_DIR}/helpers/text.ts`, false],
		[`${NODE_DIR}/helpers/requestOptions.ts`, `${NODE_DIR}/transport/types.ts`, false],
		[`${NODE_DIR}/transport/requester.ts`, `${NODE_DIR}/actions/router.ts`, false],
		[`${NODE_DIR}/trigger/scanPages.ts`, `${NODE_DIR}/actions/router.ts`, false],
		[`${NODE_DIR}/methods/deviceSearch.ts`, `${NODE_DIR}/OpswatMetaAccess.node.ts`, false],
		[`${NODE_DIR}/actions/router.ts`, `${NODE_DIR}/transport/client.ts`, true],
		[`${NODE_DIR}/transport/client.ts`, `${NODE_DIR}/helpers/text.ts`, true],
		[`${NODE_DIR}/helpers/text.ts`, 'credentials/common.ts', true],
		[`${NODE_DIR}/OpswatMetaAccessTrigger.node.ts`, `${NODE_DIR}/trigger/state.ts`, true],
		[`${NODE_DIR}/actions/device/get.operation.ts`, `${NODE_DIR}/actions/itemLoop.ts`, true],
	])('%s → %s allowed: %s', (from, to, expected) => {
		expect(allowed(from, to)).toBe(expected);
	});

	test('a file outside the known folders is an error, not a pass', () => {
		expect(() => folderOf(`${NODE_DIR}/elsewhere.ts`)).toThrow('is in no known folder');
	});
});

/** The functions and methods of a source file longer than `max` lines: "name (lines)". */
function longFunctions(file: string, max: number): string[] {
	const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
	const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
	const long: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body) {
			const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
			const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
			const name = (node as ts.FunctionLikeDeclaration).name?.getText() ?? '(anonymous)';
			if (end - start + 1 > max) long.push(`${name} (${end - start + 1})`);
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
	return long;
}

describe("the transport's shape", () => {
	const files = sourcesUnder(`${NODE_DIR}/transport`);

	test('at most 8 files', () => {
		expect(files.length).toBeLessThanOrEqual(8);
	});

	test('no function or method over 60 lines', () => {
		expect(
			files.flatMap((file) => longFunctions(file, 60).map((name) => `${file}: ${name}`)),
		).toEqual([]);
		expect(longFunctions(`${NODE_DIR}/transport/requester.ts`, 10).length).toBeGreaterThan(0);
	});
});
