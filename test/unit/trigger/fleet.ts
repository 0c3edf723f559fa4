/**
 * A MetaAccess account for the trigger tests: a list of devices served page by page by nock as
 * Get Devices v2.3 serves them (limit 1..50, page from 1, 413 past the last page), recording
 * every request, with hooks to inject faults and to change the fleet between two pages.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { accessTokenCredential } from '../../harness/n8nContext';

export const BASE_URL = 'https://gears.opswat.com';
export const DEVICES_PATH = '/o/api/v2.3/devices';
export const STATUS_CHANGED_PATH = '/o/api/v3/devices/status_changed';
/** Device Details v2.1 of one device ID (the hwid). */
export const DETAILS_PATH = '/o/api/v2.1/devices/';
export const TOKEN = String(accessTokenCredential().accessToken);

export interface RecordedRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	/** The JSON body of a POST (Status Change). */
	body?: Record<string, unknown>;
}

export interface Reply {
	status: number;
	body?: unknown;
	headers?: Record<string, string>;
}

/** The request the trigger must send for a page (page 1 is sent without `page`, as documented). */
export function pageRequest(page: number, limit = 50): RecordedRequest {
	const query: Record<string, string> = { limit: String(limit) };
	if (page > 1) query.page = String(page);
	query.access_token = TOKEN;
	return { method: 'GET', path: DEVICES_PATH, query };
}

/** The Status Change v3.0 request the trigger must send for a page of a window of `age` seconds. */
export function deltaRequest(age: number, page = 1): RecordedRequest {
	return {
		method: 'POST',
		path: STATUS_CHANGED_PATH,
		query: { access_token: TOKEN },
		body: { age, page, limit: 50 },
	};
}

/** The Device Details v2.1 request the trigger sends to confirm a removal (opt 0 is not sent). */
export function detailsRequest(hwid: string): RecordedRequest {
	return {
		method: 'GET',
		path: `${DETAILS_PATH}${encodeURIComponent(hwid)}`,
		query: { access_token: TOKEN },
	};
}

export function detailsRequests(...hwids: string[]): RecordedRequest[] {
	return hwids.map((hwid) => detailsRequest(hwid));
}

/** The Get Devices page a request asks for (NaN for Status Change and Device Details). */
export const pageOf = (request: RecordedRequest) =>
	request.path === DEVICES_PATH ? Number(request.query.page ?? 1) : NaN;

export const JSON_HEADERS = { 'Content-Type': 'application/json' };

export const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** The Device Removed item of a device of makeDevice with its usual values (Simplify on). */
export function removedItem(hwid: string, seenAt: string): Record<string, unknown> {
	const known = { status: 0, critical_status: 0, exempt: 0 };
	const labels = {
		status_label: 'compliant',
		critical_status_label: 'no critical issue',
		exempt_label: 'not exempted',
	};
	return {
		event: 'deviceRemoved',
		hwid,
		hostname: null,
		previous: { ...known, ...labels, active: 1, online: true },
		current: null,
		device: { hwid, ...known, ...labels, online: true },
		seen_at: seenAt,
	};
}

export function pageRequests(...pages: number[]): RecordedRequest[] {
	return pages.map((page) => pageRequest(page));
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The status fields of a device as makeDevice() makes it, as the trigger reports them. */
export const DEFAULT_STATE = {
	status: 0,
	status_label: 'compliant',
	critical_status: 0,
	critical_status_label: 'no critical issue',
	exempt: 0,
	exempt_label: 'not exempted',
	active: 1,
	online: true,
};

/**
 * A realistic hwid, as in the vendor's examples: 16 upper-case letters and digits for agents
 * ("6WXJURV8QAM0I7KC"), 32 mixed-case ones for mobile devices ("W7ibNr5eVxv3wHlmsAWKo9MazUpkdWQG").
 */
export function hwidFor(index: number, length: 16 | 32 = index % 2 === 0 ? 16 : 32): string {
	const alphabet = length === 16 ? UPPER : MIXED;
	let seed = (index + 1) * 2654435761;
	let hwid = '';
	for (let i = 0; i < length; i++) {
		seed = (Math.imul(seed ^ (seed >>> 15), 2246822507) + i * 3266489909) >>> 0;
		hwid += alphabet[seed % alphabet.length];
	}
	return hwid;
}

function macFor(index: number): string {
	const hex = (byte: number) => byte.toString(16).padStart(2, '0');
	return `00:0c:29:${hex((index >> 16) & 255)}:${hex((index >> 8) & 255)}:${hex(index & 255)}`;
}

/** A device like the vendor's example (a laptop or VM agent; every 3rd one a phone, which lacks fields). */
export function makeDevice(index: number, overrides: IDataObject = {}): IDataObject {
	const phone = index % 3 === 2;
	const hwid = hwidFor(index);
	const device: IDataObject = phone
		? {
				hwid,
				hostname: `phone-${index}`,
				agent_version: '7.0.250.0',
				machine_type: 'phone',
				active: 1,
				critical_status: 0,
				total_critical_issue: 0,
				total_issue: 2,
				status: 0,
				last_seen: '2026-11-21T11:00:00Z',
				remediation_link: `https://gears.opswat.com/gears/remediation/x/${hwid}/remediation.html?od=2`,
				os_info: {
					family: 'android',
					name: 'Android',
					vendor: 'Google Inc.',
					version: '14',
					os_language: 'English',
				},
				network_info: [{ mac_addr: macFor(index), ipv4_addr: '10.0.0.1', ipv6_addr: '' }],
			}
		: {
				hwid,
				agent_type: 'managed',
				hostname: `${index % 3 === 0 ? 'LAPTOP' : 'VM'}-${index}`,
				nickname: `device ${index}`,
				agent_version: '10.4.225.0',
				critical_status: 0,
				total_critical_issue: 0,
				last_seen: '2026-11-21T11:00:00Z',
				machine_type: index % 3 === 0 ? 'laptop' : 'vm',
				country: 'United States',
				active: 1,
				total_issue: 0,
				exempt: 0,
				user_info: { username: 'user', domain: 'CORP' },
				user: '',
				os_info: {
					family: 'Windows',
					name: 'Windows 11 Enterprise',
					vendor: 'Microsoft Corp.',
					version: '10.0.22631',
					service_pack_version: '0.0',
					architecture: '64-Bit',
					os_language: 'English',
					user_password_set: '1',
				},
				network_info: [{ mac_addr: macFor(index), ipv4_addr: '10.0.0.2', ipv6_addr: '' }],
				status: 0,
				remediation_link: `https://gears.opswat.com/gears/remediation/x/${hwid}/remediation.html`,
			};
	return { ...device, ...overrides };
}

export function makeDevices(count: number, from = 0): IDataObject[] {
	return Array.from({ length: count }, (_, i) => makeDevice(from + i));
}

export class FakeFleet {
	readonly requests: RecordedRequest[] = [];

	/** What a page past the last one answers: 413 (documented) or an empty list. */
	pastEnd: '413' | 'empty' = '413';

	/** Decides a fault for a request (by its 0-based number among all requests): a reply to send instead. */
	fault?: (request: RecordedRequest, index: number) => Reply | undefined;

	/** Runs after a page was served (to change the fleet while a scan runs). */
	afterServe?: (page: number, request: RecordedRequest) => void;

	/** When each device's status or exemption last changed (by `update`), on the test's clock. */
	readonly changedAt = new Map<string, number>();

	/** Devices removed (by `remove`), with when, as Status Change lists them. */
	readonly deletedAt = new Map<string, number>();

	/**
	 * Whether Status Change lists the removed devices (false: only full scans can see removals, as
	 * for a removal the API does not count as a deletion; tests of the scan's removal rule use it).
	 */
	windowShowsDeletions = true;

	constructor(
		public devices: IDataObject[] = [],
		private readonly now: () => number = () => 0,
	) {}

	/** The Status Change v3.0 answer from this fleet's history, as the simulator gives it. */
	serveStatusChanges(body: Record<string, unknown>): [number, string, Record<string, string>] {
		const age = Number(body.age ?? 86400);
		const limit = Number(body.limit ?? 20);
		const page = Number(body.page ?? 1);
		if (!(age >= 0 && age <= 86400) || !(limit >= 1)) return [400, '', {}];
		if (limit > 50) return [406, '', {}];
		const since = this.now() - age * 1000;
		const monitored = this.devices
			.filter((device) => (this.changedAt.get(String(device.hwid)) ?? -Infinity) >= since)
			.map((device) => ({
				device_id: device.hwid,
				status:
					device.exempt === 1 ? 'exempted' : device.status === 0 ? 'compliant' : 'non-compliant',
				status_detail: {
					exempted: device.exempt === 1 ? 1 : 0,
					pending: device.status === 3 ? 1 : 0,
				},
				severity: device.critical_status === 1 ? 'critical' : 'none',
				issue: {
					total_issues: device.total_issue,
					total_critical_issues: device.total_critical_issue,
					total_warning_issues: 0,
				},
				group_name: 'default',
				device_name: device.hostname,
			}));
		const deleted = [...this.deletedAt]
			.filter(([, at]) => this.windowShowsDeletions && at >= since)
			.map(([hwid]) => ({ device_id: hwid, device_name: '', group_name: 'default' }));
		const start = (page - 1) * limit;
		if (page > 1 && start >= monitored.length + deleted.length) return [413, '', {}];
		const end = start + limit;
		const answer = {
			monitored_devices: monitored.slice(start, end),
			deleted_devices: deleted.slice(
				Math.max(0, start - monitored.length),
				Math.max(0, end - monitored.length),
			),
		};
		return [200, JSON.stringify(answer), { 'Content-Type': 'application/json' }];
	}

	/** Answers Get Devices v2.3, Status Change v3.0 and Device Details v2.1 until nock is cleaned. */
	install(): this {
		this.intercept('GET', DEVICES_PATH, (request) => {
			const reply = this.serve(request.query);
			this.afterServe?.(Number(request.query.page ?? 1), request);
			return reply;
		});
		this.intercept('POST', STATUS_CHANGED_PATH, (request) =>
			this.serveStatusChanges(request.body ?? {}),
		);
		this.intercept(
			'GET',
			(path) => path.startsWith(DETAILS_PATH),
			(request) => {
				const hwid = decodeURIComponent(request.path.slice(DETAILS_PATH.length));
				const device = this.devices.find((candidate) => candidate.hwid === hwid);
				const json = { 'Content-Type': 'application/json' };
				return device
					? [200, JSON.stringify(device), json]
					: [404, JSON.stringify({ error: 'not_found' }), json];
			},
		);
		return this;
	}

	/** Records each request to `path`, then answers it with the fault the test set, or `serve`. */
	private intercept(
		method: 'GET' | 'POST',
		path: string | ((path: string) => boolean),
		serve: (request: RecordedRequest) => [number, string, Record<string, string>],
	) {
		nock(BASE_URL)
			.persist()
			.intercept(path, method)
			.query(true)
			.reply((uri, requestBody) => {
				const url = new URL(uri, BASE_URL);
				const query = Object.fromEntries(url.searchParams.entries());
				const request: RecordedRequest = { method, path: url.pathname, query };
				if (method === 'POST')
					request.body = (
						typeof requestBody === 'string' ? JSON.parse(requestBody) : requestBody
					) as Record<string, unknown>;
				const index = this.requests.length;
				this.requests.push(request);
				const fault = this.fault?.(request, index);
				if (!fault) return serve(request);
				return [
					fault.status,
					fault.body === undefined ? '' : JSON.stringify(fault.body),
					fault.headers ?? {},
				];
			});
	}

	private serve(query: Record<string, string>): [number, string, Record<string, string>] {
		const json = { 'Content-Type': 'application/json' };
		const limit = Number(query.limit ?? 1);
		const page = Number(query.page ?? 1);
		if (!Number.isInteger(limit) || limit < 1 || limit > 50) return [406, '', {}];
		const start = (page - 1) * limit;
		if (page > 1 && start >= this.devices.length) {
			return this.pastEnd === '413' ? [413, '', {}] : [200, '[]', json];
		}
		return [200, JSON.stringify(this.devices.slice(start, start + limit)), json];
	}

	/** Finds a device by hwid. */
	device(hwid: string): IDataObject {
		const found = this.devices.find((device) => device.hwid === hwid);
		if (!found) throw new Error(`no device ${hwid}`);
		return found;
	}

	/** Changes a device; a change of its status or exemption is recorded for Status Change. */
	update(hwid: string, changes: IDataObject) {
		const device = this.device(hwid);
		const before = `${String(device.status)}/${String(device.exempt)}`;
		Object.assign(device, changes);
		if (`${String(device.status)}/${String(device.exempt)}` !== before)
			this.changedAt.set(hwid, this.now());
	}

	/** Removes a device (recorded as deleted for Status Change). */
	remove(hwid: string) {
		if (this.devices.some((device) => device.hwid === hwid)) this.deletedAt.set(hwid, this.now());
		this.devices = this.devices.filter((device) => device.hwid !== hwid);
	}
}

/**
 * The faults a poll may meet: the transport's retries exhausted (500), 429 beyond the wait, 401,
 * and a redirect to another host (never followed: the token stays at the Base URL's host).
 */
export const FAULTS: Record<string, Reply> = {
	'302 to another host': {
		status: 302,
		body: {},
		headers: {
			Location: `http://other-host.example${DEVICES_PATH}?limit=50&access_token=${TOKEN}`,
		},
	},
	'500 after retries': { status: 500, body: { error: 'internal' } },
	'429 beyond the wait': { status: 429, body: {} },
	'401': { status: 401, body: { error: 'invalid_token', error_description: 'expired' } },
};
