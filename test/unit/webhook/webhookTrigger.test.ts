/**
 * The webhook trigger through n8n-core's WebhookContext, request by request, as n8n's webhook
 * server calls it: exact items and answers, refusals that start nothing, the filter, the
 * credential test and the activation (n8n-core's HookContext). Limits: pushLimits.test.ts;
 * retries and the memory: recentPushes.test.ts.
 */
import crypto from 'crypto';
import { readFileSync } from 'fs';
import path from 'path';
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { OpswatMetaAccessWebhookApi } from '../../../credentials/OpswatMetaAccessWebhookApi.credentials';
import { OpswatMetaAccessWebhookTrigger } from '../../../nodes/OpswatMetaAccess/OpswatMetaAccessWebhookTrigger.node';
import { deliver, lifecycle, pushOf, WEBHOOK_KEY } from '../../harness/webhook';
import { VirtualClock } from '../../harness/virtualClock';
import { digest96 } from './digest';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);

let clock: VirtualClock;
beforeEach(() => {
	clock = new VirtualClock().install();
});
afterEach(() => clock.uninstall());

test('each entry becomes one item: device_id, status, timestamp, changed_at, any other field under extra_fields; the answer counts them', async () => {
	const staticData: IDataObject = {};
	const delivery = await deliver(
		{ staticData },
		pushOf([
			{ device_id: '6WXJURV8QAM0I7KC', status: 'non_compliant', timestamp: T0 },
			{ device_id: 'BCDJDHT6JLFIOXIA', status: 'compliant', timestamp: T0 + 1500, group: 'HQ' },
		]),
	);
	expect(delivery.status).toBe(200);
	expect(delivery.body).toEqual({ received: 2, repeated: 0, emitted: 2 });
	expect(delivery.execution).toEqual([
		{
			json: {
				device_id: '6WXJURV8QAM0I7KC',
				status: 'non_compliant',
				timestamp: T0,
				changed_at: '2026-11-21T12:00:00.000Z',
			},
		},
		{
			json: {
				device_id: 'BCDJDHT6JLFIOXIA',
				status: 'compliant',
				timestamp: T0 + 1500,
				changed_at: '2026-11-21T12:00:01.500Z',
				extra_fields: { group: 'HQ' },
			},
		},
	]);
	// What is remembered: 16 characters an entry (96 bits of its SHA-256), and one for the push.
	const entries =
		digest96('["6WXJURV8QAM0I7KC","non_compliant",1795262400000]') +
		digest96('["BCDJDHT6JLFIOXIA","compliant",1795262401500]');
	expect(staticData).toEqual({
		'node:OPSWAT MetaAccess Webhook Trigger': {
			recent: [[clock.now(), entries]],
			pushes: [[clock.now(), digest96(entries)]],
		},
	});
});

test('a timestamp given as digits is read as Unix ms; an empty array starts nothing', async () => {
	const staticData: IDataObject = {};
	const delivery = await deliver(
		{ staticData },
		pushOf([{ device_id: 'A1', status: 'installed', timestamp: String(T0) }]),
	);
	expect(delivery.execution).toEqual([
		{
			json: {
				device_id: 'A1',
				status: 'installed',
				timestamp: T0,
				changed_at: '2026-11-21T12:00:00.000Z',
			},
		},
	]);
	const empty = await deliver({ staticData }, pushOf([]));
	expect(empty).toMatchObject({
		status: 200,
		body: { received: 0, repeated: 0, emitted: 0 },
		execution: null,
	});
});

describe('a request without the API key is refused with 401 and starts nothing', () => {
	const entries = [{ device_id: 'A1', status: 'compliant', timestamp: T0 }];
	test.each([
		['a wrong key', pushOf(entries, 'wrong-key')],
		['no Authorization header', pushOf(entries, null)],
		['the key with a Bearer prefix', pushOf(entries, `Bearer ${WEBHOOK_KEY}`)],
		['the key cut short', pushOf(entries, WEBHOOK_KEY.slice(0, -1))],
		['the key in another case', pushOf(entries, WEBHOOK_KEY.toUpperCase())],
		[
			'a repeated header',
			{ headers: { authorization: [WEBHOOK_KEY, WEBHOOK_KEY] }, body: entries },
		],
	])('%s', async (_label, push) => {
		const staticData: IDataObject = { 'node:OPSWAT MetaAccess Webhook Trigger': { recent: [] } };
		const delivery = await deliver({ staticData }, push);
		expect(delivery).toMatchObject({
			status: 401,
			body: {
				code: 401,
				message: 'The Authorization header is not the API key of this webhook',
			},
			execution: null,
			result: { noWebhookResponse: true },
		});
		expect(staticData).toEqual({ 'node:OPSWAT MetaAccess Webhook Trigger': { recent: [] } });
	});

	test('a credential with an empty key refuses even an empty header', async () => {
		const staticData: IDataObject = {};
		const delivery = await deliver(
			{ staticData, credentials: { apiKey: '' } },
			pushOf(entries, ''),
		);
		expect(delivery).toMatchObject({ status: 401, execution: null });
	});

	test('the comparison is timingSafeEqual over two digests of equal length', async () => {
		const spy = jest.spyOn(crypto, 'timingSafeEqual');
		try {
			await deliver({ staticData: {} }, pushOf(entries, 'x'));
			await deliver({ staticData: {} }, pushOf(entries, WEBHOOK_KEY));
			expect(spy).toHaveBeenCalledTimes(2);
			for (const [a, b] of spy.mock.calls) {
				expect([(a as Buffer).length, (b as Buffer).length]).toEqual([32, 32]);
			}
			expect(spy.mock.results.map((result) => result.value)).toEqual([false, true]);
		} finally {
			spy.mockRestore();
		}
	});
});

describe('a body that is not an array of entries is refused with 400 and starts nothing', () => {
	test.each([
		['an object', { device_id: 'A1', status: 'compliant', timestamp: T0 }, 'got an object'],
		['text', 'device_id=A1', 'got string'],
		['no body', undefined, 'got nothing'],
		['null', null, 'got nothing'],
	])('%s', async (_label, body, got) => {
		const staticData: IDataObject = {};
		const delivery = await deliver({ staticData }, pushOf(body));
		expect(delivery).toMatchObject({
			status: 400,
			body: {
				code: 400,
				message: `The body must be a JSON array of { device_id, status, timestamp } (${got})`,
			},
			execution: null,
		});
		expect(staticData).toEqual({});
	});

	test.each([
		[['A1'], 'Entry 0 is not an object'],
		[[{ status: 'compliant', timestamp: T0 }], 'Entry 0 has no device_id (a non-empty string)'],
		[
			[
				{ device_id: 'A1', status: 'compliant', timestamp: T0 },
				{ device_id: 'A2', status: 3, timestamp: T0 },
			],
			'Entry 1 has no status (a non-empty string)',
		],
		[
			[{ device_id: 'A1', status: 'compliant', timestamp: '2026-11-21T12:00:00Z' }],
			'Entry 0 has no timestamp (Unix time in milliseconds)',
		],
		[
			[{ device_id: 'A1', status: 'compliant', timestamp: 1.5 }],
			'Entry 0 has no timestamp (Unix time in milliseconds)',
		],
	])('%j', async (body, message) => {
		const staticData: IDataObject = {};
		const delivery = await deliver({ staticData }, pushOf(body));
		expect(delivery).toMatchObject({ status: 400, body: { code: 400, message }, execution: null });
		expect(staticData).toEqual({});
	});
});

describe('Statuses filter', () => {
	const push = pushOf([
		{ device_id: 'A1', status: 'compliant', timestamp: T0 },
		{ device_id: 'A2', status: 'non_compliant', timestamp: T0 },
		{ device_id: 'A3', status: 'installed', timestamp: T0 },
		{ device_id: 'A4', status: 'deleted', timestamp: T0 },
		{ device_id: 'A5', status: 'quarantined', timestamp: T0 },
	]);

	test('none chosen: every status, a future one included', async () => {
		const delivery = await deliver({ staticData: {} }, push);
		expect(delivery.execution!.map((item) => item.json.status)).toEqual([
			'compliant',
			'non_compliant',
			'installed',
			'deleted',
			'quarantined',
		]);
	});

	test('chosen: only those; a push with none of them starts nothing', async () => {
		const staticData: IDataObject = {};
		const parameters = { statuses: ['non_compliant', 'deleted'] };
		const delivery = await deliver({ staticData, parameters }, push);
		expect(delivery.execution!.map((item) => item.json.device_id)).toEqual(['A2', 'A4']);
		const none = await deliver(
			{ staticData, parameters },
			pushOf([{ device_id: 'A9', status: 'compliant', timestamp: T0 }]),
		);
		expect(none).toMatchObject({
			status: 200,
			body: { received: 1, repeated: 0, emitted: 0 },
			execution: null,
		});
	});
});

test('the credential test checks only what would make every push fail', async () => {
	const check = new OpswatMetaAccessWebhookTrigger().methods.credentialTest.checkWebhookApiKey;
	const run = (apiKey: unknown) =>
		check.call({} as never, {
			id: '1',
			name: 'key',
			type: 'opswatMetaAccessWebhookApi',
			data: { apiKey } as ICredentialDataDecryptedObject,
		});
	expect(await run('k3y')).toEqual({
		status: 'OK',
		message: 'The API key can be sent in an Authorization header',
	});
	expect(await run('')).toEqual({ status: 'Error', message: 'API Key is empty' });
	for (const bad of [' k3y', 'k3y\n', 'k\u00003y']) expect((await run(bad)).status).toBe('Error');
});

test('the node: one POST webhook answered on receipt, its own credential', () => {
	const { description } = new OpswatMetaAccessWebhookTrigger();
	expect(description).toMatchObject({
		name: 'opswatMetaAccessWebhookTrigger',
		group: ['trigger'],
		inputs: [],
		credentials: [{ name: 'opswatMetaAccessWebhookApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'webhook',
			},
		],
	});
	expect(description.polling).toBeUndefined();
});

test('the Docs links land on docs/webhook.md (codex URLs without an anchor: n8n appends ?utm_…)', () => {
	const docs =
		'https://github.com/opswat-metaaccess/n8n-nodes-opswat-metaaccess/blob/main/docs/webhook.md';
	const codex = JSON.parse(
		readFileSync(
			path.join(
				__dirname,
				'../../../nodes/OpswatMetaAccess/OpswatMetaAccessWebhookTrigger.node.json',
			),
			'utf8',
		),
	) as { resources: Record<string, Array<{ url: string }>> };
	expect(codex.resources).toEqual({
		credentialDocumentation: [{ url: docs }],
		primaryDocumentation: [{ url: docs }],
	});
	expect(new OpswatMetaAccessWebhookApi().documentationUrl).toBe(docs);
});

describe("n8n's webhook lifecycle: nothing to register at MetaAccess, the key checked at activation", () => {
	test('activation: checkExists answers false, create checks the key and answers true', async () => {
		expect(await lifecycle({ staticData: {} }, 'activate')).toEqual([
			['checkExists', false],
			['create', true],
		]);
	});

	test('deactivation: delete answers true', async () => {
		expect(await lifecycle({ staticData: {} }, 'deactivate')).toEqual([['delete', true]]);
	});

	test.each([
		['', 'API Key is empty: no push could be accepted'],
		[
			` ${WEBHOOK_KEY}`,
			'API Key has white space at an end or a control character: MetaAccess could never send it as it is: no push could be accepted',
		],
		[
			`${WEBHOOK_KEY}\u0007`,
			'API Key has white space at an end or a control character: MetaAccess could never send it as it is: no push could be accepted',
		],
	])('a key MetaAccess could never send (%j) refuses the activation', async (apiKey, message) => {
		await expect(
			lifecycle({ staticData: {}, credentials: { apiKey } }, 'activate'),
		).rejects.toMatchObject({
			message,
			description:
				'Set the API key of the OPSWAT MetaAccess Webhook API credential to the one entered in the MetaAccess console, then activate the workflow again.',
		});
	});
});
