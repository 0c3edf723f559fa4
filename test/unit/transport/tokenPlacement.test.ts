/**
 * Where the token goes: the `access_token` query parameter (the default, as MetaAccess documents
 * it) or an `Authorization: Bearer` header (as OPSWAT's own integration sends it). Every endpoint
 * method, both ways in, both placements: the exact request; the credential's Test request; and
 * redaction of a token echoed back in an error, an output item or a file's headers.
 */
import {
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHttpRequestOptions,
} from 'n8n-workflow';

import { redact } from '../../../credentials/common';
import { OpswatMetaAccessApi } from '../../../credentials/OpswatMetaAccessApi.credentials';
import { MetaAccessClient } from '../../../nodes/OpswatMetaAccess/transport/client';
import { DEFAULT_REQUEST_OPTIONS } from '../../../nodes/OpswatMetaAccess/transport/types';
import { FakeApi, type FakeAnswer, type FakeRequest } from '../../harness/fakeApi';
import {
	accessTokenCredential,
	actionContext,
	clientCredential,
	runActionNode,
} from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { errorText } from '../../harness/errorText';

const env = useNodeTestEnvironment();
const PASTED = accessTokenCredential().accessToken as string;
const FETCHED = 'FETCHED7TOKEN0000000000000000000000000000000001';
const options = { ...DEFAULT_REQUEST_OPTIONS, itemIndex: 0 };

type Call = [
	name: string,
	call: (client: MetaAccessClient) => Promise<unknown>,
	method: string,
	path: string,
	query: Record<string, string>,
	answer: FakeAnswer,
];

const json = (body: unknown): FakeAnswer => ({ status: 200, body });

/** Every endpoint method of the client, with the request it must send (token aside). */
const CALLS: Call[] = [
	[
		'deviceAction',
		(c) => c.deviceAction({ types: 'exempt', ids: ['H1'] }, false, options),
		'POST',
		'/o/api/v3.1/devices/action',
		{},
		json([{ id: 'H1', status: 1 }]),
	],
	[
		'legacyDeviceList (Devices Action v2.0)',
		(c) => c.legacyDeviceList('/o/api/v2/devices/action', { types: 'exempt_all' }, false, options),
		'POST',
		'/o/api/v2/devices/action',
		{},
		json({ result: [1] }),
	],
	[
		'legacyDeviceList (Delete Devices v2.0)',
		(c) => c.legacyDeviceList('/o/api/v2/devices/delete', { opt: 2 }, false, options),
		'POST',
		'/o/api/v2/devices/delete',
		{},
		json({ result: [1] }),
	],
	[
		'remediationLink',
		(c) => c.remediationLink('H1', 0, options),
		'GET',
		'/o/api/v3/devices/H1/remediation',
		{ opt: '0' },
		json({ result: 1, remediation_link: 'https://x/r.html' }),
	],
	[
		'deviceDetails',
		(c) => c.deviceDetails('00:0c:29:cd:c7:b2', 1, options),
		'GET',
		'/o/api/v2.1/devices/00:0c:29:cd:c7:b2',
		{ opt: '1' },
		json({ hwid: 'H1' }),
	],
	[
		'agentLogReport',
		(c) => c.agentLogReport('cmd1', options),
		'GET',
		'/o/api/v3/get_reports',
		{ type: 'agent_log', command_id: 'cmd1' },
		{
			status: 200,
			body: '{"status":"pending","message":""}',
			headers: { 'Content-Type': 'application/json' },
		},
	],
	[
		'getDevicesPage',
		(c) => c.getDevicesPage({ page: 2, limit: 5 }, options),
		'GET',
		'/o/api/v2.3/devices',
		{ limit: '5', page: '2' },
		json([]),
	],
	[
		'statusChangedPage',
		(c) => c.statusChangedPage({ age: 600, page: 1, limit: 50 }, options),
		'POST',
		'/o/api/v3/devices/status_changed',
		{},
		json({ monitored_devices: [], deleted_devices: [] }),
	],
	[
		'searchDevices',
		(c) => c.searchDevices({ q: 'alpha', limit: 10, page: 1 }, options),
		'GET',
		'/o/api/v2.1/devices/search',
		{ q: 'alpha', limit: '10' },
		json({ total_count: 0, results: [] }),
	],
];

const WAYS_IN: Array<[string, (placement: IDataObject) => ICredentialDataDecryptedObject, string]> =
	[
		['a pasted access token', (placement) => accessTokenCredential(placement), PASTED],
		['client credentials', (placement) => clientCredential(placement), FETCHED],
	];

/** The fake API: the token endpoint gives FETCHED; every other request gets `answer`. */
function api(answer: FakeAnswer): FakeApi {
	const fake = new FakeApi(env.clock);
	fake.handler = (request) =>
		request.path === '/o/oauth/token' ? json({ access_token: FETCHED, expires_in: 43199 }) : answer;
	return fake;
}

/** The requests to the device API (the token request aside), as sent. */
const apiRequests = (fake: FakeApi) =>
	fake.requests
		.filter((request) => request.path !== '/o/oauth/token')
		.map(({ method, path, query, authorization }: FakeRequest) => ({
			method,
			path,
			query,
			authorization,
		}));

describe.each(WAYS_IN)('%s', (_way, credential, token) => {
	describe.each(CALLS)('%s', (_name, call, method, path, query, answer) => {
		test('default placement: the access_token query parameter, no Authorization header', async () => {
			const fake = api(answer);
			const { context } = actionContext({ parameters: {}, credentials: credential({}) });
			await call(new MetaAccessClient(context, env.clock));
			expect(apiRequests(fake)).toEqual([
				{ method, path, query: { ...query, access_token: token }, authorization: undefined },
			]);
		});

		test('Authorization header: the token in the header, none in the address', async () => {
			const fake = api(answer);
			const { context } = actionContext({
				parameters: {},
				credentials: credential({ authPlacement: 'header' }),
			});
			await call(new MetaAccessClient(context, env.clock));
			expect(apiRequests(fake)).toEqual([
				{ method, path, query, authorization: `Bearer ${token}` },
			]);
			// The token request itself is the documented form post, as before.
			expect(fake.requests.filter((r) => r.path === '/o/oauth/token')).toHaveLength(
				token === FETCHED ? 1 : 0,
			);
		});
	});
});

describe("the credential's Test button", () => {
	const credentialType = new OpswatMetaAccessApi();

	/** The Test request as n8n sends it (its base URL resolved): the credential's authenticate applied. */
	const testRequest = async (credentials: ICredentialDataDecryptedObject) =>
		await credentialType.authenticate(credentials, {
			...credentialType.test.request,
			baseURL: 'https://gears.opswat.com',
		} as IHttpRequestOptions);

	test.each([
		['query', {}, { qs: { limit: 1, access_token: 'tok-1' } }],
		[
			'header',
			{ authPlacement: 'header' },
			{ qs: { limit: 1 }, headers: { Authorization: 'Bearer tok-1' } },
		],
	])(
		'%s: Get Devices for one device with the token where the credential says',
		async (_p, placement, sent) => {
			const request = await testRequest(
				accessTokenCredential({ accessToken: 'tok-1', ...placement }),
			);
			expect(request).toEqual({
				baseURL: 'https://gears.opswat.com',
				url: '/o/api/v2.3/devices',
				disableFollowRedirect: true,
				...sent,
			});
			const fetched = await testRequest(clientCredential({ sessionToken: 'tok-1', ...placement }));
			expect(fetched).toEqual(request);
		},
	);

	test('a placement field, defaulting to the query parameter', () => {
		const field = credentialType.properties.find((p) => p.name === 'authPlacement')!;
		expect(field.default).toBe('query');
		expect((field.options as Array<{ value: string }>).map((o) => o.value)).toEqual([
			'query',
			'header',
		]);
	});
});

describe('redaction with the token in the header', () => {
	const header = accessTokenCredential({ authPlacement: 'header' });

	test('an error echoing the Authorization header holds no token', async () => {
		const fake = new FakeApi(env.clock);
		fake.handler = (request) => ({
			status: 400,
			body: { error: 'invalid_request', error_description: `got ${request.authorization}` },
		});
		const error = await runActionNode({
			parameters: { operation: 'getAll', limit: 1 },
			credentials: header,
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({
			message:
				'MetaAccess answered HTTP 400 to GET /o/api/v2.3/devices: invalid_request: got Bearer ***',
		});
		expect(errorText(error)).not.toContain(PASTED);
	});

	test('an output item echoing the request headers holds no token', async () => {
		const fake = new FakeApi(env.clock);
		fake.handler = (request) =>
			json([{ hwid: 'H1', echo: { authorization: request.authorization } }]);
		const { items } = await runActionNode({
			parameters: { operation: 'getAll', limit: 1, simplify: false },
			credentials: header,
		});
		expect(items.map((item) => item.json)).toEqual([
			{ hwid: 'H1', echo: { authorization: 'Bearer ***' } },
		]);
	});

	test("a file's headers echoing the token: its name holds no token", async () => {
		const fake = new FakeApi(env.clock);
		fake.handler = () => ({
			status: 200,
			body: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
			headers: {
				'Content-Type': 'application/zip',
				'Content-Disposition': `attachment; filename="log-${PASTED}.zip"`,
			},
		});
		const { context } = actionContext({ parameters: {}, credentials: header });
		const report = await new MetaAccessClient(context, env.clock).agentLogReport('cmd1', options);
		expect(report).toMatchObject({ ready: true, fileName: 'log-***.zip' });
	});

	test('a Bearer token the node does not know is redacted too', () => {
		expect(redact('proxy said: Authorization: Bearer Zq7SECRETtok+en/Abc= rejected')).toBe(
			'proxy said: Authorization: Bearer *** rejected',
		);
		expect(redact('Bearer%20Zq7SECRETtok%2Ben')).toBe('Bearer%20***');
		// Words after "Bearer" in a sentence are not a token.
		expect(redact('an Authorization: Bearer header')).toBe('an Authorization: Bearer header');
	});
});
