/**
 * Child processes of the e2e suite, the demo and the benchmark: each runs in its own process group
 * (so that n8n's task runner and anything else it starts can be stopped with it), is registered
 * while it lives, and is stopped on success, failure, Ctrl-C (SIGINT), SIGTERM and exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, openSync, readFileSync, type WriteStream } from 'node:fs';
import { createServer } from 'node:net';

export interface ExitStatus {
	code: number | null;
	signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	/** Called with every complete line the process writes to stdout or stderr. */
	onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
	/** Also append everything the process writes to this file. */
	logFile?: string;
	/**
	 * Send stdout to this file instead of a pipe, and read it back once the process has ended: a
	 * process that calls process.exit() right after a large write loses the end of it on a pipe,
	 * never on a file (n8n execute --rawOutput does exactly that).
	 */
	stdoutFile?: string;
}

/** A running child process, leader of its own process group. */
export class Child {
	readonly process: ChildProcess;

	readonly pid: number;

	stdout = '';

	stderr = '';

	/** Resolves when the process (the group leader) has exited. */
	readonly exited: Promise<ExitStatus>;

	private exitStatus: ExitStatus | undefined;

	private readonly log: WriteStream | undefined;

	constructor(
		readonly command: string,
		readonly args: string[],
		options: SpawnOptions = {},
	) {
		this.log = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
		const stdoutFd = options.stdoutFile ? openSync(options.stdoutFile, 'w') : undefined;
		try {
			this.process = spawn(command, args, {
				cwd: options.cwd,
				env: options.env,
				detached: true,
				stdio: ['ignore', stdoutFd ?? 'pipe', 'pipe'],
			});
		} finally {
			// The child holds its own copy of the descriptor.
			if (stdoutFd !== undefined) closeSync(stdoutFd);
		}
		if (this.process.pid === undefined) {
			// spawn failed (e.g. ENOENT); its 'error' event follows: keep it from crashing the process.
			this.process.once('error', () => undefined);
			throw new Error(`Could not start ${command} ${args.join(' ')}`);
		}
		this.pid = this.process.pid;
		live.add(this);
		const partial = { stdout: '', stderr: '' };
		const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			this[stream] += text;
			this.log?.write(text);
			if (!options.onLine) return;
			const lines = (partial[stream] + text).split('\n');
			partial[stream] = lines.pop() ?? '';
			for (const line of lines) options.onLine(line.replace(/\r$/, ''), stream);
		};
		this.process.stdout?.on('data', take('stdout'));
		this.process.stderr?.on('data', take('stderr'));
		this.exited = new Promise<ExitStatus>((resolve) => {
			const done = (code: number | null, signal: NodeJS.Signals | null) => {
				if (this.exitStatus) return;
				for (const stream of ['stdout', 'stderr'] as const) {
					if (partial[stream] !== '' && options.onLine) options.onLine(partial[stream], stream);
					partial[stream] = '';
				}
				if (options.stdoutFile) {
					try {
						this.stdout = readFileSync(options.stdoutFile, 'utf8');
					} catch {
						// nothing was written
					}
				}
				this.exitStatus = { code, signal };
				this.log?.end();
				resolve(this.exitStatus);
			};
			// 'close' waits for stdout/stderr to end as well; 'error' covers a command that cannot start.
			this.process.once('close', done);
			this.process.once('error', (error) => {
				this.stderr += `\n${error.message}`;
				done(null, null);
			});
		});
		void this.exited.then(() => {
			// The leader is gone; stop whatever it left running in its group.
			if (!groupAlive(this.pid)) live.delete(this);
		});
	}

	get running(): boolean {
		return this.exitStatus === undefined;
	}

	/** Whether the process group still holds a process (the leader or anything it started). */
	get groupAlive(): boolean {
		return groupAlive(this.pid);
	}

	/** Sends a signal to the whole process group. */
	signal(signal: NodeJS.Signals): void {
		signalGroup(this.pid, signal);
	}

	/**
	 * Stops the whole process group: `signal` (default SIGTERM) first, SIGKILL after `graceMs`,
	 * and SIGKILL for anything left in the group after the leader exited.
	 */
	async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000): Promise<ExitStatus> {
		if (this.running) {
			this.signal(signal);
			const timer = new Promise<'timeout'>((resolve) =>
				setTimeout(() => resolve('timeout'), graceMs).unref(),
			);
			if ((await Promise.race([this.exited, timer])) === 'timeout') this.signal('SIGKILL');
		}
		const status = await this.exited;
		await killGroupRemains(this.pid);
		live.delete(this);
		return status;
	}
}

const live = new Set<Child>();

function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false;
	}
}

function groupAlive(pgid: number): boolean {
	return signalGroup(pgid, 0);
}

/** SIGKILLs what is left of a process group and waits (up to 5 s) until it is gone. */
async function killGroupRemains(pgid: number): Promise<void> {
	if (!groupAlive(pgid)) return;
	signalGroup(pgid, 'SIGKILL');
	for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
}

/** Every process group started here that may still hold a process. */
export function liveChildren(): Child[] {
	return [...live];
}

/** Stops every child started here (SIGTERM, then SIGKILL), in parallel. */
export async function stopAllChildren(graceMs = 10_000): Promise<void> {
	await Promise.all([...live].map(async (child) => await child.stop('SIGTERM', graceMs)));
}

let cleanupInstalled = false;

/**
 * Makes sure no child outlives this process: on SIGINT / SIGTERM / SIGHUP, runs `onSignal`
 * (default: stop every child), then exits 130 / 143 unless `onSignal` exited already; a second
 * signal more than 1.5 s later SIGKILLs every child at once; on exit, SIGKILLs every group still
 * registered.
 */
export function installCleanup(onSignal?: (signal: NodeJS.Signals) => Promise<void> | void): void {
	if (cleanupInstalled) return;
	cleanupInstalled = true;
	let stoppingSince: number | undefined;
	const handle = (signal: NodeJS.Signals) => {
		if (stoppingSince !== undefined) {
			// The same Ctrl-C can arrive twice (from the terminal and forwarded by npm): ignore that.
			if (Date.now() - stoppingSince < 1500) return;
			// A second Ctrl-C: stop at once.
			for (const child of live) child.signal('SIGKILL');
			process.exit(signal === 'SIGINT' ? 130 : 143);
		}
		stoppingSince = Date.now();
		void (async () => {
			try {
				if (onSignal) await onSignal(signal);
				else await stopAllChildren();
			} finally {
				process.exit(signal === 'SIGINT' ? 130 : 143);
			}
		})();
	};
	process.on('SIGINT', handle);
	process.on('SIGTERM', handle);
	process.on('SIGHUP', handle);
	process.on('exit', () => {
		for (const child of live) child.signal('SIGKILL');
	});
}

/** Runs a command to its end; resolves with its output, rejects (with the output) unless it exits 0. */
export async function run(
	command: string,
	args: string[],
	options: SpawnOptions & { timeoutMs?: number } = {},
): Promise<{ stdout: string; stderr: string; durationMs: number }> {
	const started = Date.now();
	const child = new Child(command, args, options);
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<'timeout'>((resolve) => {
		if (options.timeoutMs) timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
	});
	const outcome = await Promise.race([child.exited, timeout]);
	if (timer) clearTimeout(timer);
	const status = await child.stop('SIGTERM', 5_000);
	const durationMs = Date.now() - started;
	if (outcome === 'timeout' || status.code !== 0) {
		const why =
			outcome === 'timeout'
				? `timed out after ${options.timeoutMs} ms`
				: `exited with ${status.code ?? status.signal}`;
		throw Object.assign(
			new Error(
				`${command} ${args.join(' ')} ${why}\n${tail(child.stdout)}\n${tail(child.stderr)}`,
			),
			{
				stdout: child.stdout,
				stderr: child.stderr,
			},
		);
	}
	return { stdout: child.stdout, stderr: child.stderr, durationMs };
}

export function tail(text: string, lines = 40): string {
	return text.split('\n').slice(-lines).join('\n');
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
	return await new Promise<number>((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Whether a TCP port on 127.0.0.1 can be listened on. */
export async function portIsFree(port: number): Promise<boolean> {
	return await new Promise<boolean>((resolve) => {
		const server = createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/**
 * The PIDs of a process and all its descendants, read from /proc (Linux); an empty list where
 * /proc is not available.
 */
export async function processTree(rootPid: number): Promise<number[]> {
	const { readdir, readFile } = await import('node:fs/promises');
	let entries: string[];
	try {
		entries = await readdir('/proc');
	} catch {
		return [];
	}
	const parents = new Map<number, number>();
	for (const entry of entries) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
			// pid (comm) state ppid ...; comm may hold spaces and parentheses.
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parents.set(Number(entry), Number(fields[1]));
		} catch {
			// gone meanwhile
		}
	}
	const tree = [rootPid];
	for (let i = 0; i < tree.length; i++) {
		for (const [pid, ppid] of parents) if (ppid === tree[i] && !tree.includes(pid)) tree.push(pid);
	}
	return parents.has(rootPid) ? tree : [];
}

/** Whether a process with this PID exists (and is not a zombie). */
export async function pidAlive(pid: number): Promise<boolean> {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		const { readFile } = await import('node:fs/promises');
		const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
	} catch {
		return true;
	}
}
