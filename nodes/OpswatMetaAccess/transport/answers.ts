import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { DeviceDetailsOpt, SearchPage, SearchQuery } from './types';

export const isObject = (value: unknown): value is IDataObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Encodes a path segment; colons are legal there and kept, as in the documentation's example.
 * "." and ".." (which encoding leaves as they are) would be steps of the path, not a segment: the
 * operations refuse them with the item's error before they get here.
 */
export function pathSegment(value: string): string {
	if (value === '' || value === '.' || value === '..') {
		throw new Error(
			`"${value}" cannot be sent as a path segment: it would change the request's path`,
		);
	}
	return encodeURIComponent(value).replace(/%3A/gi, ':');
}

/**
 * A Search Devices answer `{ total_count, results }` as a page: the device objects of `results`,
 * and whether it is the last page (total_count reached, or fewer results than asked). Undefined
 * when `results` is not a list. A total_count that is not a whole number is left out.
 */
export function readSearchPage(body: unknown, query: SearchQuery): SearchPage | undefined {
	if (!isObject(body) || !Array.isArray(body.results)) return undefined;
	const devices = (body.results as unknown[]).filter(isObject);
	const total = body.total_count;
	const totalCount =
		typeof total === 'number' && Number.isSafeInteger(total) && total >= 0 ? total : undefined;
	const last =
		body.results.length < query.limit ||
		(totalCount !== undefined && query.page * query.limit >= totalCount);
	return { devices, ...(totalCount === undefined ? {} : { totalCount }), last };
}

/** Device Details' 404: no device has the value; says what to check. */
export function noSuchDevice(
	node: INode,
	value: string,
	opt: DeviceDetailsOpt,
	itemIndex: number | undefined,
): NodeApiError {
	const what = opt === 1 ? 'MAC address' : 'device ID';
	return new NodeApiError(
		node,
		{ httpCode: '404' },
		{
			message: `MetaAccess has no device with the ${what} "${value}"`,
			description:
				opt === 1
					? 'Check the MAC address, or look the device up By ID (its device ID is the hwid of Get Many).'
					: 'Check the device ID (the hwid of Get Many), or look the device up By MAC Address. If every device is reported missing, check the Base URL of the credential.',
			httpCode: '404',
			itemIndex,
		},
	);
}

/** Get Reports' `status: "error"` for an agent log: no log for that command ID. */
export function noAgentLog(
	node: INode,
	commandId: string,
	message: string,
	itemIndex: number | undefined,
): NodeApiError {
	return new NodeApiError(
		node,
		{},
		{
			message: `MetaAccess has no agent log for command ID "${commandId}"${message ? `: ${message}` : ''}`,
			description:
				'Check the Command ID: it is the command_id that Fetch Agent Log gave for the device (an empty command_id means the device could not send its log).',
			itemIndex,
		},
	);
}
