import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { systemClock, type Clock } from './transport/clock';
import { describeValue } from './helpers/text';
import { authorizationMatches, PUSH_STATUSES, readPush } from './webhook/push';
import { entryKey, RecentPushes } from './webhook/recentPushes';

const STATUS_NAMES: Record<(typeof PUSH_STATUSES)[number], string> = {
	compliant: 'Compliant',
	deleted: 'Deleted',
	installed: 'Installed',
	non_compliant: 'Non-Compliant',
};

/** Answers the request itself and tells n8n to start nothing and send nothing more. */
function refuse(
	context: IWebhookFunctions,
	status: 400 | 401,
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
 * so it checks what would make every push fail: no key, or white space or control characters at
 * either end or inside (HTTP drops the outer white space from header values and refuses controls).
 */
async function checkWebhookApiKey(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const key = credential.data?.apiKey;
	if (typeof key !== 'string' || key === '')
		return { status: 'Error', message: 'API Key is empty' };
	// eslint-disable-next-line no-control-regex
	if (key.trim() !== key || /[\u0000-\u001f\u007f]/.test(key))
		return {
			status: 'Error',
			message:
				'API Key has white space at an end or a control character: MetaAccess could never send it as it is',
		};
	return { status: 'OK', message: 'The API key can be sent in an Authorization header' };
}

/** One push from MetaAccess: checked, read, filtered and deduplicated into one item per new entry. */
async function receive(this: IWebhookFunctions, clock: Clock): Promise<IWebhookResponseData> {
	const credentials = await this.getCredentials('opswatMetaAccessWebhookApi');
	if (!authorizationMatches(this.getHeaderData().authorization, credentials.apiKey)) {
		return refuse(this, 401, 'The Authorization header is not the API key of this webhook');
	}
	const push = readPush(this.getBodyData() as unknown);
	if ('problem' in push) return refuse(this, 400, push.problem);
	const statuses = readStatuses(this);

	const recent = new RecentPushes(this.getWorkflowStaticData('node'), clock.now());
	const fresh = push.entries.filter((entry) => !recent.repeat(entryKey(entry)));
	recent.save();
	const emitted = fresh.filter((entry) => statuses.length === 0 || statuses.includes(entry.status));
	const summary: IDataObject = {
		received: push.entries.length,
		repeated: push.entries.length - fresh.length,
		emitted: emitted.length,
	};
	if (emitted.length === 0) return { webhookResponse: summary };
	return { workflowData: [this.helpers.returnJsonArray(emitted as IDataObject[])] };
}

// MetaAccess has no API to register a webhook: an administrator sets it in the console, so there
// is nothing for webhookMethods (checkExists, create, delete) to do.
// eslint-disable-next-line @n8n/community-nodes/webhook-lifecycle-complete
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
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties: [
			{
				displayName:
					'In the MetaAccess console, Settings → Integrations → Webhook: set the callback URL to this node’s Production URL and the API key to the one in this credential, then activate the workflow. MetaAccess must be able to reach the URL (public HTTPS; set n8n’s WEBHOOK_URL).',
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

	/** One push: n8n calls it with the webhook context as `this`. */
	webhook: (this: IWebhookFunctions) => Promise<IWebhookResponseData>;

	/** `clock`: when entries count as received (tests give a virtual one). */
	constructor(clock: Clock = systemClock) {
		this.webhook = async function (this: IWebhookFunctions) {
			return await receive.call(this, clock);
		};
	}
}
