/**
 * The benchmark's reading, written into RESULTS.md: what the numbers mean, from the numbers.
 */
import type { DiffCostResult } from './diffCost';
import { formatMs, ratio } from './results';
import { LIMIT, SPEED_UP, WINDOW_MS } from './settings';
import { PACKAGE_WAYS, type Row } from './types';

/** What the misses mean, from the numbers (written into RESULTS.md). */
export function readings(rows: Row[], diff: DiffCostResult | undefined): string[] {
	const notes: string[] = [];
	const packageRows = rows.filter((row) => PACKAGE_WAYS.includes(row.way) && !row.shared);
	const slow = packageRows.filter((row) => !(row.wallMs <= row.floorMs * 1.1));
	const oneWindow = packageRows.filter(
		(row) => row.floorN8nMs !== undefined && row.floorRequests <= LIMIT,
	);
	if (oneWindow.length) {
		notes.push(
			'Where the floor fits in one window, no rate limit stands between the requests and their answers, and the floor is what n8n itself takes to run the workflow and send them ' +
				`(the same workflow ending in n8n's own HTTP Request node sending the floor's request once): ${oneWindow
					.map(
						(row) =>
							`${row.workload} [${row.wayLabel}]: n8n ${formatMs(row.floorN8nMs)}, package ${formatMs(row.wallMs)} (node ${formatMs(row.nodeMs)}), ${ratio(row.wallMs, row.floorMs)}`,
					)
					.join('; ')}. ` +
				'Both have n8n evaluate their expressions: the HTTP Request node one, gathering every device into its one POST; the package `{{ $json.hwid }}` once per item, as n8n reads any parameter (its credential puts the token in the query without an expression). ' +
				'It reads its credential once per execution and hands it to n8n with each request (n8n would otherwise read and decrypt it from its database twice per request).',
		);
	}
	const small = packageRows.find(
		(row) => row.group === 'a' && row.way === 'package' && row.devices === 10,
	);
	const large = packageRows.find(
		(row) => row.group === 'a' && row.way === 'package' && row.devices === 1000,
	);
	if (small?.nodeMs !== undefined && large?.nodeMs !== undefined && large.devices > small.devices) {
		const perItem = (large.nodeMs - small.nodeMs) / (large.devices - small.devices);
		const growth =
			perItem > 0
				? `Per item, the node adds about ${(perItem * 1000).toFixed(0)} µs`
				: 'Per item, the node adds nothing measurable';
		notes.push(
			`${growth} (Perform Action: ${formatMs(small.nodeMs)} for 10 items, ${formatMs(large.nodeMs)} for 1000, one request each): ` +
				'it has n8n read each parameter of each item (n8n evaluates `{{ $json.hwid }}` for every item), checks the values, ' +
				'then builds one output item per device, paired with its input item.',
		);
	}
	for (const row of slow) {
		notes.push(
			`${row.workload} [${row.wayLabel}] takes ${formatMs(row.wallMs - row.floorMs)} over its floor (${ratio(row.wallMs, row.floorMs)}): ` +
				`${row.nodeMs !== undefined ? `the node itself ${formatMs(row.nodeMs)}; ` : ''}floor ${row.floorDetail}.`,
		);
	}
	const strict = packageRows.filter((row) => row.strictFloorMs !== undefined);
	if (strict.length) {
		notes.push(
			"Against the earlier, stricter floor, whose n8n part is n8n's HTTP Request node sending only the first request, every further request counted at ℓ " +
				"(the plain client's round trip, which no n8n node can match: n8n's request machinery costs about 2–3 ms a request): " +
				`${strict
					.map(
						(row) =>
							`${row.workload} [${row.wayLabel}] ${ratio(row.wallMs, row.strictFloorMs!)} (${formatMs(row.wallMs)} against ${formatMs(row.strictFloorMs!)}: ${row.strictFloorDetail})`,
					)
					.join('; ')}. Shown so that the change of floor hides nothing; not a target.`,
		);
	}
	const within = packageRows.filter(
		(row) => row.wallMs <= row.floorMs * 1.1 && row.floorRequests > LIMIT,
	);
	if (within.length) {
		notes.push(
			`Where the rate limit dominates (the floor spans windows), the package stays within 1.10× of the least time the limit allows: ${within
				.map((row) => `${row.workload} [${row.wayLabel}] ${ratio(row.wallMs, row.floorMs)}`)
				.join('; ')}.`,
		);
	}
	for (const row of rows.filter((r) => r.shared)) {
		const took = `${row.requests} requests (the ${row.floorRequests} pages${row.requests > row.floorRequests ? ' + the retries' : ''}), ${formatMs(row.wallMs)} (${ratio(row.wallMs, row.floorMs)} the floor of the account alone)`;
		notes.push(
			`${row.workload}: the package received ${row.rateLimited} × 429` +
				(row.rateLimited > 0
					? ', waited each one out (the reset the answer names) and retried the request'
					: ": it sends a window's requests as soon as the window opens and follows the X-RateLimit-Remaining the API sends, which counts the other client's requests too") +
				`; ${row.failedItems} items failed; ${took}. ${row.notes.filter((note) => /another client|injected/i.test(note)).join('; ')}.` +
				(row.notes.some((note) => /another client/i.test(note))
					? ' The other client gets what the package leaves: the package does not hold back for other users of the token outside its n8n process.'
					: ''),
		);
	}
	const batch = packageRows.filter(
		(row) =>
			row.way === 'packageDefault' && row.group !== 'd' && row.requests !== row.floorRequests,
	);
	if (batch.length) {
		notes.push(
			`The default Batch Size (100) sends ⌈N/100⌉ requests where the API would take 1 (${batch.map((row) => `${row.workload}: ${row.requests}`).join('; ')}): ` +
				"a deliberate bound on one request's size while the API documents no cap, not a pacing loss; at Batch Size 1000 every workload is at the floor.",
		);
	}
	const http = rows.filter((row) => row.way === 'httpRetry' || row.way === 'httpContinue');
	const describeHttp = (list: Row[]) =>
		list
			.map(
				(row) =>
					`${row.workload}: ${row.requests} requests, ${row.rateLimited} × 429, ${row.failedItems}/${row.devices} failed`,
			)
			.join('; ');
	const stopped = http.filter(
		(row) => row.way === 'httpRetry' && row.group !== 'b' && row.failedItems > 0,
	);
	if (stopped.length) {
		notes.push(
			'HTTP Request with Retry On Fail sends every item at once (no pacing) and meets the limit head on; the first 429 fails the node, and Retry On Fail runs the whole node again, ' +
				'every item, those already done included (a Delete already done then answers "failed"); after the last try the workflow stops with an error and none of the results reaches it, ' +
				`though MetaAccess acted on some devices: ${describeHttp(stopped)}.`,
		);
	}
	const continued = http.filter((row) => row.way === 'httpContinue' && row.failedItems > 0);
	if (continued.length) {
		notes.push(
			'With On Error: Continue, n8n retries a node only when its first item failed (it did not: the first request of a window succeeds), so every 429 stays an error item: ' +
				`${describeHttp(continued)}.`,
		);
	}
	const truncated = rows.filter(
		(row) =>
			row.way === 'httpRetry' &&
			row.group === 'b' &&
			row.status === 'success' &&
			row.failedItems > 0,
	);
	if (truncated.length) {
		notes.push(
			`Get Many through the HTTP Request node's pagination is worse than failing: a request beyond the window's ${LIMIT} answers 429 with an empty body, which the completion condition reads as a short last page, ` +
				`so the execution succeeds with part of the fleet and nothing says so: ${truncated.map((row) => `${row.workload}: ${row.devices - row.failedItems} of ${row.devices} devices`).join('; ')}.`,
		);
	}
	const paced = rows.filter((row) => row.way === 'httpPaced');
	if (paced.length) {
		notes.push(
			`Spacing the requests (a careful user) avoids the 429s but still sends one request per device: ${paced
				.map(
					(row) =>
						`${row.workload}: ${row.requests} requests, ${formatMs(row.wallMs)} (${ratio(row.wallMs, row.floorMs)} the floor), ${row.failedItems} failed`,
				)
				.join('; ')}. In the real 60-s window, multiply these times by ${SPEED_UP}.`,
		);
	}
	if (http.some((row) => row.devices >= 1000)) {
		notes.push(
			`Caveat of the shortened window: the HTTP Request node's own work does not shrink with the window, so when one of its tries lasts longer than a ${WINDOW_MS / 1000}-s window, a new window opens under it and more of its requests succeed than in the real 60-s window. This favours the HTTP Request node.`,
		);
	}
	if (diff) {
		notes.push(
			`A complete scan of 100,000 devices inside the trigger node: ${diff.medianCpuMs.toFixed(0)} ms of CPU and ${diff.medianHeapGrowthMb.toFixed(1)} MB of heap growth (median), over ${diff.polls} polls. ` +
				"The CPU figure includes the V8 collector's threads (process.cpuUsage counts the whole process).",
		);
	}
	return notes;
}
