/**
 * What a hostile or broken server answers: a redirect never carries the token (or the client
 * secret) to another host, an echoed secret in any encoding reaches no error or output item, and
 * network failures are named.
 */
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import https from 'https';
import net from 'net';
import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import os from 'os';
import path from 'path';

import { FakeApi, type FakeRequest } from '../../harness/fakeApi';
import { accessTokenCredential, clientCredential, runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { errorText } from '../../harness/errorText';
import { redact, secretForms } from '../../../credentials/common';
import { OpswatMetaAccessApi } from '../../../credentials/OpswatMetaAccessApi.credentials';

const env = useNodeTestEnvironment();

const BASE = 'https://gears.opswat.com';
const OTHER = 'http://other-host.example';

/** Records whatever reaches the other host (nothing may). */
function otherHost(): string[] {
	const seen: string[] = [];
	for (const method of ['GET', 'POST', 'DELETE', 'PUT'] as const) {
		nock(OTHER)
			.persist()
			.intercept(/.*/, method)
			.query(true)
			.reply((uri) => {
				seen.push(`${method} ${uri}`);
				return [200, []];
			});
	}
	return seen;
}

/** One operation of the action node and the one request it sends first. */
const OPERATIONS: Array<[string, INodeParameters, string, string]> = [
	['Get Many', { operation: 'getAll', limit: 1 }, 'GET', '/o/api/v2.3/devices'],
	[
		'Assign to Group',
		{ operation: 'assignToGroup', group: { __rl: true, mode: 'id', value: 'g1' }, devices: 'H1' },
		'POST',
		'/o/api/v3.1/devices/action',
	],
	[
		'Renew IP Address (older endpoint)',
		{
			operation: 'renewIp',
			identifyBy: 'id',
			devices: 'H1',
			options: { olderEndpoint: true },
		},
		'POST',
		'/o/api/v2/devices/action',
	],
	[
		'Delete',
		{ operation: 'delete', identifyBy: 'id', devices: 'H1' },
		'POST',
		'/o/api/v2/devices/delete',
	],
	[
		'Get Remediation Link',
		{ operation: 'getRemediationLink', device: { __rl: true, mode: 'id', value: 'H1' } },
		'GET',
		'/o/api/v3/devices/H1/remediation',
	],
];

describe('no redirect is followed: the token goes to the Base URL host only', () => {
	const TOKEN = accessTokenCredential().accessToken as string;

	test.each(
		OPERATIONS.flatMap(([name, parameters, method, path]) =>
			[302, 307].map((status) => [name, status, parameters, method, path] as const),
		),
	)('%s answered %d', async (_name, status, parameters, method, path) => {
		const seen = otherHost();
		const api = new FakeApi(env.clock);
		api.handler = (request: FakeRequest) => ({
			status,
			headers: {
				Location: `${OTHER}${request.path}?${new URLSearchParams(request.query).toString()}`,
			},
		});
		const error = await runActionNode({ parameters }).catch((e: unknown) => e);
		expect(error).toMatchObject({
			name: 'NodeApiError',
			message: `MetaAccess answered HTTP ${status} to ${method} ${path}: a redirect to http://other-host.example, not followed`,
			httpCode: String(status),
		});
		expect((error as { description: string }).description).toContain(
			"The node follows no redirect: the access token rides in the request's address and goes to the Base URL's host (https://gears.opswat.com) only. If MetaAccess has moved to http://other-host.example, set the Base URL of the OPSWAT MetaAccess credential to it.",
		);
		// Sent once to the Base URL, not retried, never to the other host.
		expect(api.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`${method} ${path}`]);
		expect(seen).toEqual([]);
		expect(errorText(error)).not.toContain(TOKEN);
	});

	test('a redirect loop to the same host is one request and an error, not a loop', async () => {
		const api = new FakeApi(env.clock);
		api.handler = (request) => ({
			status: 301,
			headers: { Location: `${request.path}?access_token=${TOKEN}` },
		});
		const error = await runActionNode({
			parameters: { operation: 'getAll', limit: 1 },
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({
			message:
				'MetaAccess answered HTTP 301 to GET /o/api/v2.3/devices: a redirect to https://gears.opswat.com, not followed',
		});
		expect(api.requests).toHaveLength(1);
		expect(errorText(error)).not.toContain(TOKEN);
	});

	test('the token fetch (client credentials) follows no redirect: the client secret stays', async () => {
		const seen = otherHost();
		const credentials = clientCredential();
		const fetches: unknown[] = [];
		nock(BASE)
			.post('/o/oauth/token')
			.reply(function (_uri, body) {
				fetches.push(body);
				return [307, '', { Location: `${OTHER}/o/oauth/token` }];
			});
		const error = await runActionNode({
			parameters: { operation: 'getAll', limit: 1 },
			credentials,
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({
			message:
				'GET /o/api/v2.3/devices was not sent: Could not get an access token from https://gears.opswat.com/o/oauth/token (HTTP 307, a redirect to http://other-host.example, not followed). Check the Base URL, Client ID and Client Secret of the OPSWAT MetaAccess credential.',
		});
		expect(fetches).toHaveLength(1);
		expect(seen).toEqual([]);
		expect(errorText(error)).not.toContain(credentials.clientSecret as string);
	});

	test("the credential test's request follows no redirect", () => {
		expect(new OpswatMetaAccessApi().test.request).toMatchObject({ disableFollowRedirect: true });
	});
});

describe('redaction covers the raw, URL-encoded and form-encoded forms of every secret', () => {
	const RAW = 'Zq7SECRETtok+en/Abc=';
	const SECRET = 'CliSECRET-9x+y/z';

	test('the forms of a secret', () => {
		expect(secretForms(RAW)).toEqual([
			'Zq7SECRETtok%252Ben%252FAbc%253D',
			'Zq7SECRETtok%252ben%252fAbc%253d',
			'Zq7SECRETtok%2Ben%2FAbc%3D',
			'Zq7SECRETtok%2ben%2fAbc%3d',
			'Zq7SECRETtok+en/Abc=',
		]);
		expect(redact(`a Zq7SECRETtok%2ben%2fAbc%3d b Zq7SECRETtok+en/Abc= c`, [RAW])).toBe(
			'a *** b *** c',
		);
		expect(redact('x client_secret=abc%2Bdef&grant_type=y refresh_token: "r1"', [])).toBe(
			'x client_secret=***&grant_type=y refresh_token: "***"',
		);
		expect(redact('a b', [' b'])).toBe('a***');
		// Spaces: %20 in a query, + in a form.
		expect(secretForms('a b c')).toEqual(expect.arrayContaining(['a b c', 'a%20b%20c', 'a+b+c']));
	});

	test('a 400 whose description holds the URL-encoded token: in no message, stack, JSON or toJSON()', async () => {
		const api = new FakeApi(env.clock);
		api.handler = () => ({
			status: 400,
			body: { error: 'invalid_request', error_description: `bad token ${encodeURIComponent(RAW)}` },
		});
		const error = await runActionNode({
			parameters: { operation: 'getAll', limit: 1 },
			credentials: accessTokenCredential({ accessToken: RAW }),
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({
			message:
				'MetaAccess answered HTTP 400 to GET /o/api/v2.3/devices: invalid_request: bad token ***',
		});
		const text = errorText(error);
		for (const form of secretForms(RAW)) expect(text).not.toContain(form);
	});

	test('a token endpoint echoing the form body: the client secret in no form', async () => {
		const credentials = clientCredential({ clientSecret: SECRET });
		nock(BASE)
			.post('/o/oauth/token')
			.reply(400, (_uri, body) => ({ error: 'invalid_client', error_description: `got ${body}` }));
		const error = await runActionNode({
			parameters: { operation: 'getAll', limit: 1 },
			credentials,
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({
			message:
				'GET /o/api/v2.3/devices was not sent: Could not get an access token from https://gears.opswat.com/o/oauth/token (HTTP 400, invalid_client: got grant_type=client_credentials&client_id=e2e-client&client_secret=***). Check the Base URL, Client ID and Client Secret of the OPSWAT MetaAccess credential.'.replace(
					'e2e-client',
					String(credentials.clientId),
				),
		});
		const text = errorText(error);
		for (const form of secretForms(SECRET)) expect(text).not.toContain(form);
	});

	test('a fetched session token echoed in an answer reaches no output item', async () => {
		const SESSION = 'SeSSioN/tok+42==';
		const credentials = clientCredential();
		nock(BASE).post('/o/oauth/token').reply(200, { access_token: SESSION });
		const api = new FakeApi(env.clock);
		api.handler = (request) => ({
			status: 200,
			body: [
				{
					hwid: 'H1',
					note: `echo ${request.query.access_token}`,
					link: `https://x/r.html?access_token=${encodeURIComponent(String(request.query.access_token))}`,
					[`key ${SESSION}`]: 'in a key',
					nested: { list: [`form ${new URLSearchParams({ t: SESSION }).toString()}`] },
				},
			],
		});
		const { items } = await runActionNode({
			parameters: { operation: 'getAll', limit: 1, simplify: false },
			credentials,
		});
		expect(api.requests[0].query.access_token).toBe(SESSION);
		expect(items).toEqual([
			{
				json: {
					hwid: 'H1',
					note: 'echo ***',
					link: 'https://x/r.html?access_token=***',
					'key ***': 'in a key',
					nested: { list: ['form t=***'] },
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('network failures are named', () => {
	const closedPort = async () => {
		const server = net.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as net.AddressInfo;
		await new Promise((resolve) => server.close(resolve));
		return port;
	};

	test('a TLS failure (self-signed certificate) says the secure connection failed, and is not retried', async () => {
		nock.enableNetConnect('127.0.0.1');
		const folder = mkdtempSync(path.join(os.tmpdir(), 'tls-'));
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-subj',
				'/CN=127.0.0.1',
				'-days',
				'1',
				'-keyout',
				path.join(folder, 'key.pem'),
				'-out',
				path.join(folder, 'cert.pem'),
			],
			{ stdio: 'ignore' },
		);
		let requests = 0;
		const server = https.createServer(
			{
				key: readFileSync(path.join(folder, 'key.pem')),
				cert: readFileSync(path.join(folder, 'cert.pem')),
			},
			(_request, response) => {
				requests++;
				response.end('[]');
			},
		);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as net.AddressInfo).port;
		try {
			const error = await runActionNode({
				parameters: { operation: 'getAll', limit: 1 },
				credentials: accessTokenCredential({ baseUrl: `https://127.0.0.1:${port}` }),
			}).catch((e: unknown) => e);
			expect(error).toMatchObject({
				message:
					"Could not reach MetaAccess for GET /o/api/v2.3/devices: the secure connection failed (the server's certificate or TLS setup was refused: depth zero self signed cert)",
				description:
					'Tried 1 time. Check the Base URL of the OPSWAT MetaAccess credential and the network between n8n and MetaAccess.',
			});
			expect(requests).toBe(0);
			expect(env.clock.sleeps).toEqual([]);
		} finally {
			server.close();
		}
	});

	test('a connection reset on Delete: not resent, the outcome is unknown', async () => {
		nock.enableNetConnect('127.0.0.1');
		const dropper = net.createServer((socket) => socket.on('data', () => socket.destroy()));
		await new Promise<void>((resolve) => dropper.listen(0, '127.0.0.1', resolve));
		const baseUrl = `http://127.0.0.1:${(dropper.address() as net.AddressInfo).port}`;
		try {
			const error = await runActionNode({
				parameters: { operation: 'delete', identifyBy: 'id', devices: 'H1' },
				credentials: accessTokenCredential({ baseUrl }),
			}).catch((e: unknown) => e);
			expect(error).toMatchObject({
				message:
					'Could not reach MetaAccess for POST /o/api/v2/devices/delete: the connection was closed unexpectedly',
				description:
					'It is not known whether MetaAccess carried the request out, so it was not sent again. List the devices to check before running it again.',
			});
			expect(env.clock.sleeps).toEqual([]);
		} finally {
			dropper.close();
		}
	});

	test.each([
		['ENOTFOUND', 'the host name was not found', 4],
		['EAI_AGAIN', 'the host name could not be looked up', 4],
		['ECONNRESET', 'the connection was closed unexpectedly', 4],
		[
			'ERR_TLS_CERT_ALTNAME_INVALID',
			"the secure connection failed (the server's certificate or TLS setup was refused: err tls cert altname invalid)",
			1,
		],
		['ERR_INVALID_URL', 'the Base URL is not a valid address', 1],
		['EWEIRD', 'the connection failed (eweird)', 1],
	])('%s on a GET: named, tried as often as it may help', async (code, words, attempts) => {
		nock(BASE)
			.get('/o/api/v2.3/devices')
			.query(true)
			.times(attempts)
			.replyWithError(Object.assign(new Error(`${code} something`), { code }) as unknown as string);
		const error = await runActionNode({ parameters: { operation: 'getAll', limit: 1 } }).catch(
			(e: unknown) => e,
		);
		expect((error as Error).message).toBe(
			`Could not reach MetaAccess for GET /o/api/v2.3/devices: ${words}`,
		);
		expect(env.clock.sleeps).toEqual([1000, 2000, 4000].slice(0, attempts - 1));
		expect(nock.pendingMocks()).toEqual([]);
	});

	test('a refused connection names it', async () => {
		nock.enableNetConnect('127.0.0.1');
		const port = await closedPort();
		const error = await runActionNode({
			parameters: { operation: 'getAll', limit: 1 },
			credentials: accessTokenCredential({ baseUrl: `http://127.0.0.1:${port}` }),
		}).catch((e: unknown) => e);
		expect((error as Error).message).toBe(
			'Could not reach MetaAccess for GET /o/api/v2.3/devices: the connection was refused',
		);
	});

	test('a Delete answered with a 200 that is not JSON: the outcome is unknown, not a Base URL problem', async () => {
		const api = new FakeApi(env.clock);
		api.handler = () => ({ status: 200, body: '<html>ok</html>' });
		const error = await runActionNode({
			parameters: { operation: 'delete', identifyBy: 'id', devices: 'H1' },
		}).catch((e: unknown) => e);
		expect(error).toMatchObject({
			message:
				'MetaAccess answered POST /o/api/v2/devices/delete with something that is not the JSON it documents',
			description:
				'The answer could not be read, so the outcome is unknown: MetaAccess may have carried the request out. It was not sent again. List the devices to check before running it again, and check that the Base URL points to the MetaAccess cloud, not a login page or proxy.',
		});
		expect(api.requests).toHaveLength(1);
	});
});
