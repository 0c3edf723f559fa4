/**
 * A request's Max Wait on Rate Limit counts from its first 429, not from when it joined this
 * process's queue: executions that wait their turn behind others (at a low rate, or a queue-mode
 * worker with a small share of the account) are not failed at their first 429.
 */
import { FakeApi, type FakeAnswer } from '../../harness/fakeApi';
import { accessTokenCredential, runActionNode, useClock } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import { EventClock } from '../../harness/eventClock';

useNodeTestEnvironment();

const found: FakeAnswer = {
	status: 200,
	body: { result: 1, remediation_link: 'https://x/r.html' },
};

test.each([2, 3, 5])(
	'%i executions at once, one request each, at 1 a minute: a request that waited its turn for Max Wait is still retried after its 429 (the wait counts from its first 429)',
	async (executions) => {
		// Every request is refused once at its first try; the limiter lets one go a minute. The
		// later executions wait a minute or more in this process's queue before their first try,
		// with no success meanwhile: that wait is not a wait on the account.
		const clock = new EventClock();
		useClock(clock);
		const api = new FakeApi(clock);
		const tried = new Set<string>();
		api.handler = (request) => {
			if (tried.has(request.path)) return found;
			tried.add(request.path);
			return { status: 429 };
		};
		const credentials = accessTokenCredential({ requestsPerMinute: 1 });
		const runs = Array.from({ length: executions }, (_, i) =>
			runActionNode(
				{
					parameters: {
						operation: 'getRemediationLink',
						device: { __rl: true, mode: 'id', value: `DEVICE${i}` },
						options: { maxWaitOnRateLimit: 60 },
					},
					credentials,
				},
				[{}],
			),
		);
		const outcomes = await Promise.all(runs);
		expect(outcomes.map(({ items }) => items[0].json.found)).toEqual(Array(executions).fill(true));
		expect(api.requests.map((request) => request.status)).toEqual([
			...Array(executions).fill(429),
			...Array(executions).fill(200),
		]);
	},
);
