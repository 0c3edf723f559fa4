/**
 * The demo, started as a user starts it (`npm run demo`) and stopped as a terminal's Ctrl-C
 * stops it (SIGINT to its whole process group): it must come up with a working login, the
 * credential and the examples, and leave no process behind.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

import type { Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import {
	Child,
	HOMES_ROOT,
	npmCommand,
	pidAlive,
	portIsFree,
	processTree,
	REPO_ROOT,
	sleep,
	tail,
} from '../lab';

async function commandLine(pid: number): Promise<string> {
	try {
		return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ').trim();
	} catch {
		return '';
	}
}

export const demoScenario: Scenario = {
	id: 'demo',
	name: 'Demo: npm run demo comes up ready, and Ctrl-C stops everything',
	checks:
		'prints the editor URL and login; that login works over REST; the 7 example workflows and the credential are there; the simulator has the fleet and the realistic 10-a-minute limit; SIGINT to the process group (a terminal Ctrl-C) ends npm, the demo, n8n and its task runner (every PID gone, both ports free), exit code 0',
	async run(context) {
		const home = `e2e-demo-${context.runtime.id}`;
		const npm = npmCommand([
			'run',
			'demo',
			'--',
			'--n8n',
			context.runtime.id,
			'--devices',
			'60',
			'--port',
			'0',
			'--sim-port',
			'0',
			'--home',
			home,
		]);
		const lines: string[] = [];
		const demo = new Child(npm.command, npm.args, {
			cwd: REPO_ROOT,
			env: process.env,
			onLine: (line) => lines.push(line),
		});
		try {
			const started = Date.now();
			for (;;) {
				if (lines.some((line) => /Press Ctrl-C to stop/.test(line))) break;
				if (!demo.running)
					throw new Error(`The demo exited before it was ready:\n${tail(lines.join('\n'))}`);
				if (Date.now() - started > 5 * 60_000)
					throw new Error(`The demo was not ready within 5 minutes:\n${tail(lines.join('\n'))}`);
				await sleep(250);
			}
			context.log(`    the demo was ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
			const output = lines.join('\n');
			const editor =
				/n8n editor:\s+(http:\/\/127\.0\.0\.1:(\d+)) \((n8n [\d.]+ on Node [\d.]+)\)/.exec(output);
			const login = /Log in with:\s+(\S+) \/ (\S+)/.exec(output);
			const simulator = /Simulator:\s+(http:\/\/127\.0\.0\.1:(\d+))/.exec(output);
			assertTrue(
				editor && login && simulator,
				`the demo printed the editor URL, the login and the simulator URL:\n${output}`,
			);
			const [, url, n8nPort, label] = editor;
			assertEqual(label, context.runtime.label, 'the n8n the demo says it runs');
			const [, email, password] = login;
			const [, simUrl, simPort] = simulator;

			// The printed login works, and the examples and the credential are there.
			const loginAnswer = await fetch(`${url}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'browser-id': 'e2e-demo' },
				body: JSON.stringify({ emailOrLdapLoginId: email, password }),
			});
			assertEqual(loginAnswer.status, 200, 'login with the printed email and password');
			const cookie =
				loginAnswer.headers
					.getSetCookie()
					.find((value) => value.startsWith('n8n-auth='))
					?.split(';')[0] ?? '';
			const get = async (route: string) => {
				const answer = await fetch(`${url}/rest${route}`, {
					headers: { cookie, 'browser-id': 'e2e-demo' },
				});
				assertEqual(answer.status, 200, `GET /rest${route}`);
				return ((await answer.json()) as { data: any }).data; // eslint-disable-line @typescript-eslint/no-explicit-any
			};
			const workflows = await get('/workflows');
			assertEqual(
				(workflows as Array<{ name: string }>).map((workflow) => workflow.name).sort(),
				context.examples.map((example) => example.workflow.name).sort(),
				'workflows in the demo',
			);
			const credentials = (await get('/credentials')) as Array<{
				id: string;
				name: string;
				type: string;
			}>;
			assertEqual(
				credentials.map(({ id, name, type }) => ({ id, name, type })),
				[
					{
						id: 'opswatMetaAccess01',
						name: 'OPSWAT MetaAccess account',
						type: 'opswatMetaAccessApi',
					},
				],
				'credentials in the demo',
			);
			const config = (await (await fetch(`${simUrl}/_sim/config`)).json()) as {
				rateLimit: unknown;
			};
			assertEqual(
				config.rateLimit,
				{ limit: 10, windowMs: 60_000 },
				'the demo simulator paces like the real API',
			);
			const fleet = (await (await fetch(`${simUrl}/_sim/devices?limit=1`)).json()) as {
				total: number;
			};
			assertEqual(fleet.total, 60, 'demo fleet size');

			// Everything the demo started: npm, sh, the demo itself, n8n and its task runner.
			const tree = await processTree(demo.pid);
			const commands = await Promise.all(
				tree.map(async (pid) => `${pid}: ${await commandLine(pid)}`),
			);
			assertTrue(
				tree.length === 0 || commands.some((line) => /n8n start/.test(line)),
				`n8n runs under the demo:\n${commands.join('\n')}`,
			);

			// Ctrl-C in a terminal: SIGINT to the whole foreground process group.
			demo.signal('SIGINT');
			const stopped = await Promise.race([demo.exited, sleep(60_000).then(() => undefined)]);
			assertTrue(stopped, `the demo stopped within 60 s of Ctrl-C:\n${tail(lines.join('\n'))}`);
			// npm re-raises the SIGINT it got once its script has ended, as a shell does; the demo itself exits 0.
			assertTrue(
				stopped.code === 0 || (stopped.code === null && stopped.signal === 'SIGINT'),
				`npm run demo ended cleanly after Ctrl-C (${JSON.stringify(stopped)})\n${tail(lines.join('\n'))}`,
			);
			assertTrue(
				lines.some((line) => /Stopped\. Nothing is left running\./.test(line)),
				'the demo said it stopped everything',
			);
			await sleep(500);
			const alive: string[] = [];
			for (const [i, pid] of tree.entries()) if (await pidAlive(pid)) alive.push(commands[i]);
			assertEqual(alive, [], 'processes left after Ctrl-C');
			assertTrue(await portIsFree(Number(n8nPort)), `n8n's port ${n8nPort} is free again`);
			assertTrue(
				await portIsFree(Number(simPort)),
				`the simulator's port ${simPort} is free again`,
			);
			assertTrue(!demo.groupAlive, 'the process group of npm run demo is empty');
			context.log(`    Ctrl-C stopped ${tree.length} processes`);
		} finally {
			await demo.stop('SIGKILL', 1000);
			if (!context.options.keep)
				await rm(path.join(HOMES_ROOT, home), { recursive: true, force: true });
		}
	},
};
