/**
 * An n8n user folder with this package installed, on one of the lab's n8n runtimes: credential and
 * workflow import, `n8n execute`, and `n8n start` (test/lab/server.ts). Used by the e2e suite, the demo
 * and the benchmark.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { ensureBuilt, installPackage, installPackageWithNpm, REPO_ROOT } from './package';
import { Child, freePort, run, tail } from './processes';
import { parseRawOutput } from './runData';
import { ensureRuntime, TMP_ROOT, type N8nRuntime, type RuntimeId } from './runtimes';
import { startN8nServer, type N8nServer, type StartOptions } from './server';

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

function randomId(length = 16): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

/** Inherited variables that would change how n8n runs; the tests set what they need. */
const FOREIGN_ENV =
	/^(N8N_|DB_|EXECUTIONS_|QUEUE_|GENERIC_TIMEZONE$|WEBHOOK_URL$|NODE_FUNCTION_ALLOW)/;

/**
 * Where n8n user folders go: outside the project tree, as on a real install, so that the package
 * resolves n8n's own n8n-workflow and never this project's dev copy; one folder per checkout (a
 * short hash of its path), so that two checkouts on one machine never share a user folder.
 */
export const HOMES_ROOT = path.join(
	os.tmpdir(),
	'n8n-nodes-opswat-metaaccess',
	createHash('sha256').update(REPO_ROOT).digest('hex').slice(0, 8),
);

export interface HomeOptions {
	/** The n8n to run (installed first when it is not). */
	runtime: RuntimeId;
	log?: (line: string) => void;
	/**
	 * How the package gets into `.n8n/nodes`: `community` (default) as n8n's Community Nodes
	 * installer leaves it (the files `npm pack` ships, no dependencies); `npm` the README's by-hand
	 * way (`npm install <packed tarball>` with the README's flags, in `.n8n/nodes`).
	 */
	install?: 'community' | 'npm';
}

/** A fresh n8n user folder (outside the project tree) with the built package installed in it. */
export class N8nHome {
	private readonly servers = new Set<N8nServer>();

	private scratchCount = 0;

	/** Variables every n8n process of this home runs with (a queue-mode deployment's Redis and PostgreSQL). */
	private deployment: Record<string, string> = {};

	private constructor(
		readonly name: string,
		readonly userFolder: string,
		readonly runtime: N8nRuntime,
		/** The task-runner broker port env() gives (execute() and start() take a fresh free one each). */
		readonly brokerPort: number,
	) {}

	/**
	 * Creates `<HOMES_ROOT>/<name>` afresh (removing what was there), builds the package if dist/ is
	 * stale, installs it, and makes sure the runtime's n8n is installed.
	 */
	static async create(name: string, options: HomeOptions): Promise<N8nHome> {
		if (!/^[\w.-]+$/.test(name)) throw new Error(`Not a folder name: ${name}`);
		const log = options.log ?? console.log;
		const runtime = await ensureRuntime(options.runtime, log);
		await ensureBuilt(log);
		const userFolder = path.join(HOMES_ROOT, name);
		await rm(userFolder, { recursive: true, force: true });
		await mkdir(userFolder, { recursive: true });
		if (options.install === 'npm') await installPackageWithNpm(userFolder);
		else await installPackage(userFolder);
		return new N8nHome(name, userFolder, runtime, await freePort());
	}

	/** Where this home's own files (imports, logs) go; the leak checks read the whole user folder. */
	get n8nFolder(): string {
		return path.join(this.userFolder, '.n8n');
	}

	/** From now on, every n8n process of this home (CLI, main, workers) runs with these variables too. */
	useEnvironment(variables: Record<string, string>): void {
		this.deployment = { ...variables };
	}

	/** The environment n8n runs with: this user folder, no telemetry, nothing inherited that changes n8n. */
	env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
		const env: NodeJS.ProcessEnv = {};
		for (const [key, value] of Object.entries(process.env)) {
			if (!FOREIGN_ENV.test(key) && !key.startsWith('npm_')) env[key] = value;
		}
		return {
			...env,
			// n8n and what it starts (its task runner) run on the runtime's Node.js.
			PATH: this.runtime.path,
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
			...this.deployment,
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
		return await run(this.runtime.node, [this.runtime.n8nEntry, ...args], {
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
			if (!/Successfully imported 1 credential/.test(stdout))
				throw new Error(`n8n did not import the credential:\n${tail(stdout)}`);
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
		// stdout to a file: n8n exits right after printing, and a pipe can lose the end of a long execution.
		const stdoutFile = await this.scratchFile('execute-stdout', '');
		const child = new Child(
			this.runtime.node,
			[this.runtime.n8nEntry, 'execute', `--id=${workflowId}`, '--rawOutput'],
			{
				cwd: this.userFolder,
				stdoutFile,
				env: this.env({
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					...(options.env ?? {}),
				}),
			},
		);
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
		await this.removeScratch(stdoutFile);
		const result = parseRawOutput(stdout) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
		let problem: string | undefined;
		if (outcome === 'timeout') problem = `n8n execute did not finish within ${timeoutMs} ms`;
		else if (result === undefined)
			problem = `n8n execute printed no execution (exit ${status.code ?? status.signal})`;
		else if (
			status.code !== 0 ||
			/Execution was NOT successful/.test(stdout) ||
			result.status !== 'success' ||
			result.data?.resultData?.error
		) {
			const error = result.data?.resultData?.error;
			problem = `n8n reported that the execution failed (exit ${status.code ?? status.signal}, status ${result.status})${
				error ? `: ${error.message}${error.description ? ` (${error.description})` : ''}` : ''
			}`;
		}
		if (problem !== undefined && (!options.allowError || result === undefined)) {
			throw new N8nExecutionError(
				`${problem}\n--- stdout (end) ---\n${tail(stdout, 30)}\n--- stderr (end) ---\n${tail(stderr, 30)}`,
				stdout,
				stderr,
				result,
				status.code,
			);
		}
		return { result, stdout, stderr, durationMs };
	}

	/** `n8n start` on 127.0.0.1; resolves once the owner is set up and logged in. */
	/** `n8n start` on 127.0.0.1 from this home; resolves once the owner is set up and logged in. */
	async start(options: StartOptions = {}): Promise<N8nServer> {
		const server = await startN8nServer(
			{
				command: this.runtime.node,
				args: [this.runtime.n8nEntry],
				cwd: this.userFolder,
				env: (extra) => this.env(extra),
				logFolder: this.n8nFolder,
				onStop: (stopped) => this.servers.delete(stopped),
			},
			options,
		);
		this.servers.add(server);
		return server;
	}

	/** Stops the servers started from this home and removes the user folder (kept with `keepFiles`). */
	async dispose(options: { keepFiles?: boolean } = {}): Promise<void> {
		await Promise.all([...this.servers].map(async (server) => await server.stop()));
		await rm(path.join(TMP_ROOT, `${this.name}.scratch`), { recursive: true, force: true });
		if (!options.keepFiles) await rm(this.userFolder, { recursive: true, force: true });
	}
}
