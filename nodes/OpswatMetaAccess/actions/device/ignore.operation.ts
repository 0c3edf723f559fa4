import { deviceAction } from '../shared/deviceAction';

export const { description, execute } = deviceAction({
	operation: 'ignore',
	type: 'ignore',
	action: 'ignore',
});
