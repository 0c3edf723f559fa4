/**
 * `npm run lint:scan`: n8n's verification scanner (`analyzePackage` of @n8n/scan-community-package,
 * what n8n runs before it verifies a community package), offline, on both of what it scans:
 *
 * 1. the sources: the scanner fetches the source tree the package's npm provenance names (GitHub's
 *    archive of the commit) and lints its package.json, nodes/ and credentials/ (its
 *    SOURCE_FILE_PATTERNS) with its own configuration, inline `eslint-disable` comments ignored.
 *    Here: the project as a fresh clone has it (.tmp/scan/clone);
 * 2. the tarball: that clone packed (`npm run pack`, the build first), unpacked (.tmp/scan/package),
 *    its compiled .js and package.json linted.
 *
 * Prints each leg's findings and duration; exits 1 on any finding.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

import { freshClone, packClone, PROJECT_ROOT } from '../harness/freshClone';

interface Analysis {
	passed: boolean;
	message?: string;
	details?: string;
}
interface Scanner {
	analyzePackage(folder: string, patterns?: string[]): Promise<Analysis>;
	SOURCE_FILE_PATTERNS: string[];
}
/** The patterns the scanner lints the published tarball with (analyzePackageByName). */
const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

// An ES module: loaded with require (Node.js 20.19 and later load ES modules that way).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const scanner = require('@n8n/scan-community-package/scanner/scanner.mjs') as Scanner;

async function leg(label: string, folder: string, patterns: string[]): Promise<boolean> {
	const started = Date.now();
	const result = await scanner.analyzePackage(folder, patterns);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	console.log(
		`${result.passed ? 'passed' : 'FAILED'}: ${label} (${patterns.join(', ')}) in ${seconds} s`,
	);
	if (!result.passed) console.log(`${result.message ?? ''}\n${result.details ?? ''}`);
	return result.passed;
}

async function main() {
	const started = Date.now();
	const stage = path.join(PROJECT_ROOT, '.tmp', 'scan');
	const clone = path.join(stage, 'clone');
	freshClone(clone);
	const sources = await leg('the sources of a fresh clone', clone, scanner.SOURCE_FILE_PATTERNS);

	const packed = Date.now();
	const { tarball, files } = packClone(clone);
	const unpacked = path.join(stage, 'package');
	rmSync(unpacked, { recursive: true, force: true });
	mkdirSync(unpacked, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	console.log(
		`npm run pack in the clone: ${files.length} files in ${((Date.now() - packed) / 1000).toFixed(1)} s`,
	);
	const shipped = await leg(`the tarball ${path.basename(tarball)}`, unpacked, TARBALL_PATTERNS);

	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	console.log(
		`n8n verification scan: ${sources && shipped ? 'no finding' : 'findings'} (${seconds} s)`,
	);
	process.exit(sources && shipped ? 0 : 1);
}

void main();
