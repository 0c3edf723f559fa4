/**
 * The results of workload (d) over hours (full scan, delta, webhook): the markdown section, the
 * console lines and the correctness checks.
 */
import type { FleetHoursResult } from './fleetHours';

/** One push → execution measurement of the webhook trigger in a real n8n. */
export interface WebhookResult {
	devices: number;
	pushes: number;
	executions: number;
	/** Requests the simulator's API received meanwhile (must be 0). */
	apiRequests: number;
	missed: number;
	duplicated: number;
	medianDelayMs: number;
	worstDelayMs: number;
	/** A push with a wrong key: executions it started (must be 0), and the status it got. */
	wrongKeyExecutions?: number;
	wrongKeyStatus?: number;
	wallMs: number;
	notes: string[];
}

export function formatDelay(ms: number): string {
	if (!Number.isFinite(ms)) return '–';
	if (ms < 1000) return `${Math.round(ms)} ms`;
	if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
	if (ms < 2 * 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
	return `${(ms / 3_600_000).toFixed(2)} h`;
}

const thousands = (value: number) => Math.round(value).toLocaleString('en-US');

function markdownTable(header: string[], lines: string[][]): string {
	return [
		`| ${header.join(' | ')} |`,
		`|${header.map((_, index) => (index < 2 ? '---' : '---:')).join('|')}|`,
		...lines.map((line) => `| ${line.join(' | ')} |`),
	].join('\n');
}

const HEADER = [
	'Devices',
	'Way',
	'Virtual hours run',
	'Polls',
	'Requests',
	'Requests per hour',
	'Requests a minute left (of 10)',
	'429s',
	'Changes',
	'Emitted once / missed / twice / unexpected',
	'Median delay',
	'Worst delay',
	'Within one poll',
	'Wall time (CPU)',
];

function hoursLine(run: FleetHoursResult): string[] {
	const once = run.changes - run.missed - run.duplicated;
	return [
		thousands(run.devices),
		run.mode,
		`${run.measuredHours.toFixed(2)} (changes in the first ${run.changeHours})`,
		thousands(run.polls),
		thousands(run.requests),
		thousands(run.requestsPerHour),
		run.leftPerMinute.toFixed(2),
		String(run.rateLimited),
		thousands(run.changes),
		`${once} / ${run.missed} / ${run.duplicated} / ${run.unexpected}`,
		formatDelay(run.medianDelayMs),
		formatDelay(run.worstDelayMs),
		`${run.withinOnePoll} / ${run.changes}`,
		`${formatDelay(run.wallMs)} (${formatDelay(run.cpuMs)})`,
	];
}

function webhookLine(run: WebhookResult): string[] {
	const once = run.pushes - run.missed - run.duplicated;
	return [
		thousands(run.devices),
		'webhook (real n8n)',
		`– (${run.pushes} pushes in real time)`,
		'–',
		String(run.apiRequests),
		'0',
		'10.00',
		'0',
		String(run.pushes),
		`${once} / ${run.missed} / ${run.duplicated} / 0`,
		formatDelay(run.medianDelayMs),
		formatDelay(run.worstDelayMs),
		'–',
		formatDelay(run.wallMs),
	];
}

export function fleetHoursLines(runs: FleetHoursResult[], webhook?: WebhookResult): string[] {
	// By fleet size, then full scan, delta, webhook.
	const ordered = [...runs].sort(
		(a, b) => a.devices - b.devices || (a.kind === b.kind ? 0 : a.kind === 'full' ? -1 : 1),
	);
	const lines = ordered.map(hoursLine);
	if (webhook)
		lines.splice(
			ordered.filter((run) => run.devices <= webhook.devices).length,
			0,
			webhookLine(webhook),
		);
	const out = [markdownTable(HEADER, lines), ''];
	for (const run of ordered) {
		const notes = [
			`baseline (not counted): ${run.baselinePolls} polls, ${thousands(run.baselineRequests)} requests`,
			...run.notes,
		];
		out.push(`- ${thousands(run.devices)} devices, ${run.mode}: ${notes.join('; ')}.`);
	}
	if (webhook) {
		const notes = [...webhook.notes];
		if (webhook.wrongKeyStatus !== undefined)
			notes.push(
				`a push with a wrong key: answered ${webhook.wrongKeyStatus}, ${webhook.wrongKeyExecutions ?? '?'} executions started`,
			);
		out.push(`- ${thousands(webhook.devices)} devices, webhook: ${notes.join('; ')}.`);
	}
	out.push('');
	return out;
}

export function fleetHoursConsole(run: FleetHoursResult): string {
	return (
		`  → ${thousands(run.devices)} devices, ${run.mode}: ${run.measuredHours.toFixed(2)} virtual h, ${run.polls} polls, ${run.requests} requests ` +
		`(${run.requestsPerHour.toFixed(0)}/h, ${run.leftPerMinute.toFixed(2)} a minute left), ${run.rateLimited} × 429; ` +
		`${run.changes} changes: missed ${run.missed}, twice ${run.duplicated}, unexpected ${run.unexpected}; delay median ${formatDelay(run.medianDelayMs)}, ` +
		`worst ${formatDelay(run.worstDelayMs)}, within one poll ${run.withinOnePoll}; wall ${formatDelay(run.wallMs)}, CPU ${formatDelay(run.cpuMs)}`
	);
}

/**
 * Correctness checks (the bench fails on these): every change exactly once, the delta mode's
 * requests and delay (virtual time), no API request from the webhook. The webhook's delays are
 * figures of the report, not checks: they measure the machine.
 */
export function fleetHoursProblems(
	runs: FleetHoursResult[],
	webhook: WebhookResult | undefined,
	intervalMs: number,
): string[] {
	const problems: string[] = [];
	for (const run of runs) {
		const name = `(d) over hours, ${thousands(run.devices)} devices, ${run.mode}`;
		if (run.missed || run.duplicated || run.unexpected)
			problems.push(
				`${name}: ${run.missed} changes missed, ${run.duplicated} emitted twice, ${run.unexpected} unexpected items`,
			);
		if (run.kind === 'delta' && run.devices === 10_000) {
			const perMinute = run.requestsPerHour / 60;
			if (perMinute > 2)
				problems.push(`${name}: ${perMinute.toFixed(2)} requests a minute on average, over 2`);
			if (run.withinOnePoll !== run.changes)
				problems.push(
					`${name}: ${run.changes - run.withinOnePoll} of ${run.changes} changes emitted later than one poll interval (${intervalMs / 1000} s) after they were made`,
				);
		}
	}
	if (webhook) {
		const name = `(d) webhook, ${webhook.pushes} pushes`;
		if (webhook.apiRequests !== 0)
			problems.push(`${name}: ${webhook.apiRequests} requests to the API, not 0`);
		if (webhook.missed || webhook.duplicated)
			problems.push(
				`${name}: ${webhook.missed} pushes started no execution, ${webhook.duplicated} started more than one`,
			);
		if (webhook.wrongKeyExecutions !== undefined && webhook.wrongKeyExecutions !== 0)
			problems.push(
				`${name}: a push with a wrong key started ${webhook.wrongKeyExecutions} executions`,
			);
	}
	return problems;
}

/** The Setup lines of workload (d) over hours (the RESULTS.md description). */
export const FLEET_HOURS_SETUP = [
	'The trigger over hours (d, the table "over hours"), three ways at 10,000 and 100,000 devices, **1% of the fleet changing compliance status (0 ↔ 1) per hour**, at seeded random times spread over each hour, each device at most once. ' +
		"Full scan and delta run in **virtual time**: the same in-process polls (test/harness/poll.ts: n8n-core's PollContext, the package's trigger node and transport, real HTTP to a simulator of its own), the node built with a clock of the benchmark's (nodes/OpswatMetaAccess/transport/clock.ts) that the simulator reads as its `now`; waiting for the rate limit and for the next minute's poll costs no wall time, and the simulator keeps the **real rule, 10 requests a 60-s window** (credential: 10 Requests per Minute). " +
		"A change is made in the simulator the moment virtual time reaches it (time moves only in the node's waits and between polls). A baseline scan comes first (at 100 requests a poll; not counted), then one poll at the start of every minute, as n8n schedules it (a poll still running at the next minute would delay the one after; the notes say if that happened).",
	"**Full scan**: the node's defaults (Max Requests per Poll 8, a poll every minute); one hour of changes, then polls until every change is emitted, i.e. at least one complete scan past the last change, so the worst delay seen is the scan period's (10,000 devices: 201 pages, 26 polls; 100,000: 2,001 pages, 251 polls, 4.2 h). Requests per hour over the whole span.",
	"**Delta**: Status Changes mode at its defaults (a poll every minute, a full scan every 24 hours, Max Requests per Poll 8: one Status Change request a poll, ⌈changes/50⌉ when more changed, then the scheduled full scan's pages with what is left of the 8). At 10,000 devices: 25 hours of changes and polls, requests per hour counted over them (they hold exactly one whole scheduled full scan, due 24 h after the baseline scan began), so its cost is in the figure. At 100,000 devices 1,500 polls over 100,000 fingerprints would take minutes of CPU: one hour of changes is run, and the daily full scan's Get Devices pages (counted in the baseline scan) are added to the requests per hour spread over its 24 hours, as the notes say.",
	"**Webhook**: in the benchmark's running n8n, a workflow holding the package's OPSWAT MetaAccess Webhook Trigger (its own credential holding the API key), activated; 100 changes (the 10,000-device hour's 1%) made in the simulator and pushed by the benchmark as MetaAccess's webhook pushes them to the trigger's production URL one by one, each push a JSON array of one `{device_id, status, timestamp}` with the key in the Authorization header, 50 ms after the previous push was answered; first a push with a wrong key (must answer 401 and start nothing). Delay: from the push leaving to its execution's `startedAt` (n8n's, in ms), each execution read back and matched by its item's device_id. Requests to the API: the simulator's request log over the pushes (must be 0).",
	'**Delay** (full scan, delta): from the change to the end of the poll that emitted it, when n8n starts the execution. **Requests a minute left**: 10 − requests per hour ÷ 60, what the account leaves to every other workflow. Correctness checks: every change emitted exactly once in every way; delta at 10,000 devices at most 2 requests a minute on average and every change emitted within one poll interval (60 s); webhook 0 requests to the API, every push starting one execution, the worst push → execution start under 1 s.',
];
