import { deviceAction } from '../shared/deviceAction';

export const { description, execute } = deviceAction({
	operation: 'reIdentify',
	type: 're-identify',
	action: 're-identify',
});
