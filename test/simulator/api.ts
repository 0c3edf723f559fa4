import { accountV2, accountV3, accountV32 } from './account';
import { getApplicationDetails, getApplications } from './applications';
import { getDeviceInfo, getThreats } from './deviceInfo';
import { DEVICE_ROUTES } from './deviceRoutes';
import { getDevicesV33, getDevicesV37 } from './devicesV3';
import type { Fault } from './faults';
import { getGroups } from './groups';
import {
	errorAnswer,
	HANG,
	HttpError,
	isObject,
	JSON_TYPE,
	parseBody,
	type Answer,
	type RequestBody,
	type SimRequest,
} from './http';
import { getLogsV32, getLogsV33 } from './logs';
import type { ApiContext, Handler, Route } from './params';
import type { Simulation } from './simulation';
import { getAccountCves, getDeviceCves } from './vulnerabilities';

/** The endpoints of a scheduled compliance job: logs, vulnerabilities, account, groups, applications, threats, newer device listings. */
const COMPLIANCE_ROUTES: Route[] = [
	{ path: '/o/api/v3.3/logs', methods: { POST: getLogsV33 }, authenticated: true },
	{ path: '/o/api/v3.2/logs', methods: { POST: getLogsV32 }, authenticated: true },
	{ path: '/o/api/v3.2/get_cves', methods: { POST: getDeviceCves }, authenticated: true },
	{ path: '/o/api/v3.2/cves', methods: { POST: getAccountCves }, authenticated: true },
	{ path: '/o/api/v3.2/account', methods: { POST: accountV32 }, authenticated: true },
	{ path: '/o/api/v3/account', methods: { GET: accountV3 }, authenticated: true },
	{ path: '/o/api/v2/account', methods: { GET: accountV2 }, authenticated: true },
	{ path: '/o/api/v3/groups', methods: { POST: getGroups }, authenticated: true },
	{ path: '/o/api/v3/apps', methods: { POST: getApplications }, authenticated: true },
	{ path: '/o/api/v3/apps/details', methods: { POST: getApplicationDetails }, authenticated: true },
	{ path: '/o/api/v3/get_threats', methods: { POST: getThreats }, authenticated: true },
	{ path: '/o/api/v3/device_info', methods: { POST: getDeviceInfo }, authenticated: true },
	{ path: '/o/api/v3.3/devices', methods: { POST: getDevicesV33 }, authenticated: true },
	{ path: '/o/api/v3.7/devices', methods: { POST: getDevicesV37 }, authenticated: true },
];

const ROUTES: Route[] = [...DEVICE_ROUTES, ...COMPLIANCE_ROUTES];

// A load balancer's page, not JSON: clients must cope with both.
const SERVICE_UNAVAILABLE_PAGE =
	'<html><head><title>503 Service Temporarily Unavailable</title></head>' +
	'<body><h1>503 Service Temporarily Unavailable</h1></body></html>';
// A Get Devices answer cut short, as when a connection breaks mid-body.
const TRUNCATED_JSON = '[{"hwid":"6WXJURV8QAM0I7KC","agent_type":"managed","hostname":"Win_7ENT';

function findRoute(path: string): { route: Route; captures: string[] } | undefined {
	for (const route of ROUTES) {
		if (typeof route.path === 'string') {
			if (route.path === path) return { route, captures: [] };
		} else {
			const match = route.path.exec(path);
			if (match) return { route, captures: match.slice(1) };
		}
	}
	return undefined;
}

/** Runs a handler; its HttpErrors become error answers. Every answer gets the extra headers (rate limit). */
function run(handler: Handler, context: ApiContext, headers: Record<string, string>): Answer {
	try {
		const answer = handler(context);
		return { ...answer, headers: { ...answer.headers, ...headers } };
	} catch (error) {
		if (error instanceof HttpError)
			return errorAnswer(error.status, error.error, error.message, headers);
		throw error;
	}
}

/**
 * The access token a request carries: its `access_token` query parameter, else the token of an
 * `Authorization: Bearer <token>` header ('' when neither).
 */
function tokenOf(request: SimRequest): string {
	const query = request.query.get('access_token');
	if (query) return query;
	return /^Bearer +(\S+) *$/i.exec(request.authorization ?? '')?.[1] ?? '';
}

/** The Authorization header as the log shows it: the token replaced by its label. */
function loggedAuthorization(sim: Simulation, header: string | undefined): string | undefined {
	if (header === undefined) return undefined;
	const bearer = /^Bearer +(\S+) *$/i.exec(header);
	return bearer ? `Bearer ${sim.tokens.label(bearer[1])}` : `${header.split(' ')[0]} ***`;
}

const UNAUTHORIZED: Record<'missing' | 'unknown' | 'expired', string> = {
	missing: 'An access_token query parameter is required',
	unknown: 'Invalid access token',
	expired: 'Access token expired',
};

/** Route (404, 405), then authenticate (401), then count against the rate limit (429), then the endpoint. */
function answerApi(sim: Simulation, request: SimRequest, body: RequestBody): Answer {
	const found = findRoute(request.path);
	if (!found) return errorAnswer(404, 'not_found', `No API at ${request.path}`);
	const { route, captures } = found;
	const handler = route.methods[request.method];
	if (!handler) {
		const allowed = Object.keys(route.methods).join(', ');
		return errorAnswer(405, 'method_not_allowed', `${request.path} takes ${allowed}`, {
			Allow: allowed,
		});
	}
	const context: ApiContext = { sim, request, body, captures };
	if (!route.authenticated) return run(handler, context, {});
	const token = tokenOf(request);
	const state = token === '' ? 'missing' : sim.tokens.state(token, request.now);
	if (state !== 'valid') return errorAnswer(401, 'invalid_token', UNAUTHORIZED[state]);
	const quota = sim.limiter.take(sim.tokens.account(token), request.now);
	if (quota && !quota.allowed) return { status: 429, headers: quota.headers, body: '' };
	return run(handler, context, quota?.headers ?? {});
}

/** What an injected fault answers instead of the API; the request is not carried out. */
function faultAnswer(sim: Simulation, fault: Fault, request: SimRequest): Answer | typeof HANG {
	switch (fault.kind) {
		case '500':
			return errorAnswer(500, 'server_error', 'Internal server error');
		case '503':
			return {
				status: 503,
				headers: { 'Content-Type': 'text/html; charset=utf-8' },
				body: SERVICE_UNAVAILABLE_PAGE,
			};
		case '429': {
			const headers = sim.limiter.refusal(
				sim.tokens.account(tokenOf(request)),
				request.now,
				fault.resetMs ?? undefined,
			);
			return { status: 429, headers, body: '' };
		}
		case 'hang':
			return HANG;
		case 'malformed':
			return { status: 200, headers: { 'Content-Type': JSON_TYPE }, body: TRUNCATED_JSON };
	}
}

const hideSecret = (value: unknown) =>
	isObject(value) && 'client_secret' in value ? { ...value, client_secret: '***' } : value;

function loggedQuery(sim: Simulation, query: URLSearchParams): Record<string, string> {
	const logged: Record<string, string> = {};
	for (const [key, value] of query) {
		if (key in logged) continue;
		logged[key] = key === 'access_token' ? sim.tokens.label(value) : value;
	}
	return hideSecret(logged) as Record<string, string>;
}

function loggedBody(body: RequestBody): unknown {
	switch (body.kind) {
		case 'empty':
			return null;
		case 'json':
		case 'form':
			return hideSecret(body.value);
		default:
			return body.raw;
	}
}

/** Answers a request to the MetaAccess API (or the fault injected for it) and logs it. */
export function handleApi(sim: Simulation, request: SimRequest): Answer | typeof HANG {
	const body = parseBody(request.contentType, request.rawBody);
	const fault = sim.faults.take(request.method, request.path);
	const answer = fault ? faultAnswer(sim, fault, request) : answerApi(sim, request, body);
	sim.log.record({
		time: new Date(request.now).toISOString(),
		method: request.method,
		path: request.path,
		query: loggedQuery(sim, request.query),
		...(request.authorization === undefined
			? {}
			: { authorization: loggedAuthorization(sim, request.authorization) }),
		body: loggedBody(body),
		status: answer === HANG ? null : answer.status,
		...(fault ? { fault: fault.kind } : {}),
	});
	return answer;
}
