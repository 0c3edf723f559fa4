/**
 * Status Changes mode: reading one Status Change v3.0 window, within the requests a poll gives it.
 *
 * A window asks for the changes since `deltaAt` (less the overlap), page by page, until a page
 * holds fewer than 50 entries or answers 413. A window longer than a poll's requests is kept in
 * the state (`window`) and resumed by the next poll from the page it reached, with the longer age
 * that still reaches back to `deltaAt`; it reads that page again first (when it may send two
 * requests or more), so entries that moved back a page meanwhile are not skipped.
 *
 * How a window ends decides where the next one reaches back to. A short page is a sure end: the
 * next window starts where this one was asked (its page 1). A page that answers 413 or is empty
 * (after a full page, or on page 1: an empty window) is ambiguous: it is also what a fault looks
 * like. Such a window is not trusted on its own: the next window reaches back to the same
 * `deltaAt` and so looks at its changes again (the fingerprints drop repeats); once that one has
 * ended too, the ambiguous window counts as seen (`ambiguousAt` becomes `deltaAt`). So one wrong
 * end never loses a change, and a quiet fleet still costs one request a poll (its windows reach
 * back over two poll intervals instead of one).
 */
import type { INode } from 'n8n-workflow';

import type { MetaAccessClient } from '../transport/client';
import type { RequestOptions } from '../transport/types';
import { ListingPages } from '../helpers/listing';
import { applyDeltaPage, DELTA_PAGE_SIZE } from './delta';
import type { Change, TriggerEvent } from './events';
import type { WorkingState } from './state';

/** Where the next window reaches back to, once a window asked at `at` has ended. */
function endWindow(state: WorkingState, at: number, ambiguous: boolean): void {
	state.window = undefined;
	if (!ambiguous) {
		state.deltaAt = at;
		state.ambiguousAt = undefined;
		return;
	}
	if (state.ambiguousAt !== undefined) state.deltaAt = state.ambiguousAt;
	state.ambiguousAt = at;
}

/**
 * Reads the window of `age` seconds (a new one asked at `now`, or the one in progress) with at
 * most `share` requests, applying each page to the state; returns the requests sent. A page that
 * repeats any earlier page of the window stops the poll with an error.
 */
export async function readStatusWindow(
	node: INode,
	client: MetaAccessClient,
	state: WorkingState,
	query: { now: number; age: number; share: number },
	events: readonly TriggerEvent[],
	options: RequestOptions,
	changes: Change[],
): Promise<number> {
	const window = state.window ?? { at: query.now, page: 1, keys: [], changed: [] };
	let page = window.page > 1 && query.share >= 2 ? window.page - 1 : window.page;
	const pages = new ListingPages(node, 'Status Change', { earlier: window.keys });
	const changed = new Set(window.changed);
	while (pages.requests < query.share) {
		const answer = await client.statusChangedPage(
			{ age: query.age, page, limit: DELTA_PAGE_SIZE },
			options,
		);
		const entries = [...answer.monitored, ...answer.deleted];
		pages.take(page, entries);
		applyDeltaPage(state, answer, events, client.now(), changes, changed);
		if (answer.last) {
			endWindow(state, window.at, entries.length === 0);
			return pages.requests;
		}
		page++;
	}
	state.window = { at: window.at, page, keys: pages.keys, changed: [...changed] };
	return pages.requests;
}
