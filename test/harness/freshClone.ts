/**
 * The project as a fresh clone has it, and the package `npm run pack` makes from it. The clone
 * holds the files git would commit from the working tree (tracked and new files, never ignored
 * ones: no dist/, no build leftovers), so uncommitted work is checked too; on CI's clean clone it
 * is exactly the clone. The project's node_modules is linked in, as `npm ci` would install it.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

const run = (command: string, args: string[], cwd: string) =>
	execFileSync(command, args, {
		cwd,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
		maxBuffer: 64 * 1024 * 1024,
	});

/** The files git would commit from the working tree, relative to the project. */
export function committableFiles(): string[] {
	return run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], PROJECT_ROOT)
		.split('\0')
		.filter((file) => file !== '' && existsSync(path.join(PROJECT_ROOT, file)));
}

/** Copies the project, as a fresh clone has it, into `folder` (emptied first). */
export function freshClone(folder: string): void {
	rmSync(folder, { recursive: true, force: true });
	mkdirSync(folder, { recursive: true });
	for (const file of committableFiles()) {
		const destination = path.join(folder, file);
		mkdirSync(path.dirname(destination), { recursive: true });
		cpSync(path.join(PROJECT_ROOT, file), destination, { verbatimSymlinks: true });
	}
	symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(folder, 'node_modules'), 'dir');
}

/**
 * Runs `npm run pack` in a fresh clone (the build, then `npm pack`): the tarball's path and the
 * files it holds, relative to the package's root.
 */
export function packClone(clone: string): { tarball: string; files: string[] } {
	run('npm', ['run', 'pack'], clone);
	const tarballs = readdirSync(clone).filter((file) => file.endsWith('.tgz'));
	if (tarballs.length !== 1) throw new Error(`npm run pack left ${tarballs.length} tarballs`);
	const tarball = path.join(clone, tarballs[0]);
	const files = run('tar', ['-tzf', tarball], clone)
		.split('\n')
		.filter((entry) => entry !== '' && !entry.endsWith('/'))
		.map((entry) => entry.replace(/^package\//, ''))
		.sort();
	return { tarball, files };
}
