/**
 * Drives the webhook trigger as n8n's webhook server does for one request, without a server:
 * n8n-core's own WebhookContext (parameters with their defaults, getCredentials through the
 * credentials helper, the node's workflow static data) around a request and a response that
 * record what the node did, then what n8n does with the node's answer (webhook-helpers'
 * executeWebhook, responseMode onReceived): the node answered itself (noWebhookResponse) → that
 * answer, and an execution only with workflowData; no workflowData → 200 with the
 * webhookResponse (or n8n's default message) and no execution; workflowData → an execution starts
 * with those items, 200 with what n8n's extractWebhookOnReceivedResponse makes of the webhook
 * description's responseData (evaluated by the real n8n-workflow, default "firstEntryJson") and
 * the webhookResponse.
 */
import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type IWebhookData,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { OpswatMetaAccessWebhookApi } from '../../credentials/OpswatMetaAccessWebhookApi.credentials';
import {
	makeAdditionalData,
	nodeTypeInstance,
	nodeTypes,
	TestCredentialsHelper,
	WEBHOOK_TRIGGER_NODE_TYPE,
} from './n8nContext';

export interface WebhookSetup {
	parameters?: INodeParameters;
	/** The stored OPSWAT MetaAccess Webhook API credential. */
	credentials?: ICredentialDataDecryptedObject;
	/** The workflow's static data, kept by the caller between requests as n8n keeps it in its database. */
	staticData: IDataObject;
}

export interface Push {
	/** Header names as Node.js gives them: lower case. */
	headers?: Record<string, string | string[]>;
	/** The body as n8n parsed it (JSON for application/json). */
	body?: unknown;
}

export interface Delivery {
	/** HTTP status the sender got. */
	status: number;
	/** The answer's body, parsed when JSON. */
	body: unknown;
	/** The items of the execution that started, or null when none did. */
	execution: INodeExecutionData[] | null;
	/** What the node's webhook() returned. */
	result: IWebhookResponseData;
}

export const WEBHOOK_KEY = 'mA-webhook-KEY-0123456789abcdef';

/** A push as MetaAccess sends it; `key` null: no Authorization header. */
export const pushOf = (body: unknown, key: string | null = WEBHOOK_KEY): Push => ({
	headers: {
		'content-type': 'application/json',
		...(key === null ? {} : { authorization: key }),
	},
	body,
});

/** The server's credentials helper, holding the webhook trigger's own credential type. */
class WebhookCredentialsHelper extends TestCredentialsHelper {
	readonly type = new OpswatMetaAccessWebhookApi();
}

class RecordingResponse {
	status: number | undefined;

	body = '';

	headersSent = false;

	writeHead(status: number) {
		this.status = status;
		this.headersSent = true;
		return this;
	}

	end(body?: string) {
		this.body += body ?? '';
		return this;
	}
}

/** n8n's extractWebhookOnReceivedResponse (webhook-on-received-response-extractor, 2.8 to 2.41). */
function onReceivedBody(responseData: unknown, result: IWebhookResponseData): unknown {
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (result.webhookResponse !== undefined) return result.webhookResponse;
	return { message: 'Workflow was started' };
}

const parse = (text: string): unknown => {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
};

/** The workflow (the trigger alone) and the data n8n hands the node's contexts. */
function webhookWorkflow(setup: WebhookSetup) {
	const helper = new WebhookCredentialsHelper(setup.credentials ?? { apiKey: WEBHOOK_KEY });
	const node: INode = {
		id: 'webhook-node',
		name: 'OPSWAT MetaAccess Webhook Trigger',
		type: WEBHOOK_TRIGGER_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: setup.parameters ?? {},
		webhookId: 'ae9c6d7e-5d0f-4b8e-9d51-0c1a2b3c4d5e',
		credentials: { opswatMetaAccessWebhookApi: { id: 'cred-webhook', name: 'MetaAccess webhook' } },
	};
	const workflow = new Workflow({
		id: 'wf-webhook',
		name: 'webhook test',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		settings: {},
		staticData: setup.staticData,
	});
	const additionalData = makeAdditionalData(helper);
	const description = nodeTypeInstance(WEBHOOK_TRIGGER_NODE_TYPE).description.webhooks![0];
	const webhookData = {
		httpMethod: 'POST',
		node: node.name,
		path: `${node.webhookId}/webhook`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
	} as IWebhookData;
	return { node, workflow, additionalData, description, webhookData };
}

/**
 * What n8n's webhook service does at activation (checkExists, then create when it answered false)
 * or deactivation (delete), through n8n-core's HookContext: the methods called, in order, and
 * what each answered.
 */
export async function lifecycle(
	setup: WebhookSetup,
	when: 'activate' | 'deactivate',
): Promise<Array<[string, unknown]>> {
	const { node, workflow, additionalData, webhookData } = webhookWorkflow(setup);
	const methods = nodeTypeInstance(WEBHOOK_TRIGGER_NODE_TYPE).webhookMethods!.default!;
	const context = new HookContext(
		workflow,
		node,
		additionalData,
		'trigger',
		'activate',
		webhookData,
	);
	const calls: Array<[string, unknown]> = [];
	const run = async (method: 'checkExists' | 'create' | 'delete') => {
		const answer = await methods[method].call(context);
		calls.push([method, answer]);
		return answer;
	};
	if (when === 'deactivate') await run('delete');
	else if (!(await run('checkExists'))) await run('create');
	return calls;
}

/** One request to the webhook trigger's production URL, as n8n handles it. */
export async function deliver(setup: WebhookSetup, push: Push): Promise<Delivery> {
	const { node, workflow, additionalData, description, webhookData } = webhookWorkflow(setup);
	const response = new RecordingResponse();
	Object.assign(additionalData, {
		httpRequest: {
			method: 'POST',
			headers: push.headers ?? {},
			body: push.body,
			params: {},
			query: {},
		},
		httpResponse: response,
	});
	const context = new WebhookContext(
		workflow,
		node,
		additionalData,
		'webhook',
		webhookData,
		[],
		null,
	);
	try {
		const result = await nodeTypeInstance(WEBHOOK_TRIGGER_NODE_TYPE).webhook!.call(context);
		const execution = result.workflowData?.[0] ?? null;
		if (result.noWebhookResponse === true)
			return { status: response.status ?? 0, body: parse(response.body), execution, result };
		if (execution === null)
			return {
				status: 200,
				body: result.webhookResponse ?? { message: 'Webhook call received' },
				execution,
				result,
			};
		const responseData = workflow.expression.getComplexParameterValue(
			node,
			description.responseData,
			'webhook',
			{},
			undefined,
			'firstEntryJson',
		);
		return { status: 200, body: onReceivedBody(responseData, result), execution, result };
	} finally {
		// n8n saves the static data as JSON after the call: hand back exactly what survives that.
		const stored = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		for (const key of Object.keys(setup.staticData)) delete setup.staticData[key];
		Object.assign(setup.staticData, stored);
	}
}
