import type { ICredentialType, Icon, INodeProperties } from 'n8n-workflow';

/**
 * The API key MetaAccess sends in the Authorization header of every webhook push. A credential of
 * its own, not a node field: n8n stores it encrypted, keeps it out of workflow JSON, exports and
 * execution data, and one key can serve several workflows. It is never sent anywhere: the
 * OPSWAT MetaAccess Webhook Trigger only compares incoming requests with it.
 */
export class OpswatMetaAccessWebhookApi implements ICredentialType {
	name = 'opswatMetaAccessWebhookApi';

	displayName = 'OPSWAT MetaAccess Webhook API';

	icon: Icon = {
		light: 'file:../nodes/OpswatMetaAccess/opswatMetaAccess.svg',
		dark: 'file:../nodes/OpswatMetaAccess/opswatMetaAccess.dark.svg',
	};

	documentationUrl =
		'https://github.com/opswat-metaaccess/n8n-nodes-opswat-metaaccess/blob/main/docs/webhook.md';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A key you choose (a long random string, for example) and enter in two places: here and in the MetaAccess console (Settings → Integrations → Webhook). MetaAccess sends it in the Authorization header of every push; a request with any other header is refused with 401.',
		},
	];
}
