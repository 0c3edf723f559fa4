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
	baseUrlProblem,
	PASTED_TOKEN_REFUSED,
	TOKEN_LIFETIME,
	TOKEN_REFUSED_EITHER_WAY,
	tokenFetchError,
	trimBaseUrl,
} from './common';

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
			displayName: 'Send Token In',
			name: 'authPlacement',
			type: 'options',
			options: [
				{
					name: 'Query Parameter (access_token)',
					value: 'query',
					description:
						'As MetaAccess documents it: ?access_token=… in the address of every request',
				},
				{
					name: 'Authorization Header (Bearer)',
					value: 'header',
					description:
						"As OPSWAT's own integrations send it: no token in any address, proxy log or browser history",
				},
			],
			default: 'query',
			description: 'Where every request carries the access token',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			// How many renewals deep the session token is: a token no newer than a refused one is
			// never used again, whichever n8n process stored it.
			displayName: 'Session Token Generation',
			name: 'sessionGeneration',
			type: 'hidden',
			default: 0,
		},
		{
			displayName: 'Requests per Minute',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 6000 },
			default: 10,
			description:
				'How many requests this n8n may send a minute on this account (the documented limit is 10). The nodes send at most 10 at once and pace the rest to this rate; X-RateLimit headers, when MetaAccess sends them, can only slow them further. In queue mode with several workers, give each its share (10 ÷ workers) for no 429 at all, or keep 10 for the fastest runs (the 429s are waited out).',
		},
	];

	/**
	 * Client credentials: fetch an access token into the hidden, expirable Session Token. n8n calls
	 * this when Session Token is empty and again when a request's response is 401 (the token expired).
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
		let response: unknown;
		try {
			response = await this.helpers.httpRequest({
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
			throw tokenFetchError(error, tokenUrl, credentials.clientSecret);
		}
		const token = (response as { access_token?: unknown } | undefined)?.access_token;
		if (typeof token !== 'string' || token === '') {
			throw new Error(
				`The token endpoint ${tokenUrl} answered without an access_token. Check the Base URL of the OPSWAT MetaAccess credential.`,
			);
		}
		return { sessionToken: token, sessionGeneration: generationOf(credentials) + 1 };
	}

	/**
	 * Puts the token where the credential says: in the `access_token` query parameter (the
	 * documented way), or in an `Authorization: Bearer` header. A function rather than n8n's
	 * generic form: the generic form's value would be an expression, which n8n evaluates for every
	 * request (and the first evaluation in an n8n process costs about 25 ms).
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const stored =
			credentials.authentication === 'clientCredentials'
				? credentials.sessionToken
				: credentials.accessToken;
		const token = typeof stored === 'string' ? stored : '';
		if (credentials.authPlacement === 'header') {
			const headers = { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${token}` };
			return { ...requestOptions, headers };
		}
		return { ...requestOptions, qs: { ...(requestOptions.qs ?? {}), access_token: token } };
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

/** The generation of a credential's session token (0 when it has none). */
function generationOf(credentials: ICredentialDataDecryptedObject): number {
	const generation = Number(credentials.sessionGeneration);
	return Number.isSafeInteger(generation) && generation > 0 ? generation : 0;
}
