/**
 * The floor of a workload: the fewest requests the MetaAccess API allows for it, and the least
 * time its rate limit allows for them.
 *
 * - Perform Action / Delete: the API documents no cap on devices per request, so 1 request.
 * - Get Many, Return All, over N devices: ⌊N/50⌋ + 1 pages (50 devices a page; the last page is
 *   the short one, or an empty / 413 page when N is a multiple of 50).
 * - Trigger, one complete scan of N devices: ⌈(N + 1) / 50⌉ pages (the same number).
 *
 * Time floor of R requests under a limit of L per window W, with round trips ℓ₁ … ℓ_R measured
 * with a plain client: (⌈R/L⌉ − 1)·W + Σℓᵢ, the least time R sequential requests can take.
 */

/** Devices one Get Devices v2.3 page holds at most. */
export const PAGE_SIZE = 50;

export function actionRequestFloor(): number {
	return 1;
}

export function getManyRequestFloor(devices: number): number {
	return Math.floor(devices / PAGE_SIZE) + 1;
}

export function scanRequestFloor(devices: number): number {
	return Math.ceil((devices + 1) / PAGE_SIZE);
}

export interface RateRule {
	/** Requests allowed per window. */
	limit: number;
	/** Window length, ms. */
	windowMs: number;
}

/**
 * Least time, in ms, for the given requests (their round trips, ms, in order) under the rule:
 * (⌈R/L⌉ − 1)·W + Σℓ.
 */
export function timeFloorMs(roundTripsMs: readonly number[], rule: RateRule): number {
	const requests = roundTripsMs.length;
	if (requests === 0) return 0;
	const windows = Math.ceil(requests / rule.limit) - 1;
	return windows * rule.windowMs + roundTripsMs.reduce((sum, ms) => sum + ms, 0);
}

/** R copies of one round trip (requests of the same shape). */
export function repeated(roundTripMs: number, count: number): number[] {
	return new Array<number>(count).fill(roundTripMs);
}

export function median(values: readonly number[]): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
