import { changedAccount } from './accountData';
import { PRODUCTS } from './catalog';
import { appendLogEvents, listLogEntries, putCves } from './controlData';
import type { FaultSpec } from './faults';
import {
	errorAnswer,
	HttpError,
	invalidRequest,
	isObject,
	jsonAnswer,
	type Answer,
	type SimRequest,
} from './http';
import type { AddDevicesRequest, ConfigChange, Simulation } from './simulation';

/** Prefix of the control API: no token, no rate limit, not in the request log. */
const CONTROL_PREFIX = '/_sim';

interface ControlInput {
	/** Path parameters, URL-decoded. */
	params: Record<string, string>;
	query: URLSearchParams;
	/** The JSON body ({} when empty), whatever the Content-Type says (so that `curl -d` works). */
	body: Record<string, unknown>;
	now: number;
}

type ControlHandler = (sim: Simulation, input: ControlInput) => unknown;

interface ControlRoute {
	pattern: string;
	methods: Partial<Record<string, ControlHandler>>;
}

function optionalWholeNumber(query: URLSearchParams, name: string): number | undefined {
	const raw = query.get(name);
	if (raw === null) return undefined;
	if (!/^\d+$/.test(raw)) throw invalidRequest(`${name} must be a whole number`);
	return Number(raw);
}

/** Changes the webhook's settings as an administrator would: logged as a configuration change. */
function webhookChange<T>(sim: Simulation, now: number, what: string, change: () => T): T {
	const answer = change();
	sim.logAdmin('configuration_change', now, `Webhook ${what}`);
	return answer;
}

const CONTROL_ROUTES: ControlRoute[] = [
	{
		pattern: 'devices',
		methods: {
			GET: (sim, { query, now }) =>
				sim.devices(now, optionalWholeNumber(query, 'offset'), optionalWholeNumber(query, 'limit')),
			POST: (sim, { body }) => sim.addDevices(body as AddDevicesRequest),
			DELETE: (sim, { now }) => sim.removeAllDevices(now),
		},
	},
	{
		pattern: 'devices/:hwid',
		methods: {
			GET: (sim, { params, now }) => sim.device(params.hwid, now),
			PATCH: (sim, { params, body, now }) => sim.updateDevice(params.hwid, body, now),
			DELETE: (sim, { params, now }) => sim.removeDevice(params.hwid, now),
		},
	},
	{
		pattern: 'devices/:hwid/inventory',
		methods: {
			GET: (sim, { params }) => sim.inventory.of(sim.existing(params.hwid)),
			PATCH: (sim, { params, body }) => sim.inventory.change(sim.existing(params.hwid), body),
		},
	},
	{
		pattern: 'logs',
		methods: {
			GET: (sim, { query }) => listLogEntries(sim, query.get('category')),
			POST: (sim, { body, now }) => appendLogEvents(sim, body, now),
			DELETE: (sim) => ({ cleared: sim.events.clear() }),
		},
	},
	{
		pattern: 'catalogue',
		methods: {
			GET: (sim) => ({
				products: PRODUCTS.map(({ platforms: _platforms, versions, ...product }) => ({
					...product,
					versions: versions.map((version) => ({
						version,
						cves: sim.catalogue.cvesOfApp({ product_id: product.product_id, version }),
					})),
				})),
				cves: [...sim.catalogue.cves.values()],
			}),
		},
	},
	{ pattern: 'cves', methods: { POST: (sim, { body }) => putCves(sim, body) } },
	{
		pattern: 'account',
		methods: {
			GET: (sim) => sim.account,
			PATCH: (sim, { body }) => (sim.account = changedAccount(sim.account, body)),
		},
	},
	{ pattern: 'archive', methods: { GET: (sim) => ({ devices: sim.archive() }) } },
	{
		pattern: 'faults',
		methods: {
			GET: (sim) => ({ faults: sim.faults.list() }),
			POST: (sim, { body }) => sim.injectFault(body as unknown as FaultSpec),
			DELETE: (sim) => ({ cleared: sim.faults.clear() }),
		},
	},
	{
		pattern: 'requests',
		methods: {
			GET: (sim) => sim.log.read(),
			DELETE: (sim) => ({ cleared: sim.log.clear() }),
		},
	},
	{
		pattern: 'config',
		methods: {
			GET: (sim) => sim.config(),
			PATCH: (sim, { body }) => sim.configure(body as ConfigChange),
		},
	},
	{
		pattern: 'tokens',
		methods: { POST: (sim, { body }) => sim.issueStaticToken(body.token as string | undefined) },
	},
	{ pattern: 'tokens/expire', methods: { POST: (sim, { now }) => sim.expireAllTokens(now) } },
	{ pattern: 'reset', methods: { POST: (sim) => sim.reset() } },
	{
		pattern: 'webhook',
		methods: {
			GET: (sim) => sim.webhook.state(),
			PUT: (sim, { body, now }) =>
				webhookChange(sim, now, 'set up', () => sim.webhook.configure(body)),
			PATCH: (sim, { body, now }) =>
				webhookChange(sim, now, 'settings changed', () => sim.webhook.update(body)),
			DELETE: (sim, { now }) => webhookChange(sim, now, 'removed', () => sim.webhook.remove()),
		},
	},
	{
		pattern: 'webhook/pushes',
		methods: {
			GET: (sim) => sim.webhook.log(),
			DELETE: (sim) => sim.webhook.clearLog(),
		},
	},
];

function decodeSegment(segment: string): string {
	try {
		return decodeURIComponent(segment);
	} catch {
		throw invalidRequest(`${segment} is not correctly URL-encoded`);
	}
}

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
	const parts = pattern.split('/');
	if (parts.length !== segments.length) return undefined;
	const params: Record<string, string> = {};
	for (let i = 0; i < parts.length; i++) {
		if (parts[i].startsWith(':')) params[parts[i].slice(1)] = decodeSegment(segments[i]);
		else if (parts[i] !== segments[i]) return undefined;
	}
	return params;
}

function controlBody(raw: string): Record<string, unknown> {
	if (raw.trim() === '') return {};
	let value: unknown;
	try {
		value = JSON.parse(raw);
	} catch {
		throw invalidRequest('The body is not valid JSON');
	}
	if (!isObject(value)) throw invalidRequest('The body must be a JSON object');
	return value;
}

export const isControlPath = (path: string) =>
	path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`);

/** Answers a control API request with the JSON its operation returns; errors as `{ error, error_description }`. */
export function handleControl(sim: Simulation, request: SimRequest): Answer {
	try {
		const segments = request.path
			.slice(CONTROL_PREFIX.length)
			.split('/')
			.filter((segment) => segment !== '');
		for (const { pattern, methods } of CONTROL_ROUTES) {
			const params = matchPattern(pattern, segments);
			if (!params) continue;
			const handler = methods[request.method];
			if (!handler) {
				const allowed = Object.keys(methods).join(', ');
				return errorAnswer(405, 'method_not_allowed', `${request.path} takes ${allowed}`, {
					Allow: allowed,
				});
			}
			const body = controlBody(request.rawBody);
			return jsonAnswer(
				200,
				handler(sim, { params, query: request.query, body, now: request.now }),
			);
		}
		return errorAnswer(404, 'not_found', `No control route at ${request.path}`);
	} catch (error) {
		if (error instanceof HttpError) return errorAnswer(error.status, error.error, error.message);
		throw error;
	}
}
