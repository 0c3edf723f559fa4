import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

import type { FleetChange } from './fleet';
import { invalidRequest } from './http';

/**
 * MetaAccess's webhook (enterprise accounts), as its developer guide describes it: set up with a
 * callback URL, an API key and the events to send, it pushes `POST <url>` with `Content-Type:
 * application/json` and `Authorization: <key>`, body an array of `{ device_id, status, timestamp }`;
 * a push not answered 2xx is retried twice, after 4 s and after 1 min, and the webhook turns off
 * after 100 consecutive failed pushes (a push counts as failed once its retries failed too).
 */
export const WEBHOOK_STATUSES = ['compliant', 'non_compliant', 'installed', 'deleted'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];
export const DEFAULT_RETRY_DELAYS_MS = [4_000, 60_000];
export const DISABLE_AFTER_FAILED_PUSHES = 100;
/** A push attempt not answered within this long has failed (real time: it is the network's). */
const PUSH_TIMEOUT_MS = 10_000;

/** What the simulator waits with: the real timers, or a test's hand-moved ones. */
export interface Timers {
	setTimeout(callback: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
	setTimeout: (callback, ms) => setTimeout(callback, ms),
	clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface WebhookEntry {
	device_id: string;
	status: WebhookStatus;
	timestamp: number;
}

export interface WebhookSettings {
	url: string;
	apiKey: string;
	events: WebhookStatus[];
	/** The waits before each retry (default 4 s and 1 min: two retries); tests shorten them. */
	retryDelaysMs: number[];
}

/** One POST to the callback URL. */
export interface PushAttempt {
	seq: number;
	/** Which push it belongs to (its retries share it). */
	push: number;
	/** 1 for the first try, 2 and 3 for the retries. */
	attempt: number;
	time: string;
	entries: WebhookEntry[];
	/** The HTTP status answered; null when none came (then `error` says why). */
	status: number | null;
	/** How long the answer (or the failure) took, on the simulator's clock. */
	answeredAfterMs: number | null;
	error?: string;
}

export interface WebhookState {
	webhook: (WebhookSettings & { enabled: boolean }) | null;
	consecutiveFailedPushes: number;
	/** Why and when the webhook turned itself off (null while on). */
	disabled: { reason: string; at: string } | null;
}

type Post = (url: string, headers: Record<string, string>, body: string) => Promise<number>;

/** POSTs with Node's http(s); resolves to the status, rejects on a network failure or timeout. */
export const httpPost: Post = (url, headers, body) =>
	new Promise((resolve, reject) => {
		const send = url.startsWith('https:') ? httpsRequest : httpRequest;
		const request = send(
			url,
			{ method: 'POST', headers, timeout: PUSH_TIMEOUT_MS, agent: false },
			(answer) => {
				answer.resume();
				answer.on('end', () => resolve(answer.statusCode ?? 0));
				answer.on('error', reject);
			},
		);
		request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
		request.on('error', reject);
		request.end(body);
	});

/** The statuses a fleet change pushes: compliance flips, agents installed or removed, deletions. */
export function statusesOf(change: FleetChange): WebhookStatus[] {
	const { device } = change;
	if (change.kind === 'removed') return ['deleted'];
	if (change.kind === 'added') return device.agent === 'none' ? [] : ['installed'];
	const statuses: WebhookStatus[] = [];
	const { before } = change;
	if (before.agent === 'none' && device.agent !== 'none') statuses.push('installed');
	if (device.status !== before.status && (device.status === 0 || device.status === 1))
		statuses.push(device.status === 0 ? 'compliant' : 'non_compliant');
	if (before.agent !== 'none' && device.agent === 'none') statuses.push('deleted');
	return statuses;
}

function settingsFrom(body: Record<string, unknown>, base?: WebhookSettings): WebhookSettings {
	const url = body.url ?? base?.url;
	if (typeof url !== 'string' || !/^https?:\/\/[^/?#\s]+/.test(url))
		throw invalidRequest('url must be an http(s) URL');
	const apiKey = body.apiKey ?? base?.apiKey;
	if (typeof apiKey !== 'string' || apiKey === '')
		throw invalidRequest('apiKey must be a non-empty string');
	const events = body.events ?? base?.events ?? [...WEBHOOK_STATUSES];
	if (
		!Array.isArray(events) ||
		events.length === 0 ||
		events.some((event) => !WEBHOOK_STATUSES.includes(event))
	)
		throw invalidRequest(`events must be a non-empty list of ${WEBHOOK_STATUSES.join(', ')}`);
	const delays = body.retryDelaysMs ?? base?.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
	if (!Array.isArray(delays) || delays.some((ms) => !Number.isSafeInteger(ms) || ms < 0))
		throw invalidRequest('retryDelaysMs must be a list of whole numbers of ms');
	return { url, apiKey, events: [...new Set(events)], retryDelaysMs: [...delays] };
}

/** The account's webhook: its settings, the pushes it made, and whether it turned itself off. */
export class Webhook {
	private settings: WebhookSettings | null = null;

	private enabled = false;

	private failedPushes = 0;

	private disabled: WebhookState['disabled'] = null;

	private readonly attempts: PushAttempt[] = [];

	private seq = 0;

	private pushes = 0;

	/** Entries of changes made since the last push (one operation's changes go in one push). */
	private pending: WebhookEntry[] = [];

	private readonly inFlight = new Set<Promise<void>>();

	private readonly retries = new Set<unknown>();

	/** Told of each attempt's outcome and of the webhook turning itself off (Get Logs, category webhook). */
	private reporter: (event: string, fields: Record<string, unknown>) => void = () => {};

	constructor(
		private readonly now: () => number,
		private readonly timers: Timers = REAL_TIMERS,
		private readonly post: Post = httpPost,
	) {}

	report(reporter: (event: string, fields: Record<string, unknown>) => void): void {
		this.reporter = reporter;
	}

	state(): WebhookState {
		return {
			webhook: this.settings ? { ...this.settings, enabled: this.enabled } : null,
			consecutiveFailedPushes: this.failedPushes,
			disabled: this.disabled,
		};
	}

	/** Sets the webhook up (replacing any), on, with no failure counted. */
	configure(body: Record<string, unknown>): WebhookState {
		this.settings = settingsFrom(body);
		return this.turnOn();
	}

	/** Changes some settings; `enabled: true` turns it on again (the count of failures restarts). */
	update(body: Record<string, unknown>): WebhookState {
		if (!this.settings) throw invalidRequest('No webhook is set up: PUT /_sim/webhook first');
		const { enabled, ...rest } = body;
		if (enabled !== undefined && typeof enabled !== 'boolean')
			throw invalidRequest('enabled must be true or false');
		this.settings = settingsFrom(rest, this.settings);
		if (enabled === true) return this.turnOn();
		if (enabled === false) this.turnOff(null);
		return this.state();
	}

	remove(): { removed: boolean } {
		const removed = this.settings !== null;
		this.settings = null;
		this.turnOff(null);
		return { removed };
	}

	/** Every push attempt, oldest first. */
	log(): { pushes: PushAttempt[] } {
		return { pushes: structuredClone(this.attempts) };
	}

	clearLog(): { cleared: number } {
		const cleared = this.attempts.length;
		this.attempts.length = 0;
		return { cleared };
	}

	/** Resolves once no push attempt is out (retries still waiting for their time do not count). */
	async settled(): Promise<void> {
		while (this.inFlight.size > 0 || this.pending.length > 0) {
			await Promise.resolve();
			await Promise.all([...this.inFlight]);
		}
	}

	/** A change of the fleet: pushed (with the other changes of the same operation) when its status is chosen. */
	observe(change: FleetChange): void {
		if (!this.settings || !this.enabled) return;
		const chosen = statusesOf(change).filter((status) => this.settings!.events.includes(status));
		if (chosen.length === 0) return;
		const timestamp = this.now();
		if (this.pending.length === 0) queueMicrotask(() => this.flush());
		for (const status of chosen)
			this.pending.push({ device_id: change.device.hwid, status, timestamp });
	}

	private flush(): void {
		const entries = this.pending;
		this.pending = [];
		if (entries.length > 0 && this.enabled) this.attempt(++this.pushes, entries, 1);
	}

	private attempt(push: number, entries: WebhookEntry[], attempt: number): void {
		const settings = this.settings!;
		const record: PushAttempt = {
			seq: ++this.seq,
			push,
			attempt,
			time: new Date(this.now()).toISOString(),
			entries,
			status: null,
			answeredAfterMs: null,
		};
		const sentAt = this.now();
		this.attempts.push(record);
		const body = JSON.stringify(entries);
		const sent = this.post(
			settings.url,
			{
				'Content-Type': 'application/json',
				Authorization: settings.apiKey,
				'Content-Length': String(Buffer.byteLength(body)),
			},
			body,
		).then(
			(status) => {
				record.status = status;
				record.answeredAfterMs = this.now() - sentAt;
				return status >= 200 && status < 300;
			},
			(error: Error) => {
				record.answeredAfterMs = this.now() - sentAt;
				record.error = error.message;
				return false;
			},
		);
		const done = sent.then((ok) => this.settle(record, ok, settings));
		this.inFlight.add(done);
		void done.finally(() => this.inFlight.delete(done));
	}

	private settle(record: PushAttempt, ok: boolean, settings: WebhookSettings): void {
		const { push, entries, attempt } = record;
		// Set up anew or turned off meanwhile: this push belongs to a webhook that is gone.
		if (settings !== this.settings || !this.enabled) return;
		this.reporter(ok ? 'push_succeeded' : 'push_failed', {
			url: settings.url,
			attempt,
			status_code: record.status,
			number_of_devices: new Set(entries.map((entry) => entry.device_id)).size,
			details: ok
				? `Webhook push ${push} delivered (attempt ${attempt})`
				: `Webhook push ${push} failed (attempt ${attempt}): ${record.error ?? `HTTP ${record.status}`}`,
		});
		if (ok) {
			this.failedPushes = 0;
			return;
		}
		const delay = settings.retryDelaysMs[attempt - 1];
		if (delay !== undefined) {
			const handle = this.timers.setTimeout(() => {
				this.retries.delete(handle);
				if (settings === this.settings && this.enabled) this.attempt(push, entries, attempt + 1);
			}, delay);
			this.retries.add(handle);
			return;
		}
		this.failedPushes++;
		if (this.failedPushes >= DISABLE_AFTER_FAILED_PUSHES) {
			const reason = `${DISABLE_AFTER_FAILED_PUSHES} consecutive failed pushes`;
			this.turnOff({ reason, at: new Date(this.now()).toISOString() });
			this.reporter('webhook_disabled', {
				url: settings.url,
				attempt,
				status_code: null,
				number_of_devices: 0,
				details: `The webhook was turned off after ${reason}`,
			});
		}
	}

	private turnOn(): WebhookState {
		this.enabled = true;
		this.failedPushes = 0;
		this.disabled = null;
		return this.state();
	}

	private turnOff(disabled: WebhookState['disabled']): void {
		this.enabled = false;
		this.disabled = disabled;
		this.pending = [];
		for (const handle of this.retries) this.timers.clearTimeout(handle);
		this.retries.clear();
	}
}
