/**
 * Fetch Agent Log with Wait for the Log, against the simulator in virtual time: Get Reports asked
 * every 20 s until the log is ready (then the log is the item's binary data) or the wait ends
 * (then the item says it is not ready, with the command ID for Get Agent Log).
 */
import type { INodeParameters } from 'n8n-workflow';

import { startSimulator, type RunningSimulator } from '../../simulator';
import { EventClock } from '../../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../../harness/n8nContext';
import { actionResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';

const ACTION = '/o/api/v3.1/devices/action';
const REPORTS = '/o/api/v3/get_reports';

let clock: EventClock;
let sim: RunningSimulator;

async function start(agentLogDelaySeconds: number) {
	clock = new EventClock();
	useClock(clock);
	sim = await startSimulator({
		devices: 0,
		rateLimit: false,
		agentLogDelaySeconds,
		now: () => clock.now(),
	});
	const persistent = (hwid: string) => ({
		hwid,
		machine_type: 'laptop',
		category: 'monitored' as const,
		agent: 'persistent' as const,
		agent_version: '7.6.300.0',
		active: 1,
	});
	sim.simulation.addDevices({ devices: [persistent('PA'), persistent('PB')] });
}
afterEach(async () => {
	useClock(undefined);
	await sim?.close();
});

async function run(parameters: INodeParameters, input = [{}]) {
	const helper = new TestCredentialsHelper(
		accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
	);
	const started = clock.now();
	const { items } = await runActionNode(
		{ credentialsHelper: helper, parameters: { operation: 'fetchAgentLog', ...parameters } },
		input,
	);
	const requests = sim.simulation.log.read().requests.map(({ method, path, query, body }) => ({
		method,
		path,
		query: { ...query, access_token: undefined },
		body,
	}));
	return { items, requests, seconds: (clock.now() - started) / 1000 };
}

const fetchRequest = (ids: string[]) => ({
	method: 'POST',
	path: ACTION,
	query: { access_token: undefined },
	body: { types: 'fetch_agent_log', ids },
});
const reportRequest = (commandId: unknown) => ({
	method: 'GET',
	path: REPORTS,
	query: { type: 'agent_log', command_id: commandId, access_token: undefined },
	body: null,
});

test('the log ready after 60 s: asked at 0, 20, 40 and 60 s, then output as binary data on the device item', async () => {
	await start(60);
	const { items, requests, seconds } = await run({ devices: 'PA, PB', waitForLog: true });
	expect(items).toHaveLength(2);
	const commandIds = items.map((item) => item.json.command_id);
	expect(commandIds.every((id) => typeof id === 'string' && id !== '')).toBe(true);
	expect(requests).toEqual([
		fetchRequest(['PA', 'PB']),
		...[0, 20, 40, 60].flatMap(() => commandIds.map(reportRequest)),
	]);
	expect(seconds).toBe(60);
	for (const [index, item] of items.entries()) {
		const fileName = item.json.log_file as string;
		expect(item.json).toEqual({
			id: ['PA', 'PB'][index],
			action: 'fetch_agent_log',
			result_code: 1,
			result: 'applied',
			result_description: actionResultDescription('fetch_agent_log', 1),
			success: true,
			command_id: commandIds[index],
			log: 'ready',
			log_file: fileName,
		});
		expect(fileName).toMatch(/\.zip$/);
		expect(item.binary?.data).toMatchObject({ fileName, mimeType: 'application/zip' });
		// A ZIP file: its first bytes are "PK".
		expect(Buffer.from(item.binary!.data.data, 'base64').subarray(0, 2).toString()).toBe('PK');
		expect(item.pairedItem).toEqual({ item: 0 });
	}
});

test('a log not ready when the wait ends: the item says so, with the command ID for Get Agent Log', async () => {
	await start(60);
	const { items, requests, seconds } = await run({
		devices: 'PA',
		waitForLog: true,
		maxLogWait: 30,
	});
	const commandId = items[0].json.command_id;
	// Asked at 0 and 20 s; a third ask (40 s) would be past the 30 s wait.
	expect(requests).toEqual([
		fetchRequest(['PA']),
		reportRequest(commandId),
		reportRequest(commandId),
	]);
	expect(seconds).toBe(20);
	expect(items[0].binary).toBeUndefined();
	expect(items[0].json).toEqual({
		id: 'PA',
		action: 'fetch_agent_log',
		result_code: 1,
		result: 'applied',
		result_description: actionResultDescription('fetch_agent_log', 1),
		success: true,
		command_id: commandId,
		log: 'not ready',
		log_message: expect.stringMatching(
			new RegExp(
				`^The agent log was not ready after 20 s of waiting \\(MetaAccess: .+\\)\\. Get it later with Get Agent Log and command ID ${commandId}\\.$`,
			),
		),
	});
});

test('without Wait for the Log, only the fetch is sent', async () => {
	await start(0);
	const { items, requests } = await run({ devices: 'PA' });
	expect(requests).toEqual([fetchRequest(['PA'])]);
	expect(items[0].binary).toBeUndefined();
	expect(items[0].json.log).toBeUndefined();
});

test('a log ready at once is asked for once; items that did not ask to wait are left as they are', async () => {
	await start(0);
	const { items, requests } = await run(
		{ devices: '={{ $json.id }}', waitForLog: '={{ $json.wait }}' },
		[
			{ id: 'PA', wait: true },
			{ id: 'PB', wait: false },
		],
	);
	expect(requests).toEqual([fetchRequest(['PA', 'PB']), reportRequest(items[0].json.command_id)]);
	expect(items.map((item) => [item.json.log, Boolean(item.binary)])).toEqual([
		['ready', true],
		[undefined, false],
	]);
});

test('a bad Max Wait for the Log is refused before the fetch', async () => {
	await start(0);
	await expect(run({ devices: 'PA', waitForLog: true, maxLogWait: 0 })).rejects.toThrow(
		"Item 0: 'Max Wait for the Log (Seconds)' must be a whole number from 1 to 3600; it is 0",
	);
	expect(sim.simulation.log.read().requests).toEqual([]);
});
