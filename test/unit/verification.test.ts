/**
 * What n8n's verification looks at beyond the layout (package.test.ts): no inline eslint-disable
 * in the package's sources (its scanner ignores them; `npm run lint:scan` runs the scanner itself),
 * the defaults its linter reads, and the tarball a fresh clone packs: exactly what n8n loads.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';

import {
	BATCH_SIZE,
	batchSizeOption,
} from '../../nodes/OpswatMetaAccess/actions/shared/descriptions';
import {
	LOG_WAIT,
	waitFields,
} from '../../nodes/OpswatMetaAccess/actions/device/fetchAgentLog.operation';
import { waitOptions } from '../../nodes/OpswatMetaAccess/helpers/requestOptions';
import { DEFAULT_REQUEST_OPTIONS } from '../../nodes/OpswatMetaAccess/transport/types';
import { freshClone, packClone, PROJECT_ROOT } from '../harness/freshClone';

const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8'));

/** The files of a folder, recursively, relative to `base`. */
const filesOf = (base: string, folder: string) =>
	fs
		.readdirSync(path.join(base, folder), { recursive: true, withFileTypes: true })
		.filter((entry) => entry.isFile())
		.map((entry) => path.relative(base, path.join(entry.parentPath, entry.name)));

test("no inline eslint-disable in nodes/ or credentials/: n8n's verification scanner ignores them", () => {
	const sources = [...filesOf(PROJECT_ROOT, 'nodes'), ...filesOf(PROJECT_ROOT, 'credentials')];
	const disabled = sources.filter((file) =>
		/eslint-disable/.test(fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8')),
	);
	expect(disabled).toEqual([]);
});

test("the defaults written out for n8n's linter are the ones the code falls back to", () => {
	const byName = new Map(
		[...waitOptions, batchSizeOption, ...waitFields].map((p) => [p.name, p.default]),
	);
	expect({
		batchSize: byName.get('batchSize'),
		maxLogWait: byName.get('maxLogWait'),
		maxWaitOnRateLimit: byName.get('maxWaitOnRateLimit'),
		timeout: byName.get('timeout'),
	}).toEqual({
		batchSize: BATCH_SIZE.default,
		maxLogWait: LOG_WAIT.default,
		maxWaitOnRateLimit: DEFAULT_REQUEST_OPTIONS.maxWaitOnRateLimit,
		timeout: DEFAULT_REQUEST_OPTIONS.timeout,
	});
});

test(".npmrc skips every install script (a dev dependency's fails under npm), npm pack and npm publish prepack too: `npm run pack` builds first", () => {
	expect(fs.readFileSync(path.join(PROJECT_ROOT, '.npmrc'), 'utf8')).toMatch(
		/^ignore-scripts=true$/m,
	);
	expect(pkg.scripts.pack).toBe('npm run build && npm pack');
	expect(pkg.scripts.prepack).toBe('npm run build');
});

describe('a fresh clone: `npm run pack` builds first and packs what n8n loads, nothing else', () => {
	const clone = path.join(os.tmpdir(), `${pkg.name}-fresh-clone-${process.pid}`);
	let clonedWithDist = true;
	let files: string[] = [];
	beforeAll(() => {
		freshClone(clone);
		clonedWithDist = fs.existsSync(path.join(clone, 'dist'));
		({ files } = packClone(clone));
	}, 600_000);
	afterAll(() => fs.rmSync(clone, { recursive: true, force: true }));

	test('npm pack ships dist/, README, LICENSE and package.json only', () => {
		expect(clonedWithDist).toBe(false);
		const outside = files.filter(
			(file) =>
				!file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file),
		);
		expect(outside).toEqual([]);
		expect(files).toEqual(
			expect.arrayContaining([
				'README.md',
				'LICENSE',
				'dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.js',
			]),
		);
		expect(files.some((file) => /\.test\.|simulator|e2e|bench|\.map$/.test(file))).toBe(false);
	});

	test('the exact file list: package.json, README, LICENSE, each source compiled, icons and codex files', () => {
		const all = [...filesOf(clone, 'nodes'), ...filesOf(clone, 'credentials')];
		const compiled = all.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
		const copied = all.filter((file) => /\.(svg|png)$|\.node\.json$/.test(file));
		expect(compiled.length).toBeGreaterThan(40);
		expect(files).toEqual(
			[
				'LICENSE',
				'README.md',
				'package.json',
				...compiled.map((file) => `dist/${file.replace(/\.ts$/, '.js')}`),
				...copied.map((file) => `dist/${file}`),
			].sort(),
		);
		expect(files.filter((file) => /tsbuildinfo|\.map$|\.d\.ts$/.test(file))).toEqual([]);
		for (const entry of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(entry);
	});
});
