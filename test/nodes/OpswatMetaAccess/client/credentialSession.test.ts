/** The credential read the action node starts ahead of use: a failed read is reported once, by the node, never left unhandled. */
import { runActionNode, TestCredentialsHelper } from '../../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../../harness/environment';

useNodeTestEnvironment();

test('a credential that cannot be read fails the node, and leaves no unhandled rejection behind', async () => {
	const unhandled: unknown[] = [];
	const listener = (reason: unknown) => unhandled.push(reason);
	process.on('unhandledRejection', listener);
	try {
		const helper = new TestCredentialsHelper(undefined);
		await expect(
			runActionNode({ parameters: { operation: 'getAll', limit: 1 }, credentialsHelper: helper }),
		).rejects.toThrow('Node does not have any credentials set');
		// Bad input: the node stops before any request awaits the read it started.
		await expect(
			runActionNode({
				parameters: { operation: 'performAction', actionType: 'unexempt', devices: '' },
				credentialsHelper: helper,
			}),
		).rejects.toThrow("'Devices' names no device");
		for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => process.nextTick(resolve));
		await new Promise((resolve) => setImmediate(resolve));
		expect(unhandled).toEqual([]);
	} finally {
		process.off('unhandledRejection', listener);
	}
});
