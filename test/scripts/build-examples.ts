/**
 * Writes the example workflows (examples/*.json) from examples/workflows.ts.
 * `--check`: writes nothing, exits 1 if examples/ differs from what would be written.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { EXAMPLES_DIR, exampleText, outdatedExamples } from '../../examples/files';
import { buildExamples } from '../../examples/workflows';

async function main() {
	if (process.argv.includes('--check')) {
		const outdated = await outdatedExamples();
		if (outdated.length > 0) {
			console.error(
				`examples/ is out of date (${outdated.join(', ')}): run npx ts-node --transpile-only test/scripts/build-examples.ts`,
			);
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
