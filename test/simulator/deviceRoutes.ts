/**
 * The device endpoints of the vendor's seed pages and their siblings: the token endpoint, Get
 * Devices v2.3, Device Action v3.1, Devices Action and Delete Devices v2.0, Get Remediation Link,
 * Device Details and Search Devices v2.1, Get Reports, Status Change. Each applied action is logged
 * (Get Logs, category device; a fetched agent log also under device_report).
 */
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
import { choice, limitParam, queryValue, wholeNumber } from './checks';
import { GROUP_BY, listedDevice, ORDERS, settleExemption } from './fleet';
import { HttpError, invalidRequest, isObject, jsonAnswer, type Answer } from './http';
import { deviceDetails, searchDevices } from './lookups';
import { jsonObjectBody, type ApiContext, type Route } from './params';
import { getReports } from './reports';
import { statusChangedV21, statusChangedV3 } from './statusChange';

/** Most devices one Get Devices page may hold; above: 406. */
const MAX_PAGE_SIZE = 50;
/** Longest exemption Device Action v3.1 takes, in hours ("less than 65000"). */
const MAX_EXEMPT_HOURS = 64999;

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
	const limit = limitParam(queryValue(query, 'limit'), 1, MAX_PAGE_SIZE, 'devices');
	const page = wholeNumber(queryValue(query, 'page'), 'page', 1, 1);
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

/** The device event each action logs (Get Logs v3.3 names a deletion through the API `deleted_api`). */
const ACTION_EVENTS: Record<(typeof ACTION_TYPES)[number], string> = {
	exempt: 'exempted',
	unexempt: 'unexempted',
	're-identify': 're_identified',
	ignore: 'ignored',
	unignore: 'unignored',
	delete: 'deleted_api',
	dhcprenew: 'dhcp_renewed',
	assign_to_group: 'group_changed',
	fetch_agent_log: 'fetch_log',
};

const LEGACY_EVENTS: Record<(typeof LEGACY_TYPES)[number], string> = {
	dhcprenew: 'dhcp_renewed',
	exempt_all: 'exempted',
	unexempt: 'unexempted',
};

function deviceAction({ sim, request, body }: ApiContext): Answer {
	const fields = jsonObjectBody(body);
	const type = choice(fields.types, ACTION_TYPES, 'types');
	const targets = deviceList(fields, 'ids', 'macs');
	const params = actionParams(fields.params);
	const { now } = request;
	const results = performAction(
		sim.fleet,
		type,
		targets,
		params,
		now,
		sim.newCommandId,
		(device, commandId) => {
			const hours = type === 'exempt' && params.exemptHours > 0 ? params.exemptHours : 0;
			sim.logDevice(
				device,
				ACTION_EVENTS[type],
				now,
				hours ? `Device ${device.hostname} was exempted for ${hours} hours` : undefined,
			);
			if (type !== 'fetch_agent_log') return;
			sim.agentLogs.add(device, commandId, now);
			sim.events.append('device_report', 'agent_log', now, {
				device_id: device.hwid,
				device_name: device.hostname,
				command_id: commandId,
				details: `Agent log of device ${device.hostname} requested (Get Reports, type agent_log)`,
			});
		},
	);
	sim.history.sweep(sim.fleet, now);
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
	const result = performLegacyAction(sim.fleet, type, targets, request.now, (device) =>
		sim.logDevice(device, LEGACY_EVENTS[type], request.now),
	);
	sim.history.sweep(sim.fleet, request.now);
	return jsonAnswer(200, { result });
}

function deleteDevicesHandler({ sim, request, body }: ApiContext): Answer {
	const fields = jsonObjectBody(body);
	const opt = choice(fields.opt ?? 1, DELETE_OPTIONS, 'opt');
	const targets = deviceList(fields, 'MAC_list', 'HWID_list');
	const result = deleteDevices(sim.fleet, opt, targets, request.now, (device) =>
		sim.logDevice(device, opt === 0 ? 'agent_uninstalled' : 'deleted_api', request.now),
	);
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

export const DEVICE_ROUTES: Route[] = [
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
