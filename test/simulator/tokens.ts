import { randomBytes } from 'node:crypto';

export interface ClientCredentials {
	clientId: string;
	clientSecret: string;
}

export interface TokenGrant {
	access_token: string;
	token_type: 'bearer';
	refresh_token: string;
	expires_in: number;
	scope: 'read';
}

type TokenState = 'valid' | 'expired' | 'unknown';

interface TokenRecord {
	/** Short name that the request log shows instead of the token. */
	label: string;
	/** The account the token acts for (its rate-limit budget): the issuing client, or the static token itself. */
	account: string;
	/** When the token stops working; undefined for static tokens (valid until expired through the control API). */
	expiresAt: number | undefined;
	expired: boolean;
}

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A random token shaped like the documentation's (upper-case letters and digits, 48 characters). */
function randomToken(): string {
	return [...randomBytes(48)].map((byte) => TOKEN_ALPHABET[byte % TOKEN_ALPHABET.length]).join('');
}

/** The access tokens the simulator accepts: issued through the token endpoint, or static (pasted-token mode). */
export class TokenStore {
	private readonly tokens = new Map<string, TokenRecord>();

	private issuedCount = 0;

	private staticCount = 0;

	constructor(private readonly clients: ClientCredentials[]) {}

	/** A new token for a known client; undefined when the client ID and secret do not match. */
	issue(
		clientId: string,
		clientSecret: string,
		lifetimeSeconds: number,
		now: number,
	): TokenGrant | undefined {
		const known = this.clients.some(
			(client) => client.clientId === clientId && client.clientSecret === clientSecret,
		);
		if (!known) return undefined;
		const token = randomToken();
		this.issuedCount += 1;
		this.tokens.set(token, {
			label: `${clientId}#${this.issuedCount}`,
			account: `client:${clientId}`,
			expiresAt: now + lifetimeSeconds * 1000,
			expired: false,
		});
		return {
			access_token: token,
			token_type: 'bearer',
			refresh_token: randomToken(),
			expires_in: lifetimeSeconds,
			scope: 'read',
		};
	}

	/** Makes a token valid until expired through the control API (a random one when none is given). */
	addStatic(token = randomToken()): { access_token: string; label: string } {
		const known = this.tokens.get(token);
		if (known) {
			known.expired = false;
			known.expiresAt = undefined;
			return { access_token: token, label: known.label };
		}
		this.staticCount += 1;
		const label = `static#${this.staticCount}`;
		this.tokens.set(token, { label, account: label, expiresAt: undefined, expired: false });
		return { access_token: token, label };
	}

	state(token: string, now: number): TokenState {
		const record = this.tokens.get(token);
		if (!record) return 'unknown';
		return record.expired || (record.expiresAt !== undefined && now >= record.expiresAt)
			? 'expired'
			: 'valid';
	}

	label(token: string): string {
		return this.tokens.get(token)?.label ?? 'unknown';
	}

	/**
	 * The account a token acts for, which the rate limit counts: every token a client was issued
	 * shares one budget (a worker that fetches its own token draws on the same 10 a minute); a
	 * static (pasted) token is an account of its own.
	 */
	account(token: string): string {
		return this.tokens.get(token)?.account ?? `unknown:${token}`;
	}

	/** Expires every token at once; answers how many were still valid. */
	expireAll(now: number): number {
		let count = 0;
		for (const [token, record] of this.tokens) {
			if (this.state(token, now) === 'valid') count += 1;
			record.expired = true;
		}
		return count;
	}
}
