import { deviceVerb } from './deviceVerb';

export const { description, execute } = deviceVerb({
	operation: 'fetchAgentLog',
	type: 'fetch_agent_log',
	verb: 'fetch the agent log of',
});
