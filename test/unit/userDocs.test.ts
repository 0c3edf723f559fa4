/**
 * The files a user reads: a README read in five minutes, links and Docs links that land on a
 * heading that exists, and nothing about how the project is organised or managed, in the
 * documentation, the benchmark's results, the example workflows or any string of the nodes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const REPO = 'https://github.com/opswat-metaaccess/n8n-nodes-opswat-metaaccess';

const filesUnder = (folder: string, pattern: RegExp): string[] =>
	readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })
		.map((file) => path.join(folder, file))
		.filter((file) => pattern.test(file) && statSync(path.join(root, file)).isFile())
		.sort();

const markdown = ['README.md', 'CHANGELOG.md', ...filesUnder('docs', /\.md$/)];
const userFiles = [...markdown, 'test/bench/RESULTS.md', ...filesUnder('examples', /\.json$/)];

/** GitHub's anchors of a Markdown file's headings (lower case, punctuation dropped, spaces as hyphens). */
function anchorsOf(file: string): Set<string> {
	const anchors = new Set<string>();
	const text = read(file).replace(/^```[\s\S]*?^```/gm, '');
	for (const [, heading] of text.matchAll(/^#{1,6} +(.+)$/gm)) {
		const slug = heading
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		let anchor = slug;
		for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`;
		anchors.add(anchor);
	}
	return anchors;
}

/** Why a link from `from` to `target` (a path relative to `from`'s folder, maybe with #anchor) leads nowhere, or undefined. */
function brokenLink(from: string, target: string): string | undefined {
	const [file, anchor] = target.split('#');
	const resolved = file === '' ? from : path.normalize(path.join(path.dirname(from), file));
	if (!existsSync(path.join(root, resolved))) return `${from} → ${target}: no file ${resolved}`;
	if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor)) {
		return `${from} → ${target}: no heading #${anchor} in ${resolved}`;
	}
	return undefined;
}

test('the README stays short: at most 250 lines', () => {
	const lines = read('README.md').trimEnd().split('\n').length;
	expect(lines).toBeLessThanOrEqual(250);
});

test('every link between README, CHANGELOG and docs/ lands on a file and a heading that exist', () => {
	const links = markdown.flatMap((file) =>
		[
			...read(file)
				.replace(/^```[\s\S]*?^```/gm, '')
				.matchAll(/\]\(([^)\s]+)\)/g),
		]
			.map(([, target]) => target)
			.filter((target) => !/^[a-z]+:/.test(target))
			.map((target) => [file, target] as const),
	);
	expect(links.length).toBeGreaterThan(40);
	expect(links.map(([file, target]) => brokenLink(file, target)).filter(Boolean)).toEqual([]);
});

test("the nodes' and credentials' Docs links (descriptions and codex files) land on a file and a heading that exist", () => {
	const sources = [...filesUnder('nodes', /\.(ts|json)$/), ...filesUnder('credentials', /\.ts$/)];
	const urls = sources.flatMap((file) =>
		[
			...read(file).matchAll(
				/https:\/\/github\.com\/opswat-metaaccess\/n8n-nodes-opswat-metaaccess[^'"`\s]*/g,
			),
		].map(([url]) => [file, url] as const),
	);
	expect(urls.length).toBeGreaterThanOrEqual(8);
	const broken = urls.map(([file, url]) => {
		const rest = url.slice(REPO.length);
		const target = rest.startsWith('/blob/main/')
			? rest.slice('/blob/main/'.length)
			: `README.md${rest}`;
		const problem = brokenLink('README.md', target);
		return problem && `${file}: ${url}: ${problem}`;
	});
	expect(broken.filter(Boolean)).toEqual([]);
});

/** Words about the work rather than the product: "issue 15", "this round", "the helper", "the lead"… */
const PROCESS_WORDS =
	/\b(?:issue|round|session|task|sprint|ticket)s? #?\d+\b|\b(?:this|last|next|previous|earlier) (?:round|session|sprint)\b|(?<![./`])\b(?:helper|engineer|briefing)s?\b(?!\/)|\bthe lead\b/i;

/** Every string literal and template text of a TypeScript file: what a node can show a user. */
function stringsOf(file: string): string[] {
	const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, false);
	const strings: string[] = [];
	const visit = (node: ts.Node) => {
		if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) strings.push(node.text);
		ts.forEachChild(node, visit);
	};
	visit(source);
	return strings;
}

test('no word about how the project is organised or managed in a file or string a user reads', () => {
	expect(PROCESS_WORDS.test('rows leave it at 100 (the default issue 2 fixes)')).toBe(true);
	expect(PROCESS_WORDS.test('### Changed (issue 15: the editor)')).toBe(true);
	expect(
		PROCESS_WORDS.test('a critical issue; the round trip; n8n’s task runner; `helpers/`'),
	).toBe(false);
	const found = [
		...userFiles.map((file) => [file, read(file)] as const),
		...[...filesUnder('nodes', /\.ts$/), ...filesUnder('credentials', /\.ts$/)].flatMap((file) =>
			stringsOf(file).map((text) => [file, text] as const),
		),
	]
		.map(([file, text]) => [file, PROCESS_WORDS.exec(text)?.[0]] as const)
		.filter(([, word]) => word !== undefined);
	expect(found).toEqual([]);
});
