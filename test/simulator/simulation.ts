import { commandIdSource } from './actions';
import { changesFor, checkDeviceInput, type DeviceInput } from './deviceInput';
import { FAULT_KINDS, FaultQueue, type Fault, type FaultSpec } from './faults';
import {
	ConflictError,
	Fleet,
	settleExemption,
	type ArchivedDevice,
	type SimDevice,
} from './fleet';
import {
	generateDevice,
	generateFleet,
	MACHINE_TYPES,
	MAX_GENERATED_DEVICES,
	type MachineType,
	type Traits,
} from './generator';
import { StatusHistory } from './history';
import { HttpError, invalidRequest, isObject } from './http';
import { AgentLogStore, DEFAULT_AGENT_LOG_DELAY_SECONDS } from './reports';
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimit } from './rateLimiter';
import { RequestLog } from './requestLog';
import { TokenStore, type ClientCredentials } from './tokens';
import { REAL_TIMERS, Webhook, type Timers } from './webhook';

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

const isWhole = (value: unknown): value is number =>
	Number.isSafeInteger(value) && (value as number) >= 0;

function wholeNumber(
	value: unknown,
	name: string,
	minimum = 0,
	maximum = Number.MAX_SAFE_INTEGER,
): number {
	if (!isWhole(value) || value < minimum || value > maximum) {
		throw invalidRequest(
			`${name} must be a whole number from ${minimum}${maximum < Number.MAX_SAFE_INTEGER ? ` to ${maximum}` : ''}`,
		);
	}
	return value;
}

function rateLimitRule(value: unknown, base: RateLimit): RateLimit | false {
	if (value === false) return false;
	if (!isObject(value))
		throw invalidRequest('rateLimit must be false or an object { limit, windowMs, headers }');
	const headers = value.headers ?? base.headers;
	if (headers !== undefined && typeof headers !== 'boolean') {
		throw invalidRequest('rateLimit.headers must be true or false');
	}
	return {
		limit: wholeNumber(value.limit ?? base.limit, 'rateLimit.limit', 1),
		windowMs: wholeNumber(value.windowMs ?? base.windowMs, 'rateLimit.windowMs', 1),
		// Said only when it is not the default: the API sends its X-RateLimit headers.
		...(headers === false ? { headers: false } : {}),
	};
}

function nonEmptyText(value: unknown, name: string): string {
	if (typeof value !== 'string' || value === '')
		throw invalidRequest(`${name} must be a non-empty string`);
	return value;
}

/** The traits a generated device must share with the fields given for it. */
function traitsOf(input: DeviceInput): Partial<Traits> {
	return {
		...(MACHINE_TYPES.includes(input.machine_type as MachineType)
			? { machine_type: input.machine_type as MachineType }
			: {}),
		...(input.category ? { category: input.category } : {}),
		...(input.agent ? { agent: input.agent } : {}),
	};
}

const asHttpConflict = (error: unknown) =>
	error instanceof ConflictError ? new HttpError(409, 'conflict', error.message) : error;

/**
 * The simulated MetaAccess account: its fleet, tokens, rate limiter, pending faults and request
 * log. Its methods are the control API (`/_sim/`), for programmatic use; they throw HttpErrors.
 */
export class Simulation {
	readonly fleet = new Fleet();

	readonly faults = new FaultQueue();

	readonly log = new RequestLog();

	/** When each device's status last changed, and the deleted devices (Status Change). */
	readonly history = new StatusHistory();

	readonly tokens: TokenStore;

	readonly limiter: RateLimiter;

	readonly newCommandId = commandIdSource();

	/** The agent logs fetch_agent_log asked for, by command ID (Get Reports). */
	readonly agentLogs = new AgentLogStore();

	/** Seconds after a fetch_agent_log until Get Reports gives its log. */
	agentLogDelaySeconds: number;
	/** The account's webhook (`/_sim/webhook`): pushes the fleet's changes once set up. */
	readonly webhook: Webhook;

	readonly seed: number;

	tokenLifetimeSeconds: number;

	private readonly size: number;

	/** Index in the seed's sequence of the next device to generate. */
	private nextIndex = 0;

	constructor(options: SimulationOptions = {}) {
		this.size = wholeNumber(
			options.devices ?? DEFAULT_OPTIONS.devices,
			'devices',
			0,
			MAX_GENERATED_DEVICES,
		);
		this.seed = options.seed ?? DEFAULT_OPTIONS.seed;
		if (!Number.isSafeInteger(this.seed)) throw invalidRequest('seed must be an integer');
		this.tokenLifetimeSeconds = wholeNumber(
			options.tokenLifetimeSeconds ?? DEFAULT_OPTIONS.tokenLifetimeSeconds,
			'tokenLifetimeSeconds',
			1,
		);
		const clients = options.clients ?? DEFAULT_OPTIONS.clients;
		clients.forEach((client, i) => {
			nonEmptyText(client.clientId, `clients[${i}].clientId`);
			nonEmptyText(client.clientSecret, `clients[${i}].clientSecret`);
		});
		this.agentLogDelaySeconds = wholeNumber(
			options.agentLogDelaySeconds ?? DEFAULT_OPTIONS.agentLogDelaySeconds,
			'agentLogDelaySeconds',
		);
		this.tokens = new TokenStore(clients);
		for (const token of options.staticTokens ?? DEFAULT_OPTIONS.staticTokens)
			this.tokens.addStatic(nonEmptyText(token, 'a static token'));
		this.limiter = new RateLimiter(
			rateLimitRule(options.rateLimit ?? DEFAULT_RATE_LIMIT, DEFAULT_RATE_LIMIT),
		);
		this.webhook = new Webhook(options.now ?? Date.now, options.timers ?? REAL_TIMERS);
		this.fleet.listen((change) => this.webhook.observe(change));
		this.reset();
	}

	/** Back to the seeded fleet, with an empty archive, no agent logs, no faults, an empty request log and fresh rate-limit windows. */
	reset(): { devices: number } {
		this.fleet.clear();
		this.agentLogs.clear();
		this.fleet.clearArchive();
		this.fleet.add(generateFleet(this.seed, this.size), { quiet: true });
		this.history.reset(this.fleet);
		this.nextIndex = this.size;
		this.faults.clear();
		this.log.clear();
		this.limiter.clear();
		return { devices: this.size };
	}

	/** The fleet (or `limit` devices from `offset`), raw: every field and internal attribute, copied. */
	devices(
		now: number,
		offset = 0,
		limit = Number.MAX_SAFE_INTEGER,
	): { total: number; devices: SimDevice[] } {
		const all = this.fleet.all();
		const devices = all
			.slice(offset, offset + limit)
			.map((device) => structuredClone(settleExemption(device, now)));
		return { total: all.length, devices };
	}

	device(hwid: string, now: number): SimDevice {
		return structuredClone(settleExemption(this.existing(hwid), now));
	}

	/** Adds the given devices, then `generate` generated ones, all or none; answers their HWIDs. */
	addDevices(request: AddDevicesRequest): { added: string[] } {
		if (!isObject(request)) throw invalidRequest('Give { devices: [...] } and/or { generate: N }');
		const given = request.devices ?? [];
		if (!Array.isArray(given)) throw invalidRequest('devices must be an array of device fields');
		const generate = wholeNumber(
			request.generate ?? 0,
			'generate',
			0,
			MAX_GENERATED_DEVICES - this.nextIndex - given.length,
		);
		let index = this.nextIndex;
		const devices: SimDevice[] = given.map((fields, i) => {
			const input = checkDeviceInput(fields, `devices[${i}]`);
			const base = generateDevice(this.seed, index++, traitsOf(input));
			return { ...base, ...changesFor(base, input), commands: [] };
		});
		devices.push(...generateFleet(this.seed, generate, index));
		try {
			this.fleet.add(devices);
		} catch (error) {
			throw asHttpConflict(error);
		}
		// Joining is not a status change: the history starts from the device as it joins.
		for (const device of devices) this.history.observe(device, 0);
		this.nextIndex = index + generate;
		return { added: devices.map((device) => device.hwid) };
	}

	/** Changes fields of a device (not its HWID); answers the device as it now is. */
	updateDevice(hwid: string, fields: DeviceInput, now: number): SimDevice {
		const device = this.existing(hwid);
		const input = checkDeviceInput(fields, 'The change');
		if (input.hwid !== undefined && input.hwid !== hwid)
			throw invalidRequest('A device keeps its hwid');
		try {
			this.fleet.update(device, changesFor(device, input));
		} catch (error) {
			throw asHttpConflict(error);
		}
		this.history.observe(device, now);
		return this.device(hwid, now);
	}

	/** Removes a device, as deleted at `now` (Status Change lists it among the deleted). */
	removeDevice(hwid: string, now: number = Date.now()): { removed: string } {
		const device = this.existing(hwid);
		this.fleet.remove(device);
		this.history.deleted(device, now);
		return { removed: hwid };
	}

	removeAllDevices(now: number): { removed: number } {
		const devices = this.fleet.all();
		this.fleet.clear();
		for (const device of devices) this.history.deleted(device, now);
		return { removed: devices.length };
	}

	archive(): ArchivedDevice[] {
		return structuredClone(this.fleet.archive);
	}

	injectFault(spec: FaultSpec): Fault {
		if (!isObject(spec) || !FAULT_KINDS.includes(spec.kind))
			throw invalidRequest(`kind must be one of ${FAULT_KINDS.join(', ')}`);
		if (spec.count !== undefined) wholeNumber(spec.count, 'count', 1);
		if (spec.method !== undefined) nonEmptyText(spec.method, 'method');
		if (spec.path !== undefined && !nonEmptyText(spec.path, 'path').startsWith('/'))
			throw invalidRequest('path must start with /');
		if (spec.resetMs !== undefined) wholeNumber(spec.resetMs, 'resetMs');
		return this.faults.add(spec);
	}

	config(): SimulatorConfig {
		return {
			rateLimit: this.limiter.current,
			tokenLifetimeSeconds: this.tokenLifetimeSeconds,
			agentLogDelaySeconds: this.agentLogDelaySeconds,
		};
	}

	/**
	 * Changes the rate limit (every window starts afresh), the lifetime of tokens issued from now on
	 * and the agent-log delay (for logs already asked for too).
	 */
	configure(change: ConfigChange): SimulatorConfig {
		if (!isObject(change))
			throw invalidRequest('Give { rateLimit, tokenLifetimeSeconds, agentLogDelaySeconds }');
		const lifetime = wholeNumber(
			change.tokenLifetimeSeconds ?? this.tokenLifetimeSeconds,
			'tokenLifetimeSeconds',
			1,
		);
		const delay = wholeNumber(
			change.agentLogDelaySeconds ?? this.agentLogDelaySeconds,
			'agentLogDelaySeconds',
		);
		if (change.rateLimit !== undefined)
			this.limiter.setRule(
				rateLimitRule(change.rateLimit, this.limiter.current || DEFAULT_RATE_LIMIT),
			);
		this.tokenLifetimeSeconds = lifetime;
		this.agentLogDelaySeconds = delay;
		return this.config();
	}

	/** Makes a token (a random one when none is given) valid until expired through the control API. */
	issueStaticToken(token?: string): { access_token: string; label: string } {
		return this.tokens.addStatic(token === undefined ? undefined : nonEmptyText(token, 'token'));
	}

	expireAllTokens(now: number): { expired: number } {
		return { expired: this.tokens.expireAll(now) };
	}

	private existing(hwid: string): SimDevice {
		const device = this.fleet.findByHwid(hwid);
		if (!device) throw new HttpError(404, 'not_found', `No device has HWID ${hwid}`);
		return device;
	}
}
