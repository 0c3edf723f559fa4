import { deviceVerb } from './deviceVerb';

export const { description, execute } = deviceVerb({
	operation: 'unexempt',
	type: 'unexempt',
	verb: 'unexempt',
	older: { type: 'unexempt' },
});
