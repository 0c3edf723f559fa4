/** The credential: base URL, the two ways in, the token in the access_token query parameter, its test. */
import nock from 'nock';
import { Workflow } from 'n8n-workflow';

import { OpswatMetaAccessApi } from '../../credentials/OpswatMetaAccessApi.credentials';
import {
	accessTokenCredential,
	clientCredential,
	nodeTypes,
	runActionNode,
	TestCredentialsHelper,
} from '../harness/n8nContext';
import { useNodeTestEnvironment } from '../harness/environment';

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
	expect(helper.updates).toEqual([{ sessionToken: 'issued-1' }]);
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
	expect(helper.updates).toEqual([{ sessionToken: 'issued-2' }]);
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
	).rejects.toMatchObject({ httpCode: '401' });
});

test('a pasted token refused (401) costs one request, and says to paste a new one', async () => {
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query(true)
		.reply(401, { error: 'invalid_token' });
	await expect(runActionNode({ parameters: getOne })).rejects.toMatchObject({
		httpCode: '401',
		description:
			'The access token is invalid or expired. Open the OPSWAT MetaAccess credential and paste a new access token, or check the Client ID and Client Secret.',
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
	expect(helper.updates).toEqual([{ sessionToken: 'issued-4' }]);
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
	expect(helper.updates).toEqual([{ sessionToken: 'issued-5' }]);
	// Read at the start, and once more on the 401 (to see whether another execution had renewed the token).
	expect(helper.reads).toBe(2);
});

test('client credentials: a token another execution renewed meanwhile is used after a 401, without fetching another', async () => {
	const helper = new TestCredentialsHelper(clientCredential({ sessionToken: 'expired-token' }));
	nock('https://gears.opswat.com')
		.get('/o/api/v2.3/devices')
		.query({ limit: '1', access_token: 'expired-token' })
		.reply(() => {
			// Another execution fetched a new token and n8n stored it.
			helper.stored = { ...helper.stored!, sessionToken: 'renewed-elsewhere' };
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
