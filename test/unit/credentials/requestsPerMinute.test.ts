/**
 * Requests per Minute takes a whole number from 1 to 6000: anything else is refused before any
 * request, by every node that uses the credential (the action, the trigger's poll), with an error
 * that names the value and the range. 0.5 would make 25 requests take 48 minutes; 1e9 or Infinity
 * would turn the pacing off.
 */
import { FakeApi } from '../../harness/fakeApi';
import { accessTokenCredential, runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { runPoll } from '../../harness/poll';
import { OpswatMetaAccessApi } from '../../../credentials/OpswatMetaAccessApi.credentials';
import { REQUESTS_PER_MINUTE } from '../../../credentials/common';

const env = useNodeTestEnvironment();

let api: FakeApi;
beforeEach(() => {
	api = new FakeApi(env.clock);
	api.handler = () => ({ status: 200, body: { result: 1, remediation_link: 'https://x/r' } });
});

const remediation = (requestsPerMinute: unknown) =>
	runActionNode({
		parameters: {
			operation: 'getRemediationLink',
			device: { __rl: true, mode: 'id', value: 'device123' },
		},
		credentials: accessTokenCredential({ requestsPerMinute } as never),
	});

const refusal = (value: string) => ({
	name: 'NodeOperationError',
	message: `The OPSWAT MetaAccess credential has Requests per Minute ${value}: it takes a whole number from 1 to 6000`,
	description:
		'Open the credential and set Requests per Minute to a whole number from 1 to 6000. MetaAccess allows 10 requests a minute per account (the default).',
});

test.each([
	[0.5, '0.5'],
	[1e9, '1000000000'],
	[Infinity, 'Infinity'],
	[-Infinity, '-Infinity'],
	[NaN, 'NaN'],
	[0, '0'],
	[-10, '-10'],
	[6001, '6001'],
	[10.5, '10.5'],
	['ten', 'ten'],
	['1e9', '1e9'],
	[true, 'true'],
])('%p is refused before any request', async (value, shown) => {
	await expect(remediation(value)).rejects.toMatchObject({
		...refusal(shown),
		context: { itemIndex: 0 },
	});
	expect(api.requests).toEqual([]);
});

test.each([
	[1, 1],
	[10, 1],
	[6000, 1],
	['300', 1],
	[undefined, 1],
	[null, 1],
	['', 1],
])('%p is taken (none: 10)', async (value, requests) => {
	const { items } = await remediation(value);
	expect(items.map((item) => item.json.found)).toEqual([true]);
	expect(api.requests).toHaveLength(requests);
});

test('the trigger refuses it before its first page, and records nothing from the poll', async () => {
	const staticData = {};
	const error = await runPoll({
		parameters: { events: ['newDevice'], filters: {}, simplify: true, options: {} },
		staticData,
		credentials: accessTokenCredential({ requestsPerMinute: 0.5 }),
	}).catch((caught: unknown) => caught as { message: string; description: string });
	const { message, description } = refusal('0.5');
	expect(error).toMatchObject({
		message,
		description: `${description} Nothing was recorded from this poll: the next poll scans again from page 1, so no change is lost or reported twice.`,
	});
	expect(api.requests).toEqual([]);
	expect(staticData).toEqual({ 'node:OPSWAT MetaAccess Trigger': {} });
});

test('the field takes whole numbers from 1 to 6000 and says so', () => {
	const field = new OpswatMetaAccessApi().properties.find((p) => p.name === 'requestsPerMinute')!;
	expect(field.typeOptions).toEqual({ minValue: 1, maxValue: 6000, numberPrecision: 0 });
	expect(field.default).toBe(10);
	expect(field.description).toContain('a whole number from 1 to 6000 (MetaAccess documents 10)');
});

test("the field's range is the one the nodes check", () => {
	const field = new OpswatMetaAccessApi().properties.find((p) => p.name === 'requestsPerMinute')!;
	const { min, max, default: fallback } = REQUESTS_PER_MINUTE;
	expect([field.typeOptions?.minValue, field.typeOptions?.maxValue, field.default]).toEqual([
		min,
		max,
		fallback,
	]);
});
