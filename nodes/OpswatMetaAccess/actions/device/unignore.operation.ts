import { deviceAction } from '../shared/deviceAction';

export const { description, execute } = deviceAction({
	operation: 'unignore',
	type: 'unignore',
	action: 'unignore',
});
