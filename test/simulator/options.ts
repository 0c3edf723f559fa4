/**
 * The simulator's options and settings, and the checks of what the control API gives for them.
 */
import { wholeNumber } from './checks';
import type { DeviceInput } from './deviceInput';
import { ConflictError } from './fleet';
import { HttpError, invalidRequest, isObject } from './http';
import type { RateLimit } from './rateLimiter';
import { DEFAULT_AGENT_LOG_DELAY_SECONDS } from './reports';
import type { ClientCredentials } from './tokens';
import { MACHINE_TYPES, type MachineType, type Traits } from './traits';
import type { Timers } from './webhook';

export interface SimulationOptions {
	/** Size of the generated fleet (default 100). */
	devices?: number;
	/** Seed of the generated fleet (default 1): the same seed and size give the same fleet. */
	seed?: number;
	/** Requests per access token per window (default 10 a minute); false: no rate limit. */
	rateLimit?: RateLimit | false;
	/** Lifetime of the tokens the token endpoint issues (default 43199 s, as the documentation's example). */
	tokenLifetimeSeconds?: number;
	/** Client credentials the token endpoint accepts (default demo-client / demo-secret). */
	clients?: ClientCredentials[];
	/** Access tokens valid from the start until expired through the control API (default demo-access-token). */
	staticTokens?: string[];
	/** Seconds after a fetch_agent_log until Get Reports gives its log (default 60; 0: at once). */
	agentLogDelaySeconds?: number;
	/** The simulator's clock, in ms (default Date.now): webhook timestamps and push times. */
	now?: () => number;
	/** What webhook retries wait with (default the real timers; tests move theirs by hand). */
	timers?: Timers;
}

export interface SimulatorConfig {
	rateLimit: RateLimit | false;
	tokenLifetimeSeconds: number;
	agentLogDelaySeconds: number;
}

export interface ConfigChange {
	/** Fields to change (the others stay; from the documented 10 a minute when it was off), or false: off. */
	rateLimit?: Partial<RateLimit> | false;
	tokenLifetimeSeconds?: number;
	agentLogDelaySeconds?: number;
}

export interface AddDevicesRequest {
	/** Devices to add; fields not given are generated (consistent with the given machine_type, category and agent). */
	devices?: DeviceInput[];
	/** How many generated devices to add after them. */
	generate?: number;
}

export const DEFAULT_OPTIONS = {
	devices: 100,
	seed: 1,
	tokenLifetimeSeconds: 43199,
	clients: [{ clientId: 'demo-client', clientSecret: 'demo-secret' }],
	staticTokens: ['demo-access-token'],
	agentLogDelaySeconds: DEFAULT_AGENT_LOG_DELAY_SECONDS,
};

export function rateLimitRule(value: unknown, base: RateLimit): RateLimit | false {
	if (value === false) return false;
	if (!isObject(value))
		throw invalidRequest('rateLimit must be false or an object { limit, windowMs, headers }');
	const headers = value.headers ?? base.headers;
	if (headers !== undefined && typeof headers !== 'boolean') {
		throw invalidRequest('rateLimit.headers must be true or false');
	}
	return {
		limit: wholeNumber(value.limit, 'rateLimit.limit', base.limit, 1),
		windowMs: wholeNumber(value.windowMs, 'rateLimit.windowMs', base.windowMs, 1),
		// Said only when it is not the default: the API sends its X-RateLimit headers.
		...(headers === false ? { headers: false } : {}),
	};
}

export function nonEmptyText(value: unknown, name: string): string {
	if (typeof value !== 'string' || value === '')
		throw invalidRequest(`${name} must be a non-empty string`);
	return value;
}

/** The traits a generated device must share with the fields given for it. */
export function traitsOf(input: DeviceInput): Partial<Traits> {
	return {
		...(MACHINE_TYPES.includes(input.machine_type as MachineType)
			? { machine_type: input.machine_type as MachineType }
			: {}),
		...(input.category ? { category: input.category } : {}),
		...(input.agent ? { agent: input.agent } : {}),
	};
}

export const asHttpConflict = (error: unknown) =>
	error instanceof ConflictError ? new HttpError(409, 'conflict', error.message) : error;
