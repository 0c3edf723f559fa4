/**
 * The Group field of Assign to Group: From List (methods.listSearch.searchGroups) lists Get Groups
 * v3.0 of the simulator, filtered by its search; an old workflow's plain text value, By ID and
 * From List all send the group ID in Device Action.
 */
import { startSimulator, type RunningSimulator } from '../../simulator';
import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	runListSearch,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';

let clock: EventClock;
let sim: RunningSimulator;
let helper: TestCredentialsHelper;

beforeEach(async () => {
	clock = new EventClock();
	useClock(clock);
	sim = await startSimulator({ devices: 0, now: () => clock.now() });
	sim.simulation.addDevices({
		devices: [{ hwid: 'HW-1', hostname: 'one', group: 'finance' }],
	});
	helper = new TestCredentialsHelper(
		accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
	);
});
afterEach(async () => {
	useClock(undefined);
	await sim.close();
});

const requests = () =>
	sim.simulation.log.read().requests.map(({ method, path, body, status }) => ({
		method,
		path,
		body,
		status,
	}));
const list = (filter?: string) =>
	runListSearch(
		{ parameters: { operation: 'assignToGroup' }, credentialsHelper: helper },
		'searchGroups',
		filter,
	);
const GROUPS = '/o/api/v3/groups';

test('From List: every group of Get Groups (pages of 50), its policy as description', async () => {
	await expect(list()).resolves.toEqual({
		results: [
			{ name: 'Default · default', value: 'default', description: 'Policy: Default Policy' },
			{
				name: 'Engineering · engineering',
				value: 'engineering',
				description: 'Policy: Developer Workstations',
			},
			{ name: 'Finance · finance', value: 'finance', description: 'Policy: Strict Compliance' },
			{ name: 'Sales · sales', value: 'sales', description: 'Policy: Default Policy' },
			{ name: 'Servers · servers', value: 'servers', description: 'Policy: Server Baseline' },
		],
	});
	expect(requests()).toEqual([{ method: 'POST', path: GROUPS, body: { limit: 50 }, status: 200 }]);
});

test("the list's filter is Get Groups' search (group or policy name)", async () => {
	await expect(list(' strict ')).resolves.toEqual({
		results: [
			{ name: 'Finance · finance', value: 'finance', description: 'Policy: Strict Compliance' },
		],
	});
	expect(requests()).toEqual([
		{ method: 'POST', path: GROUPS, body: { search: 'strict', limit: 50 }, status: 200 },
	]);
});

test('a plain text value (older workflows), By ID and From List each send the group ID', async () => {
	const run = (group: unknown) =>
		runActionNode(
			{
				parameters: { operation: 'assignToGroup', devices: 'HW-1', group: group as string },
				credentialsHelper: helper,
			},
			[{}],
		);
	await run('sales');
	await run({ __rl: true, mode: 'id', value: 'servers' });
	await run({ __rl: true, mode: 'list', value: 'engineering', cachedResultName: 'Engineering' });
	const sent = sim.simulation.log
		.read()
		.requests.map(({ body }) => (body as { params?: { group_id?: string } }).params?.group_id);
	expect(sent).toEqual(['sales', 'servers', 'engineering']);
});
