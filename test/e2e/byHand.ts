/**
 * The README's by-hand install: `npm install --omit=peer <package>` in `~/.n8n/nodes` (here the
 * packed tarball), then n8n started on that user folder. The package must get no n8n-workflow of
 * its own and run on n8n's, including the waits that pace requests to the rate limit.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

import { BY_HAND_NPM_FLAGS, N8nHome, PACKAGE_NAME } from '../lab';
import type { Context, Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import { checkListing, checkPages } from './operations';

/** 3 requests a second: the 7 pages of 300 devices need two waits for the rate limit. */
const PACED = { limit: 3, windowMs: 1000 };

/** Whether `n8n-workflow` can be resolved from the installed package's own folder (it must not: only n8n provides it). */
function resolvableFrom(folder: string): string | undefined {
	try {
		return require.resolve('n8n-workflow', { paths: [folder] });
	} catch {
		return undefined;
	}
}

export const byHandScenario: Scenario = {
	id: 'by-hand',
	name: `By-hand install: npm install ${BY_HAND_NPM_FLAGS.join(' ')} <tarball> in ~/.n8n/nodes, then n8n runs it`,
	checks:
		"npm installs the packed package and nothing else (no n8n-workflow beside it, none resolvable from its folder: it runs on n8n's own); n8n loads it from there; Get Many over 300 devices at 3 requests a second waits for the rate limit twice (the waits that broke on n8n ≥ 2.34) and gives the 300 devices from 7 pages, 0 × 429; the community-installed package of the other scenarios resolves no n8n-workflow of its own either",
	async run(context: Context) {
		const home = await N8nHome.create(`e2e-by-hand-${context.runtime.id}`, {
			runtime: context.runtime.id,
			install: 'npm',
			log: context.log,
		});
		context.extraFolders.push(home.userFolder);
		try {
			const nodeModules = path.join(home.userFolder, '.n8n', 'nodes', 'node_modules');
			const installed = (await readdir(nodeModules)).filter((name) => !name.startsWith('.'));
			assertEqual(installed, [PACKAGE_NAME], `what npm put in ~/.n8n/nodes/node_modules`);
			for (const folder of [
				path.join(nodeModules, PACKAGE_NAME),
				path.join(context.home.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME),
			]) {
				assertEqual(
					resolvableFrom(folder),
					undefined,
					`n8n-workflow resolvable from ${folder} (it must come from n8n alone)`,
				);
			}

			context.sim.shape({ devices: 300, rateLimit: PACED });
			await home.importCredential(context.credentialFor({ devices: 300, rateLimit: PACED }));
			const id = await home.importWorkflow(context.example('01-list-devices.json').workflow);
			const { result, stdout, stderr, durationMs } = await home.execute(id);
			context.captured.push({ label: 'n8n execute (by-hand install)', text: stdout + stderr });
			context.log(
				`    Get Many of 300 devices at 3 requests a second: ${(durationMs / 1000).toFixed(1)} s`,
			);
			checkListing(result, context.sim.listing());
			const requests = context.sim.requests();
			assertEqual(checkPages(context, requests, 300), [], 'requests after the pages');
			assertEqual(
				requests.filter((request) => request.status === 429).length,
				0,
				'requests refused with 429',
			);
			// Pages 4 and 7 had to wait for the window of pages 1 and 4: the waits ran on n8n's own n8n-workflow.
			const at = requests.map((request) => Date.parse(request.time));
			assertTrue(
				at[3] - at[0] >= PACED.windowMs && at[6] - at[3] >= PACED.windowMs,
				`the 4th and 7th requests waited for the window (${at.map((time) => time - at[0]).join(', ')} ms)`,
			);
		} finally {
			// The files stay for the leak scan; the suite removes them afterwards (unless kept).
			await home.dispose({ keepFiles: true });
		}
	},
};
