/**
 * `npm run lint:n8n`: n8n's verification linter, `n8n-node lint` (@n8n/node-cli, strict mode), on
 * the package: its sources exactly (package.json, tsconfig.json, the untouched default
 * eslint.config.mjs, nodes/, credentials/, README, LICENSE), copied into .tmp/n8n-node-lint/ beside
 * this project's node_modules. (Run at the top of the repository it would also lint the tests,
 * simulator, lab and benchmark, which are not shipped and use Node.js freely; `npm run lint` covers
 * those with eslint.project.config.mjs.) Exits with n8n-node's own code.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const stage = path.join(root, '.tmp', 'n8n-node-lint');
const PACKAGE_SOURCES = [
	'package.json',
	'tsconfig.json',
	'eslint.config.mjs',
	'nodes',
	'credentials',
	'README.md',
	'LICENSE',
];

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const entry of PACKAGE_SOURCES)
	cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
const n8nNode = path.join(
	root,
	'node_modules',
	'.bin',
	process.platform === 'win32' ? 'n8n-node.cmd' : 'n8n-node',
);
const { status, error } = spawnSync(n8nNode, ['lint'], {
	cwd: stage,
	stdio: 'inherit',
	env: { ...process.env, CI: 'true' },
});
if (error) throw error;
process.exit(status ?? 1);
