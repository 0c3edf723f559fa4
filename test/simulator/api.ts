import {
	ACTION_TYPES,
	DELETE_OPTIONS,
	deleteDevices,
	findDevice,
	LEGACY_TYPES,
	performAction,
	performLegacyAction,
	type ActionParams,
} from './actions';
import type { Fault } from './faults';
import { GROUP_BY, listedDevice, ORDERS, settleExemption } from './fleet';
import {
	errorAnswer,
	HANG,
	HttpError,
	invalidRequest,
	isObject,
	JSON_TYPE,
	jsonAnswer,
	parseBody,
	type Answer,
	type RequestBody,
	type SimRequest,
} from './http';
import { deviceDetails, searchDevices } from './lookups';
import { getReports } from './reports';
import type { Simulation } from './simulation';
import { statusChangedV21, statusChangedV3 } from './statusChange';

/** Most devices one Get Devices page may hold; above: 406. */
const MAX_PAGE_SIZE = 50;
/** Longest exemption Device Action v3.1 takes, in hours ("less than 65000"). */
const MAX_EXEMPT_HOURS = 64999;

interface ApiContext {
	sim: Simulation;
	request: SimRequest;
	body: RequestBody;
	/** Parts of the path the route captured (the remediation value, still URL-encoded). */
	captures: string[];
}

type Handler = (context: ApiContext) => Answer;

interface Route {
	path: string | RegExp;
	methods: Partial<Record<string, Handler>>;
	/** Needs a valid access_token and counts against the rate limit (all but the token endpoint). */
	authenticated: boolean;
}

// A load balancer's page, not JSON: clients must cope with both.
const SERVICE_UNAVAILABLE_PAGE =
	'<html><head><title>503 Service Temporarily Unavailable</title></head>' +
	'<body><h1>503 Service Temporarily Unavailable</h1></body></html>';
// A Get Devices answer cut short, as when a connection breaks mid-body.
const TRUNCATED_JSON = '[{"hwid":"6WXJURV8QAM0I7KC","agent_type":"managed","hostname":"Win_7ENT';

function choice<T extends string | number>(value: unknown, choices: readonly T[], name: string): T {
	if (!choices.includes(value as T))
		throw invalidRequest(`${name} must be one of ${choices.join(', ')}`);
	return value as T;
}

function wholeNumberParam(query: URLSearchParams, name: string, fallback: number): number {
	const raw = query.get(name);
	if (raw === null) return fallback;
	if (!/^\d+$/.test(raw) || Number(raw) < 1)
		throw invalidRequest(`${name} must be a whole number from 1`);
	return Number(raw);
}

/** The body of a device endpoint: a JSON object, else 400 (none, malformed, not an object) or 415 (another type). */
function jsonObjectBody(body: RequestBody): Record<string, unknown> {
	switch (body.kind) {
		case 'json':
			if (!isObject(body.value)) throw invalidRequest('The body must be a JSON object');
			return body.value;
		case 'empty':
			throw invalidRequest('A JSON body is required');
		case 'malformed':
			throw invalidRequest('The body is not valid JSON');
		default:
			throw new HttpError(415, 'unsupported_media_type', 'The body must be application/json');
	}
}

/** The one device list a body gives: exactly one of the two keys (null counts as absent), a non-empty array of strings. */
function deviceList<K extends string>(
	body: Record<string, unknown>,
	first: K,
	second: K,
): { by: K; values: string[] } {
	const given = [first, second].filter((key) => body[key] !== undefined && body[key] !== null);
	if (given.length !== 1) throw invalidRequest(`Give exactly one of ${first} and ${second}`);
	const by = given[0];
	const values = body[by];
	if (
		!Array.isArray(values) ||
		values.length === 0 ||
		!values.every((value) => typeof value === 'string')
	) {
		throw invalidRequest(`${by} must be a non-empty array of strings`);
	}
	return { by, values };
}

function actionParams(params: unknown): ActionParams {
	if (params === undefined || params === null) return { exemptHours: 0, groupId: 'default' };
	if (!isObject(params)) throw invalidRequest('params must be an object');
	const { exempt_time: hours = 0, group_id: groupId = 'default' } = params;
	if (!Number.isInteger(hours) || (hours as number) < 0 || (hours as number) > MAX_EXEMPT_HOURS) {
		throw invalidRequest(
			`params.exempt_time must be a whole number of hours below 65000 (0: forever)`,
		);
	}
	if (typeof groupId !== 'string' || groupId === '')
		throw invalidRequest('params.group_id must be a non-empty string');
	return { exemptHours: hours as number, groupId };
}

/** Token endpoint parameters: from the query string, overridden by a form or JSON body. */
function tokenParams({ request, body }: ApiContext): Record<string, unknown> {
	const fromQuery = Object.fromEntries(request.query);
	switch (body.kind) {
		case 'empty':
			return fromQuery;
		case 'form':
			return { ...fromQuery, ...body.value };
		default:
			return { ...fromQuery, ...jsonObjectBody(body) };
	}
}

const asText = (value: unknown) =>
	typeof value === 'string' || typeof value === 'number' ? String(value) : '';

function issueToken(context: ApiContext): Answer {
	const params = tokenParams(context);
	const grantType = asText(params.grant_type);
	if (grantType === '') throw invalidRequest('grant_type is required');
	if (grantType !== 'client_credentials')
		throw new HttpError(400, 'unsupported_grant_type', `Unsupported grant type: ${grantType}`);
	const { sim, request } = context;
	const grant = sim.tokens.issue(
		asText(params.client_id),
		asText(params.client_secret),
		sim.tokenLifetimeSeconds,
		request.now,
	);
	if (!grant) throw new HttpError(401, 'invalid_client', 'Bad client credentials');
	return jsonAnswer(200, grant, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

function getDevices({ sim, request }: ApiContext): Answer {
	const { query, now } = request;
	const limit = wholeNumberParam(query, 'limit', 1);
	if (limit > MAX_PAGE_SIZE)
		throw new HttpError(
			406,
			'invalid_request',
			`Too many devices to return: limit must be at most ${MAX_PAGE_SIZE}`,
		);
	const page = wholeNumberParam(query, 'page', 1);
	const groupBy = choice(
		query.get('GroupBy') ?? query.get('groupBy') ?? 'none',
		GROUP_BY,
		'GroupBy',
	);
	const order = choice(query.get('order') ?? 'des', ORDERS, 'order');
	const devices = sim.fleet.ordered(groupBy, order);
	const start = (page - 1) * limit;
	if (page > 1 && start >= devices.length)
		throw new HttpError(413, 'invalid_request', 'Requested page number exceeds limit');
	return jsonAnswer(
		200,
		devices.slice(start, start + limit).map((device) => listedDevice(settleExemption(device, now))),
	);
}

function deviceAction({ sim, request, body }: ApiContext): Answer {
	const fields = jsonObjectBody(body);
	const type = choice(fields.types, ACTION_TYPES, 'types');
	const targets = deviceList(fields, 'ids', 'macs');
	const params = actionParams(fields.params);
	const results = performAction(sim.fleet, type, targets, params, request.now, sim.newCommandId);
	for (const result of results) {
		if (result.command_id === '') continue;
		const device =
			targets.by === 'ids' ? findDevice(sim.fleet, result.id) : sim.fleet.findByMac(result.id);
		if (device && type === 'fetch_agent_log')
			sim.agentLogs.add(device, result.command_id, request.now);
	}
	sim.history.sweep(sim.fleet, request.now);
	return jsonAnswer(200, results);
}

function details({ sim, request, captures }: ApiContext): Answer {
	return deviceDetails(sim.fleet, captures[0], request.query, request.now);
}

function search({ sim, request }: ApiContext): Answer {
	return searchDevices(sim.fleet, request.query, request.now);
}

function reports({ sim, request }: ApiContext): Answer {
	return getReports(sim.agentLogs, sim.agentLogDelaySeconds, request.query, request.now);
}

function legacyAction({ sim, request, body }: ApiContext): Answer {
	const fields = jsonObjectBody(body);
	const type = choice(fields.types, LEGACY_TYPES, 'types');
	const targets = deviceList(fields, 'MAC_list', 'HWID_list');
	const opt = choice(fields.opt ?? 0, [0, 1], 'opt');
	// opt says what the list holds (0: MAC addresses, 1: HWIDs); a list of the other kind is a contradiction.
	if ((opt === 1) !== (targets.by === 'HWID_list'))
		throw invalidRequest(`opt ${opt} does not go with ${targets.by} (0: MAC_list, 1: HWID_list)`);
	const result = performLegacyAction(sim.fleet, type, targets, request.now);
	sim.history.sweep(sim.fleet, request.now);
	return jsonAnswer(200, { result });
}

function deleteDevicesHandler({ sim, request, body }: ApiContext): Answer {
	const fields = jsonObjectBody(body);
	const opt = choice(fields.opt ?? 1, DELETE_OPTIONS, 'opt');
	const targets = deviceList(fields, 'MAC_list', 'HWID_list');
	const result = deleteDevices(sim.fleet, opt, targets, request.now);
	sim.history.sweep(sim.fleet, request.now);
	return jsonAnswer(200, { result });
}

function remediation({ sim, request, captures }: ApiContext): Answer {
	const opt = request.query.get('opt') ?? '0';
	if (opt !== '0' && opt !== '1') throw invalidRequest('Invalid option');
	let value: string;
	try {
		value = decodeURIComponent(captures[0]);
	} catch {
		throw invalidRequest('The device value is not correctly URL-encoded');
	}
	const device = opt === '0' ? findDevice(sim.fleet, value) : sim.fleet.findByCustomId(value);
	if (!device) return jsonAnswer(200, { result: 0, remediation_link: '' });
	if (device.category === 'out_of_license')
		return jsonAnswer(200, { result: -1, remediation_link: '' });
	return jsonAnswer(200, { result: 1, remediation_link: device.remediation_link });
}

const ROUTES: Route[] = [
	{ path: '/o/oauth/token', methods: { POST: issueToken }, authenticated: false },
	{ path: '/o/api/v2.3/devices', methods: { GET: getDevices }, authenticated: true },
	{ path: '/o/api/v3.1/devices/action', methods: { POST: deviceAction }, authenticated: true },
	{ path: '/o/api/v2/devices/action', methods: { POST: legacyAction }, authenticated: true },
	{
		path: '/o/api/v2/devices/delete',
		methods: { POST: deleteDevicesHandler },
		authenticated: true,
	},
	{
		path: '/o/api/v3/devices/status_changed',
		methods: { POST: statusChangedV3 },
		authenticated: true,
	},
	{
		path: '/o/api/v2.1/devices/status_changed',
		methods: { GET: statusChangedV21 },
		authenticated: true,
	},
	{
		path: /^\/o\/api\/v3\/devices\/([^/]+)\/remediation$/,
		methods: { GET: remediation },
		authenticated: true,
	},
	// Before Device Details: "search" is not a device ID.
	{ path: '/o/api/v2.1/devices/search', methods: { GET: search }, authenticated: true },
	{
		path: /^\/o\/api\/v2\.1\/devices\/([^/]+)$/,
		methods: { GET: details },
		authenticated: true,
	},
	{ path: '/o/api/v3/get_reports', methods: { GET: reports }, authenticated: true },
	{ path: '/o/api/v3.1/get_reports', methods: { GET: reports }, authenticated: true },
];

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
	const quota = sim.limiter.take(token, request.now);
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
				tokenOf(request),
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
