/**
 * The simulated MetaAccess cloud the e2e suite runs against (in this process), shaped per
 * scenario: fleet size, rate limit, token lifetime; and what the tests read back from it.
 */
import { randomBytes } from 'node:crypto';

import {
	listedDevice,
	startSimulator,
	type LoggedRequest,
	type RunningSimulator,
	type SimDevice,
} from '../simulator';

export interface Shape {
	/** Fleet size: the first `devices` devices of the seed (default: the initial size). */
	devices?: number;
	/** `headers: false`: the limit without X-RateLimit headers. */
	rateLimit: { limit: number; windowMs: number; headers?: boolean } | false;
	/** Lifetime of tokens the token endpoint issues from now on (default 43199 s). */
	tokenLifetimeSeconds?: number;
}

/** The credential's Requests per Minute that matches a simulator window. */
export function requestsPerMinuteFor(rateLimit: Shape['rateLimit']): number {
	return rateLimit ? Math.floor((rateLimit.limit * 60_000) / rateLimit.windowMs) : 6000;
}

export class SimFixture {
	/** Every access and refresh token the token endpoint handed out (the leak checks look for them). */
	readonly issuedTokens: string[] = [];

	private constructor(
		readonly sim: RunningSimulator,
		readonly initialSize: number,
		readonly staticToken: string,
		readonly client: { clientId: string; clientSecret: string },
	) {
		// Record the tokens the simulator issues, so that the suite can look for them in n8n's output.
		const store = sim.simulation.tokens;
		const issue = store.issue.bind(store);
		store.issue = (...args: Parameters<typeof store.issue>) => {
			const grant = issue(...args);
			if (grant) this.issuedTokens.push(grant.access_token, grant.refresh_token);
			return grant;
		};
	}

	/** A simulator on a free 127.0.0.1 port with a random static token and client secret. */
	static async start(devices: number): Promise<SimFixture> {
		const staticToken = `e2eTOKEN${randomBytes(18).toString('hex').toUpperCase()}`;
		const client = {
			clientId: 'e2e-client',
			clientSecret: `e2eSECRET${randomBytes(12).toString('hex')}`,
		};
		const sim = await startSimulator({
			devices,
			seed: 1,
			staticTokens: [staticToken],
			clients: [client],
		});
		return new SimFixture(sim, devices, staticToken, client);
	}

	get url(): string {
		return this.sim.url;
	}

	get simulation() {
		return this.sim.simulation;
	}

	/** The secrets n8n must never show: the static token, the client secret, every issued token. */
	secrets(): string[] {
		return [this.staticToken, this.client.clientSecret, ...this.issuedTokens];
	}

	/**
	 * Back to the seeded fleet of `devices` devices (the first n of the seed), an empty request log,
	 * no faults, fresh rate-limit windows, and the given rate limit and token lifetime.
	 */
	shape(shape: Shape): void {
		const simulation = this.sim.simulation;
		simulation.reset();
		const wanted = shape.devices ?? this.initialSize;
		if (wanted > this.initialSize) simulation.addDevices({ generate: wanted - this.initialSize });
		else {
			const extra = simulation.devices(Date.now()).devices.slice(wanted);
			for (const device of extra) simulation.removeDevice(device.hwid, Date.now());
		}
		// Shaping the fleet is not its history: Status Change starts from the shaped fleet.
		simulation.history.reset(simulation.fleet);
		simulation.configure({
			rateLimit: shape.rateLimit,
			tokenLifetimeSeconds: shape.tokenLifetimeSeconds ?? 43199,
		});
		simulation.log.clear();
	}

	/** Every device, raw (internal attributes included), in fleet order. */
	raw(): SimDevice[] {
		return this.sim.simulation.devices(Date.now()).devices;
	}

	/** The devices as Get Devices v2.3 lists them (group by none, any order: fleet order). */
	listing(): Array<Record<string, unknown>> {
		return this.raw().map((device) => listedDevice(device));
	}

	requests(): LoggedRequest[] {
		return this.sim.simulation.log.read().requests;
	}

	/** The request log, one line a request (for failure reports). */
	describeRequests(requests = this.requests()): string {
		return requests
			.map(
				(r) =>
					`#${r.seq} ${r.time} ${r.method} ${r.path} ${JSON.stringify(r.query)} → ${r.status}${r.fault ? ` (fault ${r.fault})` : ''}`,
			)
			.join('\n');
	}

	private closing: Promise<void> | undefined;

	/** Stops the simulator (once; later calls wait for the same). */
	close(): Promise<void> {
		this.closing ??= this.sim.close();
		return this.closing;
	}
}
