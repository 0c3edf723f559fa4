/**
 * What the bad-input tests share: the parameters of an Exempt and of a Get Remediation Link on one
 * device, the Device field in a mode, and the refusal they expect.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';

export const action = (extra: INodeParameters): INodeParameters => ({
	operation: 'exempt',
	identifyBy: 'id',
	devices: 'device123',
	...extra,
});
export const remediation = (extra: INodeParameters): INodeParameters => ({
	operation: 'getRemediationLink',
	device: { __rl: true, mode: 'id', value: 'device123' },
	...extra,
});
/** The Device field (a resource locator) in a mode, with a value. */
export const rl = (mode: string, value: unknown) =>
	({ __rl: true, mode, value }) as INodeParameters;

/** A refusal as the node raises it: the exact message, the item it names, no request sent to `api`. */
export async function refusal(
	api: FakeApi,
	parameters: INodeParameters,
	input: IDataObject[] = [{}],
) {
	const error = await runActionNode({ parameters }, input).then(
		() => undefined,
		(e: unknown) => e,
	);
	expect(api.requests).toEqual([]);
	expect(error).toMatchObject({ name: 'NodeOperationError' });
	expect((error as { description?: string }).description).toBeTruthy();
	return {
		message: (error as Error).message,
		itemIndex: (error as { context?: { itemIndex?: number } }).context?.itemIndex,
	};
}
