/**
 * Files stay short enough to read: no TypeScript file of the package (nodes/, credentials/) over
 * 250 lines, none of the test bed (test/) over 400; and each folder of the test bed says in a
 * README what it is and how to run it.
 */
import fs from 'fs';
import path from 'path';

const root = path.resolve(__dirname, '..', '..');

/** Every file of a folder, recursively (paths relative to the project); the lab's n8n installs left out. */
function filesUnder(folder: string): string[] {
	return fs
		.readdirSync(path.join(root, folder), { withFileTypes: true })
		.flatMap((entry) =>
			entry.isDirectory()
				? entry.name === 'node_modules' || folder === path.join('test', 'lab', 'runtimes')
					? []
					: filesUnder(path.join(folder, entry.name))
				: [path.join(folder, entry.name)],
		);
}

const sourcesUnder = (folders: string[]) =>
	folders.flatMap(filesUnder).filter((file) => file.endsWith('.ts'));

/** The TypeScript files of the folders longer than `most` lines, with their length. */
function longerThan(most: number, folders: string[]): Array<[string, number]> {
	return sourcesUnder(folders)
		.map((file): [string, number] => [
			file.split(path.sep).join('/'),
			fs.readFileSync(path.join(root, file), 'utf8').split('\n').length - 1,
		])
		.filter(([, lines]) => lines > most);
}

test('no source file of the package is over 250 lines (split a file that grows past it)', () => {
	expect(sourcesUnder(['nodes', 'credentials']).length).toBeGreaterThan(40);
	expect(longerThan(250, ['nodes', 'credentials'])).toEqual([]);
});

test('no file of the test bed is over 400 lines', () => {
	expect(sourcesUnder(['test']).length).toBeGreaterThan(150);
	expect(longerThan(400, ['test'])).toEqual([]);
});

test.each(['unit', 'harness', 'simulator', 'lab', 'e2e', 'bench', 'scripts'])(
	'test/%s has a README of one paragraph or more saying what it is and how to run it',
	(folder) => {
		const readme = fs.readFileSync(path.join(root, 'test', folder, 'README.md'), 'utf8');
		expect(readme).toMatch(/^# /);
		expect(readme.split(/\s+/).length).toBeGreaterThan(40);
	},
);
