/**
 * The package under test as n8n gets it: built (`npm run build` when dist/ is missing or older
 * than the sources) and installed, file for file as `npm pack` would ship it, into a user folder's
 * `.n8n/nodes/node_modules/`, where n8n's community package installer puts packages.
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
} as const;
export const CREDENTIAL_TYPE = 'opswatMetaAccessApi';

/** npm, as a command to spawn (the one running this script when started through `npm run`). */
export function npmCommand(args: string[]): { command: string; args: string[] } {
	const execPath = process.env.npm_execpath;
	if (execPath && /npm-cli\.js$/.test(execPath)) return { command: process.execPath, args: [execPath, ...args] };
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
 * older than itself; and dist/package.json no older than package.json.
 */
export async function staleBuildReason(): Promise<string | undefined> {
	const sources = [
		...(await filesUnder(path.join(REPO_ROOT, 'nodes'), (file) => /\.(ts|svg|png|node\.json)$/.test(file))),
		...(await filesUnder(path.join(REPO_ROOT, 'credentials'), (file) => /\.(ts|svg|png)$/.test(file))),
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
	const pkg = await mtime(path.join(REPO_ROOT, 'package.json'));
	const builtPkg = await mtime(path.join(REPO_ROOT, 'dist', 'package.json'));
	if (builtPkg === undefined || builtPkg < (pkg ?? 0)) return 'package.json changed after the build';
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
	if (still !== undefined) throw new Error(`npm run build did not bring dist/ up to date: ${still}`);
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
 * Installs the built package into `<userFolder>/.n8n/nodes/node_modules/<name>`, with the
 * `.n8n/nodes/package.json` n8n's community package installer keeps, so that n8n loads it as a
 * community package (node types `n8n-nodes-opswat-metaaccess.<node>`).
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
	await writeFile(
		path.join(nodesDir, 'package.json'),
		`${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } }, null, 2)}\n`,
	);
	return target;
}
