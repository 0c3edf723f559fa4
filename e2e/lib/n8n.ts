/**
 * A real n8n (2.8.4, installed in e2e/runtime) with this package installed as a community
 * package: fresh user folders, credential and workflow import, `n8n execute`, and `n8n start`
 * with an owner set up and logged in for REST calls. Used by the e2e suite, the demo and the
 * benchmark.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { parseFlatted } from './flatted';
import { ensureBuilt, installPackage, npmCommand, REPO_ROOT } from './package';
import { Child, freePort, run, sleep, tail } from './processes';

export { NODE_TYPES, CREDENTIAL_TYPE, PACKAGE_NAME, REPO_ROOT } from './package';

/**
 * Where n8n is installed: e2e/runtime (its package.json and lockfile pin n8n). OPSWAT_E2E_RUNTIME_DIR
 * points elsewhere (a folder holding the same package.json and lockfile), e.g. a CI cache.
 */
export const RUNTIME_DIR = process.env.OPSWAT_E2E_RUNTIME_DIR
	? path.resolve(process.env.OPSWAT_E2E_RUNTIME_DIR)
	: path.join(REPO_ROOT, 'e2e', 'runtime');
/** Scratch folders of e2e runs, the demo and the benchmark (git-ignored). */
export const TMP_ROOT = path.join(REPO_ROOT, '.tmp');
const N8N_BIN = path.join(RUNTIME_DIR, 'node_modules', '.bin', process.platform === 'win32' ? 'n8n.cmd' : 'n8n');
const INSTALLED_MARKER = path.join(RUNTIME_DIR, 'node_modules', '.e2e-runtime-installed');

async function lockfileHash(): Promise<string> {
	return createHash('sha256')
		.update(await readFile(path.join(RUNTIME_DIR, 'package-lock.json')))
		.digest('hex');
}

async function wantedN8nVersion(): Promise<string> {
	const pkg = JSON.parse(await readFile(path.join(RUNTIME_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
	return pkg.dependencies.n8n;
}

/** Whether e2e/runtime holds a complete install of the n8n its package.json asks for. */
async function runtimeInstalled(hash: string): Promise<boolean> {
	if (!existsSync(N8N_BIN)) return false;
	try {
		if ((await readFile(INSTALLED_MARKER, 'utf8')).trim() === hash) return true;
	} catch {
		// no marker: an install made by hand; check it below
	}
	try {
		const installed = JSON.parse(await readFile(path.join(RUNTIME_DIR, 'node_modules', 'n8n', 'package.json'), 'utf8')) as { version: string };
		if (installed.version !== (await wantedN8nVersion())) return false;
		// npm writes this when an install completes.
		if (!existsSync(path.join(RUNTIME_DIR, 'node_modules', '.package-lock.json'))) return false;
		const { stdout } = await run(N8N_BIN, ['--version'], { cwd: RUNTIME_DIR, timeoutMs: 60_000 });
		if (stdout.trim() !== installed.version) return false;
	} catch {
		return false;
	}
	await writeFile(INSTALLED_MARKER, `${hash}\n`);
	return true;
}

/** The environment for npm in e2e/runtime: without the settings `npm run` hands its scripts (this project's ignore-scripts=true among them). */
function cleanNpmEnv(): NodeJS.ProcessEnv {
	const keep = new Set(['npm_config_registry', 'npm_config_cache', 'npm_config_userconfig', 'npm_config_nodedir', 'npm_config_proxy', 'npm_config_https_proxy', 'npm_config_noproxy', 'npm_config_cafile', 'npm_config_strict_ssl']);
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (key.startsWith('npm_') && !keep.has(key)) continue;
		env[key] = value;
	}
	return env;
}

let ensuring: Promise<string> | undefined;

/**
 * The path of the n8n binary. On first use installs n8n into e2e/runtime with `npm ci` (about
 * 5 minutes and 2.3 GB), saying so through `log`; afterwards reuses it.
 */
export function ensureN8n(log: (line: string) => void = console.log): Promise<string> {
	ensuring ??= (async () => {
		const hash = await lockfileHash();
		if (await runtimeInstalled(hash)) return N8N_BIN;
		const version = await wantedN8nVersion();
		log(`Installing n8n ${version} into ${path.relative(REPO_ROOT, RUNTIME_DIR) || RUNTIME_DIR} with npm ci. This happens once and takes about 5 minutes (2.3 GB); later runs reuse it.`);
		await mkdir(TMP_ROOT, { recursive: true });
		const lock = path.join(TMP_ROOT, 'n8n-install.lock');
		await mkdir(lock).catch(() => {
			throw new Error(`Another n8n install seems to be running (${lock} exists). Wait for it, or remove that folder if none is running.`);
		});
		const started = Date.now();
		const lockfile = path.join(RUNTIME_DIR, 'package-lock.json');
		const lockBefore = await readFile(lockfile);
		let lastLog = 0;
		const npm = async (args: string[]) => {
			const command = npmCommand([...args, '--ignore-scripts=false', '--no-audit', '--no-fund', '--loglevel=error']);
			await run(command.command, command.args, {
				cwd: RUNTIME_DIR,
				env: cleanNpmEnv(),
				timeoutMs: 30 * 60_000,
				onLine: (line) => {
					if (line.trim() !== '' && Date.now() - lastLog > 2000) {
						lastLog = Date.now();
						log(`  npm: ${line.slice(0, 200)}`);
					}
				},
			});
		};
		// npm says nothing for minutes at --loglevel=error: show that it is still working.
		const heartbeat = setInterval(() => log(`  still installing n8n (${Math.round((Date.now() - started) / 1000)} s)…`), 30_000);
		try {
			try {
				await npm(['ci']);
			} catch (error) {
				const output = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}`;
				if (!/EUSAGE|in sync/.test(output)) throw error;
				// npm ci refuses a lockfile that lacks entries (here: optional packages of other platforms).
				// Install the same pinned versions without touching the committed lockfile.
				log('  e2e/runtime/package-lock.json is out of sync with its package.json (npm ci refuses it); installing with npm install --no-save instead.');
				log('  To fix: run `npm install --package-lock-only` in e2e/runtime on a machine with the full npm registry, and commit the lockfile.');
				await npm(['install', '--no-save']);
			}
		} finally {
			clearInterval(heartbeat);
			await rm(lock, { recursive: true, force: true });
			if (!(await readFile(lockfile)).equals(lockBefore)) await writeFile(lockfile, lockBefore);
		}
		await writeFile(INSTALLED_MARKER, `${hash}\n`);
		if (!(await runtimeInstalled(hash))) throw new Error('npm ci finished, but e2e/runtime/node_modules/.bin/n8n does not run');
		log(`n8n ${version} installed in ${Math.round((Date.now() - started) / 1000)} s.`);
		return N8N_BIN;
	})();
	ensuring.catch(() => {
		ensuring = undefined;
	});
	return ensuring;
}

export interface CredentialImport {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface ExecuteOptions {
	/** Resolve even when n8n reports that the execution failed (default false: reject). */
	allowError?: boolean;
	/** Kill n8n after this long (default 10 minutes). */
	timeoutMs?: number;
	/** Extra environment variables for this run. */
	env?: Record<string, string>;
}

export interface ExecuteResult {
	/** The execution as `n8n execute --rawOutput` prints it: `{ data: { resultData: { runData, error? } }, status, … }`. */
	result: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	stdout: string;
	stderr: string;
	durationMs: number;
}

/** `n8n execute` reported an error (or printed no result). Holds what it printed. */
export class N8nExecutionError extends Error {
	constructor(
		message: string,
		readonly stdout: string,
		readonly stderr: string,
		readonly result: any, // eslint-disable-line @typescript-eslint/no-explicit-any
		readonly exitCode: number | null,
	) {
		super(message);
	}
}

/** The first JSON object in n8n's stdout (what --rawOutput printed), or undefined. */
export function parseRawOutput(stdout: string): unknown {
	const lineStart = stdout.search(/^\{\s*$/m);
	const start = lineStart >= 0 ? lineStart : stdout.indexOf('{');
	if (start < 0) return undefined;
	const text = stdout.slice(start);
	try {
		return JSON.parse(text);
	} catch {
		// Something was printed after the JSON: try each closing brace at a line start, last first.
		const ends = [...text.matchAll(/^\}/gm)].map((match) => match.index ?? 0).reverse();
		for (const end of ends) {
			try {
				return JSON.parse(text.slice(0, end + 1));
			} catch {
				// keep looking
			}
		}
	}
	return undefined;
}

export interface N8nServer {
	/** The editor and REST base URL, e.g. http://127.0.0.1:5678 */
	url: string;
	/**
	 * A REST call as the logged-in owner (`path` under /rest, e.g. `/workflows/abc`). Resolves to
	 * the answer's `data` (n8n wraps answers in `{ data }`), or the whole answer when it has no
	 * `data`; rejects on any status but 2xx.
	 */
	rest(method: string, path: string, body?: unknown): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
	/** An HTTP request to any path of n8n (e.g. `/types/nodes.json`) as the logged-in owner. */
	fetch(path: string, init?: RequestInit): Promise<Response>;
	/** Stops n8n (SIGTERM to its process group, SIGKILL after 20 s). */
	stop(): Promise<void>;
	/** The owner set up at start: log in to the editor with these. */
	owner: OwnerAccount;
	/** Where n8n's stdout and stderr go. */
	logFile: string;
	/** Everything n8n printed so far. */
	output(): string;
	/** PID of the n8n process (leader of its process group). */
	pid: number;
	port: number;
	/** Activates (publishes) a workflow, so that its trigger runs. */
	activate(workflowId: string): Promise<void>;
	deactivate(workflowId: string): Promise<void>;
	/** The workflow's executions, newest first (id, status, mode, startedAt, stoppedAt, …; without data). */
	executions(workflowId: string): Promise<any[]>; // eslint-disable-line @typescript-eslint/no-explicit-any
	/** One execution with its data decoded: `{ id, status, …, data: { resultData: { runData } } }` (nodeOutput() reads it). */
	execution(executionId: string): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface OwnerAccount {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: OwnerAccount = {
	email: 'owner@example.com',
	password: 'MetaAccess-demo-1',
	firstName: 'Demo',
	lastName: 'Owner',
};

export interface StartOptions {
	/** Port for the editor and REST API (default: a free one). */
	port?: number;
	/** Called with every line n8n prints. */
	onLine?: (line: string) => void;
	owner?: OwnerAccount;
	/** Extra environment variables. */
	env?: Record<string, string>;
	/** How long to wait for n8n to answer (default 120 s). */
	readyTimeoutMs?: number;
}

function randomId(length = 16): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Inherited variables that would change how n8n runs; the tests set what they need. */
const FOREIGN_ENV = /^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|WEBHOOK_URL$|NODE_FUNCTION_ALLOW)/;

/** A fresh n8n user folder under .tmp/ with the built package installed as a community package. */
export class N8nHome {
	private readonly servers = new Set<N8nServer>();

	private scratchCount = 0;

	private constructor(
		readonly name: string,
		readonly userFolder: string,
		readonly binary: string,
		/** The task-runner broker port env() gives (execute() and start() take a fresh free one each). */
		readonly brokerPort: number,
	) {}

	/**
	 * Creates `.tmp/<name>` afresh (removing what was there), builds the package if dist/ is stale,
	 * installs it as a community package, and makes sure n8n is installed.
	 */
	static async create(name: string, log: (line: string) => void = console.log): Promise<N8nHome> {
		if (!/^[\w.-]+$/.test(name)) throw new Error(`Not a folder name: ${name}`);
		const binary = await ensureN8n(log);
		await ensureBuilt(log);
		const userFolder = path.join(TMP_ROOT, name);
		await rm(userFolder, { recursive: true, force: true });
		await mkdir(userFolder, { recursive: true });
		await installPackage(userFolder);
		return new N8nHome(name, userFolder, binary, await freePort());
	}

	/** Where this home's own files (imports, logs) go; the leak checks read the whole user folder. */
	get n8nFolder(): string {
		return path.join(this.userFolder, '.n8n');
	}

	/** The environment n8n runs with: this user folder, no telemetry, nothing inherited that changes n8n. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) {
			if (!FOREIGN_ENV.test(key) && !key.startsWith('npm_')) env[key] = value;
		}
		return {
			...env,
			N8N_USER_FOLDER: this.userFolder,
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			// Each n8n process starts a task broker: two at once need two ports.
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			...extra,
		};
	}

	/** A scratch file outside the user folder (so that imported secrets do not stay in it). */
	private async scratchFile(label: string, content: string): Promise<string> {
		const dir = path.join(TMP_ROOT, `${this.name}.scratch`);
		await mkdir(dir, { recursive: true });
		const file = path.join(dir, `${label}-${process.pid}-${++this.scratchCount}.json`);
		await writeFile(file, content);
		return file;
	}

	/** Removes a scratch file, and its folder once empty. */
	private async removeScratch(file: string): Promise<void> {
		await rm(file, { force: true });
		await rmdir(path.dirname(file)).catch(() => undefined);
	}

	private async cli(args: string[], timeoutMs = 120_000) {
		return await run(this.binary, args, {
			cwd: this.userFolder,
			env: this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) }),
			timeoutMs,
		});
	}

	/** `n8n import:credentials` of one credential with plain data (n8n encrypts it); replaces one with the same id. */
	async importCredential(credential: CredentialImport): Promise<void> {
		const file = await this.scratchFile('credential', JSON.stringify([credential]));
		try {
			const { stdout } = await this.cli(['import:credentials', `--input=${file}`]);
			if (!/Successfully imported 1 credential/.test(stdout)) throw new Error(`n8n did not import the credential:\n${tail(stdout)}`);
		} finally {
			await this.removeScratch(file);
		}
	}

	/** `n8n import:workflow` of one workflow (an id is set when it has none); resolves to its id. */
	async importWorkflow(workflow: object): Promise<string> {
		const [id] = await this.importWorkflows([workflow]);
		return id;
	}

	/**
	 * Imports several workflows with one `n8n import:workflow` (a few seconds each saved); ids are
	 * set where missing. Imported workflows are inactive. Resolves to their ids, in order.
	 */
	async importWorkflows(workflows: object[]): Promise<string[]> {
		const copies = workflows.map((workflow) => {
			const copy = JSON.parse(JSON.stringify(workflow)) as { id?: string; active?: boolean };
			copy.id ??= randomId();
			copy.active = false;
			return copy as { id: string; active: boolean };
		});
		const file = await this.scratchFile('workflows', JSON.stringify(copies));
		try {
			const { stdout } = await this.cli(['import:workflow', `--input=${file}`]);
			const count = copies.length;
			if (!new RegExp(`Successfully imported ${count} workflows?\\.`).test(stdout)) {
				throw new Error(`n8n did not import the ${count} workflow(s):\n${tail(stdout)}`);
			}
		} finally {
			await this.removeScratch(file);
		}
		return copies.map((copy) => copy.id);
	}

	/**
	 * `n8n execute --id=<id> --rawOutput` in a process of its own. Resolves with the execution
	 * n8n printed; rejects with an N8nExecutionError (holding stdout, stderr and the result) when
	 * n8n reports an error, unless `allowError` is set.
	 */
	async execute(workflowId: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
		const started = Date.now();
		const child = new Child(this.binary, ['execute', `--id=${workflowId}`, '--rawOutput'], {
			cwd: this.userFolder,
			env: this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...(options.env ?? {}) }),
		});
		const timeoutMs = options.timeoutMs ?? 10 * 60_000;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<'timeout'>((resolve) => {
			timer = setTimeout(() => resolve('timeout'), timeoutMs);
		});
		const outcome = await Promise.race([child.exited, timeout]);
		clearTimeout(timer);
		const status = await child.stop('SIGTERM', 5_000);
		const durationMs = Date.now() - started;
		const { stdout, stderr } = child;
		const result = parseRawOutput(stdout) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
		let problem: string | undefined;
		if (outcome === 'timeout') problem = `n8n execute did not finish within ${timeoutMs} ms`;
		else if (result === undefined) problem = `n8n execute printed no execution (exit ${status.code ?? status.signal})`;
		else if (status.code !== 0 || /Execution was NOT successful/.test(stdout) || result.status !== 'success' || result.data?.resultData?.error) {
			const error = result.data?.resultData?.error;
			problem = `n8n reported that the execution failed (exit ${status.code ?? status.signal}, status ${result.status})${
				error ? `: ${error.message}${error.description ? ` (${error.description})` : ''}` : ''
			}`;
		}
		if (problem !== undefined && (!options.allowError || result === undefined)) {
			throw new N8nExecutionError(`${problem}\n--- stdout (end) ---\n${tail(stdout, 30)}\n--- stderr (end) ---\n${tail(stderr, 30)}`, stdout, stderr, result, status.code);
		}
		return { result, stdout, stderr, durationMs };
	}

	/** `n8n start` on 127.0.0.1; resolves once the owner is set up and logged in. */
	async start(options: StartOptions = {}): Promise<N8nServer> {
		const port = options.port ?? (await freePort());
		const url = `http://127.0.0.1:${port}`;
		const owner = options.owner ?? DEFAULT_OWNER;
		const logFile = path.join(this.n8nFolder, `n8n-start-${port}.log`);
		await mkdir(this.n8nFolder, { recursive: true });
		const child = new Child(this.binary, ['start'], {
			cwd: this.userFolder,
			logFile,
			onLine: options.onLine ? (line) => options.onLine?.(line) : undefined,
			env: this.env({
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: '127.0.0.1',
				N8N_PROTOCOL: 'http',
				N8N_EDITOR_BASE_URL: `${url}/`,
				// The editor runs on plain http on this machine only.
				N8N_SECURE_COOKIE: 'false',
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
				...(options.env ?? {}),
			}),
		});
		const browserId = `e2e-${randomId(12)}`;
		let cookie = '';
		const authenticatedFetch = async (route: string, init: RequestInit = {}) => {
			const response = await fetch(`${url}${route}`, {
				...init,
				headers: { 'browser-id': browserId, ...(cookie ? { cookie } : {}), ...((init.headers as Record<string, string>) ?? {}) },
			});
			const setCookie = response.headers.getSetCookie().find((value) => value.startsWith('n8n-auth='));
			if (setCookie) cookie = setCookie.split(';')[0];
			return response;
		};
		const call = async (method: string, route: string, body?: unknown, expectOk = true) => {
			const response = await authenticatedFetch(`/rest${route}`, {
				method,
				headers: body === undefined ? {} : { 'content-type': 'application/json' },
				body: body === undefined ? undefined : JSON.stringify(body),
			});
			const text = await response.text();
			// While n8n migrates its database it answers everything with 200 and a plain-text "starting up".
			const json = /application\/json/.test(response.headers.get('content-type') ?? '');
			let parsed: unknown = text;
			try {
				parsed = text === '' ? undefined : JSON.parse(text);
			} catch {
				// not JSON
			}
			const ok = response.ok && (json || text === '');
			if (expectOk && !ok) {
				throw new Error(`n8n answered ${response.status} to ${method} /rest${route}: ${text.slice(0, 500)}`);
			}
			return { status: response.status, ok, body: parsed };
		};
		const unwrap = (body: unknown) =>
			typeof body === 'object' && body !== null && 'data' in body ? (body as { data: unknown }).data : body;

		let stopped = false;
		const server: N8nServer = {
			url,
			port,
			pid: child.pid,
			owner,
			logFile,
			output: () => child.stdout + child.stderr,
			rest: async (method, route, body) => unwrap((await call(method.toUpperCase(), route, body)).body),
			fetch: authenticatedFetch,
			stop: async () => {
				if (stopped) return;
				stopped = true;
				this.servers.delete(server);
				await child.stop('SIGTERM', 20_000);
			},
			activate: async (workflowId) => {
				const workflow = await server.rest('GET', `/workflows/${workflowId}`);
				await server.rest('POST', `/workflows/${workflowId}/activate`, { versionId: workflow.versionId });
			},
			deactivate: async (workflowId) => {
				await server.rest('POST', `/workflows/${workflowId}/deactivate`, {});
			},
			executions: async (workflowId) => {
				const filter = encodeURIComponent(JSON.stringify({ workflowId }));
				const answer = await server.rest('GET', `/executions?filter=${filter}&limit=100`);
				return answer.results;
			},
			execution: async (executionId) => {
				const execution = await server.rest('GET', `/executions/${executionId}`);
				return { ...execution, data: typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data };
			},
		};
		this.servers.add(server);
		try {
			// /healthz answers before the REST API is mounted: wait for a REST answer.
			const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
			for (;;) {
				if (!child.running) throw new Error(`n8n start exited (${JSON.stringify(await child.exited)}):\n${tail(child.stdout + child.stderr)}`);
				if (Date.now() > deadline) throw new Error(`n8n did not answer on ${url} in time:\n${tail(child.stdout + child.stderr)}`);
				const ready = await call('GET', '/settings', undefined, false).catch(() => undefined);
				if (ready?.ok) break;
				await sleep(250);
			}
			const setup = await call('POST', '/owner/setup', owner, false);
			if (!setup.ok && !/already/i.test(JSON.stringify(setup.body))) {
				throw new Error(`n8n refused the owner setup (${setup.status}): ${JSON.stringify(setup.body).slice(0, 300)}`);
			}
			const login = await call('POST', '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
			if ((unwrap(login.body) as { email?: string } | undefined)?.email !== owner.email || cookie === '') {
				throw new Error(`Logging in to n8n as ${owner.email} gave no session: ${JSON.stringify(login.body).slice(0, 300)}`);
			}
		} catch (error) {
			await server.stop();
			throw error;
		}
		return server;
	}

	/** Stops the servers started from this home and removes the user folder (kept with `keepFiles`). */
	async dispose(options: { keepFiles?: boolean } = {}): Promise<void> {
		await Promise.all([...this.servers].map(async (server) => await server.stop()));
		await rm(path.join(TMP_ROOT, `${this.name}.scratch`), { recursive: true, force: true });
		if (!options.keepFiles) await rm(this.userFolder, { recursive: true, force: true });
	}
}

/** An n8n item as it comes out of a node. */
export interface NodeItem {
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	pairedItem?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	[key: string]: unknown;
}

/** The run data of an execution, from `execute`'s result or a decoded REST execution. */
function runDataOf(result: any): Record<string, any[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
	const data = result?.data?.resultData ? result.data : result?.resultData ? result : undefined;
	const runData = data?.resultData?.runData;
	if (!runData) throw new Error('The execution holds no run data');
	return runData;
}

/** The names of the nodes that ran, in the order they ran. */
export function ranNodes(result: unknown): string[] {
	const runData = runDataOf(result);
	return Object.keys(runData).sort(
		(a, b) => (runData[a][0]?.executionIndex ?? 0) - (runData[b][0]?.executionIndex ?? 0),
	);
}

/**
 * The items a node gave on one output (default: first run, first output). Throws when the node
 * did not run, naming those that did.
 */
export function nodeOutput(result: unknown, nodeName: string, options: { runIndex?: number; outputIndex?: number } = {}): NodeItem[] {
	const runData = runDataOf(result);
	const runs = runData[nodeName];
	if (!runs) throw new Error(`Node "${nodeName}" did not run; these did: ${ranNodes(result).join(', ')}`);
	const run = runs[options.runIndex ?? 0];
	if (!run) throw new Error(`Node "${nodeName}" has no run ${options.runIndex ?? 0}`);
	if (run.error) throw new Error(`Node "${nodeName}" failed: ${run.error.message}`);
	return (run.data?.main?.[options.outputIndex ?? 0] ?? []) as NodeItem[];
}

/** The `json` of each item a node gave. */
export function nodeJson(result: unknown, nodeName: string): any[] { // eslint-disable-line @typescript-eslint/no-explicit-any
	return nodeOutput(result, nodeName).map((item) => item.json);
}
