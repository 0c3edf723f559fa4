import { deviceVerb } from './deviceVerb';

export const { description, execute } = deviceVerb({
	operation: 'renewIp',
	type: 'dhcprenew',
	verb: 'renew the IP address of',
	older: { type: 'dhcprenew' },
});
