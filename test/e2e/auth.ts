/**
 * Credentials at work: a client-credentials token that expires mid-run, the rate limit met by a
 * second process, and failures that must say what went wrong without showing a secret.
 */
import type { Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import { checkListing } from './operations';

const LIST = '01-list-devices.json';

type Step = { method: string; path: string; page?: string; token?: string; status: number | null };

function steps(
	requests: Array<{
		method: string;
		path: string;
		query: Record<string, string>;
		status: number | null;
	}>,
): Step[] {
	return requests.map((r) => ({
		method: r.method,
		path: r.path,
		...(r.query.page ? { page: r.query.page } : {}),
		...(r.query.access_token ? { token: r.query.access_token } : {}),
		status: r.status,
	}));
}

const page = (n: number, token: string, status = 200): Step => ({
	method: 'GET',
	path: '/o/api/v2.3/devices',
	...(n > 1 ? { page: String(n) } : {}),
	token,
	status,
});
const tokenRequest: Step = { method: 'POST', path: '/o/oauth/token', status: 200 };

export const tokenExpiryScenario: Scenario = {
	id: 'token-expiry',
	name: 'Client credentials: the token expires mid-run and the credential fetches a new one',
	checks:
		'token lifetime 2 s, 13 pages paced 10 per 3 s: exact request sequence token → pages 1–10 (client#1) → page 11 401 → token → pages 11–13 (client#2); complete, exact output of 600 devices; the token request carried the client ID, not the secret in the log',
	async run(context) {
		await context.prepare(
			{ devices: 600, rateLimit: { limit: 10, windowMs: 3000 }, tokenLifetimeSeconds: 2 },
			'clientCredentials',
		);
		const listing = context.sim.listing();
		const { result } = await context.run(LIST);
		checkListing(result, listing);
		const requests = context.sim.requests();
		// Token labels count every token the simulator issued: this run's first is the first one seen.
		const firstLabel =
			requests.find((r) => r.query.access_token?.startsWith('e2e-client#'))?.query.access_token ??
			'e2e-client#1';
		const firstNumber = Number(firstLabel.split('#')[1]);
		const label = (n: number) => `e2e-client#${firstNumber + n - 1}`;
		assertEqual(
			steps(requests),
			[
				tokenRequest,
				...Array.from({ length: 10 }, (_, i) => page(i + 1, label(1))),
				page(11, label(1), 401),
				tokenRequest,
				page(11, label(2)),
				page(12, label(2)),
				page(13, label(2), 413),
			],
			`request sequence\n${context.sim.describeRequests(requests)}`,
		);
		const tokenBodies = requests.filter((r) => r.path === '/o/oauth/token').map((r) => r.body);
		assertEqual(
			tokenBodies,
			[0, 1].map(() => ({
				grant_type: 'client_credentials',
				client_id: context.sim.client.clientId,
				client_secret: '***',
			})),
			'token requests',
		);
	},
};

export const rateLimitScenario: Scenario = {
	id: 'rate-limit',
	name: 'Rate limit: a second process meets a spent quota, waits X-RateLimit-Reset-Time and completes',
	checks:
		'10 requests per 40 s; run 1 spends the window (10 pages); run 2 (a new process) draws a 429 on its first request, sends nothing until the reset, then its 10 pages; both outputs complete and exact',
	async run(context) {
		// Long enough for the second process to start and send its first request inside the window
		// that the first opened, even on a busy machine (n8n 2.41 took 23 s to start beside other work).
		const windowMs = 40_000;
		await context.prepare({ devices: 450, rateLimit: { limit: 10, windowMs } });
		const listing = context.sim.listing();
		const first = await context.run(LIST);
		checkListing(first.result, listing);
		const second = await context.run(LIST);
		checkListing(second.result, listing);
		const requests = context.sim.requests();
		const pages = Array.from({ length: 10 }, (_, i) =>
			page(i + 1, 'static#1', i === 9 ? 413 : 200),
		);
		assertEqual(
			steps(requests),
			[...pages, page(1, 'static#1', 429), ...pages],
			`request sequence (a window of 10 requests, then a 429, then the next window)\n${context.sim.describeRequests(requests)}`,
		);
		const refused = requests[10];
		const windowOpened = Date.parse(requests[0].time);
		const retried = Date.parse(requests[11].time);
		assertTrue(
			retried >= windowOpened + windowMs - 50,
			`after the 429 (at ${refused.time}) the next request (${requests[11].time}) waited for the window that opened at ${requests[0].time} to reset`,
		);
		assertTrue(
			retried <= windowOpened + windowMs + 10_000,
			`the retry came soon after the reset (${requests[11].time})`,
		);
		context.log(
			`    the second run waited ${((retried - Date.parse(refused.time)) / 1000).toFixed(1)} s after its 429`,
		);
	},
};

export const failureScenario: Scenario = {
	id: 'failures',
	name: 'Failures: a server error and a refused token fail the run with a clear message and no secret',
	checks:
		'four 500s (1 try + 3 retries) → execution error "MetaAccess answered HTTP 500 …", exactly 4 requests; an unknown token → error "HTTP 401", one request, no retry; neither output holds a token (checked again by the leak scan)',
	async run(context) {
		await context.prepare({ devices: 300, rateLimit: { limit: 10, windowMs: 2000 } });
		context.sim.simulation.injectFault({
			kind: '500',
			count: 4,
			method: 'GET',
			path: '/o/api/v2.3/devices',
		});
		const failed = await context.run(LIST, { allowError: true });
		const error = failed.result.data.resultData.error;
		assertEqual(failed.result.status, 'error', 'status of the failed run');
		assertEqual(
			error?.message,
			'MetaAccess answered HTTP 500 to GET /o/api/v2.3/devices: server_error: Internal server error',
			'error message',
		);
		assertTrue(
			/Try again later/.test(error?.description ?? ''),
			`error description says what to do: ${error?.description}`,
		);
		assertEqual(
			steps(context.sim.requests()),
			[1, 1, 1, 1].map((n) => page(n, 'static#1', 500)),
			`requests of the failed run\n${context.sim.describeRequests()}`,
		);

		// A token the API does not know: 401 once, no retry.
		context.sim.simulation.expireAllTokens(Date.now());
		try {
			context.sim.shape({ devices: 300, rateLimit: { limit: 10, windowMs: 2000 } });
			const refused = await context.run(LIST, { allowError: true });
			assertEqual(refused.result.status, 'error', 'status of the run with an expired token');
			assertEqual(
				refused.result.data.resultData.error?.message,
				'MetaAccess answered HTTP 401 to GET /o/api/v2.3/devices: invalid_token: Access token expired',
				'error message with an expired token',
			);
			assertEqual(
				steps(context.sim.requests()),
				[page(1, 'static#1', 401)],
				'requests with an expired token',
			);
		} finally {
			context.sim.simulation.issueStaticToken(context.sim.staticToken);
		}
	},
};
