/**
 * The package as n8n and npm see it: layout, package.json, the build (tsc + icons and codex files
 * copied by gulp), what `npm pack` ships, and the node descriptions n8n loads from dist/.
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const run = (command: string, args: string[]) =>
	execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('the top level the design asks for', () => {
	for (const entry of ['package.json', 'tsconfig.json', 'nodes', 'credentials', 'gulpfile.js', 'test', 'index.js', 'README.md', 'LICENSE']) {
		expect(fs.existsSync(path.join(root, entry))).toBe(true);
	}
});

test('package.json: n8n section, keyword, licence, peer dependency only, pinned dev tools', () => {
	expect(pkg.name).toBe('n8n-nodes-opswat-metaaccess');
	expect(pkg.keywords).toContain('n8n-community-node-package');
	expect(pkg.license).toBe('MIT');
	expect(pkg.n8n).toEqual({
		n8nNodesApiVersion: 1,
		strict: true,
		credentials: ['dist/credentials/OpswatMetaAccessApi.credentials.js'],
		nodes: ['dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.js', 'dist/nodes/OpswatMetaAccessTrigger/OpswatMetaAccessTrigger.node.js'],
	});
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.files).toEqual(['dist']);
	for (const tool of ['typescript', 'jest', 'nock', 'axios', 'gulp', 'eslint-plugin-n8n-nodes-base', '@n8n/eslint-plugin-community-nodes']) {
		expect(pkg.devDependencies[tool]).toBeDefined();
	}
	expect(pkg.devDependencies['n8n-workflow']).toMatch(/^2\.8\./);
	expect(pkg.devDependencies['n8n-core']).toMatch(/^2\.8\./);
	expect(pkg.devDependencies.n8n).toBeUndefined();
	expect(pkg.scripts.build).toBe('tsc -p tsconfig.json && gulp build:icons');
});

describe('build and pack', () => {
	beforeAll(() => {
		fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
		run('npm', ['run', 'build']);
	}, 120_000);

	test('tsc output, light and dark icons and codex files are in dist/', () => {
		for (const file of [
			'dist/credentials/OpswatMetaAccessApi.credentials.js',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.js',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.json',
			'dist/nodes/OpswatMetaAccess/opswatMetaAccess.svg',
			'dist/nodes/OpswatMetaAccess/opswatMetaAccess.dark.svg',
			'dist/nodes/OpswatMetaAccessTrigger/OpswatMetaAccessTrigger.node.js',
			'dist/nodes/OpswatMetaAccessTrigger/OpswatMetaAccessTrigger.node.json',
		]) {
			expect(fs.existsSync(path.join(root, file))).toBe(true);
		}
	});

	test('npm pack ships dist/, README, LICENSE and package.json only', () => {
		const [packed] = JSON.parse(run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts']));
		const files: string[] = packed.files.map((file: { path: string }) => file.path);
		const outside = files.filter((file) => !file.startsWith('dist/') && !['README.md', 'LICENSE', 'package.json'].includes(file));
		expect(outside).toEqual([]);
		expect(files).toEqual(expect.arrayContaining(['README.md', 'LICENSE', 'dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.js']));
		expect(files.some((file) => /\.test\.|simulator|e2e|bench|\.map$/.test(file) && !file.endsWith('.js.map'))).toBe(false);
	});

	test('the built nodes load as n8n loads them: descriptions, credential, icons that exist', () => {
		/* eslint-disable @typescript-eslint/no-require-imports */
		const { OpswatMetaAccess } = require(path.join(root, 'dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.js'));
		const { OpswatMetaAccessTrigger } = require(path.join(root, 'dist/nodes/OpswatMetaAccessTrigger/OpswatMetaAccessTrigger.node.js'));
		const { OpswatMetaAccessApi } = require(path.join(root, 'dist/credentials/OpswatMetaAccessApi.credentials.js'));
		/* eslint-enable @typescript-eslint/no-require-imports */
		const action = new OpswatMetaAccess().description;
		const trigger = new OpswatMetaAccessTrigger().description;
		expect(action).toMatchObject({ name: 'opswatMetaAccess', usableAsTool: true, credentials: [{ name: 'opswatMetaAccessApi', required: true }] });
		expect(trigger).toMatchObject({ name: 'opswatMetaAccessTrigger', polling: true, inputs: [], credentials: [{ name: 'opswatMetaAccessApi', required: true }] });
		const operations = action.properties.find((p: { name: string }) => p.name === 'operation').options.map((o: { value: string }) => o.value);
		expect(operations.sort()).toEqual(['delete', 'getAll', 'getRemediationLink', 'performAction', 'performLegacyAction']);
		const credential = new OpswatMetaAccessApi();
		for (const [dir, icon] of [
			['dist/nodes/OpswatMetaAccess', action.icon],
			['dist/nodes/OpswatMetaAccessTrigger', trigger.icon],
			['dist/credentials', credential.icon],
		] as const) {
			for (const variant of [icon.light, icon.dark]) {
				expect(fs.existsSync(path.join(root, dir, variant.replace(/^file:/, '')))).toBe(true);
			}
		}
	});
});
