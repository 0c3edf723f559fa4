import { deviceAction } from '../shared/deviceAction';

export const { description, execute } = deviceAction({
	operation: 'unexempt',
	type: 'unexempt',
	action: 'unexempt',
	legacy: { type: 'unexempt' },
});
