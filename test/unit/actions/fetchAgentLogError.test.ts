/** Wait for the Log when MetaAccess knows no log for the command: the fetch's result stays, the item says why. */
import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

let api: FakeApi;
const env = useNodeTestEnvironment();
beforeEach(() => {
	api = new FakeApi(env.clock);
	api.handler = (request) =>
		request.path === '/o/api/v3.1/devices/action'
			? { status: 200, body: [{ id: 'PA', status: 1, command_id: 'c1' }] }
			: {
					status: 200,
					headers: { 'Content-Type': 'application/json' },
					body: { status: 'error', message: 'Invalid command id' },
				};
});

test('an unknown command ID: one ask, then the item tells the error and the command ID', async () => {
	const { items } = await runActionNode({
		parameters: { operation: 'fetchAgentLog', devices: 'PA', waitForLog: true },
	});
	expect(api.requests.map((r) => [r.method, r.path, r.query])).toEqual([
		['POST', '/o/api/v3.1/devices/action', { access_token: expect.any(String) }],
		[
			'GET',
			'/o/api/v3/get_reports',
			{ type: 'agent_log', command_id: 'c1', access_token: expect.any(String) },
		],
	]);
	expect(items).toEqual([
		{
			json: {
				id: 'PA',
				action: 'fetch_agent_log',
				result_code: 1,
				result: 'applied',
				result_description:
					'MetaAccess asked the agent for its log: get it with Get Agent Log and the command ID.',
				success: true,
				command_id: 'c1',
				log: 'error',
				log_error:
					'MetaAccess has no agent log for command ID "c1": Invalid command id. Get the log later with Get Agent Log and command ID c1.',
			},
			pairedItem: { item: 0 },
		},
	]);
});
