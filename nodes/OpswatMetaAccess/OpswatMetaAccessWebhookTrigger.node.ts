import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { systemClock, type Clock } from './transport/clock';
import { describeValue } from './helpers/text';
import { apiKeyProblem, authorizationMatches } from './webhook/apiKey';
import { PUSH_STATUSES, readPush } from './webhook/push';
import { RecentPushes } from './webhook/recentPushes';

const STATUS_NAMES: Record<(typeof PUSH_STATUSES)[number], string> = {
	compliant: 'Compliant',
	deleted: 'Deleted',
	installed: 'Installed',
	non_compliant: 'Non-Compliant',
};

/** Answers the request itself and tells n8n to start nothing and send nothing more. */
function refuse(
	context: IWebhookFunctions,
	status: 400 | 401 | 413,
	message: string,
): IWebhookResponseData {
	const response = context.getResponseObject();
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify({ code: status, message }));
	return { noWebhookResponse: true };
}

function readStatuses(context: IWebhookFunctions): string[] {
	const raw = context.getNodeParameter('statuses', []) as unknown;
	const statuses = Array.isArray(raw) ? raw : [raw];
	const unknown = statuses.filter((status) => typeof status !== 'string' || status === '');
	if (unknown.length > 0) {
		throw new NodeOperationError(
			context.getNode(),
			`Statuses takes status names, not ${unknown.map((value) => describeValue(value)).join(', ')}`,
			{ description: 'Choose statuses from the list, or none for every status.' },
		);
	}
	return statuses as string[];
}

/**
 * The credential's Test button: nothing is sent anywhere (MetaAccess calls n8n, not the other way),
 * so it checks what would make every push fail.
 */
async function checkWebhookApiKey(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const problem = apiKeyProblem(credential.data?.apiKey);
	if (problem !== undefined) return { status: 'Error', message: problem };
	return { status: 'OK', message: 'The API key can be sent in an Authorization header' };
}

/** Refuses to activate with a key MetaAccess could never send: no push could be accepted. */
async function checkKeyAtActivation(context: IHookFunctions): Promise<void> {
	const credentials = await context.getCredentials('opswatMetaAccessWebhookApi');
	const problem = apiKeyProblem(credentials.apiKey);
	if (problem !== undefined)
		throw new NodeOperationError(context.getNode(), `${problem}: no push could be accepted`, {
			description:
				'Set the API key of the OPSWAT MetaAccess Webhook API credential to the one entered in the MetaAccess console, then activate the workflow again.',
		});
}

/** One push from MetaAccess: checked, read, filtered and deduplicated into one item per new entry. */
async function receive(this: IWebhookFunctions, clock: Clock): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials('opswatMetaAccessWebhookApi');
	if (!authorizationMatches(this.getHeaderData().authorization, credentials.apiKey)) {
		return refuse(this, 401, 'The Authorization header is not the API key of this webhook');
	}
	const push = readPush(this.getBodyData() as unknown);
	if ('problem' in push) return refuse(this, push.status, push.problem);
	const statuses = readStatuses(this);

	const recent = new RecentPushes(this.getWorkflowStaticData('node'), clock.now());
	const fresh = recent.fresh(push.entries);
	recent.save();
	const emitted = fresh.filter((entry) => statuses.length === 0 || statuses.includes(entry.status));
	// The answer n8n sends (the description's empty responseData lets it through).
	const webhookResponse: IDataObject = {
		received: push.entries.length,
		repeated: push.entries.length - fresh.length,
		emitted: emitted.length,
	};
	if (emitted.length === 0) return { webhookResponse };
	// Each item built here: nothing an entry holds can become an item's binary or pairedItem.
	const items: INodeExecutionData[] = emitted.map((entry) => ({ json: { ...entry } }));
	return { webhookResponse, workflowData: [items] };
}

export class OpswatMetaAccessWebhookTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OPSWAT MetaAccess Webhook Trigger',
		name: 'opswatMetaAccessWebhookTrigger',
		icon: { light: 'file:opswatMetaAccess.svg', dark: 'file:opswatMetaAccess.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{($parameter["statuses"] || []).join(", ") || "every status"}}',
		description:
			'Starts the workflow when MetaAccess pushes device status changes to its webhook (enterprise accounts)',
		defaults: { name: 'OPSWAT MetaAccess Webhook Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'opswatMetaAccessWebhookApi', required: true, testedBy: 'checkWebhookApiKey' },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Empty: n8n answers with the webhookResponse (else it sends "firstEntryJson" as text).
				responseData: '',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'In the MetaAccess console, Settings → Integrations → Webhook: set the callback URL to this node’s Production URL and the API key to the one in this credential, then activate the workflow. MetaAccess must be able to reach the URL (public HTTPS; set n8n’s WEBHOOK_URL). To try it first, click Listen for Test Event and use the Test URL instead: point the callback URL at it, or POST a push to it yourself with the key in the Authorization header. It takes one push.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				options: PUSH_STATUSES.map((value) => ({ name: STATUS_NAMES[value], value })),
				default: [],
				description:
					'Which statuses start the workflow; none chosen: every status, including ones MetaAccess may add later',
			},
		],
	};

	methods = { credentialTest: { checkWebhookApiKey } };

	/**
	 * n8n's webhook lifecycle. MetaAccess has no API to register a webhook (an administrator sets
	 * the callback URL in its console), so there is nothing to look up, create or delete there:
	 * checkExists answers false, so that n8n calls create at every activation, which checks the
	 * key; delete has nothing to remove.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await checkKeyAtActivation(this);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	/** One push: n8n calls it with the webhook context as `this`. */
	webhook: (this: IWebhookFunctions) => Promise<IWebhookResponseData>;

	/** `clock`: when entries count as received (tests give a virtual one). */
	constructor(clock: Clock = systemClock) {
		this.webhook = async function (this: IWebhookFunctions) {
			return await receive.call(this, clock);
		};
	}
}
