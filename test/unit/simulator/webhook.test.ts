/**
 * The simulator's webhook, as MetaAccess documents it: a push per operation's changes to the
 * configured URL with the configured key, retries after 4 s and 1 min (here on hand-moved timers,
 * and shortened through retryDelaysMs), and the webhook off after 100 consecutive failed pushes.
 * The receiver is a real HTTP server on 127.0.0.1.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import axios, { type AxiosInstance } from 'axios';

import { startSimulator, type RunningSimulator, type Timers } from '../../simulator';
import { postAction } from './helpers';

const T0 = Date.UTC(2026, 10, 21, 12, 0, 0);
const KEY = 'sim-webhook-key-42';

/** Timers and a clock moved by hand: advance() runs what is due, in order. */
class HandTimers implements Timers {
	time = T0;

	private next = 1;

	private readonly due = new Map<number, { at: number; callback: () => void }>();

	now = () => this.time;

	setTimeout(callback: () => void, ms: number): unknown {
		const handle = this.next++;
		this.due.set(handle, { at: this.time + ms, callback });
		return handle;
	}

	clearTimeout(handle: unknown): void {
		this.due.delete(handle as number);
	}

	get waiting(): number[] {
		return [...this.due.values()].map((timer) => timer.at - this.time);
	}

	advance(ms: number): void {
		const end = this.time + ms;
		for (;;) {
			const [handle, timer] =
				[...this.due.entries()].sort((a, b) => a[1].at - b[1].at).find(([, t]) => t.at <= end) ??
				[];
			if (!timer) break;
			this.due.delete(handle!);
			this.time = timer.at;
			timer.callback();
		}
		this.time = end;
	}
}

interface Received {
	headers: IncomingHttpHeaders;
	method: string;
	body: unknown;
	at: number;
}

let timers: HandTimers;
let sim: RunningSimulator;
let http: AxiosInstance;
let receiver: Server;
let receiverUrl: string;
let received: Received[];
/** Statuses the receiver answers with, one per request (then 200). */
let answers: number[];

beforeEach(async () => {
	timers = new HandTimers();
	sim = await startSimulator({ rateLimit: false, devices: 30, now: timers.now, timers });
	http = axios.create({ baseURL: sim.url, validateStatus: () => true });
	received = [];
	answers = [];
	receiver = createServer((request, response) => {
		let text = '';
		request.on('data', (chunk) => (text += chunk));
		request.on('end', () => {
			received.push({
				headers: request.headers,
				method: request.method ?? '',
				body: JSON.parse(text),
				at: timers.time,
			});
			response.writeHead(answers.shift() ?? 200).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterEach(async () => {
	await sim.close();
	await new Promise((resolve) => receiver.close(resolve));
});

const settled = () => sim.simulation.webhook.settled();

async function setUp(body: Record<string, unknown> = {}) {
	const answer = await http.put('/_sim/webhook', { url: receiverUrl, apiKey: KEY, ...body });
	expect(answer.status).toBe(200);
	return answer.data;
}

const devices = () => sim.simulation.devices(timers.time).devices;

test('set up through the control API: the settings, on, no failure', async () => {
	expect((await http.get('/_sim/webhook')).data).toEqual({
		webhook: null,
		consecutiveFailedPushes: 0,
		disabled: null,
	});
	expect(await setUp()).toEqual({
		webhook: {
			url: receiverUrl,
			apiKey: KEY,
			events: ['compliant', 'non_compliant', 'installed', 'deleted'],
			retryDelaysMs: [4000, 60000],
			enabled: true,
		},
		consecutiveFailedPushes: 0,
		disabled: null,
	});
	for (const [body, message] of [
		[{ url: 'ftp://x', apiKey: KEY }, 'url must be an http(s) URL'],
		[{ url: receiverUrl }, 'apiKey must be a non-empty string'],
		[{ url: receiverUrl, apiKey: KEY, events: ['offline'] }, 'events must be a non-empty list'],
		[{ url: receiverUrl, apiKey: KEY, retryDelaysMs: [-1] }, 'retryDelaysMs must be a list'],
	] as const) {
		const refused = await http.put('/_sim/webhook', body);
		expect(refused.status).toBe(400);
		expect(refused.data.error_description).toContain(message);
	}
});

test('a status flipped through the control API is pushed: POST, JSON, the key, [{device_id, status, timestamp}]', async () => {
	await setUp();
	const [compliant, nonCompliant] = [
		devices().find((device) => device.status === 0)!,
		devices().find((device) => device.status === 1)!,
	];
	timers.advance(1234);
	expect((await http.patch(`/_sim/devices/${compliant.hwid}`, { status: 1 })).status).toBe(200);
	await settled();
	expect((await http.patch(`/_sim/devices/${nonCompliant.hwid}`, { status: 0 })).status).toBe(200);
	await settled();
	expect(received.map(({ method, headers, body }) => ({ method, headers, body }))).toEqual([
		{
			method: 'POST',
			headers: expect.objectContaining({
				'content-type': 'application/json',
				authorization: KEY,
			}),
			body: [{ device_id: compliant.hwid, status: 'non_compliant', timestamp: T0 + 1234 }],
		},
		{
			method: 'POST',
			headers: expect.objectContaining({ authorization: KEY }),
			body: [{ device_id: nonCompliant.hwid, status: 'compliant', timestamp: T0 + 1234 }],
		},
	]);
	expect((await http.get('/_sim/webhook/pushes')).data.pushes).toEqual([
		{
			seq: 1,
			push: 1,
			attempt: 1,
			time: new Date(T0 + 1234).toISOString(),
			entries: [{ device_id: compliant.hwid, status: 'non_compliant', timestamp: T0 + 1234 }],
			status: 200,
			answeredAfterMs: 0,
		},
		expect.objectContaining({ seq: 2, push: 2, attempt: 1, status: 200 }),
	]);
	// Neither the control API nor the pushes are in the API's request log.
	expect(sim.simulation.log.read().requests).toEqual([]);
});

test('installs and deletions are pushed; a change of nothing pushed (status 3, exemption) is not; one operation, one push', async () => {
	await setUp();
	const [first, second, third, fourth] = devices().filter(
		(device) => device.agent === 'persistent' && device.category === 'monitored',
	);
	await http.patch(`/_sim/devices/${first.hwid}`, { status: 3, exempt: 1 });
	await http.post('/_sim/devices', {
		devices: [{ category: 'monitored', agent: 'persistent' }, { category: 'unknown' }],
	});
	await settled();
	const [installed] = (await http.get('/_sim/devices?offset=30')).data.devices;
	await http.delete(`/_sim/devices/${second.hwid}`);
	await settled();
	// Delete Devices v2.0: opt 0 removes the agent, opt 2 archives: both are deletions, in one push.
	expect(
		(
			await postAction(http, '/o/api/v2/devices/delete', {
				opt: 0,
				HWID_list: [third.hwid],
			})
		).status,
	).toBe(200);
	await settled();
	expect(
		(await postAction(http, '/o/api/v2/devices/delete', { opt: 2, HWID_list: [fourth.hwid] }))
			.status,
	).toBe(200);
	await settled();
	expect(received.map((push) => push.body)).toEqual([
		[{ device_id: installed.hwid, status: 'installed', timestamp: T0 }],
		[{ device_id: second.hwid, status: 'deleted', timestamp: T0 }],
		[{ device_id: third.hwid, status: 'deleted', timestamp: T0 }],
		[{ device_id: fourth.hwid, status: 'deleted', timestamp: T0 }],
	]);
});

test('several devices changed by one request go in one push; events limits what is pushed', async () => {
	await setUp({ events: ['deleted'] });
	const targets = devices().slice(0, 3);
	await http.patch(`/_sim/devices/${targets[0].hwid}`, { status: targets[0].status === 1 ? 0 : 1 });
	expect(
		(
			await postAction(http, '/o/api/v2/devices/delete', {
				opt: 1,
				HWID_list: targets.map((device) => device.hwid),
			})
		).status,
	).toBe(200);
	await settled();
	expect(received.map((push) => push.body)).toEqual([
		targets.map((device) => ({ device_id: device.hwid, status: 'deleted', timestamp: T0 })),
	]);
});

test('a push answered non-2xx is retried twice, after 4 s and after 1 min, then given up', async () => {
	await setUp();
	answers = [500, 503, 502];
	const device = devices().find((candidate) => candidate.status === 0)!;
	await http.patch(`/_sim/devices/${device.hwid}`, { status: 1 });
	await settled();
	expect(received.map((push) => push.at - T0)).toEqual([0]);
	timers.advance(3_999);
	await settled();
	expect(received).toHaveLength(1);
	timers.advance(1);
	await settled();
	expect(received.map((push) => push.at - T0)).toEqual([0, 4_000]);
	timers.advance(59_999);
	await settled();
	expect(received).toHaveLength(2);
	timers.advance(1);
	await settled();
	expect(received.map((push) => push.at - T0)).toEqual([0, 4_000, 64_000]);
	timers.advance(3_600_000);
	await settled();
	expect(received).toHaveLength(3);
	const entry = { device_id: device.hwid, status: 'non_compliant', timestamp: T0 };
	expect(received.map((push) => push.body)).toEqual([[entry], [entry], [entry]]);
	expect((await http.get('/_sim/webhook/pushes')).data.pushes).toEqual([
		expect.objectContaining({ push: 1, attempt: 1, status: 500 }),
		expect.objectContaining({ push: 1, attempt: 2, status: 503 }),
		expect.objectContaining({ push: 1, attempt: 3, status: 502 }),
	]);
	expect((await http.get('/_sim/webhook')).data.consecutiveFailedPushes).toBe(1);
});

test('a retry that succeeds ends the push and the count of failures; a refused connection is a failure', async () => {
	await setUp({ retryDelaysMs: [40, 600] });
	answers = [500];
	const [a, b] = devices();
	await http.patch(`/_sim/devices/${a.hwid}`, { status: a.status === 1 ? 0 : 1 });
	await settled();
	timers.advance(40);
	await settled();
	expect(received.map((push) => push.at - T0)).toEqual([0, 40]);
	expect(timers.waiting).toEqual([]);

	// Nothing listens on the URL any more: every attempt fails at the connection.
	await new Promise((resolve) => receiver.close(resolve));
	receiver.closeAllConnections();
	await http.patch(`/_sim/devices/${b.hwid}`, { status: b.status === 1 ? 0 : 1 });
	await settled();
	timers.advance(40);
	await settled();
	timers.advance(600);
	await settled();
	const pushes = (await http.get('/_sim/webhook/pushes')).data.pushes;
	expect(
		pushes.slice(2).map((attempt: { status: unknown; error?: string }) => attempt.status),
	).toEqual([null, null, null]);
	expect(pushes[2].error).toMatch(/ECONNREFUSED/);
	expect((await http.get('/_sim/webhook')).data.consecutiveFailedPushes).toBe(1);
	receiver.listen(0); // for afterEach's close
});

test('100 consecutive failed pushes turn the webhook off until it is turned on again', async () => {
	await setUp({ retryDelaysMs: [4, 60] });
	const device = devices()[0];
	let status = device.status === 1 ? 0 : 1;
	const flip = async () => {
		await http.patch(`/_sim/devices/${device.hwid}`, { status });
		status = status === 1 ? 0 : 1;
		await settled();
		timers.advance(4);
		await settled();
		timers.advance(60);
		await settled();
	};
	answers = Array(99 * 3).fill(500);
	for (let i = 0; i < 99; i++) await flip();
	expect((await http.get('/_sim/webhook')).data).toMatchObject({
		webhook: { enabled: true },
		consecutiveFailedPushes: 99,
	});
	// A success resets the count: 100 more failures are needed.
	await flip();
	expect((await http.get('/_sim/webhook')).data.consecutiveFailedPushes).toBe(0);
	answers = Array(100 * 3).fill(500);
	for (let i = 0; i < 100; i++) await flip();
	expect(received).toHaveLength(99 * 3 + 1 + 100 * 3);
	expect((await http.get('/_sim/webhook')).data).toEqual({
		webhook: expect.objectContaining({ enabled: false }),
		consecutiveFailedPushes: 100,
		disabled: { reason: '100 consecutive failed pushes', at: new Date(timers.time).toISOString() },
	});
	await flip();
	expect(received).toHaveLength(99 * 3 + 1 + 100 * 3);
	const on = await http.patch('/_sim/webhook', { enabled: true });
	expect(on.data).toMatchObject({
		webhook: { enabled: true },
		consecutiveFailedPushes: 0,
		disabled: null,
	});
	answers = [];
	await flip();
	expect(received).toHaveLength(99 * 3 + 1 + 100 * 3 + 1);
});

test('turning the webhook off or removing it cancels waiting retries and pushes nothing more', async () => {
	await setUp();
	answers = [500];
	const [a] = devices();
	await http.patch(`/_sim/devices/${a.hwid}`, { status: a.status === 1 ? 0 : 1 });
	await settled();
	expect(timers.waiting).toEqual([4000]);
	expect((await http.patch('/_sim/webhook', { enabled: false })).data.webhook.enabled).toBe(false);
	expect(timers.waiting).toEqual([]);
	await http.patch(`/_sim/devices/${a.hwid}`, { status: a.status });
	await settled();
	expect((await http.delete('/_sim/webhook')).data).toEqual({ removed: true });
	await http.patch(`/_sim/devices/${a.hwid}`, { status: a.status === 1 ? 0 : 1 });
	await settled();
	expect(received).toHaveLength(1);
	expect((await http.delete('/_sim/webhook/pushes')).data).toEqual({ cleared: 1 });
});

test('a reset pushes nothing and keeps the webhook', async () => {
	await setUp();
	expect((await http.post('/_sim/reset')).status).toBe(200);
	await settled();
	expect(received).toEqual([]);
	expect((await http.get('/_sim/webhook')).data.webhook.enabled).toBe(true);
});
