/** Parameters of the action node the bad-input tests start from. */
import type { INodeParameters } from 'n8n-workflow';

/** Exempt of device123, with `extra` over it. */
export const action = (extra: INodeParameters): INodeParameters => ({
	operation: 'exempt',
	identifyBy: 'id',
	devices: 'device123',
	...extra,
});

/** Get Remediation Link of device123, with `extra` over it. */
export const remediation = (extra: INodeParameters): INodeParameters => ({
	operation: 'getRemediationLink',
	device: { __rl: true, mode: 'id', value: 'device123' },
	...extra,
});

/** The Device field (a resource locator) in a mode, with a value. */
export const rl = (mode: string, value: unknown) =>
	({ __rl: true, mode, value }) as INodeParameters;
