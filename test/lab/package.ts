/**
 * The package under test as n8n gets it: built (`npm run build` when dist/ is missing or older
 * than the sources) and installed into a user folder's `.n8n/nodes/node_modules/`, either as n8n's
 * Community Nodes installer leaves it or the README's by-hand way (`npm install` of the tarball).
 */
import { copyFile, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { run } from './processes';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface PackageJson {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
}

export async function readPackageJson(): Promise<PackageJson> {
	return JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson;
}

export const PACKAGE_NAME = 'n8n-nodes-opswat-metaaccess';

/** The node and credential type names as n8n knows them once the package is installed. */
export const NODE_TYPES = {
	action: `${PACKAGE_NAME}.opswatMetaAccess`,
	trigger: `${PACKAGE_NAME}.opswatMetaAccessTrigger`,
	webhookTrigger: `${PACKAGE_NAME}.opswatMetaAccessWebhookTrigger`,
	logTrigger: `${PACKAGE_NAME}.opswatMetaAccessLogTrigger`,
} as const;
export const CREDENTIAL_TYPE = 'opswatMetaAccessApi';

/** npm, as a command to spawn (the one running this script when started through `npm run`). */
export function npmCommand(args: string[]): { command: string; args: string[] } {
	const execPath = process.env.npm_execpath;
	if (execPath && /npm-cli\.js$/.test(execPath))
		return { command: process.execPath, args: [execPath, ...args] };
	return { command: process.platform === 'win32' ? 'npm.cmd' : 'npm', args };
}

async function mtime(file: string): Promise<number | undefined> {
	try {
		return (await stat(file)).mtimeMs;
	} catch {
		return undefined;
	}
}

/** The files under a folder (none when it does not exist), optionally only some, skipping some folders. */
export async function filesUnder(
	dir: string,
	accept: (file: string) => boolean = () => true,
	skipDir: (name: string) => boolean = () => false,
): Promise<string[]> {
	const found: string[] = [];
	let entries;
	try {
		entries = await readdir(dir, { withFileTypes: true });
	} catch {
		return found;
	}
	for (const entry of entries) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (!skipDir(entry.name)) found.push(...(await filesUnder(full, accept, skipDir)));
		} else if (entry.isFile() && accept(full)) found.push(full);
	}
	return found;
}

/**
 * Why dist/ must be rebuilt, or undefined when it is up to date: every source file under nodes/
 * and credentials/ needs its compiled (.ts → .js) or copied (icons, codex) counterpart in dist/, no
 * older than itself (package.json is not built: the package ships the project's own).
 */
export async function staleBuildReason(): Promise<string | undefined> {
	const sources = [
		...(await filesUnder(path.join(REPO_ROOT, 'nodes'), (file) =>
			/\.(ts|svg|png|node\.json)$/.test(file),
		)),
		...(await filesUnder(path.join(REPO_ROOT, 'credentials'), (file) =>
			/\.(ts|svg|png)$/.test(file),
		)),
	].filter((file) => !file.endsWith('.d.ts'));
	if (sources.length === 0) return 'no sources found';
	for (const source of sources) {
		const relative = path.relative(REPO_ROOT, source);
		const built = path.join(REPO_ROOT, 'dist', relative.replace(/\.ts$/, '.js'));
		const builtTime = await mtime(built);
		if (builtTime === undefined) return `dist/ has no ${path.relative(REPO_ROOT, built)}`;
		if (source.endsWith('.ts')) {
			// Compiled files are written after their source.
			if (builtTime < ((await mtime(source)) ?? 0)) return `${relative} changed after it was built`;
		} else if (!(await readFile(source)).equals(await readFile(built))) {
			// Copied assets keep their source's time (rounded): compare them.
			return `${relative} differs from its copy in dist/`;
		}
	}
	return undefined;
}

/** Runs `npm run build` when dist/ is missing or stale; resolves to whether it built. */
export async function ensureBuilt(log: (line: string) => void = console.log): Promise<boolean> {
	const reason = await staleBuildReason();
	if (reason === undefined) return false;
	log(`Building the package (${reason}): npm run build`);
	const npm = npmCommand(['run', 'build']);
	await run(npm.command, npm.args, { cwd: REPO_ROOT, timeoutMs: 5 * 60_000 });
	const still = await staleBuildReason();
	if (still !== undefined)
		throw new Error(`npm run build did not bring dist/ up to date: ${still}`);
	return true;
}

/** The files `npm pack` would put in the package (package.json, dist/, README, LICENSE, …), relative paths. */
export async function packedFiles(): Promise<string[]> {
	const npm = npmCommand(['pack', '--dry-run', '--json', '--ignore-scripts']);
	const { stdout } = await run(npm.command, npm.args, { cwd: REPO_ROOT, timeoutMs: 120_000 });
	const start = stdout.indexOf('[');
	const report = JSON.parse(stdout.slice(start)) as Array<{ files: Array<{ path: string }> }>;
	const files = report[0]?.files.map((file) => file.path) ?? [];
	if (!files.includes('package.json') || !files.some((file) => file.startsWith('dist/'))) {
		throw new Error(`npm pack would ship neither package.json nor dist/: ${files.join(', ')}`);
	}
	return files;
}

let packedFilesCache: Promise<string[]> | undefined;

/**
 * Installs the built package into `<userFolder>/.n8n/nodes/node_modules/<name>` as n8n's Community
 * Nodes installer (2.8 and 2.41 alike) leaves it: the files `npm pack` ships, with dev, peer and
 * optional dependencies stripped from its package.json (so nothing is installed beside it and it
 * resolves n8n's own n8n-workflow), and the `.n8n/nodes/package.json` that installer keeps; n8n
 * loads it as a community package (node types `n8n-nodes-opswat-metaaccess.<node>`).
 */
export async function installPackage(userFolder: string): Promise<string> {
	packedFilesCache ??= packedFiles();
	const files = await packedFilesCache;
	const pkg = await readPackageJson();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	for (const file of files) {
		const destination = path.join(target, file);
		await mkdir(path.dirname(destination), { recursive: true });
		await copyFile(path.join(REPO_ROOT, file), destination);
	}
	const manifest = JSON.parse(
		await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8'),
	) as Record<string, unknown>;
	for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete manifest[key];
	await writeFile(path.join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
	await writeFile(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } }, null, 2)}\n`,
	);
	return target;
}

/**
 * The README's by-hand install, in `~/.n8n/nodes`: `npm install --omit=peer <package>`. Without
 * `--omit=peer`, npm 7+ installs the newest n8n-workflow beside the package as its peer dependency:
 * the package would then run on that copy instead of n8n's own, and on Node 20 the install fails
 * outright (n8n-workflow 2.41 pulls in isolated-vm 7, which needs Node 24 to build).
 */
export const BY_HAND_NPM_FLAGS = ['--omit=peer'];

let tarballCache: Promise<string> | undefined;

/** `npm pack` of the built package into .tmp/pack/; resolves to the tarball's path (made once per process). */
export function packTarball(): Promise<string> {
	tarballCache ??= (async () => {
		const destination = path.join(REPO_ROOT, '.tmp', 'pack');
		await mkdir(destination, { recursive: true });
		const npm = npmCommand([
			'pack',
			'--json',
			'--ignore-scripts',
			'--pack-destination',
			destination,
		]);
		const { stdout } = await run(npm.command, npm.args, { cwd: REPO_ROOT, timeoutMs: 120_000 });
		const [report] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{ filename: string }>;
		return path.join(destination, report.filename);
	})();
	tarballCache.catch(() => (tarballCache = undefined));
	return tarballCache;
}

/** Installs the packed package into `<userFolder>/.n8n/nodes` the README's by-hand way. */
export async function installPackageWithNpm(userFolder: string): Promise<string> {
	const tarball = await packTarball();
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	await mkdir(nodesDir, { recursive: true });
	const npm = npmCommand(['install', ...BY_HAND_NPM_FLAGS, '--no-audit', '--no-fund', tarball]);
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env))
		if (!key.startsWith('npm_')) env[key] = value;
	await run(npm.command, npm.args, { cwd: nodesDir, env, timeoutMs: 5 * 60_000 });
	return path.join(nodesDir, 'node_modules', (await readPackageJson()).name);
}
