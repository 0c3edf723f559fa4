/**
 * The floor of a workload run in n8n, measured: ℓ of its requests with a plain client, the rate
 * limit's windows, and n8n's part (its own HTTP Request node sending the floor requests of the
 * first window, the median of a few executions).
 */
import { median, repeated, timeFloorMs, type RateRule } from './floor';
import { measureRoundTrip, type PlainRequest } from './plainClient';
import { durationOf, shape, type Case, type Floor, type RunContext } from './case';

/** Executions of a workload's floor request in n8n: the n8n part is their median. */
export const FLOOR_REFERENCE_RUNS = 3;

const ms = (value: number) => `${value.toFixed(1)} ms`;

function windowsPart(requests: number, rule: RateRule): string {
	const windows = Math.ceil(requests / rule.limit) - 1;
	return windows > 0 ? `${windows} × ${rule.windowMs / 1000} s + ` : '';
}

/**
 * One execution of the workload's floor requests by n8n's own HTTP Request nodes, from a fresh
 * fleet: its duration (ms). Throws when it did not send exactly those requests, without a 429.
 */
export async function runFloorReference(
	context: RunContext,
	kase: Case,
	workflowId = kase.floorWorkflowId!,
	expected = kase.floorN8nRequests ?? 1,
): Promise<number> {
	shape(context, kase.fleet);
	const result = await context.server.runManually(workflowId);
	const { summary } = context.fixture.sim.simulation.log.read();
	if (result?.status !== 'success' || summary.total !== expected || summary.rateLimited !== 0) {
		throw new Error(
			`n8n's floor requests for ${kase.workload} did not succeed: execution ${String(result?.status)}, ${summary.total} requests (${expected} expected), ${summary.rateLimited} × 429`,
		);
	}
	return durationOf(result);
}

/** The floor with n8n's part taken from these executions of the floor request (their median). */
export function withN8nPart(floor: Floor, runs: number[]): Floor {
	const n8nMs = median(runs);
	return {
		...floor,
		ms: floor.ms - (floor.n8nMs ?? 0) + n8nMs,
		n8nMs,
		detail: `n8n ${ms(n8nMs)} (${
			(floor.n8nRequests ?? 1) === 1
				? "the first request by n8n's HTTP Request node"
				: `the first ${floor.n8nRequests} requests by n8n's HTTP Request node, one node each`
		}, Execute Once: ${runs.join(', ')} ms)${floor.rest ? ` + ${floor.rest}` : ''}`,
	};
}

/**
 * The workload's floor: ℓ of its request(s), measured now with a plain client, the rate limit's
 * windows, and (when the case has one) n8n's part, which stands for the first request's ℓ.
 * Then the fleet is shaped afresh.
 */
export async function measureFloor(context: RunContext, kase: Case): Promise<Floor> {
	const { fixture, rule } = context;
	shape(context, kase.fleet);
	const sim = fixture.sim;
	let trips: number[];
	/** The plain-client round trips after the first `skip` requests (those n8n's part sends), in words. */
	let tripDetail: (skip: number) => string;
	if (kase.check.kind === 'getMany') {
		const devices = kase.check.hwids.length;
		const full = Math.floor(devices / 50);
		const lastPage = full + 1;
		const page = (number: number): PlainRequest => ({
			method: 'GET',
			path: '/o/api/v2.3/devices',
			query: number === 1 ? { limit: '50' } : { limit: '50', page: String(number) },
		});
		const fullTrip = full > 0 ? await measureRoundTrip(sim, page(1)) : undefined;
		const lastTrip = await measureRoundTrip(sim, page(lastPage));
		trips = [...repeated(fullTrip?.ms ?? 0, full), lastTrip.ms];
		const last = `1 × ${ms(lastTrip.ms)} (${devices % 50 === 0 ? `${lastTrip.status}` : 'short page'})`;
		tripDetail = (skip) => {
			const fullLeft = Math.max(0, full - skip);
			return [
				fullLeft > 0 ? `${fullLeft} × ${ms(fullTrip?.ms ?? 0)}` : '',
				skip <= full ? last : '',
			]
				.filter((part) => part !== '')
				.join(' + ');
		};
	} else {
		const ask: PlainRequest =
			kase.check.kind === 'action'
				? {
						method: 'POST',
						path: '/o/api/v3.1/devices/action',
						body: { types: 'exempt', ids: kase.check.hwids, params: { exempt_time: 0 } },
					}
				: {
						method: 'POST',
						path: '/o/api/v2/devices/delete',
						body: { opt: 1, HWID_list: kase.check.hwids },
					};
		// A delete must find its devices each time: restore the fleet before each sample.
		const trip = await measureRoundTrip(
			sim,
			ask,
			5,
			kase.check.kind === 'delete' ? () => shape(context, kase.fleet) : undefined,
		);
		if (trip.status !== 200)
			throw new Error(`The plain client's ${ask.path} answered ${trip.status}`);
		trips = [trip.ms];
		tripDetail = (skip) => (skip > 0 ? '' : `1 × ${ms(trip.ms)}`);
	}
	let floor: Floor;
	if (kase.floorWorkflowId) {
		const sent = kase.floorN8nRequests ?? 1;
		const windows = windowsPart(trips.length, rule).replace(/ \+ $/, '');
		const rest = [windows, tripDetail(sent)].filter((part) => part !== '').join(' + ');
		// The round trips of the requests n8n's own nodes send are inside n8n's part.
		const inN8n = trips.slice(0, sent).reduce((sum, trip) => sum + trip, 0);
		const base: Floor = {
			requests: trips.length,
			ms: timeFloorMs(trips, rule) - inN8n,
			detail: '',
			n8nMs: 0,
			rest,
			n8nRequests: sent,
		};
		const runs: number[] = [];
		for (let run = 0; run < FLOOR_REFERENCE_RUNS; run++)
			runs.push(await runFloorReference(context, kase));
		floor = withN8nPart(base, runs);
		if (kase.strictFloorWorkflowId) {
			const firstOnly: number[] = [];
			for (let run = 0; run < FLOOR_REFERENCE_RUNS; run++)
				firstOnly.push(await runFloorReference(context, kase, kase.strictFloorWorkflowId, 1));
			const strictRest = [windows, tripDetail(1)].filter((part) => part !== '').join(' + ');
			floor.strict = {
				ms: median(firstOnly) + timeFloorMs(trips, rule) - trips[0],
				detail: `n8n ${ms(median(firstOnly))} (the first request alone by n8n's HTTP Request node: ${firstOnly.join(', ')} ms) + ${strictRest}`,
			};
		}
	} else {
		floor = {
			requests: trips.length,
			ms: timeFloorMs(trips, rule),
			detail: `${windowsPart(trips.length, rule)}${tripDetail(0)}`,
		};
	}
	shape(context, kase.fleet);
	return floor;
}
