import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the simulator answers to one request. */
export interface Answer {
	status: number;
	headers: Record<string, string>;
	/** Text (JSON, HTML) or the bytes of a file (Get Reports). */
	body: string | Buffer;
}

/** Answer of a request that is left without answer (the "hang" fault). */
export const HANG = 'hang' as const;

/** A request as the handlers see it, its body read in full. */
export interface SimRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	contentType: string | undefined;
	/** The Authorization header, if any (a token may come as `Bearer <token>`). */
	authorization?: string;
	rawBody: string;
	/** The time the request is handled at (ms since the epoch). */
	now: number;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonAnswer(
	status: number,
	value: unknown,
	headers: Record<string, string> = {},
): Answer {
	return {
		status,
		headers: { 'Content-Type': JSON_TYPE, ...headers },
		body: JSON.stringify(value),
	};
}

/** The OAuth-style error body of the platform: `{"error":"…","error_description":"…"}`. */
export function errorAnswer(
	status: number,
	error: string,
	description: string,
	headers: Record<string, string> = {},
): Answer {
	return jsonAnswer(status, { error, error_description: description }, headers);
}

/** A request the API refuses; handlers throw it, the pipeline answers it with errorAnswer. */
export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly error: string,
		description: string,
	) {
		super(description);
	}
}

export const invalidRequest = (description: string) =>
	new HttpError(400, 'invalid_request', description);

export type RequestBody =
	| { kind: 'empty' }
	| { kind: 'json'; value: unknown }
	| { kind: 'form'; value: Record<string, string> }
	| { kind: 'malformed'; raw: string }
	| { kind: 'unsupported'; raw: string };

/** The body by its Content-Type: JSON (parsed or malformed), a form, none, or a type the API does not take. */
export function parseBody(contentType: string | undefined, raw: string): RequestBody {
	const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (raw === '' && (mediaType === '' || mediaType === 'application/json'))
		return { kind: 'empty' };
	if (mediaType === 'application/json') {
		try {
			return { kind: 'json', value: JSON.parse(raw) };
		} catch {
			return { kind: 'malformed', raw };
		}
	}
	if (mediaType === 'application/x-www-form-urlencoded') {
		return { kind: 'form', value: Object.fromEntries(new URLSearchParams(raw)) };
	}
	return { kind: 'unsupported', raw };
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

export function send(response: ServerResponse, answer: Answer): void {
	response.writeHead(answer.status, {
		...answer.headers,
		'Content-Length': String(Buffer.byteLength(answer.body)),
	});
	response.end(answer.body);
}
