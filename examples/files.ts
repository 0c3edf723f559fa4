/**
 * The example workflow files (examples/*.json) as examples/workflows.ts builds them: their text,
 * and which files on disk differ from it. test/scripts/build-examples.ts writes them; the e2e suite
 * checks them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { buildExamples } from './workflows';

export const EXAMPLES_DIR = __dirname;

export function exampleText(workflow: object): string {
	return `${JSON.stringify(workflow, null, '\t')}\n`;
}

/** The example files that differ from what examples/workflows.ts builds. */
export async function outdatedExamples(): Promise<string[]> {
	const outdated: string[] = [];
	for (const { file, workflow } of buildExamples()) {
		const current = await readFile(path.join(EXAMPLES_DIR, file), 'utf8').catch(() => '');
		if (current !== exampleText(workflow)) outdated.push(file);
	}
	return outdated;
}
