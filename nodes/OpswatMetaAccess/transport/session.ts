import type { ICredentialDataDecryptedObject, ICredentialsDecrypted } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { credentialProblem, trimBaseUrl } from '../../../credentials/common';
import { unlessCancelled, type Clock } from './clock';
import type { MetaAccessContext } from './types';

export const CREDENTIAL_TYPE = 'opswatMetaAccessApi';

/** FNV-1a: a short, non-reversible tag of a token, so that no key of the limiters holds a token. */
function tokenTag(text: string): string {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++)
		hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
	return hash.toString(16);
}

/** What a checked credential gives the transport. */
export interface Account {
	baseUrl: string;
	/** Base URL and credential identity (client ID, or a tag of the token): the key of its rate limiter. */
	key: string;
	requestsPerMinute: number;
}

/** A session token and its generation: how many renewals deep it is (a renewal gives one more). */
interface Token {
	value: string;
	generation: number;
}

/** The token a request sends (value '': none, n8n's pre-authentication fetches one) and its credential. */
export interface TokenUse {
	token: Token;
	/** Fetched for this attempt (by it, or while it waited): a 401 to it is no expiry. */
	fresh: boolean;
	/** What httpRequestWithAuthentication is handed instead of reading the credential again. */
	authentication: { credentialsDecrypted: ICredentialsDecrypted };
	/** Set when this request fetches the token: ends the fetch for those waiting on it. */
	fetched?: () => void;
}

/** A request sends again after a 401 at most this many times (each time with a newer token). */
const MAX_RENEWALS = 3;

/**
 * What this n8n process knows of one client's tokens (client credentials): the newest token, the
 * refused ones, and the fetch in flight, so that concurrent executions fetch one token at a time
 * and all use it, and a 401 renews once for every execution refused the same token.
 */
class TokenKeeper {
	newest: Token | undefined;

	readonly refused = new Set<string>();

	fetching: Promise<void> | undefined;

	/** The newest usable token of these (and of this process's), if any. */
	best(...tokens: Array<Token | undefined>): Token | undefined {
		const usable = [...tokens, this.newest].filter(
			(token): token is Token => !!token?.value && !this.refused.has(token.value),
		);
		return usable.sort((a, b) => b.generation - a.generation)[0];
	}

	refuse(value: string) {
		// A few hundred refused tokens at most: the oldest are forgotten first.
		if (this.refused.size >= 256) this.refused.delete(this.refused.values().next().value!);
		this.refused.add(value);
	}
}

/** The token keepers of this process, per clock (tests: per test) and per account key. */
const keepers = new WeakMap<Clock, Map<string, TokenKeeper>>();

/**
 * The credential of one execution (or one poll), read once: n8n reads it from its database and
 * decrypts it on every `getCredentials()`, and `httpRequestWithAuthentication` does so again unless
 * it is handed the decrypted credential. The read starts when the session is made (before the
 * action node validates its items, so that the database read overlaps that work); a failed read
 * is reported by the request that needs it, and never left unhandled.
 */
export class CredentialSession {
	private readonly reading: Promise<ICredentialDataDecryptedObject>;

	private decrypted: ICredentialDataDecryptedObject | undefined;

	private account: Account | undefined;

	/** The session token this execution holds (client credentials). */
	private held: Token | undefined;

	/** Every token this session sent: secrets for its error messages. */
	private readonly sent = new Set<string>();

	constructor(
		private readonly context: MetaAccessContext,
		private readonly clock: Clock,
	) {
		this.reading = context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE);
		this.reading.catch(() => undefined);
	}

	/** The decrypted credential (a request's own failure reports a failed read). */
	async credentials(): Promise<ICredentialDataDecryptedObject> {
		if (!this.decrypted) {
			this.decrypted = await this.reading;
			this.held = storedToken(this.decrypted);
		}
		return this.decrypted;
	}

	/** The secrets to keep out of anything shown: the client secret, and every token in use. */
	secrets(): string[] {
		const { accessToken, sessionToken, clientSecret } = this.decrypted ?? {};
		return [accessToken, sessionToken, clientSecret, ...this.sent].filter(
			(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
		);
	}

	get renewsTokens(): boolean {
		return this.decrypted?.authentication === 'clientCredentials';
	}

	/**
	 * The account, after checking that the credential can make a request at all (checked once): a
	 * bad credential is reported before anything is sent.
	 */
	async checkedAccount(itemIndex?: number): Promise<Account> {
		const credentials = await this.credentials();
		if (this.account) return this.account;
		const problem = credentialProblem(credentials);
		if (problem) {
			throw new NodeOperationError(this.context.getNode(), problem.message, {
				description: problem.description,
				itemIndex,
			});
		}
		const baseUrl = trimBaseUrl(credentials.baseUrl);
		const identity =
			credentials.authentication === 'clientCredentials'
				? `client:${String(credentials.clientId)}`
				: `token:${tokenTag(String(credentials.accessToken ?? ''))}`;
		const rate = Number(credentials.requestsPerMinute);
		const requestsPerMinute = rate > 0 ? rate : 10;
		this.account = { baseUrl, key: `${baseUrl}|${identity}`, requestsPerMinute };
		return this.account;
	}

	private get keeper(): TokenKeeper {
		let accounts = keepers.get(this.clock);
		if (!accounts) keepers.set(this.clock, (accounts = new Map()));
		const key = this.account!.key;
		let keeper = accounts.get(key);
		if (!keeper) accounts.set(key, (keeper = new TokenKeeper()));
		return keeper;
	}

	/**
	 * The token for the next request. A pasted token is sent as the session token, so that n8n
	 * never calls the credential's pre-authentication for the nodes' requests (only for the Test
	 * button). With client credentials: the newest token this execution or process has and no 401
	 * refused; else the one being fetched (waited for); else none, and this request's
	 * pre-authentication fetches it for everyone.
	 */
	async nextToken(abortSignal?: AbortSignal): Promise<TokenUse> {
		const stored = await this.credentials();
		if (!this.renewsTokens) return this.use({ value: String(stored.accessToken), generation: 0 });
		const keeper = this.keeper;
		const before = keeper.newest;
		for (;;) {
			const best = keeper.best(this.held);
			if (best) return this.use((this.held = best), best === keeper.newest && best !== before);
			if (!keeper.fetching) break;
			await unlessCancelled(keeper.fetching, abortSignal);
		}
		let fetched = () => {};
		const fetching = new Promise<void>((resolve) => (fetched = resolve));
		keeper.fetching = fetching;
		const refused = Math.max(this.held?.generation ?? 0, keeper.newest?.generation ?? 0);
		const use = this.use({ value: '', generation: refused }, true);
		use.fetched = () => {
			if (keeper.fetching !== fetching) return;
			const { sessionToken: value, sessionGeneration } =
				use.authentication.credentialsDecrypted.data!;
			if (typeof value === 'string' && value !== '') {
				const generation = Number(sessionGeneration) || refused + 1;
				keeper.newest = this.held = { value, generation };
				this.sent.add(value);
			}
			keeper.fetching = undefined;
			fetched();
		};
		return use;
	}

	private use(token: Token, fresh = false): TokenUse {
		this.sent.add(token.value);
		const reference = this.context.getNode().credentials?.[CREDENTIAL_TYPE];
		const data = {
			...this.decrypted,
			sessionToken: token.value,
			sessionGeneration: token.generation,
		};
		const credentialsDecrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: CREDENTIAL_TYPE,
			data,
		};
		return { token, fresh, authentication: { credentialsDecrypted } };
	}

	/**
	 * After a 401: whether the request may be sent again with a newer token (one another execution
	 * renewed meanwhile, or one its retry fetches for everyone). Never with a pasted token, nor
	 * after a token fetched for that very attempt was refused. A token stored meanwhile (by another
	 * execution or n8n worker) serves only when it is newer than the refused one: a token as old is
	 * never used again.
	 */
	async refused(use: TokenUse, request: { renewals?: number }): Promise<boolean> {
		if (!this.renewsTokens || use.fresh) return false;
		request.renewals = (request.renewals ?? 0) + 1;
		if (request.renewals > MAX_RENEWALS) return false;
		const { keeper } = this;
		const { value, generation } = use.token;
		keeper.refuse(value);
		if ((keeper.best(this.held)?.generation ?? -1) > generation) return true;
		try {
			const stored = storedToken(
				await this.context.getCredentials<ICredentialDataDecryptedObject>(CREDENTIAL_TYPE),
			);
			if (stored.generation > generation && keeper.best(stored) === stored) this.held = stored;
		} catch {
			// The stored credential cannot be read: a new token is fetched.
		}
		return true;
	}
}

/** The session token a stored credential holds, with its generation. */
function storedToken(stored: ICredentialDataDecryptedObject): Token {
	const value = typeof stored.sessionToken === 'string' ? stored.sessionToken : '';
	return { value, generation: Number(stored.sessionGeneration) || 0 };
}
