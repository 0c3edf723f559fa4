/**
 * One poll in Status Changes mode: the Status Change v3.0 window since `deltaAt` (⌊changes / 50⌋
 * + 1 requests, one when nothing changed; at most Max Requests per Poll − 1, the rest of a longer
 * window on the next polls, see window.ts), then, with what is left of Max Requests per Poll (less
 * the window's requests, at least one), the pages of a full scan when one is due, in progress, or
 * needed because the window cannot reach back far enough, and Device Details for the devices
 * awaiting it (see docs/trigger.md).
 */
import type { INode } from 'n8n-workflow';

import type { MetaAccessClient } from '../transport/client';
import type { RequestOptions } from '../transport/types';
import { toNodeError } from '../helpers/parameters';
import { deltaAge, MAX_DELTA_AGE_SECONDS } from './delta';
import type { FleetScan } from './diff';
import type { Change, TriggerEvent } from './events';
import { scanAndConfirm } from './scanPages';
import { readStatusWindow } from './window';

export interface DeltaPollConfig {
	events: TriggerEvent[];
	maxRequestsPerPoll: number;
	/** Hours between full scans (0: only the first, and those a too long gap needs). */
	fullScanEveryHours: number;
	requestOptions: RequestOptions;
}

export interface DeltaPollResult {
	changes: Change[];
	/** Why this poll started a full scan instead of asking Status Change (for the items and the log). */
	note?: string;
}

const HOUR_MS = 3_600_000;

/**
 * One poll in Status Changes mode, on the scan's working copy of the state (stored by the caller
 * only when this resolves). Throws the first failed request, with what the next poll does.
 */
export async function pollStatusChanges(
	node: INode,
	client: MetaAccessClient,
	scan: FleetScan,
	config: DeltaPollConfig,
): Promise<DeltaPollResult> {
	const state = scan.working;
	const now = client.now();
	const changes: Change[] = [];
	const startPage = state.nextPage;
	const since = state.deltaAt;
	let note: string | undefined;
	let requests = 0;
	let forced = false;
	try {
		const age = since === undefined ? undefined : deltaAge(since, now);
		if (since === undefined) {
			// First activation (the baseline scan runs anyway) or a state of Full Scan mode.
			forced = state.cycles > 0;
			if (forced)
				note =
					'No earlier Status Change window is recorded (the trigger ran in Full Scan mode): a full scan finds what changed meanwhile.';
		} else if (age === undefined) {
			forced = true;
			note = `The last recorded poll asked for changes at ${new Date(since).toISOString()}, more than ${MAX_DELTA_AGE_SECONDS.toLocaleString('en-US')} s (the most Status Change looks back) ago: a full scan finds what changed meanwhile.`;
		} else {
			const query = { now, age, share: config.maxRequestsPerPoll - 1 };
			const { events, requestOptions } = config;
			requests = await readStatusWindow(
				node,
				client,
				state,
				query,
				events,
				requestOptions,
				changes,
			);
		}
		if (age === undefined) {
			// No window this poll: the windows start from it (a window in progress is dropped).
			state.deltaAt = now;
			state.ambiguousAt = undefined;
			state.window = undefined;
		}
		if (forced) {
			// The pages a scan in progress has passed may hold changes no window saw: start over.
			state.nextPage = 1;
			state.pageKeys = undefined;
		}
		const due =
			forced ||
			state.cycles === 0 ||
			state.nextPage > 1 ||
			(config.fullScanEveryHours > 0 &&
				now - (state.fullAt ?? 0) >= config.fullScanEveryHours * HOUR_MS);
		// The window counts as at least one request, so that a scan moves at the same pace every poll.
		const budget = config.maxRequestsPerPoll - Math.max(1, requests);
		const starts = state.nextPage === 1;
		const { pages, scanned, confirmed } = await scanAndConfirm(
			node,
			client,
			scan,
			budget,
			due,
			config.requestOptions,
		);
		if (starts && pages > 0) state.fullAt = now;
		for (const change of scanned) change.source = 'fullScan';
		for (const change of confirmed) change.source = 'deviceDetails';
		changes.push(...scanned, ...confirmed);
	} catch (error) {
		const window =
			since === undefined
				? ''
				: ` asks again for the changes since ${new Date(since).toISOString()} and`;
		const failure = toNodeError(node, error);
		const next = `Nothing was recorded from this poll: the next poll${window} scans again from page ${startPage}, so no change is lost or reported twice.`;
		failure.description = `${failure.description ?? ''} ${next}`.trim();
		throw failure;
	}
	return { changes, note };
}
