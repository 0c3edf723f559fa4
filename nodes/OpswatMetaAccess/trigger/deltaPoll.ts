/**
 * One poll in Status Changes mode: a Status Change v3.0 window since the last committed poll
 * (⌊changes / 50⌋ + 1 requests, one when nothing changed), then, with what is left of Max Requests
 * per Poll (less the window's requests, at least one), the pages of a full scan when one is due, in progress, or needed because the window
 * cannot reach back far enough (see docs/trigger.md).
 */
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { MetaAccessClient } from '../transport/client';
import { devicePageKey } from '../transport/devicePages';
import type { RequestOptions } from '../transport/types';
import { toNodeError } from '../helpers/parameters';
import { plural } from '../helpers/text';
import { applyDeltaPage, deltaAge, DELTA_PAGE_SIZE, MAX_DELTA_AGE_SECONDS } from './delta';
import type { FleetScan } from './diff';
import type { Change, TriggerEvent } from './events';
import { scanPages } from './scanPages';

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

/** Asks Status Change for the window of `age` seconds, page by page, applying each page. */
async function statusChanges(
	node: INode,
	client: MetaAccessClient,
	scan: FleetScan,
	age: number,
	config: DeltaPollConfig,
	changes: Change[],
): Promise<number> {
	let previousKey: string | undefined;
	for (let page = 1; ; page++) {
		const answer = await client.statusChangedPage(
			{ age, page, limit: DELTA_PAGE_SIZE },
			config.requestOptions,
		);
		const entries = [...answer.monitored, ...answer.deleted];
		const key = devicePageKey(entries);
		if (entries.length > 0 && key === previousKey) {
			throw new NodeApiError(
				node,
				{},
				{
					message: `MetaAccess answered page ${page} of Status Change with the same ${plural(entries.length, 'device')} as page ${page - 1}: the API ignored the page parameter; stopped after ${plural(page, 'request')}`,
					description:
						'Check that the Base URL of the credential points to the MetaAccess cloud, not a proxy that drops the page parameter, then try again.',
				},
			);
		}
		previousKey = key;
		applyDeltaPage(scan.working, answer, config.events, client.now(), changes);
		if (answer.last) return page;
	}
}

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
			requests = await statusChanges(node, client, scan, age, config, changes);
		}
		if (forced) {
			// The pages a scan in progress has passed may hold changes no window saw: start over.
			state.nextPage = 1;
			state.pageKey = undefined;
		}
		const due =
			forced ||
			state.cycles === 0 ||
			state.nextPage > 1 ||
			(config.fullScanEveryHours > 0 &&
				now - (state.fullAt ?? 0) >= config.fullScanEveryHours * HOUR_MS);
		// The window counts as at least one request, so that a scan moves at the same pace every poll.
		const budget = config.maxRequestsPerPoll - Math.max(1, requests);
		if (due && budget > 0) {
			if (state.nextPage === 1) state.fullAt = now;
			const first = changes.length;
			await scanPages(node, client, scan, budget, config.requestOptions, changes);
			for (const change of changes.slice(first)) change.source = 'fullScan';
		}
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
	state.deltaAt = now;
	return { changes, note };
}
