/**
 * Visible waits: a run that stood waiting for the rate limit tells the user so in an execution
 * hint (how long, and why); a run that did not wait adds none.
 */
import { FakeApi, type FakeAnswer } from '../../harness/fakeApi';
import { accessTokenCredential, runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { rateLimitWaitMessage } from '../../../nodes/OpswatMetaAccess/transport/clock';

const env = useNodeTestEnvironment();

const found: FakeAnswer = {
	status: 200,
	body: { result: 1, remediation_link: 'https://x/r.html' },
};

const remediationRun = (count: number, credentials = accessTokenCredential()) =>
	runActionNode(
		{
			parameters: {
				operation: 'getRemediationLink',
				device: { __rl: true, mode: 'id', value: '={{ $json.hwid }}' },
			},
			credentials,
		},
		Array.from({ length: count }, (_, i) => ({ hwid: `DEVICE${i}` })),
	);

const PACED_60 =
	"This run waited 60 s for MetaAccess's rate limit. MetaAccess allows 10 requests a minute per account, and the node sends at most 10 a minute (Requests per Minute in the credential), shared by every workflow that uses this account in this n8n.";

test('a run within the rate limit adds no hint', async () => {
	const api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000 });
	api.handler = () => found;
	const { hints, items } = await remediationRun(10);
	expect(items).toHaveLength(10);
	expect(env.clock.slept).toBe(0);
	expect(hints).toEqual([]);
});

test('a run paced by the limiter says how long it waited and why, once (waits side by side count once)', async () => {
	const api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000 });
	api.handler = () => found;
	const { hints } = await remediationRun(15);
	expect(api.count429).toBe(0);
	expect(env.clock.slept).toBe(60_000);
	expect(hints).toEqual([{ message: PACED_60, type: 'info', location: 'outputPane' }]);
});

test('a second run waiting for the window the first one spent is told so (the issue: 57 s of silence)', async () => {
	const api = new FakeApi(env.clock, { limit: 10, windowMs: 60_000 });
	api.handler = () => found;
	expect((await remediationRun(8)).hints).toEqual([]);
	const second = await remediationRun(4);
	expect(second.hints.map((hint) => hint.message)).toEqual([PACED_60]);
});

test('429s waited out are counted, with the shared account named as their likely cause', async () => {
	const api = new FakeApi(env.clock);
	let calls = 0;
	api.handler = () =>
		++calls <= 2 ? { status: 429, headers: { 'X-RateLimit-Reset-Time': '45' } } : found;
	const { hints } = await remediationRun(1, accessTokenCredential({ requestsPerMinute: 5 }));
	expect(api.requests.map((r) => r.status)).toEqual([429, 429, 200]);
	expect(hints.map((hint) => hint.message)).toEqual([
		"This run waited 90 s for MetaAccess's rate limit. MetaAccess allows 10 requests a minute per account, and the node sends at most 5 a minute (Requests per Minute in the credential), shared by every workflow that uses this account in this n8n. MetaAccess refused 2 requests as too many (HTTP 429): other workflows, n8n instances or clients are using the same account.",
	]);
});

test('the wording of the waits: under a second is not told, minutes read as minutes', () => {
	expect(rateLimitWaitMessage({ waitedMs: 999, refused: 0 })).toBeUndefined();
	expect(rateLimitWaitMessage({ waitedMs: 1000, refused: 1, requestsPerMinute: 10 })).toBe(
		"This run waited 1 s for MetaAccess's rate limit. MetaAccess allows 10 requests a minute per account, and the node sends at most 10 a minute (Requests per Minute in the credential), shared by every workflow that uses this account in this n8n. MetaAccess refused one request as too many (HTTP 429): other workflows, n8n instances or clients are using the same account.",
	);
	expect(rateLimitWaitMessage({ waitedMs: 725_400, refused: 0, requestsPerMinute: 10 })).toMatch(
		/^This run waited 12 min 5 s for /,
	);
	expect(rateLimitWaitMessage({ waitedMs: 180_000, refused: 0 })).toMatch(
		/^This run waited 3 min for /,
	);
});
