import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { plural } from '../helpers/text';
import { redact } from './redact';

/** What went wrong with one attempt of a request. */
export interface Failure {
	status?: number;
	headers?: Record<string, unknown>;
	data?: unknown;
	code?: string;
	malformed?: boolean;
	/** Why a request could not be made at all (for example: no access token could be fetched). */
	reason?: string;
}

/** A request as the failure wording names it, and whether sending it twice is harmless. */
export interface FailedRequest {
	method: string;
	path: string;
	idempotent: boolean;
}

/** A 2xx answer with a JSON body is no failure; anything else says what went wrong. */
export function responseFailure(
	statusCode: number,
	headers: Record<string, unknown>,
	body: unknown,
): Failure {
	if (statusCode < 200 || statusCode >= 300) return { status: statusCode, headers, data: body };
	if (typeof body === 'string' || body === undefined || Buffer.isBuffer(body))
		return { malformed: true };
	return {};
}

/**
 * What a request that threw left to know. HTTP answers of any status come back as responses
 * (ignoreHttpStatusErrors), so what throws is a network failure: n8n-core wraps the axios error in
 * a NodeApiError that keeps its code (as httpCode) and message, not the error itself.
 */
export function networkFailure(error: unknown): Failure {
	const e = error as { httpCode?: unknown; code?: unknown; message?: unknown };
	const code = [e?.code, e?.httpCode].find(
		(value) => typeof value === 'string' && /^E[A-Z_]+$/.test(value),
	);
	if (typeof code === 'string') return { code };
	const message = typeof e?.message === 'string' ? e.message : '';
	if (/timeout|timed out/i.test(message)) return { code: 'ETIMEDOUT' };
	return { reason: message || 'unknown error' };
}

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** Network failures after which the request surely did not reach the API. */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);
/** Network failures after which the API may or may not have acted. */
const UNSURE_CODES = new Set([...TIMEOUT_CODES, 'ECONNRESET', 'EPIPE', 'EPROTO']);

/**
 * Transient failures are retried: surely-unprocessed ones (502/503/504, refused connections)
 * always, the ones that leave it unknown whether the API acted only for idempotent requests.
 */
export function isRetryable(failure: Failure, idempotent: boolean): boolean {
	if (failure.status !== undefined) {
		if ([502, 503, 504].includes(failure.status)) return true;
		return failure.status >= 500 && idempotent;
	}
	if (failure.malformed) return idempotent;
	if (failure.code === undefined) return false;
	return NOT_SENT_CODES.has(failure.code) || (UNSURE_CODES.has(failure.code) && idempotent);
}

/**
 * Network failures in words. (A raw code such as ECONNRESET in the message would make n8n replace
 * the whole message with its generic sentence for that code.)
 */
const NETWORK_FAILURES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed unexpectedly',
	EPIPE: 'the connection was closed unexpectedly',
	EPROTO: 'the secure connection failed',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be looked up',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
};

function apiDescription(data: unknown): string | undefined {
	if (typeof data !== 'object' || data === null) return undefined;
	const { error, error_description: description, message } = data as Record<string, unknown>;
	const parts = [error, description ?? message].filter(
		(part): part is string => typeof part === 'string' && part !== '',
	);
	return parts.length ? parts.join(': ') : undefined;
}

const ADVICE: Record<number, string> = {
	400: 'MetaAccess rejected the request as invalid. Check the values given to the node (devices, option, action type).',
	401: 'The access token is invalid or expired. Open the OPSWAT MetaAccess credential and paste a new access token, or check the Client ID and Client Secret.',
	403: 'The account of this credential may not do this. Check its permissions in MetaAccess.',
	404: 'Nothing answers at this address. Check the Base URL of the OPSWAT MetaAccess credential.',
	405: 'The API refused the HTTP method for this address. Check the Base URL of the credential: it must be the MetaAccess cloud, not a proxy that rewrites requests.',
	406: 'More devices were asked for in one page than the API allows (the limit is 1 to 50).',
	413: 'The page asked for is past the last page of devices.',
	415: 'The API did not accept the request body type.',
	429: 'MetaAccess kept answering "too many requests". Lower the rate (Requests per Minute in the credential), raise Max Wait on Rate Limit, or run fewer workflows on this account at once.',
};

/** The NodeApiError a failed request ends in: what happened, what to do, and never a secret. */
export function failureError(
	node: INode,
	request: FailedRequest,
	failure: Failure,
	attempts: number,
	context: {
		timeoutSeconds: number;
		itemIndex?: number;
		secrets: string[];
		/** After 429s: Max Wait on Rate Limit, and the longest wait MetaAccess asked for beyond it. */
		maxWaitSeconds?: number;
		cappedWaitSeconds?: number;
	},
): NodeApiError {
	const where = `${request.method} ${request.path}`;
	const tried = `Tried ${plural(attempts, 'time')}.`;
	const fromApi = apiDescription(failure.data);
	let message: string;
	let advice: string;
	if (failure.status !== undefined) {
		message = `MetaAccess answered HTTP ${failure.status} to ${where}${fromApi ? `: ${fromApi}` : ''}`;
		advice =
			ADVICE[failure.status] ??
			(failure.status >= 500
				? `MetaAccess failed to process the request (tried ${plural(attempts, 'time')}). Try again later.`
				: 'The API did not accept the request.');
		if (failure.status === 429 && context.cappedWaitSeconds !== undefined) {
			advice = `MetaAccess asked to wait ${context.cappedWaitSeconds} s for its rate limit to reset, longer than Max Wait on Rate Limit (${context.maxWaitSeconds} s), so the node waited ${context.maxWaitSeconds} s at most each time. ${advice}`;
		}
	} else if (failure.malformed) {
		message = `MetaAccess answered ${where} with something that is not the JSON it documents`;
		advice = `${tried} Check that the Base URL points to the MetaAccess cloud, not a login page or proxy.`;
	} else if (failure.code && TIMEOUT_CODES.has(failure.code)) {
		message = `MetaAccess did not answer ${where} within ${context.timeoutSeconds} s`;
		advice = request.idempotent
			? `${tried} Try again later or raise the Timeout option.`
			: 'It is not known whether MetaAccess carried the request out, so it was not sent again. List the devices to check before running it again.';
	} else if (failure.reason !== undefined) {
		message = `${where} was not sent: ${failure.reason}`;
		advice = 'Check the OPSWAT MetaAccess credential.';
	} else {
		message = `Could not reach MetaAccess for ${where}: ${NETWORK_FAILURES[failure.code ?? ''] ?? 'network error'}`;
		advice = `${tried} Check the Base URL of the OPSWAT MetaAccess credential and the network between n8n and MetaAccess.`;
	}
	const httpCode = failure.status !== undefined ? String(failure.status) : undefined;
	const clean: JsonObject = {
		message: redact(message, context.secrets),
		description: redact(advice, context.secrets),
		httpCode: httpCode ?? null,
	};
	return new NodeApiError(node, clean, {
		message: clean.message as string,
		description: clean.description as string,
		httpCode,
		itemIndex: context.itemIndex,
	});
}
