/**
 * A 5-page fleet scan interrupted by a fault (500 after the transport's retries, 429 beyond the
 * wait, 401) at every page position and on the Device Details request that confirms a removal,
 * with the scan in one poll and spread over three polls: the failed poll throws the NodeApiError
 * and leaves the stored state exactly as it was, and across the failed poll and the following
 * ones every change is reported exactly once.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	DEVICES_PATH,
	detailsRequest,
	FAULTS,
	hwidFor,
	makeDevice,
	makeDevices,
	pageRequest,
	TOKEN,
	type RecordedRequest,
} from './fleet';
import { MODES, Rig } from './rig';

let rig: Rig;
afterEach(() => rig?.dispose());

/**
 * Requests the transport sends for one page before giving up. A 429 without headers is waited out
 * a window (60 s) at a time, until the account has made no progress for Max Wait on Rate Limit
 * (120 s): at 0, 60 and 120 s.
 */
const ATTEMPTS: Record<string, number> = {
	'302 to another host': 1,
	'500 after retries': 4,
	'429 beyond the wait': 3,
	'401': 1,
};
const HTTP_CODE: Record<string, string> = {
	'302 to another host': '302',
	'500 after retries': '500',
	'429 beyond the wait': '429',
	'401': '401',
};

const DEVICES = 230; // pages of 50, 50, 50, 50, 30
const PAGES = 5;
const CHANGED = [7, 57, 107, 157, 207]; // one device on each page
const REMOVED = 120; // page 3
const ADDED = 230; // lands on page 5

/** The Get Devices page a request asks for (NaN for Status Change and Device Details). */
function pageOf(request: RecordedRequest): number {
	return request.path === DEVICES_PATH ? Number(request.query.page ?? 1) : NaN;
}

/** Where the fault strikes: a page of the scan, or Device Details (0). */
const DETAILS = 0;

const budgets: Array<[string, number, number[][]]> = [
	['the scan in one poll', 8, [[1, 2, 3, 4, 5]]],
	['the scan over three polls', 2, [[1, 2], [3, 4], [5]]],
];

describe.each(MODES)('%s mode', (mode) => {
	describe.each(Object.keys(FAULTS))('%s', (faultName) => {
		describe.each(budgets)('%s', (_label, budget, pollPages) => {
			const positions = [...Array.from({ length: PAGES }, (_, i) => i + 1), DETAILS];
			test.each(positions)('at page %i (0: Device Details)', async (faultPage) => {
				rig = Rig.inMode(mode, makeDevices(DEVICES), {
					events: ['becameNonCompliant', 'newDevice', 'deviceRemoved'],
					options: { maxRequestsPerPoll: budget },
				});
				// Status Changes mode: the removal is left to the scans (and Device Details) here.
				rig.fleet.windowShowsDeletions = false;
				await rig.pollUntilScanComplete();
				expect(rig.state?.cycles).toBe(1);
				rig.takeRequests();

				for (const index of CHANGED) rig.fleet.update(hwidFor(index), { status: 1 });
				rig.fleet.remove(hwidFor(REMOVED));
				rig.fleet.devices.push(makeDevice(ADDED));

				let failing = true;
				const strikes = (request: RecordedRequest) =>
					faultPage === DETAILS
						? request.path !== DEVICES_PATH && request.method === 'GET'
						: pageOf(request) === faultPage;
				rig.fleet.fault = (request) =>
					failing && strikes(request) ? FAULTS[faultName] : undefined;
				// The poll that completes the scan after the removal asks Device Details about it.
				let confirmed = false;
				const confirmation = (pages: number[]) =>
					!confirmed && pages.includes(PAGES) ? [detailsRequest(hwidFor(REMOVED))] : [];

				const emitted: IDataObject[] = [];
				let failures = 0;
				// Three more complete scans: the one with the fault (or whose removal Device Details
				// confirms), two more.
				while ((rig.state?.cycles ?? 0) < 4) {
					const before = JSON.stringify(rig.staticData);
					const pollIndex = pollPages.findIndex((pages) => pages[0] === rig.state!.nextPage);
					let items: IDataObject[] | null = null;
					let failure: unknown;
					try {
						items = await rig.poll();
					} catch (error) {
						failure = error;
					}
					const pages = pollPages[pollIndex];
					if (failure === undefined) {
						emitted.push(...(items ?? []));
						expect(rig.takeRequests()).toEqual([
							...pages.map((page) => pageRequest(page)),
							...confirmation(pages),
						]);
						confirmed ||= pages.includes(PAGES);
						continue;
					}
					failures++;
					failing = false;
					expect(failure).toBeInstanceOf(NodeApiError);
					const error = failure as NodeApiError;
					expect(error.httpCode).toBe(HTTP_CODE[faultName]);
					expect(error.message).toContain(`MetaAccess answered HTTP ${HTTP_CODE[faultName]}`);
					expect(error.description).toContain(
						mode === 'fullScan'
							? `Nothing was recorded from this poll: the next poll scans again from page ${pages[0]}`
							: `Nothing was recorded from this poll: the next poll asks again for the changes since ${new Date(rig.state!.deltaAt!).toISOString()} and scans again from page ${pages[0]}`,
					);
					expect(JSON.stringify(error)).not.toContain(TOKEN);
					// The stored state is exactly as before the failed poll.
					expect(JSON.stringify(rig.staticData)).toBe(before);
					// The failed poll: its pages before the fault once, then the faulty request until the
					// transport gave up.
					expect(rig.takeRequests()).toEqual(
						faultPage === DETAILS
							? [
									...pages.map((page) => pageRequest(page)),
									...Array.from({ length: ATTEMPTS[faultName] }, () =>
										detailsRequest(hwidFor(REMOVED)),
									),
								]
							: [
									...pages.slice(0, pages.indexOf(faultPage)).map((page) => pageRequest(page)),
									...Array.from({ length: ATTEMPTS[faultName] }, () => pageRequest(faultPage)),
								],
					);
				}
				expect(failures).toBe(1);

				const reported = emitted.map((item) => `${String(item.event)} ${String(item.hwid)}`).sort();
				const expected = [
					...CHANGED.map((index) => `becameNonCompliant ${hwidFor(index)}`),
					`newDevice ${hwidFor(ADDED)}`,
					`deviceRemoved ${hwidFor(REMOVED)}`,
				].sort();
				expect(reported).toEqual(expected);
			});
		});
	});
});
