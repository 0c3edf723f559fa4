/**
 * `n8n start` on 127.0.0.1 with an owner set up and logged in: REST calls as that owner,
 * activation, executions read back, and a stop that leaves no process behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { parse as parseFlatted } from 'flatted';

import { Child, freePort, sleep, tail } from './processes';

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
	/**
	 * Runs a workflow that starts with a Manual Trigger, as the editor's "Execute workflow" does, in
	 * this (warm, long-running) n8n process, and resolves once it has finished to the execution in
	 * the shape `n8n execute --rawOutput` prints (`{ status, startedAt, stoppedAt, data: { resultData } }`).
	 */
	runManually(workflowId: string, options?: { timeoutMs?: number }): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
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

/** How to start one n8n process: its command, folder and environment (N8nHome.start builds it). */
export interface ServerLaunch {
	command: string;
	/** Arguments before `start` (the n8n entry script, run by a given Node.js). */
	args: string[];
	cwd: string;
	/** The environment for n8n, with these variables added. */
	env(extra: Record<string, string>): NodeJS.ProcessEnv;
	/** Where n8n-start-<port>.log goes. */
	logFolder: string;
	/** Called when the server is stopped. */
	onStop?(server: N8nServer): void;
}

export async function startN8nServer(
	launch: ServerLaunch,
	options: StartOptions = {},
): Promise<N8nServer> {
	const port = options.port ?? (await freePort());
	const url = `http://127.0.0.1:${port}`;
	const owner = options.owner ?? DEFAULT_OWNER;
	const logFile = path.join(launch.logFolder, `n8n-start-${port}.log`);
	await mkdir(launch.logFolder, { recursive: true });
	const child = new Child(launch.command, [...launch.args, 'start'], {
		cwd: launch.cwd,
		logFile,
		onLine: options.onLine ? (line) => options.onLine?.(line) : undefined,
		env: launch.env({
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
	const browserId = `lab-${randomBytes(9).toString('hex')}`;
	let cookie = '';
	const send = (route: string, init: RequestInit) =>
		fetch(`${url}${route}`, {
			...init,
			headers: {
				'browser-id': browserId,
				...(cookie ? { cookie } : {}),
				...((init.headers as Record<string, string>) ?? {}),
			},
		});
	const authenticatedFetch = async (route: string, init: RequestInit = {}) => {
		// A GET sent on a kept-alive socket that n8n closed meanwhile fails at once ("fetch
		// failed"): it changes nothing, so it is sent once more on a new socket.
		const idempotent = (init.method ?? 'GET') === 'GET';
		const response = await send(route, init).catch(async (error: unknown) => {
			if (!idempotent || !(error instanceof TypeError)) throw error;
			await sleep(200);
			return await send(route, init);
		});
		const setCookie = response.headers
			.getSetCookie()
			.find((value) => value.startsWith('n8n-auth='));
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
			throw new Error(
				`n8n answered ${response.status} to ${method} /rest${route}: ${text.slice(0, 500)}`,
			);
		}
		return { status: response.status, ok, body: parsed };
	};
	const unwrap = (body: unknown) =>
		typeof body === 'object' && body !== null && 'data' in body
			? (body as { data: unknown }).data
			: body;

	let stopped = false;
	const server: N8nServer = {
		url,
		port,
		pid: child.pid,
		owner,
		logFile,
		output: () => child.stdout + child.stderr,
		rest: async (method, route, body) =>
			unwrap((await call(method.toUpperCase(), route, body)).body),
		fetch: authenticatedFetch,
		stop: async () => {
			if (stopped) return;
			stopped = true;
			launch.onStop?.(server);
			await child.stop('SIGTERM', 20_000);
		},
		activate: async (workflowId) => {
			const workflow = await server.rest('GET', `/workflows/${workflowId}`);
			await server.rest('POST', `/workflows/${workflowId}/activate`, {
				versionId: workflow.versionId,
			});
		},
		deactivate: async (workflowId) => {
			await server.rest('POST', `/workflows/${workflowId}/deactivate`, {});
		},
		executions: async (workflowId) => {
			const filter = encodeURIComponent(JSON.stringify({ workflowId }));
			const answer = await server.rest('GET', `/executions?filter=${filter}&limit=100`);
			return answer.results;
		},
		runManually: async (workflowId, runOptions = {}) => {
			const workflowData = await server.rest('GET', `/workflows/${workflowId}`);
			const trigger = (workflowData.nodes as Array<{ name: string; type: string }>).find(
				(node) => node.type === 'n8n-nodes-base.manualTrigger',
			);
			if (!trigger) throw new Error(`Workflow ${workflowId} has no Manual Trigger to start from`);
			const { executionId } = await server.rest('POST', `/workflows/${workflowId}/run`, {
				workflowData,
				triggerToStartFrom: { name: trigger.name },
			});
			const deadline = Date.now() + (runOptions.timeoutMs ?? 10 * 60_000);
			// Poll the execution list (no run data, cheap for n8n), a little slower as time passes,
			// so that the polling itself weighs little on the execution it waits for.
			for (let wait = 20; ; wait = Math.min(250, wait * 1.5)) {
				const [summary] = (await server.executions(workflowId)).filter(
					(execution: { id: unknown }) => String(execution.id) === String(executionId),
				);
				if (summary?.stoppedAt && !['new', 'running', 'waiting'].includes(summary.status)) {
					return await server.execution(String(executionId));
				}
				if (Date.now() > deadline) {
					throw new Error(
						`The manual execution ${executionId} of ${workflowId} did not finish in time`,
					);
				}
				await sleep(wait);
			}
		},
		execution: async (executionId) => {
			const execution = await server.rest('GET', `/executions/${executionId}`);
			return {
				...execution,
				data: typeof execution.data === 'string' ? parseFlatted(execution.data) : execution.data,
			};
		},
	};
	try {
		// /healthz answers before the REST API is mounted: wait for a REST answer.
		const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
		for (;;) {
			if (!child.running)
				throw new Error(
					`n8n start exited (${JSON.stringify(await child.exited)}):\n${tail(child.stdout + child.stderr)}`,
				);
			if (Date.now() > deadline)
				throw new Error(
					`n8n did not answer on ${url} in time:\n${tail(child.stdout + child.stderr)}`,
				);
			const ready = await call('GET', '/settings', undefined, false).catch(() => undefined);
			if (ready?.ok) break;
			await sleep(250);
		}
		const setup = await call('POST', '/owner/setup', owner, false);
		if (!setup.ok && !/already/i.test(JSON.stringify(setup.body))) {
			throw new Error(
				`n8n refused the owner setup (${setup.status}): ${JSON.stringify(setup.body).slice(0, 300)}`,
			);
		}
		const login = await call('POST', '/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		if (
			(unwrap(login.body) as { email?: string } | undefined)?.email !== owner.email ||
			cookie === ''
		) {
			throw new Error(
				`Logging in to n8n as ${owner.email} gave no session: ${JSON.stringify(login.body).slice(0, 300)}`,
			);
		}
	} catch (error) {
		await server.stop();
		throw error;
	}
	return server;
}
