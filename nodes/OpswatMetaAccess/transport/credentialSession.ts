import type { ICredentialDataDecryptedObject, ICredentialsDecrypted } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { baseUrlProblem, trimBaseUrl } from '../helpers/text';
import { REQUESTS_PER_MINUTE } from './rateLimiter';
import type { MetaAccessContext } from './types';

export const CREDENTIAL_TYPE = 'opswatMetaAccessApi';

/** FNV-1a: a short, non-reversible tag of a token, so that no key of the limiters holds a token. */
function tokenTag(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash.toString(16);
}

/** What a checked credential gives the client. */
export interface Account {
	baseUrl: string;
	/** Base URL and credential identity (client ID, or a tag of the token): the key of its rate limiter. */
	key: string;
	requestsPerMinute: number;
}

/**
 * The credential of one execution (or one poll), read once: n8n reads it from its database and
 * decrypts it on every `getCredentials()`, and `httpRequestWithAuthentication` does so again unless
 * it is handed the decrypted credential. The read starts when the session is made (the action node
 * makes it before it validates its items, so that the database read overlaps that work); a failed
 * read is reported by the request that needs it, and never left unhandled. n8n's
 * pre-authentication writes a fetched token into this same object, so later requests of the
 * execution send it.
 */
export class CredentialSession {
	private readonly reading: Promise<ICredentialDataDecryptedObject>;

	private account: Account | undefined;

	private decrypted: ICredentialDataDecryptedObject | undefined;

	private authentication: { credentialsDecrypted: ICredentialsDecrypted } | undefined;

	constructor(private readonly context: MetaAccessContext) {
		this.reading = context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
		this.reading.catch(() => undefined);
	}

	/** The decrypted credential (a request's own failure reports a failed read). */
	async credentials(): Promise<ICredentialDataDecryptedObject> {
		this.decrypted ??= await this.reading;
		return this.decrypted;
	}

	/**
	 * What `httpRequestWithAuthentication` is handed with every request instead of reading the
	 * credential again. With a pasted token, its copy carries that token as the session token too:
	 * n8n then never calls the credential's pre-authentication for these requests (it does when the
	 * session token is empty), so that pre-authentication, in Access Token mode, runs only for the
	 * Test button and again after a 401, where it words the refusal.
	 */
	async requestAuthentication(): Promise<{ credentialsDecrypted: ICredentialsDecrypted }> {
		const stored = await this.credentials();
		const data =
			stored.authentication === 'clientCredentials'
				? stored
				: { ...stored, sessionToken: stored.accessToken };
		if (!this.authentication) {
			const reference = this.context.getNode().credentials?.[CREDENTIAL_TYPE];
			this.authentication = {
				credentialsDecrypted: {
					id: reference?.id ?? '',
					name: reference?.name ?? '',
					type: CREDENTIAL_TYPE,
					data,
				},
			};
		}
		return this.authentication;
	}

	/**
	 * The account, after checking that the credential can make a request at all (checked once): a
	 * bad credential is reported before anything is sent.
	 */
	async checkedAccount(itemIndex?: number): Promise<Account> {
		const credentials = await this.credentials();
		if (this.account) return this.account;
		const problem = (message: string, description: string) =>
			new NodeOperationError(
				this.context.getNode(),
				`The OPSWAT MetaAccess credential ${message}`,
				{ description, itemIndex },
			);
		const baseUrl = trimBaseUrl(credentials.baseUrl);
		const wrongBaseUrl = baseUrlProblem(baseUrl);
		if (wrongBaseUrl)
			throw problem(`has a Base URL ${wrongBaseUrl.message}`, wrongBaseUrl.description);
		const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';
		if (credentials.authentication === 'clientCredentials') {
			if (blank(credentials.clientId) || blank(credentials.clientSecret)) {
				throw problem(
					`has no ${blank(credentials.clientId) ? 'Client ID' : 'Client Secret'}`,
					'Open the credential and fill in the Client ID and Client Secret of your MetaAccess API client.',
				);
			}
		} else if (blank(credentials.accessToken)) {
			throw problem(
				'has no Access Token',
				'Open the credential and paste an access token, or switch it to Client Credentials.',
			);
		}
		const identity =
			credentials.authentication === 'clientCredentials'
				? `client:${String(credentials.clientId)}`
				: `token:${tokenTag(String(credentials.accessToken ?? ''))}`;
		const given = credentials.requestsPerMinute;
		const rate =
			given === undefined || given === null || given === ''
				? REQUESTS_PER_MINUTE.default
				: typeof given === 'number' || typeof given === 'string'
					? Number(given)
					: NaN;
		const { min, max } = REQUESTS_PER_MINUTE;
		if (!Number.isInteger(rate) || rate < min || rate > max) {
			throw problem(
				`has Requests per Minute ${String(given)}: it takes a whole number from ${min} to ${max}`,
				`Open the credential and set Requests per Minute to a whole number from ${min} to ${max}. MetaAccess allows ${REQUESTS_PER_MINUTE.default} requests a minute per account (the default).`,
			);
		}
		this.account = { baseUrl, key: `${baseUrl}|${identity}`, requestsPerMinute: rate };
		return this.account;
	}

	/** Whether a refused request may be sent once more with another session token (client credentials only). */
	get renewsTokens(): boolean {
		return this.decrypted?.authentication === 'clientCredentials';
	}

	/**
	 * After a 401: takes the refused session token out of use and resolves to it. The next request
	 * sends the token stored in n8n now if another execution already renewed it, else none, so that
	 * n8n's pre-authentication fetches (and stores) a new one.
	 */
	async dropRefusedToken(): Promise<unknown> {
		const credentials = await this.credentials();
		const refused = credentials.sessionToken;
		let newer = '';
		try {
			const stored = (
				await this.context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE)
			).sessionToken;
			if (typeof stored === 'string' && stored !== '' && stored !== refused) newer = stored;
		} catch {
			// The stored credential cannot be read: fetch a new token.
		}
		credentials.sessionToken = newer;
		return refused;
	}
}
