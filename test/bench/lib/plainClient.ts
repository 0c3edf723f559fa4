/**
 * A plain HTTP client (node:http, keep-alive) to measure ℓ, the simulator's round trip for a
 * request, in the same run and against the same simulator as the workloads. Each measurement uses
 * a token of its own (its own rate-limit window), so it takes nothing from the workloads' quota.
 */
import { Agent, request as httpRequest } from 'node:http';

import type { RunningSimulator } from '../../simulator';
import { median } from './floor';

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export interface PlainRequest {
	method: 'GET' | 'POST';
	path: string;
	query?: Record<string, string>;
	body?: unknown;
}

export interface PlainAnswer {
	status: number;
	ms: number;
	body: string;
}

export async function send(
	baseUrl: string,
	token: string,
	ask: PlainRequest,
): Promise<PlainAnswer> {
	const url = new URL(`${baseUrl}${ask.path}`);
	url.searchParams.set('access_token', token);
	for (const [key, value] of Object.entries(ask.query ?? {})) url.searchParams.set(key, value);
	const payload = ask.body === undefined ? undefined : Buffer.from(JSON.stringify(ask.body));
	const started = performance.now();
	return await new Promise<PlainAnswer>((resolve, reject) => {
		const req = httpRequest(
			url,
			{
				method: ask.method,
				agent,
				headers: payload
					? {
							'Content-Type': 'application/json',
							'Content-Length': String(payload.length),
							Accept: 'application/json',
						}
					: { Accept: 'application/json' },
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						ms: performance.now() - started,
						body: Buffer.concat(chunks).toString(),
					}),
				);
				res.on('error', reject);
			},
		);
		req.on('error', reject);
		if (payload) req.write(payload);
		req.end();
	});
}

export interface RoundTrip {
	/** Median round trip, ms. */
	ms: number;
	samples: number[];
	status: number;
}

/**
 * ℓ of a request: the median of `samples` round trips, after one warm-up request on the same
 * connection. `before` runs before each sample (e.g. to restore what the request changes); it is
 * not timed. Every sample has a fresh token, so the rate limit never answers instead of the API.
 */
export async function measureRoundTrip(
	sim: RunningSimulator,
	ask: PlainRequest,
	samples = 5,
	before?: () => void,
): Promise<RoundTrip> {
	const times: number[] = [];
	let status = 0;
	for (let i = 0; i < samples; i++) {
		before?.();
		const { access_token: token } = sim.simulation.issueStaticToken();
		await send(sim.url, token, {
			method: 'GET',
			path: '/o/api/v2.3/devices',
			query: { limit: '1' },
		});
		const answer = await send(sim.url, token, ask);
		times.push(answer.ms);
		status = answer.status;
	}
	return { ms: median(times), samples: times, status };
}
