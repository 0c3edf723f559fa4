import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { redact, redirectTarget, refusedTokenAdvice } from '../../../credentials/common';
import { plural } from '../helpers/text';

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

/**
 * A 2xx response with a JSON body (or, when a file is expected, a non-empty Buffer) is no failure;
 * anything else says what went wrong.
 */
export function responseFailure(
	statusCode: number,
	headers: Record<string, unknown>,
	body: unknown,
	fileExpected = false,
): Failure {
	if (statusCode < 200 || statusCode >= 300) return { status: statusCode, headers, data: body };
	if (fileExpected && Buffer.isBuffer(body)) return body.length > 0 ? {} : { malformed: true };
	if (typeof body === 'string' || body === undefined || Buffer.isBuffer(body))
		return { malformed: true };
	return {};
}

/**
 * What a request that threw left to know. HTTP responses of any status come back as responses
 * (ignoreHttpStatusErrors), so what throws is a network failure: n8n-core wraps the axios error in
 * a NodeApiError that keeps its code (as httpCode) and message, not the error itself.
 */
export function networkFailure(error: unknown): Failure {
	const e = error as { httpCode?: unknown; code?: unknown; message?: unknown };
	const code = [e?.code, e?.httpCode].find(
		(value) => typeof value === 'string' && /^[A-Z][A-Z0-9_]{2,}$/.test(value),
	);
	if (typeof code === 'string') return { code };
	const message = typeof e?.message === 'string' ? e.message : '';
	if (/timeout|timed out/i.test(message)) return { code: 'ETIMEDOUT' };
	return { reason: message || 'unknown error' };
}

const TIMEOUT_CODES = ['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT'];
/** Network failures after which the request surely did not reach the API. */
const NOT_SENT_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];
/** Network failures after which the API may or may not have acted. */
const UNSURE_CODES = [...TIMEOUT_CODES, 'ECONNRESET', 'EPIPE', 'EPROTO'];
/** Failures of the TLS handshake or of the server's certificate: nothing was sent. */
const TLS_CODE = /^(ERR_(SSL|TLS)_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_)/;
/** An address no request can be made to. */
const ADDRESS_CODES = ['ERR_INVALID_URL', 'ERR_SOCKET_BAD_PORT', 'ERR_INVALID_ARG_VALUE'];

/**
 * Transient failures are retried: surely-unprocessed ones (502/503/504, refused connections)
 * always, the ones that leave it unknown whether the API acted only for idempotent requests.
 */
export function isRetryable(failure: Failure, idempotent: boolean): boolean {
	const { status, code } = failure;
	if (status !== undefined)
		return [502, 503, 504].includes(status) || (status >= 500 && idempotent);
	if (failure.malformed) return idempotent;
	// A certificate or an address does not mend by itself: not retried.
	if (code === undefined) return false;
	return NOT_SENT_CODES.includes(code) || (UNSURE_CODES.includes(code) && idempotent);
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
	ERR_FR_TOO_MANY_REDIRECTS: 'the server redirected in a loop',
};

function networkWords(code: string | undefined): string {
	if (code === undefined) return 'the connection failed for an unknown reason';
	const words = code.replace(/_/g, ' ').toLowerCase();
	if (NETWORK_FAILURES[code]) return NETWORK_FAILURES[code];
	if (TLS_CODE.test(code))
		return `the secure connection failed (the server's certificate or TLS setup was refused: ${words})`;
	if (ADDRESS_CODES.includes(code)) return 'the Base URL is not a valid address';
	return `the connection failed (${words})`;
}

/** What MetaAccess said about the failure (`error: error_description`, or its message). */
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
	403: 'The account of this credential may not do this. Check its permissions in MetaAccess.',
	404: 'Nothing answers at this address. Check the Base URL of the OPSWAT MetaAccess credential.',
	405: 'The API refused the HTTP method for this address. Check the Base URL of the credential: it must be the MetaAccess cloud, not a proxy that rewrites requests.',
	406: 'More devices were asked for in one page than the API allows (the limit is 1 to 50).',
	413: 'The page asked for is past the last page of devices.',
	415: 'The API did not accept the request body type.',
	429: 'MetaAccess kept answering "too many requests". Lower the rate (Requests per Minute in the credential), raise Max Wait on Rate Limit, or run fewer workflows on this account at once.',
};

const UNKNOWN_OUTCOME =
	'It is not known whether MetaAccess carried the request out, so it was not sent again. List the devices to check before running it again.';

/** A request that failed for good, with what its error wording needs. */
export interface FailedAttempts {
	request: FailedRequest;
	failure: Failure;
	/** How many times the request was sent. */
	attempts: number;
	/** The credential's Base URL, trimmed (what a redirect is compared with). */
	baseUrl: string;
	timeoutSeconds: number;
	itemIndex?: number;
	secrets: string[];
	/** After 429s: Max Wait on Rate Limit, and the longest wait MetaAccess asked for beyond it. */
	maxWaitSeconds?: number;
	cappedWaitSeconds?: number;
	/** The credential's way in (a 401's advice differs) and where it puts the token. */
	authentication?: unknown;
	authPlacement?: unknown;
}

/** A redirect, never followed: where it pointed, and where the token goes instead. */
function redirectWording({ request, failure, baseUrl, authPlacement }: FailedAttempts) {
	const target = redirectTarget(failure.headers, baseUrl);
	const origin = URL.canParse(baseUrl) ? new URL(baseUrl).origin : 'the Base URL';
	const carrier = authPlacement === 'header' ? 'Authorization header' : 'address';
	return [
		`MetaAccess answered HTTP ${failure.status} to ${request.method} ${request.path}: a redirect to ${target}, not followed`,
		`The node follows no redirect: the access token rides in the request's ${carrier} and goes to the Base URL's host (${origin}) only.` +
			(target.startsWith('http')
				? ` If MetaAccess has moved to ${target}, set the Base URL of the OPSWAT MetaAccess credential to it.`
				: ' Check the Base URL of the OPSWAT MetaAccess credential.') +
			(request.idempotent ? '' : ' The request was not carried out at the Base URL.'),
	];
}

/** An HTTP status other than a redirect: what MetaAccess said, and the advice for the status. */
function statusWording(failed: FailedAttempts) {
	const { request, failure, attempts, cappedWaitSeconds, maxWaitSeconds } = failed;
	const status = failure.status!;
	const fromApi = apiDescription(failure.data);
	let advice =
		(status === 401 ? refusedTokenAdvice(failed.authentication) : undefined) ??
		ADVICE[status] ??
		(status >= 500
			? `MetaAccess failed to process the request (tried ${plural(attempts, 'time')}). Try again later.`
			: 'The API did not accept the request.');
	if (status === 429 && cappedWaitSeconds !== undefined) {
		advice = `MetaAccess asked to wait ${cappedWaitSeconds} s for its rate limit to reset, longer than Max Wait on Rate Limit (${maxWaitSeconds} s), so the node waited ${maxWaitSeconds} s at most each time. ${advice}`;
	}
	return [
		`MetaAccess answered HTTP ${status} to ${request.method} ${request.path}${fromApi ? `: ${fromApi}` : ''}`,
		advice,
	];
}

/** No HTTP status: a response that could not be read, a timeout, a request not sent, a network failure. */
function otherWording({ request, failure, attempts, timeoutSeconds }: FailedAttempts) {
	const where = `${request.method} ${request.path}`;
	const tried = `Tried ${plural(attempts, 'time')}.`;
	const { code } = failure;
	if (failure.malformed) {
		return [
			`MetaAccess answered ${where} with something that is not the JSON it documents`,
			request.idempotent
				? `${tried} Check that the Base URL points to the MetaAccess cloud, not a login page or proxy.`
				: 'The answer could not be read, so the outcome is unknown: MetaAccess may have carried the request out. It was not sent again. List the devices to check before running it again, and check that the Base URL points to the MetaAccess cloud, not a login page or proxy.',
		];
	}
	if (code && TIMEOUT_CODES.includes(code)) {
		return [
			`MetaAccess did not answer ${where} within ${timeoutSeconds} s`,
			request.idempotent
				? `${tried} Try again later or raise the Timeout option.`
				: UNKNOWN_OUTCOME,
		];
	}
	if (failure.reason !== undefined)
		return [`${where} was not sent: ${failure.reason}`, 'Check the OPSWAT MetaAccess credential.'];
	return [
		`Could not reach MetaAccess for ${where}: ${networkWords(code)}`,
		code !== undefined && UNSURE_CODES.includes(code) && !request.idempotent
			? UNKNOWN_OUTCOME
			: `${tried} Check the Base URL of the OPSWAT MetaAccess credential and the network between n8n and MetaAccess.`,
	];
}

/** The NodeApiError a failed request ends in: what happened, what to do, and never a secret. */
export function failureError(node: INode, failed: FailedAttempts): NodeApiError {
	const { status } = failed.failure;
	const [message, advice] =
		status === undefined
			? otherWording(failed)
			: status >= 300 && status < 400
				? redirectWording(failed)
				: statusWording(failed);
	const httpCode = status === undefined ? undefined : String(status);
	const clean = {
		message: redact(message, failed.secrets),
		description: redact(advice, failed.secrets),
	};
	return new NodeApiError(node, { ...clean, httpCode: httpCode ?? null } as JsonObject, {
		...clean,
		httpCode,
		itemIndex: failed.itemIndex,
	});
}
