/**
 * The requests the trigger's documented rule gives the polls that follow, for tests of removals
 * (docs/trigger.md, "Removal rule"): each poll fetches the pages of its scan first (half of the
 * budget, rounded down, while devices await Device Details), then asks Device Details about the
 * devices awaiting it, in the order the trigger first saw them, with what is left. A scan that
 * completes ends the poll's pages; the devices it missed then await Device Details too.
 */
import { DETAILS_PATH, detailsRequest, pageRequest, type RecordedRequest } from './fleet';

export interface PlanStart {
	/** Most requests a poll gives the scan and Device Details. */
	budget: number;
	/** Pages of a complete scan of the fleet as it is now (the last one short, empty or 413; a page
	 * past it ends a scan as well). */
	scanPages: number;
	/** The page the next poll starts at. */
	nextPage: number;
	/** Devices awaiting Device Details now. */
	awaiting?: string[];
	/** The known devices each of the next complete scans misses first (gone). */
	missing?: string[][];
	/** The order the trigger first saw the devices in (the fleet's order at the baseline). */
	order: string[];
}

/** The requests of each poll until every device awaiting Device Details or missing was asked about. */
export function plannedPolls(start: PlanStart): RecordedRequest[][] {
	const rank = new Map(start.order.map((hwid, index) => [hwid, index]));
	const awaiting = [...(start.awaiting ?? [])].sort((a, b) => rank.get(a)! - rank.get(b)!);
	const missing = (start.missing ?? []).map((group) => [...group]);
	let page = start.nextPage;
	const polls: RecordedRequest[][] = [];
	while (awaiting.length > 0 || missing.length > 0) {
		const requests: RecordedRequest[] = [];
		const share = awaiting.length > 0 ? Math.floor(start.budget / 2) : start.budget;
		while (requests.length < share) {
			requests.push(pageRequest(page));
			if (page >= start.scanPages) {
				page = 1;
				awaiting.push(...(missing.shift() ?? []));
				awaiting.sort((a, b) => rank.get(a)! - rank.get(b)!);
				break;
			}
			page++;
		}
		const asked = awaiting.splice(0, start.budget - requests.length);
		requests.push(...asked.map((hwid) => detailsRequest(hwid)));
		polls.push(requests);
		if (polls.length > 10_000) throw new Error('the plan does not end');
	}
	return polls;
}

/** The devices a plan asks Device Details about, in order. */
export function askedAbout(polls: RecordedRequest[][]): string[] {
	return polls
		.flat()
		.filter((request) => request.path.startsWith(DETAILS_PATH))
		.map((request) => decodeURIComponent(request.path.slice(DETAILS_PATH.length)));
}
