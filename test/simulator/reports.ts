import type { SimDevice } from './fleet';
import { invalidRequest, jsonAnswer, type Answer } from './http';
import { zipArchive } from './zip';

/** Report types Get Reports v3.0 documents; only agent_log is simulated. */
export const REPORT_TYPES = [
	'agent_log',
	'os_patch_summary',
	'device_missing_os_patch',
	'missing_os_patch',
] as const;

/** Seconds after a fetch_agent_log until its log is ready (a simulator setting). */
export const DEFAULT_AGENT_LOG_DELAY_SECONDS = 60;

/** An agent log asked for with fetch_agent_log: what the device was when it was asked. */
export interface AgentLogRequest {
	commandId: string;
	hwid: string;
	hostname: string;
	agentVersion: string;
	requestedAt: number;
}

/** The agent logs asked for, by command ID (kept after the device leaves: the log was sent). */
export class AgentLogStore {
	private readonly requests = new Map<string, AgentLogRequest>();

	add(device: SimDevice, commandId: string, now: number): void {
		this.requests.set(commandId, {
			commandId,
			hwid: device.hwid,
			hostname: device.hostname,
			agentVersion: device.agent_version,
			requestedAt: now,
		});
	}

	get(commandId: string): AgentLogRequest | undefined {
		return this.requests.get(commandId);
	}

	clear(): void {
		this.requests.clear();
	}
}

const iso = (time: number) => new Date(time).toISOString();

/** The file name of an agent log: `agent_log_<command ID>.zip`. */
export const agentLogFileName = (commandId: string) => `agent_log_${commandId}.zip`;

/** The text of the simulated log (one file of the archive, `agent.log`). */
export function agentLogText(log: AgentLogRequest, readyAt: number): string {
	return [
		`${iso(log.requestedAt)} INFO MetaAccess agent ${log.agentVersion}: log requested (command ${log.commandId})`,
		`${iso(log.requestedAt)} INFO device ${log.hwid} (${log.hostname})`,
		`${iso(readyAt)} INFO log collected and uploaded`,
		'',
	].join('\n');
}

/**
 * Get Reports v3.0 / v3.1 for `type=agent_log&command_id=…`: JSON `{status: "pending", message}`
 * until `delaySeconds` after the fetch_agent_log, then the log as a ZIP file; an unknown command
 * ID answers JSON `{status: "error", message}`. Other documented types are not simulated (400).
 */
export function getReports(
	logs: AgentLogStore,
	delaySeconds: number,
	query: URLSearchParams,
	now: number,
): Answer {
	const type = query.get('type');
	if (type === null || type === '') throw invalidRequest('type is required');
	if (!(REPORT_TYPES as readonly string[]).includes(type))
		throw invalidRequest(`type must be one of ${REPORT_TYPES.join(', ')}`);
	if (type !== 'agent_log')
		throw invalidRequest(`The simulator answers only type=agent_log, not ${type}`);
	const commandId = query.get('command_id') ?? '';
	if (commandId === '') throw invalidRequest('command_id is required for type=agent_log');
	const log = logs.get(commandId);
	if (!log) {
		return jsonAnswer(200, {
			status: 'error',
			message: `No agent log was requested with command_id ${commandId}`,
		});
	}
	const readyAt = log.requestedAt + delaySeconds * 1000;
	if (now < readyAt) {
		return jsonAnswer(200, {
			status: 'pending',
			message: `The agent log is being collected; try again in ${Math.ceil((readyAt - now) / 1000)} s`,
		});
	}
	const fileName = agentLogFileName(commandId);
	return {
		status: 200,
		headers: {
			'Content-Type': 'application/zip',
			'Content-Disposition': `attachment; filename="${fileName}"`,
		},
		body: zipArchive(
			[{ name: 'agent.log', content: Buffer.from(agentLogText(log, readyAt), 'utf8') }],
			readyAt,
		),
	};
}
