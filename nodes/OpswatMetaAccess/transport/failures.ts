import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { plural } from '../helpers/text';
import { refusedTokenAdvice } from './authMessages';
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

/**
 * A 2xx answer with a JSON body (or, when a file is expected, a non-empty Buffer) is no failure;
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
 * What a request that threw left to know. HTTP answers of any status come back as responses
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

/** Failures of the TLS handshake or of the server's certificate: nothing was sent. */
const TLS_CODES = new Set([
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const isTlsCode = (code: string) => TLS_CODES.has(code) || /^ERR_(SSL|TLS)_/.test(code);

/** An address no request can be made to. */
const ADDRESS_CODES = new Set(['ERR_INVALID_URL', 'ERR_SOCKET_BAD_PORT', 'ERR_INVALID_ARG_VALUE']);

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
	// A certificate or an address does not mend by itself: not retried.
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
	ERR_FR_TOO_MANY_REDIRECTS: 'the server redirected in a loop',
};

function networkWords(code: string | undefined): string {
	if (code === undefined) return 'the connection failed for an unknown reason';
	if (NETWORK_FAILURES[code]) return NETWORK_FAILURES[code];
	if (isTlsCode(code))
		return `the secure connection failed (the server's certificate or TLS setup was refused: ${code.replace(/_/g, ' ').toLowerCase()})`;
	if (ADDRESS_CODES.has(code)) return 'the Base URL is not a valid address';
	return `the connection failed (${code.replace(/_/g, ' ').toLowerCase()})`;
}

/** Where a redirect pointed: its origin only (never its path or query, which may hold the token). */
export function redirectTarget(
	headers: Record<string, unknown> | undefined,
	baseUrl: string,
): string {
	const location = headers?.location ?? headers?.Location;
	if (typeof location !== 'string' || location === '') return 'no address (no Location header)';
	try {
		return new URL(location, `${baseUrl}/`).origin;
	} catch {
		return 'an address that is not a valid URL';
	}
}

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

/** The NodeApiError a failed request ends in: what happened, what to do, and never a secret. */
export function failureError(
	node: INode,
	request: FailedRequest,
	failure: Failure,
	attempts: number,
	context: {
		/** The credential's Base URL, trimmed (what a redirect is compared with). */
		baseUrl?: string;
		timeoutSeconds: number;
		itemIndex?: number;
		secrets: string[];
		/** After 429s: Max Wait on Rate Limit, and the longest wait MetaAccess asked for beyond it. */
		maxWaitSeconds?: number;
		cappedWaitSeconds?: number;
		/** The credential's way in (a 401's advice differs). */
		authentication?: unknown;
	},
): NodeApiError {
	const where = `${request.method} ${request.path}`;
	const tried = `Tried ${plural(attempts, 'time')}.`;
	const fromApi = apiDescription(failure.data);
	let message: string;
	let advice: string;
	if (failure.status !== undefined && failure.status >= 300 && failure.status < 400) {
		const base = context.baseUrl ?? '';
		const target = redirectTarget(failure.headers, base);
		let baseOrigin = '';
		try {
			baseOrigin = new URL(base).origin;
		} catch {
			// Checked before any request; the wording below does without it.
		}
		message = `MetaAccess answered HTTP ${failure.status} to ${where}: a redirect to ${target}, not followed`;
		advice =
			`The node follows no redirect: the access token rides in the request's address and goes to the Base URL's host (${baseOrigin || 'the Base URL'}) only.` +
			(target.startsWith('http')
				? ` If MetaAccess has moved to ${target}, set the Base URL of the OPSWAT MetaAccess credential to it.`
				: ' Check the Base URL of the OPSWAT MetaAccess credential.') +
			(request.idempotent ? '' : ' The request was not carried out at the Base URL.');
	} else if (failure.status !== undefined) {
		message = `MetaAccess answered HTTP ${failure.status} to ${where}${fromApi ? `: ${fromApi}` : ''}`;
		advice =
			(failure.status === 401 ? refusedTokenAdvice(context.authentication) : undefined) ??
			ADVICE[failure.status] ??
			(failure.status >= 500
				? `MetaAccess failed to process the request (tried ${plural(attempts, 'time')}). Try again later.`
				: 'The API did not accept the request.');
		if (failure.status === 429 && context.cappedWaitSeconds !== undefined) {
			advice = `MetaAccess asked to wait ${context.cappedWaitSeconds} s for its rate limit to reset, longer than Max Wait on Rate Limit (${context.maxWaitSeconds} s), so the node waited ${context.maxWaitSeconds} s at most each time. ${advice}`;
		}
	} else if (failure.malformed) {
		message = `MetaAccess answered ${where} with something that is not the JSON it documents`;
		advice = request.idempotent
			? `${tried} Check that the Base URL points to the MetaAccess cloud, not a login page or proxy.`
			: 'The answer could not be read, so the outcome is unknown: MetaAccess may have carried the request out. It was not sent again. List the devices to check before running it again, and check that the Base URL points to the MetaAccess cloud, not a login page or proxy.';
	} else if (failure.code && TIMEOUT_CODES.has(failure.code)) {
		message = `MetaAccess did not answer ${where} within ${context.timeoutSeconds} s`;
		advice = request.idempotent
			? `${tried} Try again later or raise the Timeout option.`
			: 'It is not known whether MetaAccess carried the request out, so it was not sent again. List the devices to check before running it again.';
	} else if (failure.reason !== undefined) {
		message = `${where} was not sent: ${failure.reason}`;
		advice = 'Check the OPSWAT MetaAccess credential.';
	} else {
		message = `Could not reach MetaAccess for ${where}: ${networkWords(failure.code)}`;
		const unsure = failure.code !== undefined && UNSURE_CODES.has(failure.code);
		advice =
			unsure && !request.idempotent
				? 'It is not known whether MetaAccess carried the request out, so it was not sent again. List the devices to check before running it again.'
				: `${tried} Check the Base URL of the OPSWAT MetaAccess credential and the network between n8n and MetaAccess.`;
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
