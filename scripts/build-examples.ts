/**
 * Writes the example workflows (examples/*.json) from examples/workflows.ts.
 * `--check`: writes nothing, exits 1 if examples/ differs from what would be written.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { buildExamples } from '../examples/workflows';

const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');

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

async function main() {
	if (process.argv.includes('--check')) {
		const outdated = await outdatedExamples();
		if (outdated.length > 0) {
			console.error(`examples/ is out of date (${outdated.join(', ')}): run npx ts-node --transpile-only scripts/build-examples.ts`);
			process.exit(1);
		}
		console.log('examples/ is up to date.');
		return;
	}
	for (const { file, workflow } of buildExamples()) {
		await writeFile(path.join(EXAMPLES_DIR, file), exampleText(workflow));
		console.log(`wrote examples/${file}`);
	}
}

if (require.main === module) {
	main().catch((error) => {
		console.error(error);
		process.exit(1);
	});
}
