/**
 * Get Many with Filters, "the non-compliant devices among 10,000": requests and virtual minutes
 * against the floor (the fewest requests that can give that many matches, 50 a page), for a Limit
 * and for Return All. Run in n8n-core's real ExecuteContext (test/harness) against the in-process
 * simulator at its documented rate limit (10 requests a minute), in virtual time (EventClock):
 * the figures do not depend on the machine. Rows: Status Non-Compliant (applied by MetaAccess),
 * what a workflow did before Filters (Return All, then a Filter node), and a filter checked over
 * the pages (Exempt: Exempted).
 *
 * Part of `npm run bench` (its section of RESULTS.md); alone: `npx ts-node --transpile-only
 * test/bench/filteredListing.ts` (no real n8n needed).
 */
import './lib/preferTs';
import { runAlone } from './lib/runAlone';

import type { INodeParameters } from 'n8n-workflow';

import { startSimulator } from '../simulator';
import { EventClock } from '../harness/eventClock';
import {
	accessTokenCredential,
	runActionNode,
	TestCredentialsHelper,
	useClock,
} from '../harness/n8nContext';

const DEVICES = 10_000;
const PAGE = 50;

interface Row {
	name: string;
	parameters: INodeParameters;
	/** Whether an output device counts as a match (the fleet's count of these sets the floor). */
	matches: (json: Record<string, unknown>) => boolean;
	/** The floor: the fewest requests that can give the matches wanted, at 50 devices a page. */
	floor: (matching: number, output: number) => number;
}

const nonCompliant = (json: Record<string, unknown>) =>
	json.status === 'non-compliant' || json.status === 1;
const rows: Row[] = [
	{
		name: 'Status Non-Compliant, Limit 100',
		parameters: { limit: 100, filters: { status: ['non_compliant'] } },
		matches: nonCompliant,
		floor: (_, output) => Math.ceil(output / PAGE),
	},
	{
		name: 'Status Non-Compliant, Return All',
		parameters: { returnAll: true, filters: { status: ['non_compliant'] } },
		matches: nonCompliant,
		floor: (matching) => Math.floor(matching / PAGE) + 1,
	},
	{
		name: 'before Filters: Return All, then a Filter node',
		parameters: { returnAll: true },
		matches: nonCompliant,
		floor: (matching) => Math.floor(matching / PAGE) + 1,
	},
	{
		name: 'Exempt Exempted (over the pages), Limit 20',
		parameters: { limit: 20, filters: { exempt: 'exempted' } },
		matches: (json) => json.exempt === true,
		floor: (_, output) => Math.ceil(output / PAGE),
	},
];

async function measure(row: Row) {
	const clock = new EventClock();
	useClock(clock);
	const sim = await startSimulator({ devices: DEVICES, now: () => clock.now() });
	try {
		const helper = new TestCredentialsHelper(
			accessTokenCredential({ baseUrl: sim.url, accessToken: sim.credentials.accessToken }),
		);
		const started = clock.now();
		const { items } = await runActionNode({
			parameters: { operation: 'getAll', ...row.parameters },
			credentialsHelper: helper,
		});
		const minutes = (clock.now() - started) / 60_000;
		const requests = sim.simulation.log.read().requests.filter((r) => r.status === 200).length;
		const all = sim.simulation.log.read().requests.length;
		const output = items.filter((item) => row.matches(item.json)).length;
		return {
			devices: items.length,
			requests,
			all,
			output,
			minutes,
			floor: row.floor(output, output),
		};
	} finally {
		useClock(undefined);
		await sim.close();
	}
}

/**
 * The section of RESULTS.md, and what failed: every device a filter gives matches it, and a
 * Limit gives exactly that many.
 */
export async function filteredListingSection(): Promise<{ lines: string[]; problems: string[] }> {
	const lines = [
		`### Get Many with Filters over ${DEVICES.toLocaleString('en-US')} devices`,
		'',
		"In n8n-core's execute context against the simulator at the documented 10 requests a minute, in virtual time (test/bench/filteredListing.ts). Floor: the fewest requests that can give those matches, 50 devices a page.",
		'',
		'| Case | Devices out | Matches out | Requests (answered / sent) | Floor | Virtual minutes |',
		'|---|---:|---:|---:|---:|---:|',
	];
	const problems: string[] = [];
	for (const row of rows) {
		const result = await measure(row);
		lines.push(
			`| ${row.name} | ${result.devices} | ${result.output} | ${result.requests} / ${result.all} | ${result.floor} | ${result.minutes.toFixed(1)} |`,
		);
		if (row.parameters.filters && result.output !== result.devices)
			problems.push(`${row.name}: ${result.devices - result.output} devices that do not match`);
		if (row.parameters.limit !== undefined && result.devices !== row.parameters.limit)
			problems.push(
				`${row.name}: ${result.devices} devices for a Limit of ${row.parameters.limit}`,
			);
	}
	lines.push(
		'',
		"The Filter node's row keeps the listing's status 1 (non-compliant), which also counts devices MetaAccess files apart (exempted, pending, unknown, ignored, out of license): Status Non-Compliant names those apart.",
		'',
	);
	return { lines, problems };
}

if (require.main === module) runAlone(filteredListingSection());
