import { defaultAccount, groupOf, OWNER, type AccountSettings } from './accountData';
import { commandIdSource } from './actions';
import { wholeNumber } from './checks';
import { changesFor, checkDeviceInput, type DeviceInput } from './deviceInput';
import { changeEvents, EventLog } from './events';
import { FAULT_KINDS, FaultQueue, type Fault, type FaultSpec } from './faults';
import { Fleet, settleExemption, type ArchivedDevice, type SimDevice } from './fleet';
import { generateDevice, generateFleet, MAX_GENERATED_DEVICES } from './generator';
import { StatusHistory } from './history';
import { HttpError, invalidRequest, isObject } from './http';
import { Catalogue, Inventory } from './inventory';
import {
	asHttpConflict,
	DEFAULT_OPTIONS,
	nonEmptyText,
	rateLimitRule,
	traitsOf,
	type AddDevicesRequest,
	type ConfigChange,
	type SimulationOptions,
	type SimulatorConfig,
} from './options';
import { AgentLogStore } from './reports';
import { DEFAULT_RATE_LIMIT, RateLimiter } from './rateLimiter';
import { RequestLog } from './requestLog';
import { TokenStore } from './tokens';
import { REAL_TIMERS, Webhook } from './webhook';

export {
	DEFAULT_OPTIONS,
	type AddDevicesRequest,
	type ConfigChange,
	type SimulationOptions,
	type SimulatorConfig,
} from './options';

/**
 * The simulated MetaAccess account: its fleet, tokens, rate limiter, pending faults, request log,
 * event log, catalogue and settings. Its methods are the control API (`/_sim/`), for programmatic
 * use; they throw HttpErrors.
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

	/** What happened, as Get Logs reads it. */
	readonly events = new EventLog();

	/** The CVEs and applications the simulator knows. */
	readonly catalogue = new Catalogue();

	/** Each device's applications, CVEs and threats. */
	readonly inventory: Inventory;

	/** The settings Account Details answers (its counts follow the fleet). */
	account!: AccountSettings;

	/** The simulator's clock. */
	readonly clock: () => number;

	/** The account's webhook (`/_sim/webhook`): pushes the fleet's changes once set up. */
	readonly webhook: Webhook;

	readonly seed: number;

	tokenLifetimeSeconds: number;

	private readonly size: number;

	/** Index in the seed's sequence of the next device to generate. */
	private nextIndex = 0;

	constructor(options: SimulationOptions = {}) {
		this.size = wholeNumber(
			options.devices,
			'devices',
			DEFAULT_OPTIONS.devices,
			0,
			MAX_GENERATED_DEVICES,
		);
		this.seed = options.seed ?? DEFAULT_OPTIONS.seed;
		if (!Number.isSafeInteger(this.seed)) throw invalidRequest('seed must be an integer');
		this.tokenLifetimeSeconds = wholeNumber(
			options.tokenLifetimeSeconds,
			'tokenLifetimeSeconds',
			DEFAULT_OPTIONS.tokenLifetimeSeconds,
			1,
		);
		const clients = options.clients ?? DEFAULT_OPTIONS.clients;
		clients.forEach((client, i) => {
			nonEmptyText(client.clientId, `clients[${i}].clientId`);
			nonEmptyText(client.clientSecret, `clients[${i}].clientSecret`);
		});
		this.agentLogDelaySeconds = wholeNumber(
			options.agentLogDelaySeconds,
			'agentLogDelaySeconds',
			DEFAULT_OPTIONS.agentLogDelaySeconds,
		);
		this.tokens = new TokenStore(clients);
		for (const token of options.staticTokens ?? DEFAULT_OPTIONS.staticTokens)
			this.tokens.addStatic(nonEmptyText(token, 'a static token'));
		this.limiter = new RateLimiter(
			rateLimitRule(options.rateLimit ?? DEFAULT_RATE_LIMIT, DEFAULT_RATE_LIMIT),
		);
		this.clock = options.now ?? Date.now;
		this.inventory = new Inventory(this.seed, this.catalogue);
		this.webhook = new Webhook(this.clock, options.timers ?? REAL_TIMERS);
		this.webhook.report((event, fields) =>
			this.events.append('webhook', event, this.clock(), fields),
		);
		this.fleet.listen((change) => {
			this.webhook.observe(change);
			if (change.kind === 'removed') this.inventory.forget(change.device.hwid);
		});
		this.reset();
	}

	/**
	 * Back to the seeded fleet and account, with an empty archive, no agent logs, no faults, empty
	 * request and event logs, the base catalogue and fresh rate-limit windows.
	 */
	reset(): { devices: number } {
		this.fleet.clear();
		this.events.clear();
		this.catalogue.reset();
		this.inventory.clear();
		this.account = defaultAccount(Math.max(100, Math.ceil(this.size / 100) * 100));
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

	/**
	 * Adds the given devices, then `generate` generated ones, all or none, enrolled at `now` (unless
	 * given an enrolled_at); answers their HWIDs.
	 */
	addDevices(request: AddDevicesRequest, now = this.clock()): { added: string[] } {
		if (!isObject(request)) throw invalidRequest('Give { devices: [...] } and/or { generate: N }');
		const given = request.devices ?? [];
		if (!Array.isArray(given)) throw invalidRequest('devices must be an array of device fields');
		const generate = wholeNumber(
			request.generate,
			'generate',
			0,
			0,
			MAX_GENERATED_DEVICES - this.nextIndex - given.length,
		);
		let index = this.nextIndex;
		const enrolled_at = new Date(now).toISOString();
		const devices: SimDevice[] = given.map((fields, i) => {
			const input = checkDeviceInput(fields, `devices[${i}]`);
			const base = { ...generateDevice(this.seed, index++, traitsOf(input)), enrolled_at };
			return { ...base, ...changesFor(base, input), commands: [] };
		});
		for (const device of generateFleet(this.seed, generate, index))
			devices.push({ ...device, enrolled_at });
		try {
			this.fleet.add(devices);
		} catch (error) {
			throw asHttpConflict(error);
		}
		for (const device of devices) {
			// Joining is not a status change: the history starts from the device as it joins.
			this.history.observe(device, 0);
			this.logDevice(device, 'added', now);
		}
		this.nextIndex = index + generate;
		return { added: devices.map((device) => device.hwid) };
	}

	/** Changes fields of a device (not its HWID); answers the device as it now is. */
	updateDevice(hwid: string, fields: DeviceInput, now: number): SimDevice {
		const device = this.existing(hwid);
		const input = checkDeviceInput(fields, 'The change');
		if (input.hwid !== undefined && input.hwid !== hwid)
			throw invalidRequest('A device keeps its hwid');
		const before = { ...device };
		try {
			this.fleet.update(device, changesFor(device, input));
		} catch (error) {
			throw asHttpConflict(error);
		}
		this.history.observe(device, now);
		for (const event of changeEvents(before, device)) this.logDevice(device, event, now);
		return this.device(hwid, now);
	}

	/** Removes a device, as deleted at `now` (Status Change lists it among the deleted). */
	removeDevice(hwid: string, now = this.clock()): { removed: string } {
		const device = this.existing(hwid);
		this.fleet.remove(device);
		this.history.deleted(device, now);
		this.logDevice(device, 'deleted', now);
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
		wholeNumber(spec.count, 'count', 1, 1);
		if (spec.method !== undefined) nonEmptyText(spec.method, 'method');
		if (spec.path !== undefined && !nonEmptyText(spec.path, 'path').startsWith('/'))
			throw invalidRequest('path must start with /');
		wholeNumber(spec.resetMs, 'resetMs', 0);
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
			change.tokenLifetimeSeconds,
			'tokenLifetimeSeconds',
			this.tokenLifetimeSeconds,
			1,
		);
		const delay = wholeNumber(
			change.agentLogDelaySeconds,
			'agentLogDelaySeconds',
			this.agentLogDelaySeconds,
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

	/** The name of a device's group (Get Groups). */
	groupName(device: SimDevice): string {
		return groupOf(device.group).group_name;
	}

	/** Logs a device event (Get Logs, category device) at `now`. */
	logDevice(device: SimDevice, event: string, now: number, details?: string): void {
		this.events.device(device, event, now, this.groupName(device), details);
	}

	/** Logs an admin event (Get Logs, category admin) at `now`, by the account's owner. */
	logAdmin(event: string, now: number, details: string): void {
		this.events.append('admin', event, now, { ...OWNER, email: this.account.email, details });
	}

	/** The device with this HWID; 404 when the fleet has none. */
	existing(hwid: string): SimDevice {
		const device = this.fleet.findByHwid(hwid);
		if (!device) throw new HttpError(404, 'not_found', `No device has HWID ${hwid}`);
		return device;
	}
}
