import { deviceAction } from '../shared/deviceAction';

export const { description, execute } = deviceAction({
	operation: 'renewIp',
	type: 'dhcprenew',
	action: 'renew the IP address of',
	legacy: { type: 'dhcprenew' },
});
