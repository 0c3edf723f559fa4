/**
 * The daily compliance report's requests (examples/08-daily-compliance-report.json) for a
 * 10,000-device fleet, against the floor: Account → Get, Device → Get Many (Return All), then
 * Vulnerability → Get Many of a Device (known-exploited only) for each critical device, run
 * in-process (n8n-core's ExecuteContext, test/harness) against the simulator at the documented
 * 10 requests a minute, on a virtual clock shared with the simulator. Prints the requests per
 * step, the floor (1 account request, one page per 50 devices and the short page that ends them, one get_cves per critical device:
 * only get_cves names the device of a CVE), the 429s, and the report's duration in virtual time.
 *
 * `npx ts-node --transpile-only test/bench/complianceReport.ts [devices]` (no real n8n needed).
 */
import './lib/preferTs';

import { startSimulator } from '../simulator';
import { EventClock } from '../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../harness/n8nContext';

const DEVICES = Number(process.argv[2] ?? 10_000);

async function main() {
	const clock = new EventClock();
	useClock(clock);
	const sim = await startSimulator({ devices: DEVICES, now: () => clock.now() });
	const credentialsHelper = new TestCredentialsHelper(
		accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
	);
	const start = clock.now();
	const counted = () => sim.simulation.log.read().summary.total;
	const step = async (parameters: Record<string, unknown>, input: object[] = [{}]) => {
		const before = counted();
		const { items } = await runActionNode(
			{ parameters: parameters as never, credentialsHelper, typeVersion: 2 },
			input as never,
		);
		return { items, requests: counted() - before };
	};
	const account = await step({ resource: 'account', operation: 'get' });
	const devices = await step({ resource: 'device', operation: 'getAll', returnAll: true });
	const critical = devices.items.filter((item) => item.json.critical_status === 1);
	const cves = await step(
		{
			resource: 'vulnerability',
			operation: 'getAllOfDevice',
			device: '={{ $json.hwid }}',
			knownExploitedOnly: true,
			returnAll: true,
		},
		critical.map((item) => ({ hwid: item.json.hwid })),
	);
	const { summary } = sim.simulation.log.read();
	// Get Devices ends with a short page: a full last page needs one more request to be seen as last.
	const floor = 1 + Math.floor(devices.items.length / 50) + 1 + critical.length;
	const minutes = (clock.now() - start) / 60_000;
	console.log(
		`Daily compliance report, ${devices.items.length} devices (${critical.length} critical)`,
	);
	console.log(`| step | requests |`);
	console.log(`|---|---|`);
	console.log(`| Account → Get | ${account.requests} |`);
	console.log(`| Device → Get Many (Return All) | ${devices.requests} |`);
	console.log(
		`| Known-exploited CVEs of each critical device | ${cves.requests} (${cves.items.length} CVEs) |`,
	);
	console.log(`| total / floor | ${summary.total} / ${floor} |`);
	console.log(
		`429 answers: ${summary.rateLimited}; virtual duration: ${minutes.toFixed(1)} min at 10 requests a minute`,
	);
	useClock(undefined);
	await sim.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
