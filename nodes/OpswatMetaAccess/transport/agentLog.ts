import type { AgentLogReport, ApiResponse } from './types';

/** The file name a Content-Disposition header gives (RFC 6266: filename* first), without any folder. */
export function dispositionFileName(header: unknown): string | undefined {
	if (typeof header !== 'string') return undefined;
	let name: string | undefined;
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
	if (extended) {
		try {
			name = decodeURIComponent(extended[2].trim());
		} catch {
			name = undefined;
		}
	}
	if (name === undefined) {
		const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(header);
		name = plain ? (plain[1]?.replace(/\\(.)/g, '$1') ?? plain[2]) : undefined;
	}
	// A name is a name, not a path: keep what follows the last slash or backslash.
	const base = name?.split(/[/\\]/).pop()?.trim();
	return base === undefined || base === '' || base === '.' || base === '..' ? undefined : base;
}

/** What a Get Reports answer for an agent log is: the file, a state, or something else. */
export type AgentLogAnswer =
	| AgentLogReport
	| { ready: false; status: 'error'; message: string; error: true }
	| undefined;

/**
 * Reads Get Reports' answer for an agent log: bytes are the file (named by Content-Disposition,
 * else `agent_log_<command ID>.zip`; typed by Content-Type, else application/zip), a JSON
 * `{status, message}` is a state (`error`: flagged for the caller to throw), anything else is
 * undefined (an answer of another shape).
 */
export function readAgentLogAnswer(response: ApiResponse, commandId: string): AgentLogAnswer {
	const { body, headers = {} } = response;
	if (Buffer.isBuffer(body)) {
		const type = headers['content-type'];
		const mimeType =
			typeof type === 'string' && type.split(';')[0].trim() !== ''
				? type.split(';')[0].trim().toLowerCase()
				: 'application/zip';
		return {
			ready: true,
			data: body,
			fileName: dispositionFileName(headers['content-disposition']) ?? `agent_log_${commandId}.zip`,
			mimeType,
		};
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const { status, message } = body as { status?: unknown; message?: unknown };
	if (typeof status !== 'string' || status === '') return undefined;
	const text = typeof message === 'string' ? message : '';
	if (status.toLowerCase() === 'error')
		return { ready: false, status: 'error', message: text, error: true };
	return { ready: false, status, message: text };
}
