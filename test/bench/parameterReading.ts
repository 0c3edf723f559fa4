/**
 * What reading parameters costs at 10,000 items: the action node's Exempt over 10,000 input items
 * (Batch Size 1,000: 10 requests) in n8n-core's real ExecuteContext (test/harness), against a
 * stand-in API on nock and a virtual clock (no pacing waits). Devices is written three ways:
 * `{{ $json.hwid }}` (what the editor writes when a field is dragged in), `{{ $json["hwid"] }}`
 * (the same read, another form) and a fixed list; Exempt For is also given by an expression in a
 * fourth run. Prints the median of 5 runs (after one warm-up) of each, in milliseconds of wall time.
 *
 * `npx ts-node --transpile-only test/bench/parameterReading.ts [runs]` (n8n-core 2.8; no real n8n needed).
 */
import './lib/preferTs';

import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { FakeApi } from '../harness/fakeApi';
import { runActionNode } from '../harness/n8nContext';
import { VirtualClock } from '../harness/virtualClock';

const ITEMS = 10_000;
const RUNS = Number(process.argv[2] ?? 5);

const input: IDataObject[] = Array.from({ length: ITEMS }, (_, i) => ({
	hwid: `HW${i}`,
	hours: 24,
}));

const cases: Array<{ name: string; parameters: IDataObject }> = [
	{ name: 'Devices {{ $json.hwid }}', parameters: { devices: '={{ $json.hwid }}' } },
	{ name: 'Devices {{ $json["hwid"] }}', parameters: { devices: '={{ $json["hwid"] }}' } },
	{
		name: 'Devices {{ $json.hwid }}, Exempt For {{ $json.hours }}',
		parameters: { devices: '={{ $json.hwid }}', exemptTime: '={{ $json.hours }}' },
	},
	{ name: 'Devices fixed (one device for every item)', parameters: { devices: 'HW1' } },
];

async function runOnce(parameters: IDataObject): Promise<number> {
	const clock = new VirtualClock().install();
	const api = new FakeApi(clock);
	api.handler = (request) => {
		const ids = (request.body as { ids: string[] }).ids;
		return { status: 200, body: ids.map((id) => ({ id, status: 1, command_id: '' })) };
	};
	const start = process.hrtime.bigint();
	const { items } = await runActionNode(
		{
			parameters: {
				operation: 'exempt',
				identifyBy: 'id',
				exemptTime: 24,
				options: { batchSize: 1000 },
				...parameters,
			},
		},
		input,
	);
	const ms = Number(process.hrtime.bigint() - start) / 1e6;
	clock.uninstall();
	nock.cleanAll();
	if (items.length !== ITEMS || api.requests.length === 0)
		throw new Error(`unexpected run: ${items.length} items, ${api.requests.length} requests`);
	return ms;
}

async function main() {
	nock.disableNetConnect();
	console.log(`Exempt over ${ITEMS} items, median of ${RUNS} runs (ms of wall time):`);
	for (const { name, parameters } of cases) {
		await runOnce(parameters);
		const times: number[] = [];
		for (let run = 0; run < RUNS; run++) times.push(await runOnce(parameters));
		times.sort((a, b) => a - b);
		console.log(
			`  ${name.padEnd(56)} ${times[Math.floor(RUNS / 2)].toFixed(0).padStart(6)} ms  (${times.map((t) => t.toFixed(0)).join(', ')})`,
		);
	}
}

void main().then(() => process.exit(0));
