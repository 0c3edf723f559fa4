import { PollContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type INodeExecutionData,
	type INodeParameters,
} from 'n8n-workflow';

import {
	accessTokenCredential,
	makeAdditionalData,
	makeNode,
	nodeTypeInstance,
	nodeTypes,
	TestCredentialsHelper,
	trackRequests,
	TRIGGER_NODE_TYPE,
} from './n8nContext';

export interface PollSetup {
	parameters: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	credentialsHelper?: TestCredentialsHelper;
	/** The workflow's static data, kept by the caller between polls as n8n keeps it. */
	staticData: IDataObject;
	mode?: 'trigger' | 'manual';
	/** false: keep the static data as the poll left it, without n8n's JSON round trip (long benchmarks). */
	roundTrip?: boolean;
	/**
	 * Answers the node's requests in this process instead of n8n's HTTP machinery (what the node
	 * hands `httpRequestWithAuthentication`, and the full response n8n would give back): for
	 * measuring the node's own work, with no network and no axios in the figure.
	 */
	respond?: (request: IHttpRequestOptions) => IN8nHttpFullResponse;
}

/** Runs one poll of the trigger node; resolves to what it emitted (null: nothing). */
export async function runPoll(setup: PollSetup): Promise<INodeExecutionData[] | null> {
	return await activate(setup).poll();
}

/**
 * The trigger activated as n8n activates it: one workflow and one poll context for every poll
 * while the workflow is active. Each poll hands back the static data as it survives n8n's JSON.
 */
export function activate(setup: PollSetup): { poll: () => Promise<INodeExecutionData[] | null> } {
	const helper =
		setup.credentialsHelper ??
		new TestCredentialsHelper(setup.credentials ?? accessTokenCredential());
	const node = makeNode(TRIGGER_NODE_TYPE, setup.parameters);
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		settings: {},
		staticData: setup.staticData,
	});
	const mode = setup.mode ?? 'trigger';
	const context = new PollContext(
		workflow,
		node,
		makeAdditionalData(helper),
		mode,
		mode === 'manual' ? 'manual' : 'activate',
	);
	if (setup.respond) {
		const respond = setup.respond;
		context.helpers.httpRequestWithAuthentication = async (_type, request) => respond(request);
	}
	trackRequests(context);
	// n8n builds the node once and polls it while the workflow is active.
	const trigger = nodeTypeInstance(TRIGGER_NODE_TYPE);
	return {
		poll: async () => {
			try {
				const emitted = await trigger.poll!.call(context);
				return emitted ? emitted[0] : null;
			} finally {
				// n8n stores static data as JSON between polls: hand back exactly what survives that.
				if (setup.roundTrip !== false) {
					const stored = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
					for (const key of Object.keys(setup.staticData)) delete setup.staticData[key];
					Object.assign(setup.staticData, stored);
				}
			}
		},
	};
}
