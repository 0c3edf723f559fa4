/**
 * The loop check every paged listing shares (Get Many, Search, the device picker, the trigger's
 * full scans and Status Change windows): a page that lists exactly the devices of any earlier page
 * of the same listing means the API is repeating itself, and walking on would never end.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { plural } from './text';

/** What identifies an entry of a page: its hwid, device_id, id, cve_id or group_id, else the whole object. */
function identity(entry: IDataObject): string {
	for (const field of ['hwid', 'device_id', 'id', 'cve_id', 'group_id']) {
		const value = entry[field];
		if ((typeof value === 'string' && value !== '') || typeof value === 'number')
			return `${field}:${String(value)}`;
	}
	return `object:${JSON.stringify(entry)}`;
}

/**
 * A short key (base 36, at most 10 characters) of the entries a page lists, whatever their order:
 * two pages listing the same devices have the same key. Each entry's identity is hashed (two
 * 32-bit FNV-1a passes) and the hashes are added, so the order does not count; 50 bits in all:
 * two different pages of one listing share a key with odds under one in 10^8 at 2,000 pages.
 */
export function pageKey(entries: readonly IDataObject[]): string {
	let a = 0;
	let b = 0;
	for (const entry of entries) {
		const text = identity(entry);
		let x = 0x811c9dc5;
		let y = 0x01000193;
		for (let i = 0; i < text.length; i++) {
			const code = text.charCodeAt(i);
			x = Math.imul(x ^ code, 0x01000193) >>> 0;
			y = Math.imul(y ^ code, 0x01000193) >>> 0;
		}
		a = (a + x) >>> 0;
		b = (b + y) >>> 0;
	}
	return ((a % 0x40000) * 0x100000000 + b).toString(36);
}

/**
 * The pages one listing has answered: counts its requests and stops it, with a NodeApiError
 * saying what the API did, when a page repeats any earlier page of the listing. (A list that
 * shifts between two requests moves a device or two between pages, never a whole page.) The same
 * page asked for again (a listing that resumes one page back) is no repeat.
 */
export class ListingPages {
	/** Requests answered in this call (a listing resumed from `earlier` starts at 0). */
	requests = 0;

	/** Each page's key, by page number − 1. */
	private readonly keyOf: string[];

	/** The page each key was answered for. */
	private readonly pageOf = new Map<string, number>();

	private readonly itemIndex: number | undefined;

	/** What the listing lists, in messages ("device", "CVE", "group"). */
	private readonly noun: string;

	/**
	 * `endpoint`: the endpoint's name in messages. `earlier`: the keys of the pages 1, 2, … that
	 * an earlier call of the same listing answered (a trigger scan resumed by the next poll).
	 */
	constructor(
		private readonly node: INode,
		private readonly endpoint: string,
		options: { earlier?: readonly string[]; itemIndex?: number; noun?: string } = {},
	) {
		this.noun = options.noun ?? 'device';
		this.keyOf = [...(options.earlier ?? [])];
		this.keyOf.forEach((key, index) => {
			if (key !== '') this.pageOf.set(key, index + 1);
		});
		this.itemIndex = options.itemIndex;
	}

	/** The keys of the pages 1, 2, … answered so far ('' for a page not answered). */
	get keys(): string[] {
		return Array.from(this.keyOf, (key) => key ?? '');
	}

	/** Takes in the answer of page `page`; returns its key, or throws when it repeats an earlier page. */
	take(page: number, entries: readonly IDataObject[]): string {
		this.requests++;
		const key = pageKey(entries);
		const earlier = this.pageOf.get(key);
		if (entries.length > 0 && earlier !== undefined && earlier !== page) {
			const what =
				earlier === page - 1
					? 'the API ignored the page parameter'
					: 'its pages repeat, so the list would never end';
			throw this.error(
				`MetaAccess answered page ${page} of ${this.endpoint} with the same ${plural(entries.length, this.noun)} as page ${earlier}: ${what}; stopped after ${plural(this.requests, 'request')}`,
				`Listing further pages would only repeat these ${this.noun}s. Check that the Base URL of the credential points to the MetaAccess cloud, not a proxy that drops the page parameter, then try again.`,
			);
		}
		const replaced = this.keyOf[page - 1];
		if (replaced !== undefined && this.pageOf.get(replaced) === page) this.pageOf.delete(replaced);
		this.keyOf[page - 1] = entries.length > 0 ? key : '';
		if (entries.length > 0) this.pageOf.set(key, page);
		return key;
	}

	/** An error that stops the listing: what the API did, and what to do. */
	error(message: string, description: string): NodeApiError {
		return new NodeApiError(this.node, {}, { message, description, itemIndex: this.itemIndex });
	}
}

/** Most devices one Get Devices v2.3 request may ask for (above: 406). */
export const MAX_PAGE_SIZE = 50;

/**
 * The page size that reaches `wanted` devices in the fewest requests without fetching more than
 * needed: ceil(wanted / 50) pages, of equal size.
 */
export function pageSizeFor(wanted: number): number {
	if (wanted <= MAX_PAGE_SIZE) return Math.max(1, wanted);
	return Math.ceil(wanted / Math.ceil(wanted / MAX_PAGE_SIZE));
}
