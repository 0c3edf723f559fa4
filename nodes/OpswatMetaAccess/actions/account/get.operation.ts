import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { accountDetails } from '../shared/complianceEndpoints';
import { optionsCollection } from '../shared/descriptions';
import { executePerItem, readRequests, shared, type OperationRun } from '../shared/items';
import { readScoreType, scoreTypeField } from '../vulnerability/fields';
import { withoutUndefined } from '../../helpers/simplify';

const show = { resource: ['account'], operation: ['get'] };

export const description: INodeProperties[] = [
	scoreTypeField(
		show,
		'The scale on which devices are counted by the severity of their worst CVE (devices_by_vulnerability_severity)',
	),
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		displayOptions: { show },
		default: true,
		description:
			'Whether to return the account as 12 flat numbers and names (devices allowed, used, compliant, non-compliant, exempted, unknown, critical, …) instead of the raw Account Details object',
	},
	{ ...optionsCollection('get'), displayOptions: { show } },
];

/** The `number_of_devices` of each entry of a `devices_by_*` list, by its `key` value. */
function countsBy(list: unknown, key: 'status' | 'severity'): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const entry of Array.isArray(list) ? list : []) {
		const { [key]: name, number_of_devices: count } = (entry ?? {}) as IDataObject;
		if (typeof name === 'string' && typeof count === 'number') counts[name] = count;
	}
	return counts;
}

/**
 * Account Details v3.2 as 12 flat fields: names, the licence, the devices by status and by issue
 * severity, and the devices by the severity of their worst CVE (an object, level → devices).
 */
export function simplifyAccount(account: IDataObject): IDataObject {
	const status = countsBy(account.devices_by_status, 'status');
	const issues = countsBy(account.devices_by_issue_severity, 'severity');
	return withoutUndefined({
		name: account.name,
		email: account.email,
		devices_allowed: account.devices_allowed,
		devices_used: account.devices_used,
		devices_compliant: status.compliant,
		devices_non_compliant: status['non-compliant'],
		devices_exempted: status.exempted,
		devices_unknown: status.unknown,
		devices_critical: issues.critical,
		devices_warning: issues.warning,
		devices_no_issue: issues.no_issue,
		devices_by_vulnerability_severity: countsBy(
			account.devices_by_vulnerability_severity,
			'severity',
		),
	});
}

/** Account → Get: Account Details v3.2, once per score type whatever the number of items. */
export async function execute(
	this: IExecuteFunctions,
	{ items, client, parameters }: OperationRun,
): Promise<INodeExecutionData[]> {
	const requests = readRequests(this, items.length, (itemIndex) => ({
		scoreType: readScoreType(parameters, itemIndex),
		simplify: parameters.boolean('simplify', 'Simplify', itemIndex, true),
		options: parameters.requestOptions(itemIndex),
	}));
	const answers = new Map<string, Promise<IDataObject>>();
	return await executePerItem(this, requests, async ({ scoreType, simplify, options }) => {
		const account = await shared(answers, scoreType, async () =>
			accountDetails(client, scoreType, options),
		);
		return [{ json: simplify ? simplifyAccount(account) : { ...account } }];
	});
}
