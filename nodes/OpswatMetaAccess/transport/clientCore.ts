import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { systemClock, type Clock } from './clock';
import { Requester } from './requester';
import type { RateLimitWaits } from './waitLog';
import type { MetaAccessContext, RequestOptions } from './types';

/** The objects of a list (anything else in it dropped); not a list: none. */
export const objectsIn = (list: unknown): IDataObject[] =>
	Array.isArray(list)
		? list.filter(
				(entry): entry is IDataObject =>
					typeof entry === 'object' && entry !== null && !Array.isArray(entry),
			)
		: [];

/**
 * What every MetaAccess endpoint method stands on: the requester (the credential session, read
 * once from the moment the client is made, the account's rate limiter, the cancel signal), the
 * clock, and the error for an answer of the wrong shape.
 */
export abstract class ClientCore {
	protected readonly requester: Requester;

	constructor(
		protected readonly context: MetaAccessContext,
		private readonly clock: Clock = systemClock,
	) {
		this.requester = new Requester(context, clock);
	}

	/** The time now, on the client's clock. */
	now(): number {
		return this.clock.now();
	}

	/** What the rate limit has cost this client's requests so far (waits, 429s). */
	get rateLimitWaits(): RateLimitWaits {
		return this.requester.waits;
	}

	/** An answer whose shape is not the documented one: says which endpoint, and what may have happened. */
	protected unexpected(
		message: string,
		options: RequestOptions,
		description?: string,
	): NodeApiError {
		const wording = { message, itemIndex: options.itemIndex };
		return new NodeApiError(
			this.context.getNode(),
			{},
			description === undefined ? wording : { ...wording, description },
		);
	}
}
