/**
 * The secrets never show: every access token the simulator accepted or issued, every refresh
 * token and the client secret are looked for in everything n8n printed during the suite, the
 * execution data read over REST, and every file n8n wrote (its database with the stored
 * executions, its logs, the server's output).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { Scenario } from './context';
import { assertTrue } from './expect';
import { filesUnder } from '../lab';

/** Where each secret occurs in a text or file content. */
export function findSecrets(content: Buffer, secrets: string[]): string[] {
	return secrets.filter(
		(secret) =>
			content.includes(Buffer.from(secret, 'utf8')) ||
			content.includes(Buffer.from(secret, 'utf16le')),
	);
}

export const leakScenario: Scenario = {
	id: 'leaks',
	name: 'No secret in n8n output, logs, execution data or files',
	checks:
		'the static token, client secret and every issued access/refresh token appear nowhere in the stdout/stderr of every n8n run, the REST execution data, or any file in the n8n user folders (database included); no unredacted access_token= in any output',
	async run(context) {
		const secrets = context.sim.secrets();
		assertTrue(secrets.length >= 2, 'there are secrets to look for');
		// The scan must be able to find one.
		assertTrue(
			findSecrets(Buffer.from(`x ${secrets[0]} y`), secrets).length === 1,
			'the scan finds a planted secret',
		);
		const problems: string[] = [];
		for (const { label, text } of context.captured) {
			for (const secret of findSecrets(Buffer.from(text), secrets))
				problems.push(`${label} shows ${secret.slice(0, 12)}…`);
			const unredacted = /access_token["']?\s*[=:]\s*["']?(?!\*\*\*)[^&\s"',}]+/i.exec(text);
			if (unredacted)
				problems.push(`${label} shows an access token: ${unredacted[0].slice(0, 40)}`);
		}
		const folders = [context.home.userFolder, ...context.extraFolders];
		let files = 0;
		for (const folder of folders) {
			// The installed package is our own code, not something n8n wrote.
			for (const file of await filesUnder(folder, undefined, (name) => name === 'nodes')) {
				files++;
				for (const secret of findSecrets(await readFile(file), secrets))
					problems.push(`${path.relative(folder, file)} holds ${secret.slice(0, 12)}…`);
			}
		}
		assertTrue(files > 0, 'n8n wrote files to look through');
		assertTrue(problems.length === 0, `secrets leaked:\n${problems.join('\n')}`);
		context.log(
			`    looked for ${secrets.length} secrets in ${context.captured.length} outputs and ${files} files`,
		);
	},
};
