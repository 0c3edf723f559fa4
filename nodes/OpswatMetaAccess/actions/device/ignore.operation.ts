import { deviceVerb } from './deviceVerb';

export const { description, execute } = deviceVerb({
	operation: 'ignore',
	type: 'ignore',
	verb: 'ignore',
});
