/**
 * n8n in queue mode, as large deployments run it: Redis and PostgreSQL (Debian's `redis-server`
 * and `postgresql`, installed with apt-get when missing, started as processes of this run on free
 * loopback ports, their data in a temporary folder), an n8n main process that takes the webhooks,
 * and workers that run the executions. Everything started here is stopped by `stop()`.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { N8nHome } from './home';
import { Child, freePort, run, sleep, tail } from './processes';
import type { N8nServer } from './server';

/** The first of these that exists, else undefined. */
function firstExisting(candidates: string[]): string | undefined {
	return candidates.find((candidate) => existsSync(candidate));
}

function postgresBin(name: string): string | undefined {
	const versions = existsSync('/usr/lib/postgresql') ? ['17', '16', '15', '14', '13'] : [];
	return firstExisting([
		...versions.map((version) => `/usr/lib/postgresql/${version}/bin/${name}`),
		`/usr/local/bin/${name}`,
		`/usr/bin/${name}`,
	]);
}

/** Installs redis-server and postgresql with apt-get when they are missing (root, Debian). */
export async function ensureQueueServices(log: (line: string) => void): Promise<void> {
	const missing: string[] = [];
	if (!firstExisting(['/usr/bin/redis-server', '/usr/local/bin/redis-server']))
		missing.push('redis-server');
	if (!postgresBin('initdb') || !postgresBin('postgres')) missing.push('postgresql');
	if (missing.length === 0) return;
	log(`Installing ${missing.join(' and ')} with apt-get (once)…`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update', '-qq'], { env, timeoutMs: 10 * 60_000 }).catch(() => undefined);
	await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
		env,
		timeoutMs: 15 * 60_000,
	});
}

/** Runs a command as the `postgres` user when this process is root (PostgreSQL refuses root). */
function asPostgres(command: string, args: string[]): { command: string; args: string[] } {
	if (process.getuid?.() !== 0) return { command, args };
	return { command: 'runuser', args: ['-u', 'postgres', '--', command, ...args] };
}

export interface QueueServices {
	redisPort: number;
	postgresPort: number;
	stop(): Promise<void>;
}

/** Starts Redis and PostgreSQL (database `n8n`, user `postgres`, trust on loopback) on free ports. */
export async function startQueueServices(log: (line: string) => void): Promise<QueueServices> {
	await ensureQueueServices(log);
	const folder = path.join(os.tmpdir(), `n8n-nodes-opswat-metaaccess-queue-${process.pid}`);
	await rm(folder, { recursive: true, force: true });
	await mkdir(folder, { recursive: true });
	const children: Child[] = [];
	const stop = async () => {
		for (const child of children.reverse()) await child.stop('SIGTERM', 10_000);
		await rm(folder, { recursive: true, force: true });
	};
	try {
		const redisPort = await freePort();
		const redis = firstExisting(['/usr/bin/redis-server', '/usr/local/bin/redis-server'])!;
		children.push(
			new Child(redis, [
				'--port',
				String(redisPort),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
			]),
		);

		const data = path.join(folder, 'pg');
		await mkdir(data, { recursive: true });
		if (process.getuid?.() === 0) {
			await run('chown', ['-R', 'postgres:postgres', folder]);
			await chmod(folder, 0o755);
		}
		const initdb = asPostgres(postgresBin('initdb')!, [
			'-D',
			data,
			'-U',
			'postgres',
			'--auth=trust',
			'-E',
			'UTF8',
		]);
		await run(initdb.command, initdb.args, { timeoutMs: 120_000 });
		const postgresPort = await freePort();
		const postgres = asPostgres(postgresBin('postgres')!, [
			'-D',
			data,
			'-p',
			String(postgresPort),
			'-h',
			'127.0.0.1',
			'-k',
			folder,
			'-c',
			'fsync=off',
			'-c',
			'max_connections=200',
		]);
		children.push(new Child(postgres.command, postgres.args));
		const createdb = asPostgres(postgresBin('createdb') ?? 'createdb', [
			'-h',
			'127.0.0.1',
			'-p',
			String(postgresPort),
			'-U',
			'postgres',
			'n8n',
		]);
		for (let attempt = 0; ; attempt++) {
			try {
				await run(createdb.command, createdb.args, { timeoutMs: 30_000 });
				break;
			} catch (error) {
				if (attempt >= 60)
					throw new Error(
						`PostgreSQL did not come up: ${tail(String((error as Error).message), 5)}`,
					);
				await sleep(500);
			}
		}
		log(`  Redis on 127.0.0.1:${redisPort}, PostgreSQL on 127.0.0.1:${postgresPort}`);
		return { redisPort, postgresPort, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** The environment of every n8n process of one queue-mode deployment. */
export function queueEnv(services: QueueServices): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(services.redisPort),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(services.postgresPort),
		DB_POSTGRESDB_DATABASE: 'n8n',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		N8N_ENCRYPTION_KEY: 'opswat-metaaccess-queue-mode-e2e',
	};
}

export interface QueueDeployment {
	main: N8nServer;
	workers: Child[];
	stop(): Promise<void>;
}

/**
 * n8n main (`n8n start`, which takes the webhooks and queues their executions) and `workers`
 * workers (`n8n worker`, at n8n's default concurrency of 10 each unless `concurrency` says), all on
 * the same Redis and PostgreSQL and the same user folder.
 */
export async function startQueueDeployment(
	home: N8nHome,
	services: QueueServices,
	workers: number,
	log: (line: string) => void,
	concurrency?: number,
): Promise<QueueDeployment> {
	home.useEnvironment(queueEnv(services));
	const main = await home.start();
	const started: Child[] = [];
	const stop = async () => {
		await Promise.all(started.map(async (worker) => await worker.stop('SIGTERM', 20_000)));
		await main.stop();
	};
	try {
		for (let i = 0; i < workers; i++) {
			const args = concurrency ? [`--concurrency=${concurrency}`] : [];
			const worker = new Child(home.runtime.node, [home.runtime.n8nEntry, 'worker', ...args], {
				cwd: home.userFolder,
				logFile: path.join(home.n8nFolder, `n8n-worker-${i + 1}.log`),
				env: home.env({
					N8N_RUNNERS_BROKER_PORT: String(await freePort()),
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(await freePort()),
					N8N_PORT: String(await freePort()),
				}),
			});
			started.push(worker);
		}
		// A worker is ready when it says so.
		for (const [i, worker] of started.entries()) {
			for (
				let waited = 0;
				!/n8n worker is now ready|Worker started/i.test(worker.stdout + worker.stderr);
				waited += 250
			) {
				if (!worker.running)
					throw new Error(`n8n worker ${i + 1} exited:\n${tail(worker.stdout + worker.stderr)}`);
				if (waited > 120_000)
					throw new Error(
						`n8n worker ${i + 1} was not ready in time:\n${tail(worker.stdout + worker.stderr)}`,
					);
				await sleep(250);
			}
		}
		log(`  n8n main on ${main.url} and ${workers} worker(s)`);
		return { main, workers: started, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
