import { deviceVerb } from './deviceVerb';

export const { description, execute } = deviceVerb({
	operation: 'reIdentify',
	type: 're-identify',
	verb: 're-identify',
});
