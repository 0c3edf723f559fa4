/**
 * `npm test` runs every test twice over (but the few below): once on the oldest supported n8n (n8n-core 2.8 /
 * n8n-workflow 2.8, the project's own devDependencies) and once on the newest (n8n-core 2.41 /
 * n8n-workflow 2.41, installed under the npm aliases n8n-core-newest and n8n-workflow-newest).
 * In the newest project every `require('n8n-core…')`, `require('n8n-workflow…')` and
 * `require('@n8n/di')` — the package's, the harness's and n8n-core's own — resolves to the 2.41
 * copy, so the nodes run exactly as they do inside n8n 2.41.
 */
const path = require('node:path');

const newest = (name) => path.join(__dirname, 'node_modules', name);

const base = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	// Every test lives under test/unit (the lab's n8n runtimes under test/lab are never crawled).
	roots: ['<rootDir>/test/unit'],
	testMatch: ['**/*.test.ts'],
	modulePathIgnorePatterns: ['<rootDir>/test/lab/runtimes', '<rootDir>/dist'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	setupFilesAfterEnv: ['<rootDir>/test/harness/teardown.ts'],
};

/**
 * The node's own logic at volume — change detection over thousands of devices and hundreds of
 * polls, bad scans and faults, four processes sharing an account — in virtual time: minutes of
 * CPU each, and what they exercise of n8n (the poll and execute contexts, static data, the
 * credential helpers) is the same as in the other trigger and transport files, which run on both
 * versions. These run once, on the newest n8n (the one n8n Cloud and most users run).
 */
const ONCE_ON_THE_NEWEST = [
	'/test/unit/trigger/scan\\.test\\.ts$',
	'/test/unit/trigger/wrongAnswers\\.test\\.ts$',
	'/test/unit/trigger/massRemoval\\.test\\.ts$',
	'/test/unit/trigger/faults\\.test\\.ts$',
	'/test/unit/transport/sharedAccount\\.test\\.ts$',
];

/** @type {import('jest').Config} */
module.exports = {
	// A guard against hangs, not a pass mark: no test depends on how fast the machine is.
	testTimeout: 120_000,
	// Two workers even on two cores (jest would run in band there, in one process whose heap
	// grows with every test file's module registry, n8n-core twice over: it reached V8's 4 GB
	// limit at 126 files), each replaced once it holds more than 1 GB after a file.
	maxWorkers: 2,
	workerIdleMemoryLimit: '1GB',
	projects: [
		{
			...base,
			displayName: 'n8n 2.8',
			globals: { N8N_LINE: '2.8' },
			// The benchmark runs on n8n 2.41 only: its library's tests too.
			testPathIgnorePatterns: [...ONCE_ON_THE_NEWEST, '/test/unit/bench/'],
		},
		{
			...base,
			displayName: 'n8n 2.41',
			globals: { N8N_LINE: '2.41' },
			// The simulator, the package layout and the project's files do not depend on n8n's
			// version: run them once.
			testPathIgnorePatterns: [
				'/test/unit/simulator/',
				'/test/unit/package\\.test\\.ts$',
				'/test/unit/githubWorkflows\\.test\\.ts$',
				'/test/unit/verification\\.test\\.ts$',
				'/test/unit/imports\\.test\\.ts$',
				'/test/unit/fileSizes\\.test\\.ts$',
			],
			moduleNameMapper: {
				'^n8n-workflow$': newest('n8n-workflow-newest'),
				'^n8n-workflow/(.*)$': `${newest('n8n-workflow-newest')}/$1`,
				'^n8n-core$': newest('n8n-core-newest'),
				'^n8n-core/(.*)$': `${newest('n8n-core-newest')}/$1`,
				'^@n8n/di$': newest('n8n-core-newest/node_modules/@n8n/di'),
			},
		},
	],
};
