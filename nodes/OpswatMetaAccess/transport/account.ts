import type { Clock } from './clock';
import { RateLimiter } from './rateLimiter';

/**
 * What every execution and poll of this n8n process shares for one MetaAccess account (base URL and
 * credential identity): its rate limiter.
 */
export class SharedAccount {
	readonly limiter: RateLimiter;

	constructor(requestsPerMinute: number, clock: Clock) {
		this.limiter = new RateLimiter(requestsPerMinute, clock);
	}
}

/**
 * The accounts of this process, per clock (the system clock in n8n; a test's virtual clock gives it
 * accounts of its own) and per account key.
 */
const registries = new WeakMap<Clock, Map<string, SharedAccount>>();

/** What this process shares for an account, its limiter set to the credential's current rate. */
export function sharedAccount(clock: Clock, key: string, requestsPerMinute: number): SharedAccount {
	let accounts = registries.get(clock);
	if (!accounts) registries.set(clock, (accounts = new Map()));
	let account = accounts.get(key);
	if (!account) accounts.set(key, (account = new SharedAccount(requestsPerMinute, clock)));
	else account.limiter.setRequestsPerMinute(requestsPerMinute);
	return account;
}
