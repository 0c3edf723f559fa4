/**
 * What every API handler shares: its context, the route table's shape, the request body (400 when
 * it is not a JSON object, 415 when it is not JSON) and the device a request names.
 */
import { findDevice } from './actions';
import {
	HttpError,
	invalidRequest,
	isObject,
	type Answer,
	type RequestBody,
	type SimRequest,
} from './http';
import type { Simulation } from './simulation';

export interface ApiContext {
	sim: Simulation;
	request: SimRequest;
	body: RequestBody;
	/** Parts of the path the route captured (still URL-encoded). */
	captures: string[];
}

export type Handler = (context: ApiContext) => Answer;

export interface Route {
	path: string | RegExp;
	methods: Partial<Record<string, Handler>>;
	/** Needs a valid access token and counts against the rate limit (all but the token endpoint). */
	authenticated: boolean;
}

/** The body of an endpoint that needs one: a JSON object, else 400 (none, malformed, not an object) or 415 (another type). */
export function jsonObjectBody(body: RequestBody): Record<string, unknown> {
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

/** The body of an endpoint whose parameters are all optional: none (whatever its declared type) is `{}`. */
export function optionalJsonBody(body: RequestBody): Record<string, unknown> {
	const nothing =
		body.kind === 'empty' ||
		(body.kind === 'form' && Object.keys(body.value).length === 0) ||
		(body.kind === 'unsupported' && body.raw === '');
	return nothing ? {} : jsonObjectBody(body);
}

/** A device named by its ID (HWID) or a MAC address; 404 when the account has none. */
export function deviceById(sim: Simulation, id: unknown, name = 'id') {
	if (typeof id !== 'string' || id === '')
		throw invalidRequest(`${name} is required: a device ID or MAC address`);
	const device = findDevice(sim.fleet, id);
	if (!device) throw new HttpError(404, 'not_found', 'Device not found');
	return device;
}
