/** What the node's form shows, and when: every documented request field has a place in it. */
import type { INodeProperties } from 'n8n-workflow';

import { OpswatMetaAccess } from '../../../../nodes/OpswatMetaAccess/OpswatMetaAccess.node';

const { properties } = new OpswatMetaAccess().description;
const fields = (name: string) => properties.filter((p) => p.name === name);
const field = (name: string) => {
	const [only] = fields(name);
	return only;
};
const values = (property: INodeProperties) =>
	property.options!.map((option) => (option as { value: unknown }).value);
const optionNames = (operation: string) =>
	(
		properties.find(
			(p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes(operation),
		)!.options as INodeProperties[]
	).map((option) => option.name);

test('operations of the Device resource', () => {
	expect(values(field('resource'))).toEqual(['device']);
	expect(values(field('operation'))).toEqual([
		'delete',
		'get',
		'getAgentLog',
		'getAll',
		'getRemediationLink',
		'performAction',
		'performLegacyAction',
		'search',
	]);
});

test('Get Many: every Get Devices v2.3 parameter (limit, page, GroupBy, order) is reachable', () => {
	expect(values(field('groupBy'))).toEqual(['none', 'hwid', 'host', 'issues']);
	expect(values(field('order'))).toEqual(['des', 'asc']);
	expect(field('limit').displayOptions!.show).toEqual({
		resource: ['device'],
		operation: ['getAll'],
		returnAll: [false],
	});
	expect(optionNames('getAll')).toEqual(['pageSize', 'startPage', 'maxWaitOnRateLimit', 'timeout']);
});

test('Perform Action: the nine action types; Exempt Time only for exempt, Group ID only for assign_to_group', () => {
	expect(values(field('actionType'))).toEqual([
		'exempt',
		'unexempt',
		're-identify',
		'ignore',
		'unignore',
		'delete',
		'dhcprenew',
		'assign_to_group',
		'fetch_agent_log',
	]);
	expect(field('exemptTime').displayOptions!.show).toEqual({
		resource: ['device'],
		operation: ['performAction'],
		actionType: ['exempt'],
	});
	expect(field('exemptTime').typeOptions).toEqual({ minValue: 0, maxValue: 64999 });
	expect(field('groupId').displayOptions!.show).toEqual({
		resource: ['device'],
		operation: ['performAction'],
		actionType: ['assign_to_group'],
	});
	expect(field('groupId').default).toBe('default');
	expect(optionNames('performAction')).toEqual(['batchSize', 'maxWaitOnRateLimit', 'timeout']);
});

test('Identify Devices By: ids or macs for v3.1; MAC_list or HWID_list for the v2.0 endpoints', () => {
	const byOperation = Object.fromEntries(
		fields('identifyBy').map((p) => [p.displayOptions!.show!.operation![0], values(p)]),
	);
	expect(byOperation).toEqual({
		performAction: ['id', 'mac'],
		performLegacyAction: ['mac', 'hwid'],
		delete: ['mac', 'hwid'],
	});
});

test('legacy actions, delete options and remediation value types', () => {
	expect(values(field('legacyActionType'))).toEqual(['dhcprenew', 'exempt_all', 'unexempt']);
	expect(values(field('deleteOption'))).toEqual([0, 1, 2]);
	expect(field('deleteOption').default).toBe(1);
	const device = (operation: string) =>
		properties.find(
			(p) => p.name === 'device' && p.displayOptions?.show?.operation?.includes(operation),
		)!;
	expect(device('getRemediationLink').modes!.map((mode) => mode.name)).toEqual([
		'list',
		'id',
		'mac',
		'custom',
	]);
	expect(device('get').modes!.map((mode) => mode.name)).toEqual(['list', 'id', 'mac']);
});
