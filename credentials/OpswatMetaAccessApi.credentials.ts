import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import {
	API_CLIENT_SOURCE,
	PASTED_TOKEN_REFUSED,
	TOKEN_LIFETIME,
	TOKEN_REFUSED_EITHER_WAY,
} from '../nodes/OpswatMetaAccess/transport/authMessages';
import { redirectTarget } from '../nodes/OpswatMetaAccess/transport/failures';
import { REQUESTS_PER_MINUTE } from '../nodes/OpswatMetaAccess/transport/rateLimiter';
import { redact } from '../nodes/OpswatMetaAccess/transport/redact';
import { baseUrlProblem, trimBaseUrl } from '../nodes/OpswatMetaAccess/helpers/text';

/** Credentials in Access Token mode that pre-authentication has seen (see preAuthentication). */
const triedTokens = new WeakSet<ICredentialDataDecryptedObject>();

export class OpswatMetaAccessApi implements ICredentialType {
	name = 'opswatMetaAccessApi';

	displayName = 'OPSWAT MetaAccess API';

	icon: Icon = {
		light: 'file:../nodes/OpswatMetaAccess/opswatMetaAccess.svg',
		dark: 'file:../nodes/OpswatMetaAccess/opswatMetaAccess.dark.svg',
	};

	documentationUrl = 'https://github.com/opswat-metaaccess/n8n-nodes-opswat-metaaccess#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://gears.opswat.com',
			required: true,
			placeholder: 'https://gears.opswat.com',
			description:
				'The MetaAccess cloud of your account, for example https://gears.opswat.com or https://gears-beta.opswat.com. A trailing slash is fine; a query (?…), a fragment (#…), a user:password@ and . or .. segments are refused. Redirects are not followed: give the address MetaAccess answers at.',
		},
		{
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: [
				{
					name: 'Access Token',
					value: 'accessToken',
					description: `Paste an access token. It expires after ${TOKEN_LIFETIME}, and the workflows that use it fail until you paste a new one.`,
				},
				{
					name: 'Client Credentials',
					value: 'clientCredentials',
					description:
						'Recommended. Give a client ID and secret; n8n fetches the access token and fetches a new one when it expires.',
				},
			],
			default: 'clientCredentials',
			description:
				'Client Credentials keeps working: n8n renews the access token itself. A pasted Access Token stops working when it expires.',
		},
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['clientCredentials'] } },
			description: `The client ID of ${API_CLIENT_SOURCE}`,
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['clientCredentials'] } },
			description: `The client secret of ${API_CLIENT_SOURCE}`,
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authentication: ['accessToken'] } },
			description: `An OAuth access token of the MetaAccess API, as MetaAccess's OAuth token endpoint (/o/oauth/token) issues it for ${API_CLIENT_SOURCE}. It lasts ${TOKEN_LIFETIME}: use Client Credentials to have n8n renew it.`,
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Requests per Minute',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: {
				minValue: REQUESTS_PER_MINUTE.min,
				maxValue: REQUESTS_PER_MINUTE.max,
				numberPrecision: 0,
			},
			default: REQUESTS_PER_MINUTE.default,
			description: `How many requests the account allows a minute: a whole number from ${REQUESTS_PER_MINUTE.min} to ${REQUESTS_PER_MINUTE.max} (MetaAccess documents ${REQUESTS_PER_MINUTE.default}). The nodes send at most 10 at once and pace the rest to this rate; X-RateLimit headers, when MetaAccess sends them, can only slow them further. In queue mode keep the account's limit: the workers share it among themselves.`,
		},
	];

	/**
	 * Client credentials: fetch an access token into the hidden, expirable Session Token. n8n calls
	 * this when Session Token is empty and again when a request answers 401 (the token expired).
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		if (credentials.authentication !== 'clientCredentials') {
			// The nodes hand n8n the pasted token as the session token, so n8n calls this in Access
			// Token mode only for the Test button and again on the same credential after a 401: the
			// second call means MetaAccess refused the pasted token, and says so (n8n's own wording for
			// a refused Test is "Unauthorized" or "Authorization failed", depending on its version).
			if (triedTokens.has(credentials)) throw new Error(PASTED_TOKEN_REFUSED);
			triedTokens.add(credentials);
			return {};
		}
		const baseUrl = trimBaseUrl(credentials.baseUrl);
		// The Test button comes here without the nodes' own check: no secret goes to such an address.
		const wrong = baseUrlProblem(baseUrl);
		if (wrong) {
			throw new Error(
				`The OPSWAT MetaAccess credential has a Base URL ${wrong.message}. ${wrong.description}`,
			);
		}
		const tokenUrl = `${baseUrl}/o/oauth/token`;
		let answer: unknown;
		try {
			answer = await this.helpers.httpRequest({
				method: 'POST',
				url: tokenUrl,
				headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams({
					grant_type: 'client_credentials',
					client_id: String(credentials.clientId ?? ''),
					client_secret: String(credentials.clientSecret ?? ''),
				}).toString(),
				json: true,
				// A redirect would re-send the client secret to whatever host it names.
				disableFollowRedirect: true,
			});
		} catch (error) {
			// Never pass the raw error on: its request config holds the client secret.
			const response = (
				error as {
					response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
				}
			).response;
			const status = response?.status;
			let detail: string;
			if (status !== undefined && status >= 300 && status < 400) {
				detail = `a redirect to ${redirectTarget(response?.headers, baseUrl)}, not followed`;
			} else {
				const data = response?.data as { error?: unknown; error_description?: unknown } | undefined;
				detail = [data?.error, data?.error_description]
					.filter((part) => typeof part === 'string' && part !== '')
					.join(': ');
			}
			const secrets = [credentials.clientSecret].filter(
				(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
			);
			// The answer may echo the form body: the secret, raw or encoded, is taken out.
			throw new Error(
				redact(
					`Could not get an access token from ${tokenUrl}` +
						(status ? ` (HTTP ${status}${detail ? `, ${detail}` : ''})` : '') +
						'. Check the Base URL, Client ID and Client Secret of the OPSWAT MetaAccess credential.',
					secrets,
				),
			);
		}
		const token = (answer as { access_token?: unknown } | undefined)?.access_token;
		if (typeof token !== 'string' || token === '') {
			throw new Error(
				`The token endpoint ${tokenUrl} answered without an access_token. Check the Base URL of the OPSWAT MetaAccess credential.`,
			);
		}
		return { sessionToken: token };
	}

	/**
	 * Puts the token in the `access_token` query parameter. A function rather than n8n's generic
	 * form: the generic form's value would be an expression, which n8n evaluates for every request
	 * (and the first evaluation in an n8n process costs about 25 ms).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const token =
			credentials.authentication === 'clientCredentials'
				? credentials.sessionToken
				: credentials.accessToken;
		return {
			...requestOptions,
			qs: { ...(requestOptions.qs ?? {}), access_token: typeof token === 'string' ? token : '' },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{String($credentials.baseUrl).trim().replace(/\\/+$/, "")}}',
			url: '/o/api/v2.3/devices',
			qs: { limit: 1 },
			// The token rides in the URL: never to a host a redirect names.
			disableFollowRedirect: true,
		},
		// n8n 2.41 shows this for a 401 it reports itself; n8n 2.8 loses the status and says
		// "Authorization failed". A refused pasted token is worded by preAuthentication in both.
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: TOKEN_REFUSED_EITHER_WAY },
			},
		],
	};
}
