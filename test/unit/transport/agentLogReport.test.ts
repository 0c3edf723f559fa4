/**
 * client.agentLogReport: Get Reports v3.0 for an agent log, read as bytes (the file, named and
 * typed by its headers) or as JSON (a state; `error` is a NodeApiError).
 */
import { NodeApiError } from 'n8n-workflow';

import { dispositionFileName } from '../../../nodes/OpswatMetaAccess/transport/client';
import { MetaAccessClient } from '../../../nodes/OpswatMetaAccess/transport/client';
import { DEFAULT_REQUEST_OPTIONS } from '../../../nodes/OpswatMetaAccess/transport/types';
import { FakeApi, type FakeAnswer } from '../../harness/fakeApi';
import { actionContext } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

const env = useNodeTestEnvironment();
let api: FakeApi;
beforeEach(() => {
	api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000 });
});

const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0xff, 0x00, 0x80]);
const options = { ...DEFAULT_REQUEST_OPTIONS, itemIndex: 2 };

function client(): MetaAccessClient {
	const { context } = actionContext({ parameters: { operation: 'getAgentLog' } });
	return new MetaAccessClient(context, env.clock);
}

async function report(answer: FakeAnswer, commandId = 'cdhk12j279h35k214') {
	api.handler = () => answer;
	return await client().agentLogReport(commandId, options);
}

const json = (body: unknown): FakeAnswer => ({
	status: 200,
	body: JSON.stringify(body),
	headers: { 'Content-Type': 'application/json; charset=utf-8' },
});

test('sends the documented request and hands back the file with its name and type', async () => {
	const result = await report({
		status: 200,
		body: ZIP,
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': 'attachment; filename="agent_log_cdhk12j279h35k214.zip"',
		},
	});
	expect(result).toStrictEqual({
		ready: true,
		data: ZIP,
		fileName: 'agent_log_cdhk12j279h35k214.zip',
		mimeType: 'application/zip',
	});
	expect(Buffer.isBuffer(result.ready && result.data)).toBe(true);
	expect(api.requests.map((r) => [r.method, r.path, r.query])).toStrictEqual([
		[
			'GET',
			'/o/api/v3/get_reports',
			{
				type: 'agent_log',
				command_id: 'cdhk12j279h35k214',
				access_token: 'TEST7P9ZMJ2LBF8AMOMJLFNPMMLO953AVQ4C9YFF52R61234',
			},
		],
	]);
});

test('a file name echoing the access token is handed back without it (headers scrubbed like bodies)', async () => {
	const token = 'TEST7P9ZMJ2LBF8AMOMJLFNPMMLO953AVQ4C9YFF52R61234';
	const result = await report({
		status: 200,
		body: ZIP,
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': `attachment; filename="log_${token}.zip"`,
		},
	});
	expect(result).toStrictEqual({
		ready: true,
		data: ZIP,
		fileName: 'log_***.zip',
		mimeType: 'application/zip',
	});
});

test('names a file without Content-Disposition after the command, typed application/zip', async () => {
	expect(await report({ status: 200, body: ZIP }, 'abc')).toStrictEqual({
		ready: true,
		data: ZIP,
		fileName: 'agent_log_abc.zip',
		mimeType: 'application/zip',
	});
});

test('a JSON status that is not error is a report that is not ready', async () => {
	expect(await report(json({ status: 'pending', message: 'Not ready yet' }))).toStrictEqual({
		ready: false,
		status: 'pending',
		message: 'Not ready yet',
	});
	expect(await report(json({ status: 'processing' }))).toStrictEqual({
		ready: false,
		status: 'processing',
		message: '',
	});
	// A JSON object sent as another type is still read as JSON.
	expect(
		await report({
			status: 200,
			body: ' {"status":"pending","message":"wait"}',
			headers: { 'Content-Type': 'application/octet-stream' },
		}),
	).toStrictEqual({ ready: false, status: 'pending', message: 'wait' });
});

test('status error is a NodeApiError naming the command and the item', async () => {
	const error = await report(json({ status: 'error', message: 'Invalid command id' })).catch(
		(e: unknown) => e,
	);
	expect(error).toBeInstanceOf(NodeApiError);
	expect((error as NodeApiError).message).toBe(
		'MetaAccess has no agent log for command ID "cdhk12j279h35k214": Invalid command id',
	);
	expect((error as NodeApiError).description).toContain('Check the Command ID');
	expect((error as NodeApiError).context.itemIndex).toBe(2);
});

test('JSON of another shape, and an empty file, are errors; an HTTP error keeps its wording', async () => {
	const shapes = [json({ result: 1 }), json([1, 2])];
	for (const answer of shapes) {
		await expect(report(answer)).rejects.toThrow(
			'MetaAccess answered Get Reports with neither a file nor the documented status and message',
		);
	}
	await expect(report({ status: 200, body: Buffer.alloc(0) })).rejects.toThrow(
		'MetaAccess answered GET /o/api/v3/get_reports with something that is not the JSON it documents',
	);
	const failed = await report({
		status: 400,
		body: JSON.stringify({ error: 'invalid_request', error_description: 'command_id is required' }),
		headers: { 'Content-Type': 'application/json' },
	}).catch((e: unknown) => e);
	expect((failed as NodeApiError).message).toBe(
		'MetaAccess answered HTTP 400 to GET /o/api/v3/get_reports: invalid_request: command_id is required',
	);
});

test.each([
	['attachment; filename="log.zip"', 'log.zip'],
	['attachment; filename=log.zip', 'log.zip'],
	['attachment; filename*=UTF-8\'\'agent%20log.zip; filename="x.zip"', 'agent log.zip'],
	['attachment; filename="../../etc/passwd"', 'passwd'],
	['attachment; filename="C:\\\\logs\\\\a.zip"', 'a.zip'],
	['attachment; filename=".."', undefined],
	['attachment', undefined],
	[undefined, undefined],
])('Content-Disposition %p names the file %p', (header, name) => {
	expect(dispositionFileName(header)).toBe(name);
});
