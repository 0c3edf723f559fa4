/** The credential: base URL, the two ways in, the token in the access_token query parameter, its test. */
import nock from 'nock';
import { Workflow } from 'n8n-workflow';

import { OpswatMetaAccessApi } from '../../../credentials/OpswatMetaAccessApi.credentials';
import {
	accessTokenCredential,
	clientCredential,
	nodeTypes,
	runActionNode,
	TestCredentialsHelper,
} from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

const credentialType = new OpswatMetaAccessApi();

useNodeTestEnvironment({ expectAllMocksUsed: true });

const getOne = { operation: 'getAll', limit: 1 };
/** The token request's form body (nock parses application/x-www-form-urlencoded bodies). */
const tokenRequest = () => ({
	grant_type: 'client_credentials',
	client_id: 'client-123',
	client_secret: 'SECRET-client-abc',
});

test('the description: name, fields, defaults', () => {
	expect(credentialType.name).toBe('opswatMetaAccessApi');
	expect(credentialType.displayName).toBe('OPSWAT MetaAccess API');
	const field = (name: string) => credentialType.properties.find((p) => p.name === name)!;
	expect(field('baseUrl').default).toBe('https://gears.opswat.com');
	expect(field('authentication').options!.map((o) => (o as { value: string }).value)).toEqual([
		'accessToken',
		'clientCredentials',
	]);
	expect(field('sessionToken')).toMatchObject({ type: 'hidden', typeOptions: { expirable: true } });
	expect(field('requestsPerMinute').default).toBe(10);
	expect(field('accessToken').typeOptions).toMatchObject({ password: true });
	expect(field('clientSecret').typeOptions).toMatchObject({ password: true });
});

test('Client Credentials is the default way in, and each field says where its value comes from', () => {
	const field = (name: string) => credentialType.properties.find((p) => p.name === name)!;
	expect(field('authentication').default).toBe('clientCredentials');
	expect(field('authentication').description).toBe(
		'Client Credentials keeps working: n8n renews the access token itself. A pasted Access Token stops working when it expires.',
	);
	expect(field('clientId').description).toBe(
		"The client ID of your MetaAccess administrator's API client (client ID and secret), the one MetaAccess's OAuth token endpoint (/o/oauth/token) accepts",
	);
	expect(field('clientSecret').description).toBe(
		"The client secret of your MetaAccess administrator's API client (client ID and secret), the one MetaAccess's OAuth token endpoint (/o/oauth/token) accepts",
	);
	expect(field('accessToken').description).toBe(
		"An OAuth access token of the MetaAccess API, as MetaAccess's OAuth token endpoint (/o/oauth/token) issues it for your MetaAccess administrator's API client (client ID and secret), the one MetaAccess's OAuth token endpoint (/o/oauth/token) accepts. It lasts about 12 hours: use Client Credentials to have n8n renew it.",
	);
	expect(
		(field('authentication').options as Array<{ value: string; description: string }>).map((o) => [
			o.value,
			o.description,
		]),
	).toEqual([
		[
			'accessToken',
			'Paste an access token. It expires after about 12 hours, and the workflows that use it fail until you paste a new one.',
		],
		[
			'clientCredentials',
			'Recommended. Give a client ID and secret; n8n fetches the access token and fetches a new one when it expires.',
		],
	]);
});

const PASTED_REFUSED =
	'MetaAccess refused the pasted access token (HTTP 401: invalid or expired; a token lasts about 12 hours). Paste a new access token in the OPSWAT MetaAccess credential, or switch its Authentication to Client Credentials so that n8n fetches and renews the token itself.';

test('the Test button with a refused pasted token: n8n pre-authenticates, gets a 401, pre-authenticates again, and gets the precise message', async () => {
	const helpers = { httpRequest: jest.fn() };
	const preAuthenticate = (credentials: object) =>
		credentialType.preAuthentication.call({ helpers } as never, credentials as never);
	// n8n hands both calls the same decrypted object (httpRequestWithAuthentication's credentialsDecrypted).
	const tested = accessTokenCredential({ accessToken: 'not-a-valid-token' });
	await expect(preAuthenticate(tested)).resolves.toEqual({});
	await expect(preAuthenticate(tested)).rejects.toThrow(new Error(PASTED_REFUSED));
	// Another test (another object) starts afresh; no request is sent by pre-authentication itself.
	await expect(preAuthenticate(accessTokenCredential())).resolves.toEqual({});
	expect(helpers.httpRequest).not.toHaveBeenCalled();
});

test('the credential test maps a 401 that n8n reports itself to a message for both ways in', () => {
	expect(credentialType.test.rules).toEqual([
		{
			type: 'responseCode',
			properties: {
				value: 401,
				message:
					'MetaAccess refused the access token (HTTP 401: invalid or expired). With Access Token: paste a new one (a token lasts about 12 hours), or switch Authentication to Client Credentials. With Client Credentials: check that the API client may use the device API.',
			},
		},
	]);
});

test('node runs with a pasted token never call pre-authentication (so it words only the Test and a 401 retry)', async () => {
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query({ limit: '1', access_token: 'tok' })
		.times(2)
		.reply(200, []);
	const helper = new TestCredentialsHelper(accessTokenCredential({ accessToken: 'tok' }));
	const preAuthentication = jest.spyOn(helper.type, 'preAuthentication' as never);
	await runActionNode({ parameters: getOne, credentialsHelper: helper });
	await runActionNode({ parameters: getOne, credentialsHelper: helper });
	expect(preAuthentication).not.toHaveBeenCalled();
	expect(helper.updates).toEqual([]);
});

test('a base URL with a trailing slash works', async () => {
	nock('https://gears-beta.opswat.com')
		.get('/o/api/v2.3/devices')
		.query({ limit: '1', access_token: 'tok' })
		.reply(200, []);
	await runActionNode({
		parameters: getOne,
		credentials: accessTokenCredential({
			baseUrl: 'https://gears-beta.opswat.com/',
			accessToken: 'tok',
		}),
	});
});

test('client credentials: the token is fetched once, stored in the hidden field, and sent as access_token', async () => {
	nock('https://gears.opswat.com')
		.post('/o/oauth/token', tokenRequest())
		.matchHeader('content-type', 'application/x-www-form-urlencoded')
		.reply(200, {
			access_token: 'issued-1',
			token_type: 'bearer',
			expires_in: 43199,
			scope: 'read',
		});
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query({ limit: '1', access_token: 'issued-1' })
		.times(2)
		.reply(200, []);
	const helper = new TestCredentialsHelper(clientCredential());
	await runActionNode({ parameters: getOne, credentialsHelper: helper });
	await runActionNode({ parameters: getOne, credentialsHelper: helper });
	expect(helper.updates).toEqual([{ sessionToken: 'issued-1', sessionGeneration: 1 }]);
});

test('client credentials: an expired token (401) is fetched again and the request sent once more', async () => {
	const helper = new TestCredentialsHelper(clientCredential({ sessionToken: 'expired-token' }));
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query({ limit: '1', access_token: 'expired-token' })
		.reply(401, { error: 'invalid_token' });
	nock('https://gears.opswat.com')
		.post('/o/oauth/token', tokenRequest())
		.reply(200, { access_token: 'issued-2' });
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query({ limit: '1', access_token: 'issued-2' })
		.reply(200, [{ hwid: 'H' }]);
	const { items } = await runActionNode({
		parameters: { ...getOne, simplify: false },
		credentialsHelper: helper,
	});
	expect(items.map((item) => item.json)).toEqual([{ hwid: 'H' }]);
	expect(helper.updates).toEqual([{ sessionToken: 'issued-2', sessionGeneration: 1 }]);
	expect(helper.stored!.sessionToken).toBe('issued-2');
});

test('client credentials: a token that is refused again is not fetched a third time', async () => {
	const helper = new TestCredentialsHelper(clientCredential({ sessionToken: 'expired-token' }));
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query(true)
		.times(2)
		.reply(401, { error: 'invalid_token' });
	nock('https://gears.opswat.com').post('/o/oauth/token').reply(200, { access_token: 'issued-3' });
	await expect(
		runActionNode({ parameters: getOne, credentialsHelper: helper }),
	).rejects.toMatchObject({
		httpCode: '401',
		description:
			'MetaAccess refused the access token fetched with the Client ID and Client Secret of the OPSWAT MetaAccess credential (HTTP 401), also a freshly fetched one. Check that this API client may use the device API, and the Base URL of the credential.',
	});
});

test('a pasted token refused (401) costs one request, and says to paste a new one', async () => {
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query(true)
		.reply(401, { error: 'invalid_token' });
	await expect(runActionNode({ parameters: getOne })).rejects.toMatchObject({
		httpCode: '401',
		message: 'MetaAccess answered HTTP 401 to GET /o/api/v2.3/devices: invalid_token',
		description: PASTED_REFUSED,
	});
});

test('the token endpoint answering without a token is reported', async () => {
	nock('https://gears.opswat.com').post('/o/oauth/token').reply(200, { error: 'nope' });
	await expect(
		runActionNode({ parameters: getOne, credentials: clientCredential() }),
	).rejects.toMatchObject({
		message:
			'GET /o/api/v2.3/devices was not sent: The token endpoint https://gears.opswat.com/o/oauth/token answered without an access_token. Check the Base URL of the OPSWAT MetaAccess credential.',
	});
});

test('the token goes in the access_token query parameter, beside the query of the request', async () => {
	const request = {
		method: 'GET' as const,
		url: 'https://gears.opswat.com/o/api/v2.3/devices',
		qs: { limit: 1 },
	};
	expect(
		await credentialType.authenticate(
			accessTokenCredential({ accessToken: 'pasted', sessionToken: 'other' }),
			request,
		),
	).toEqual({
		...request,
		qs: { limit: 1, access_token: 'pasted' },
	});
	expect(
		await credentialType.authenticate(clientCredential({ sessionToken: 'issued' }), {
			...request,
			qs: undefined,
		}),
	).toEqual({
		...request,
		qs: { access_token: 'issued' },
	});
	// The request given is left as it was.
	expect(request.qs).toEqual({ limit: 1 });
});

/** Exempt over 250 items of one device each: 3 requests of up to 100 devices. */
const exemptAll = {
	operation: 'exempt',
	identifyBy: 'id',
	devices: '={{ $json.hwid }}',
	exemptTime: 0,
};
const exemptInput = Array.from({ length: 250 }, (_, i) => ({
	hwid: `HW${String(i).padStart(3, '0')}`,
}));
const appliedToAll = (_uri: string, body: { ids: string[] }) =>
	body.ids.map((id) => ({ id, status: 1, command_id: '' }));

test('the credential is read once per execution, however many requests it sends', async () => {
	nock('https://gears.opswat.com')
		.post('/o/api/v3.1/devices/action')
		.query({ access_token: 'TEST7P9ZMJ2LBF8AMOMJLFNPMMLO953AVQ4C9YFF52R61234' })
		.times(3)
		.reply(200, appliedToAll);
	const helper = new TestCredentialsHelper(accessTokenCredential());
	const { items } = await runActionNode(
		{ parameters: exemptAll, credentialsHelper: helper },
		exemptInput,
	);
	expect(items).toHaveLength(250);
	expect(helper.reads).toBe(1);
	// The next execution reads it again (a token pasted meanwhile is used).
	helper.stored = accessTokenCredential({ accessToken: 'pasted-later' });
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query({ limit: '1', access_token: 'pasted-later' })
		.reply(200, []);
	await runActionNode({ parameters: getOne, credentialsHelper: helper });
	expect(helper.reads).toBe(2);
});

test('client credentials: a token fetched during an execution is used by its later requests', async () => {
	nock('https://gears.opswat.com')
		.post('/o/oauth/token', tokenRequest())
		.reply(200, { access_token: 'issued-4' });
	nock('https://gears.opswat.com')
		.post('/o/api/v3.1/devices/action')
		.query({ access_token: 'issued-4' })
		.times(3)
		.reply(200, appliedToAll);
	const helper = new TestCredentialsHelper(clientCredential());
	await runActionNode({ parameters: exemptAll, credentialsHelper: helper }, exemptInput);
	expect(helper.updates).toEqual([{ sessionToken: 'issued-4', sessionGeneration: 1 }]);
	expect(helper.reads).toBe(1);
});

test('client credentials: after a 401 mid-run, the new token serves the rest of the execution', async () => {
	const helper = new TestCredentialsHelper(clientCredential({ sessionToken: 'expired-token' }));
	const scope = nock('https://gears.opswat.com');
	scope
		.post('/o/api/v3.1/devices/action')
		.query({ access_token: 'expired-token' })
		.reply(401, { error: 'invalid_token' });
	scope.post('/o/oauth/token', tokenRequest()).reply(200, { access_token: 'issued-5' });
	scope
		.post('/o/api/v3.1/devices/action')
		.query({ access_token: 'issued-5' })
		.times(3)
		.reply(200, appliedToAll);
	const { items } = await runActionNode(
		{ parameters: exemptAll, credentialsHelper: helper },
		exemptInput,
	);
	expect(items.every((item) => item.json.success === true)).toBe(true);
	expect(helper.updates).toEqual([{ sessionToken: 'issued-5', sessionGeneration: 1 }]);
	// Read at the start, and once more on the 401 (to see whether another execution had renewed the token).
	expect(helper.reads).toBe(2);
});

test('client credentials: a token another execution renewed meanwhile is used after a 401, without fetching another', async () => {
	const helper = new TestCredentialsHelper(clientCredential({ sessionToken: 'expired-token' }));
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query({ limit: '1', access_token: 'expired-token' })
		.reply(() => {
			// Another execution fetched a new token and n8n stored it (one generation on).
			helper.stored = {
				...helper.stored!,
				sessionToken: 'renewed-elsewhere',
				sessionGeneration: 1,
			};
			return [401, { error: 'invalid_token' }];
		});
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query({ limit: '1', access_token: 'renewed-elsewhere' })
		.reply(200, [{ hwid: 'H' }]);
	const { items } = await runActionNode({
		parameters: { ...getOne, simplify: false },
		credentialsHelper: helper,
	});
	expect(items.map((item) => item.json)).toEqual([{ hwid: 'H' }]);
	expect(helper.updates).toEqual([]);
});

test('the credential test asks Get Devices for one device, at the base URL without its trailing slash', () => {
	const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes });
	const resolve = (value: string, baseUrl: string) =>
		workflow.expression.getSimpleParameterValue(
			{
				id: 't',
				name: 't',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			value,
			'internal',
			{ $credentials: { baseUrl } },
		);
	expect(credentialType.test.request).toMatchObject({
		url: '/o/api/v2.3/devices',
		qs: { limit: 1 },
	});
	expect(resolve(credentialType.test.request.baseURL!, 'https://gears.opswat.com//')).toBe(
		'https://gears.opswat.com',
	);
	expect(resolve(credentialType.test.request.baseURL!, ' https://gears-beta.opswat.com ')).toBe(
		'https://gears-beta.opswat.com',
	);
});

test('pre-authentication (as the Test button runs it) refuses a Base URL that would misdirect the secret, before any request', async () => {
	const helpers = { httpRequest: jest.fn() };
	const fetchWith = (baseUrl: string) =>
		credentialType.preAuthentication.call(
			{ helpers } as never,
			clientCredential({ baseUrl }) as never,
		);
	await expect(fetchWith('https://gears.opswat.com/?x=1')).rejects.toThrow(
		'The OPSWAT MetaAccess credential has a Base URL with a query or fragment ("https://gears.opswat.com/?…"): the path of every request would land inside it. Set Base URL to the address of your MetaAccess cloud alone, without "?…" or "#…", for example https://gears.opswat.com.',
	);
	await expect(fetchWith('https://user:pw@gears.opswat.com')).rejects.toThrow(
		'The OPSWAT MetaAccess credential has a Base URL with a user name or password in it ("https://…@gears.opswat.com").',
	);
	await expect(fetchWith('https://gears.opswat.com:99999')).rejects.toThrow(
		'The OPSWAT MetaAccess credential has a Base URL that is not a valid address ("https://gears.opswat.com:99999").',
	);
	expect(helpers.httpRequest).not.toHaveBeenCalled();
});
