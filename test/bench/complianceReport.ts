/**
 * The daily compliance report's requests (examples/08-daily-compliance-report.json) for a
 * 10,000-device fleet, against the floor: Account → Get, Device → Get Many (Return All), then
 * Vulnerability → Get Many of a Device (known-exploited only) for each critical device, run
 * in-process (n8n-core's ExecuteContext, test/harness) against the simulator at the documented
 * 10 requests a minute, on a virtual clock shared with the simulator. Prints the requests per
 * step, the floor (1 account request, one page per 50 devices and the short page that ends them, one get_cves per critical device:
 * only get_cves names the device of a CVE), the 429s, and the report's duration in virtual time.
 *
 * Part of `npm run bench` (its section of RESULTS.md); alone: `npx ts-node --transpile-only
 * test/bench/complianceReport.ts [devices]` (no real n8n needed).
 */
import './lib/preferTs';
import { runAlone } from './lib/runAlone';

import { startSimulator } from '../simulator';
import { EventClock } from '../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../harness/n8nContext';

/** The section of RESULTS.md, and what failed: every device listed, no 429, not above the floor. */
export async function complianceReportSection(
	fleet = 10_000,
): Promise<{ lines: string[]; problems: string[] }> {
	const clock = new EventClock();
	useClock(clock);
	const sim = await startSimulator({ devices: fleet, now: () => clock.now() });
	try {
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
		// Simplify (on by default in version 2) names it critical.
		const critical = devices.items.filter((item) => item.json.critical === true);
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
		const problems: string[] = [];
		if (devices.items.length !== fleet)
			problems.push(`compliance report: ${devices.items.length} of ${fleet} devices listed`);
		if (summary.rateLimited > 0)
			problems.push(`compliance report: ${summary.rateLimited} × 429 at the documented rate`);
		if (summary.total > floor)
			problems.push(`compliance report: ${summary.total} requests for a floor of ${floor}`);
		const lines = [
			`### The daily compliance report over ${fleet.toLocaleString('en-US')} devices`,
			'',
			`examples/08-daily-compliance-report.json's requests, in n8n-core's execute context against the simulator at the documented 10 requests a minute, in virtual time (test/bench/complianceReport.ts): ${devices.items.length} devices, ${critical.length} critical.`,
			'',
			'| Step | Requests |',
			'|---|---:|',
			`| Account → Get | ${account.requests} |`,
			`| Device → Get Many (Return All) | ${devices.requests} |`,
			`| Vulnerability → Get Many of a Device, known-exploited only, for each critical device | ${cves.requests} (${cves.items.length} CVEs) |`,
			`| **Total / floor** | **${summary.total} / ${floor}** |`,
			'',
			`Floor: one Account request, one page per 50 devices and the short page that ends them, one request per critical device (only get_cves names a CVE's device). ${summary.rateLimited} × 429; ${minutes.toFixed(1)} minutes at 10 requests a minute.`,
			'',
		];
		return { lines, problems };
	} finally {
		useClock(undefined);
		await sim.close();
	}
}

if (require.main === module) runAlone(complianceReportSection(Number(process.argv[2] ?? 10_000)));
