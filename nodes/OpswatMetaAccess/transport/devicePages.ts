import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { plural } from '../helpers/text';

/** What identifies a device on a page: its hwid, else its id, else the whole object. */
function deviceIdentity(device: IDataObject): string {
	for (const field of ['hwid', 'id']) {
		const value = device[field];
		if ((typeof value === 'string' && value !== '') || typeof value === 'number')
			return `${field}:${String(value)}`;
	}
	return `object:${JSON.stringify(device)}`;
}

/** Two 32-bit FNV-1a hashes (different offsets) of a text, as one short string. */
function hashOf(text: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		a = Math.imul(a ^ code, 0x01000193) >>> 0;
		b = Math.imul(b ^ code, 0x01000193) >>> 0;
	}
	return `${a.toString(36)}.${b.toString(36)}`;
}

/**
 * A short key of the devices a page lists, whatever their order: two pages listing the same
 * devices (by hwid, else id) have the same key; `"<count>:<hash>"`.
 */
export function devicePageKey(devices: readonly IDataObject[]): string {
	const identities = devices.map(deviceIdentity).sort();
	return `${devices.length}:${hashOf(identities.join('\n'))}`;
}

/** A page already answered: its number and the key of its devices. */
export interface AnsweredPage {
	page: number;
	key: string;
}

/**
 * One walk through the pages of Get Devices v2.3 (a Get Many listing, or the pages one trigger
 * poll fetches): counts the requests and stops the walk, with a NodeApiError saying what the API
 * did, when a page lists exactly the devices of the page before it. (A list that shifts between
 * two requests moves a device or two between pages; a whole page of the same devices again means
 * the API ignored the page parameter, and walking on would only gather the same devices.)
 */
export class DevicePageWalk {
	/** Page requests answered in this walk. */
	requests = 0;

	private previous: AnsweredPage | undefined;

	private readonly itemIndex: number | undefined;

	/** `previous`: the page answered just before this walk (a trigger scan resumed by a new poll). */
	constructor(
		private readonly node: INode,
		options: { previous?: AnsweredPage; itemIndex?: number } = {},
	) {
		this.previous = options.previous;
		this.itemIndex = options.itemIndex;
	}

	/** Takes in the answer of page `page`; returns its key, or throws when it repeats the page before. */
	take(page: number, devices: readonly IDataObject[]): string {
		this.requests++;
		const key = devicePageKey(devices);
		const previous = this.previous;
		if (devices.length > 0 && previous?.page === page - 1 && previous.key === key) {
			throw this.error(
				`MetaAccess answered page ${page} of Get Devices with the same ${plural(devices.length, 'device')} as page ${previous.page}: the API ignored the page parameter; stopped after ${plural(this.requests, 'request')}`,
				'Listing further pages would only repeat these devices. Check that the Base URL of the credential points to the MetaAccess cloud, not a proxy that drops the page parameter, then try again.',
			);
		}
		this.previous = { page, key };
		return key;
	}

	/** An error that stops the walk: what the API did, and what to do. */
	error(message: string, description: string): NodeApiError {
		return new NodeApiError(this.node, {}, { message, description, itemIndex: this.itemIndex });
	}
}
