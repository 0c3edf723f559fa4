/**
 * Several n8n processes (queue-mode workers) on one account, each with limiters of its own, in
 * virtual time against the simulator at MetaAccess's real rule (10 a minute, 60-s windows) with the
 * node's defaults (Max Wait on Rate Limit 120 s): every answer takes 20–80 ms, so that their
 * requests interleave as over a network. No execution fails while the account makes progress;
 * with X-RateLimit headers the processes share the windows without refusals, from a cold start.
 */
import { describeBurst, SharedAccountLab, type BurstOutcome } from '../../harness/sharedAccountRun';

const WINDOW_MS = 60_000;

let lab: SharedAccountLab | undefined;
afterEach(async () => {
	await lab?.close();
	lab = undefined;
});

const log = (label: string, outcome: BurstOutcome) =>
	process.stdout.write(`${label}: ${describeBurst(outcome)}\n`);

function expectNothingLost(outcome: BurstOutcome, executions: number) {
	expect(outcome.failed).toEqual([]);
	expect(outcome.lostItems).toBe(0);
	expect(outcome.accepted).toBe(executions * 4);
}

/** Every process that took executions was served: none refused for a whole window or longer. */
function expectEveryProcessServed(outcome: BurstOutcome) {
	for (const share of outcome.processes.filter((process) => process.executions > 0)) {
		expect(share.accepted).toBe(share.executions * 4);
		expect(share.longestRefusedMs).toBeLessThanOrEqual(WINDOW_MS);
	}
}

describe.each([
	['with X-RateLimit headers', true],
	['without X-RateLimit headers', false],
])('4 processes × 10 at the real rate, %s', (_label, headers) => {
	test.each([12, 40])(
		'%i executions at once: no execution fails, no item is lost',
		async (executions) => {
			lab = await SharedAccountLab.start({ processes: 4, headers });
			const outcome = await lab.burst({ executions });
			log(`4 × 10, ${executions}, headers ${headers}`, outcome);
			expectNothingLost(outcome, executions);
			expectEveryProcessServed(outcome);
		},
	);
});

describe('with X-RateLimit headers the processes share each window from a cold start', () => {
	test.each([
		[2, 20],
		[2, 40],
		[4, 20],
		[4, 40],
	])(
		'%i processes, %i executions: at most 0.05 refused per accepted, within 1.15× of the floor, every process served',
		async (processes, executions) => {
			lab = await SharedAccountLab.start({ processes, headers: true });
			const outcome = await lab.burst({ executions });
			log(`${processes} × 10, ${executions}, headers`, outcome);
			expectNothingLost(outcome, executions);
			expectEveryProcessServed(outcome);
			expect(outcome.rejected).toBeLessThanOrEqual(0.05 * outcome.accepted);
			expect(outcome.spanMs).toBeLessThanOrEqual(1.15 * outcome.floorMs);
		},
	);
});

describe('without headers a process sees the others only in 429s', () => {
	test.each([
		[2, 40],
		[4, 20],
	])(
		'%i processes, %i executions: one 429 a process at the cold start, then few; no process starved',
		async (processes, executions) => {
			lab = await SharedAccountLab.start({ processes, headers: false });
			const outcome = await lab.burst({ executions });
			log(`${processes} × 10, ${executions}, no headers`, outcome);
			expectNothingLost(outcome, executions);
			expectEveryProcessServed(outcome);
			// The costs docs/queue-mode.md states for an API that does not tell.
			expect(outcome.rejected).toBeLessThanOrEqual(0.12 * outcome.accepted);
			expect(outcome.spanMs).toBeLessThanOrEqual(1.45 * outcome.floorMs);
		},
	);
});

test.each([true, false])(
	'headers %s: a process left alone after the others stop takes every place again',
	async (headers) => {
		lab = await SharedAccountLab.start({ processes: 4, headers });
		await lab.burst({ executions: 40 });
		// Two windows without a request: the process starts afresh either way.
		await lab.wait(2 * WINDOW_MS);
		const alone = await lab.burst({ executions: 20, on: [0] });
		log(`alone after 4 × 10, headers ${headers}`, alone);
		expectNothingLost(alone, 20);
		expect(alone.rejected).toBe(0);
		// Without headers the last place of each window goes late (a process that joins finds it).
		expect(alone.spanMs).toBeLessThanOrEqual((headers ? 1.01 : 1.15) * alone.floorMs);
	},
);

test('with headers, a process left alone right after the others stop (in their last window) is back to every place within two windows', async () => {
	lab = await SharedAccountLab.start({ processes: 4, headers: true });
	await lab.burst({ executions: 40 });
	const alone = await lab.burst({ executions: 20, on: [0] });
	log('alone at once after 4 × 10, headers', alone);
	expectNothingLost(alone, 20);
	expect(alone.rejected).toBe(0);
	// Seven windows of work: at most one and a half lost while the others' last window shows them.
	expect(alone.spanMs).toBeLessThanOrEqual(alone.floorMs + 1.5 * WINDOW_MS);
});

test.each([true, false])(
	'headers %s: a process that joins while another keeps the account busy is served, and nothing fails',
	async (headers) => {
		lab = await SharedAccountLab.start({ processes: 2, headers });
		const busy = lab.burst({ executions: 30, on: [0] });
		await lab.wait(150_000);
		const joiner = await lab.burst({ executions: 5, on: [1] });
		const first = await busy;
		log(`busy, headers ${headers}`, first);
		log(`joiner, headers ${headers}`, joiner);
		expectNothingLost(first, 30);
		expectNothingLost(joiner, 5);
		expectEveryProcessServed(joiner);
		expect(joiner.rejected).toBeLessThanOrEqual(2);
	},
);
