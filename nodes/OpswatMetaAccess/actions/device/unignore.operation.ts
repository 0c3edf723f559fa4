import { deviceVerb } from './deviceVerb';

export const { description, execute } = deviceVerb({
	operation: 'unignore',
	type: 'unignore',
	verb: 'unignore',
});
