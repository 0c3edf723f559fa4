import type { IDataObject } from 'n8n-workflow';

import { readAgentLogAnswer } from './agentLog';
import { isObject, noAgentLog, noSuchDevice, pathSegment } from './answers';
import { ListingEndpoints } from './listings';
import type {
	AgentLogReport,
	DeviceActionBody,
	DeviceDetailsOpt,
	RemediationOpt,
	RequestOptions,
} from './types';

/**
 * The one way the nodes talk to MetaAccess, made once per execution (or poll) with the clock it
 * paces and waits with: one typed method per endpoint, each checking its own answer's shape (the
 * listings in listings.ts, the requester and clock in clientCore.ts).
 */
export class MetaAccessClient extends ListingEndpoints {
	/** Device Action v3.1: the list of per-device results, as the API gave it. */
	async deviceAction(
		body: DeviceActionBody,
		idempotent: boolean,
		options: RequestOptions,
	): Promise<unknown[]> {
		const response = await this.requester.request(
			{ method: 'POST', path: '/o/api/v3.1/devices/action', body, idempotent },
			options,
		);
		if (!Array.isArray(response.body)) {
			throw this.unexpected(
				'MetaAccess answered Device Action with something other than the documented list of device results',
				options,
				'The action may have been applied; list the devices to check.',
			);
		}
		return response.body;
	}

	/**
	 * A v2.0 device-list endpoint (Devices Action `/o/api/v2/devices/action`, Delete Devices
	 * `/o/api/v2/devices/delete`): its `result` list, result[i] for the i-th device sent.
	 */
	async v2DeviceList(
		path: string,
		body: IDataObject,
		idempotent: boolean,
		options: RequestOptions,
	): Promise<unknown[]> {
		const response = await this.requester.request(
			{ method: 'POST', path, body, idempotent },
			options,
		);
		const result = (response.body as { result?: unknown } | undefined)?.result;
		if (!Array.isArray(result)) {
			throw this.unexpected(
				`MetaAccess answered ${path} without the documented result list`,
				options,
				'The request may have been carried out; list the devices to check.',
			);
		}
		return result;
	}

	/** Get Remediation Link v3.0 of a device ID, MAC address (opt 0) or custom ID (opt 1): the API's object. */
	async remediationLink(
		value: string,
		opt: RemediationOpt,
		options: RequestOptions,
	): Promise<IDataObject> {
		const response = await this.requester.request(
			{
				method: 'GET',
				path: `/o/api/v3/devices/${pathSegment(value)}/remediation`,
				qs: { opt },
				idempotent: true,
			},
			options,
		);
		if (!isObject(response.body)) {
			throw this.unexpected(
				'MetaAccess answered Get Remediation Link with something other than the documented object',
				options,
			);
		}
		return response.body;
	}

	/**
	 * Device Details v2.1 of a device ID (opt 0) or MAC address (opt 1): the device object. A 404
	 * (no such device) is a NodeApiError that names the value and what to check.
	 */
	async deviceDetails(
		value: string,
		opt: DeviceDetailsOpt,
		options: RequestOptions,
	): Promise<IDataObject> {
		const response = await this.requester.request(
			{
				method: 'GET',
				path: `/o/api/v2.1/devices/${pathSegment(value)}`,
				// opt 0 is the documented default: not sent.
				qs: opt === 1 ? { opt } : {},
				idempotent: true,
				acceptStatus: [404],
			},
			options,
		);
		if (response.statusCode === 404)
			throw noSuchDevice(this.context.getNode(), value, opt, options.itemIndex);
		if (!isObject(response.body)) {
			throw this.unexpected(
				'MetaAccess answered Device Details with something other than the documented device object',
				options,
			);
		}
		return response.body;
	}

	/**
	 * Get Reports v3.0 for the agent log a fetch_agent_log asked for (`type=agent_log`, the
	 * command ID it gave): the file once it is ready, else the state MetaAccess gave (`pending`).
	 * MetaAccess's `status: "error"` answer (an unknown command ID) is a NodeApiError.
	 */
	async agentLogReport(commandId: string, options: RequestOptions): Promise<AgentLogReport> {
		const response = await this.requester.request(
			{
				method: 'GET',
				path: '/o/api/v3/get_reports',
				qs: { type: 'agent_log', command_id: commandId },
				idempotent: true,
				binary: true,
			},
			options,
		);
		const report = readAgentLogAnswer(response, commandId);
		if (report === undefined) {
			throw this.unexpected(
				'MetaAccess answered Get Reports with neither a file nor the documented status and message',
				options,
				'Check that the Base URL of the credential points to the MetaAccess cloud.',
			);
		}
		if ('error' in report)
			throw noAgentLog(this.context.getNode(), commandId, report.message, options.itemIndex);
		return report;
	}
}
