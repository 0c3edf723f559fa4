/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	modulePathIgnorePatterns: ['<rootDir>/e2e/runtime', '<rootDir>/dist'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', }] },
	testTimeout: 30000,
	setupFilesAfterEnv: ['<rootDir>/test/harness/teardown.ts'],
};
