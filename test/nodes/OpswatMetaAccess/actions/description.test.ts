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
		'getAll',
		'getRemediationLink',
		'performAction',
		'performLegacyAction',
	]);
});

test('Get Many: every Get Devices v2.3 parameter (limit, page, GroupBy, order) is reachable, each named for what it does', () => {
	const getAll = { resource: ['device'], operation: ['getAll'] };
	expect(field('groupBy')).toMatchObject({
		displayName: 'Sort By',
		default: 'none',
		description:
			'The field MetaAccess sorts the devices by (sent as the API\'s "groupBy", which sorts rather than groups)',
		displayOptions: { show: getAll },
	});
	expect(
		field('groupBy').options!.map((o) => [
			(o as { name: string }).name,
			(o as { value: string }).value,
		]),
	).toEqual([
		['None', 'none'],
		['Device ID', 'hwid'],
		['Hostname', 'host'],
		['Number of Issues', 'issues'],
	]);
	expect(values(field('order'))).toEqual(['des', 'asc']);
	expect(field('order')).toMatchObject({
		description: 'The direction of the sort by the Sort By field',
		// Without a Sort By field, Order would change nothing: hidden.
		displayOptions: { show: getAll, hide: { groupBy: ['none'] } },
	});
	expect(field('limit').displayOptions!.show).toEqual({ ...getAll, returnAll: [false] });
	expect(values(field('paging'))).toEqual(['automatic', 'manual']);
	expect(field('paging').default).toBe('automatic');
	for (const name of ['pageSize', 'startPage']) {
		expect(field(name).displayOptions!.show).toEqual({ ...getAll, paging: ['manual'] });
	}
	expect(field('pageSize').typeOptions).toEqual({ minValue: 1, maxValue: 50 });
	expect(
		properties
			.filter((p) => p.displayOptions?.show?.operation?.includes('getAll'))
			.map((p) => p.displayName),
	).toEqual([
		'Return All',
		'Limit',
		'Sort By',
		'Order',
		'Paging',
		'Page Size',
		'Start Page',
		'Simplify',
		'Options',
	]);
	expect(optionNames('getAll')).toEqual(['maxWaitOnRateLimit', 'timeout']);
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
	expect(values(field('valueType'))).toEqual(['id', 'mac', 'custom']);
});
