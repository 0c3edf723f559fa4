/**
 * The hosted workflows, parsed: CI runs lint, typecheck, build and the tests on Node 20 and 24;
 * publishing happens from a version tag, with the id-token permission npm provenance needs, after
 * a build.
 */
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';

interface Step {
	name?: string;
	uses?: string;
	run?: string;
	with?: Record<string, unknown>;
}
interface Workflow {
	on: Record<string, unknown>;
	permissions?: Record<string, string>;
	jobs: Record<
		string,
		{
			strategy?: { matrix?: Record<string, unknown> };
			steps: Step[];
			permissions?: Record<string, string>;
		}
	>;
}

const read = (name: string) =>
	parse(
		fs.readFileSync(path.resolve(__dirname, '..', '..', '.github', 'workflows', name), 'utf8'),
	) as Workflow;

/** The shell commands a job runs, in order, one entry per command of a `run` (split on && and new lines). */
const commands = (steps: Step[]) =>
	steps.flatMap((step) =>
		(step.run ?? '')
			.split(/&&|\n/)
			.map((command) => command.trim())
			.filter(Boolean),
	);

test('ci.yml: on every push to main and pull request, lint, typecheck, build and npm test on Node 20 and 24', () => {
	const ci = read('ci.yml');
	expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
	const [job, ...others] = Object.values(ci.jobs);
	expect(others).toEqual([]);
	expect(job.strategy?.matrix?.node).toEqual(['20', '24']);
	const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
	expect(setup?.with?.['node-version']).toBe('${{ matrix.node }}');
	expect(commands(job.steps)).toEqual([
		'npm ci',
		'npm run lint',
		'npm run typecheck',
		'npm run build',
		'npm test',
	]);
});

test('publish.yml: on a version tag, builds and publishes with npm provenance (id-token: write)', () => {
	const publish = read('publish.yml');
	expect(publish.on).toEqual({ push: { tags: ['*.*.*'] } });
	expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
	const [job] = Object.values(publish.jobs);
	const run = commands(job.steps);
	const build = run.indexOf('npm run build');
	const release = run.findIndex((command) => /^npm publish\b/.test(command));
	expect(build).toBeGreaterThanOrEqual(0);
	expect(release).toBeGreaterThan(build);
	expect(run[release]).toContain('--provenance');
	expect(run.slice(0, build)).toEqual(
		expect.arrayContaining(['npm ci', 'npm run lint', 'npm run typecheck', 'npm test']),
	);
	const setup = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
	expect(setup?.with?.['registry-url']).toBe('https://registry.npmjs.org');
});
