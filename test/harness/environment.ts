import nock from 'nock';

import { VirtualClock } from './virtualClock';

/**
 * Registers the hooks of a test file that runs the nodes against nock: no real network, a fresh
 * virtual clock (and rate limiters) for each test, and nock cleaned after it. With
 * `expectAllMocksUsed`, a test fails when one of its interceptors was not called.
 */
export function useNodeTestEnvironment(options: { expectAllMocksUsed?: boolean } = {}): {
	clock: VirtualClock;
} {
	const environment = {} as { clock: VirtualClock };
	beforeAll(() => nock.disableNetConnect());
	afterAll(() => nock.enableNetConnect());
	beforeEach(() => {
		environment.clock = new VirtualClock().install();
	});
	afterEach(() => {
		environment.clock.uninstall();
		const pending = nock.pendingMocks();
		nock.cleanAll();
		nock.disableNetConnect();
		if (options.expectAllMocksUsed) expect(pending).toEqual([]);
	});
	return environment;
}
