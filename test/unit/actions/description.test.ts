/** What the node's form shows, and when: every documented request field has a place in it. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { OpswatMetaAccess } from '../../../nodes/OpswatMetaAccess/OpswatMetaAccess.node';

const node = new OpswatMetaAccess();
/**
 * The node's own form: its properties without the AI agent tool's twins (shown in the tool's form
 * only; see agentTool.test.ts), and without the condition that hides the twinned ones there.
 */
const properties = node.description.properties
	.filter((p) => p.displayOptions?.show?.['@tool']?.[0] !== true)
	.map((p) => {
		if (!p.displayOptions?.show || !('@tool' in p.displayOptions.show)) return p;
		const { '@tool': _tool, ...show } = p.displayOptions.show;
		return { ...p, displayOptions: { ...p.displayOptions, show } };
	});
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

/** The operations made by one factory (deviceAction), and Delete. */
const DEVICE_ACTIONS = [
	'exempt',
	'unexempt',
	'reIdentify',
	'ignore',
	'unignore',
	'assignToGroup',
	'renewIp',
	'fetchAgentLog',
];
const DEVICE_LIST_OPERATIONS = [...DEVICE_ACTIONS, 'delete'];

test('operations of the Device resource: one per action, named and described as n8n names actions', () => {
	expect(values(field('resource'))).toEqual(['device']);
	// typeVersion 2 adds the compliance resources.
	expect(fields('resource').map(values)).toEqual([
		['device'],
		[
			'device',
			'account',
			'application',
			'deviceInformation',
			'group',
			'log',
			'threat',
			'vulnerability',
		],
	]);
	const operations = field('operation').options as INodePropertyOptions[];
	expect(operations.map((o) => [o.value, o.name, o.action])).toEqual([
		['assignToGroup', 'Assign to Group', 'Assign devices to a group'],
		['delete', 'Delete', 'Delete devices'],
		['exempt', 'Exempt', 'Exempt devices'],
		['fetchAgentLog', 'Fetch Agent Log', 'Fetch the agent log of devices'],
		['get', 'Get', 'Get a device'],
		['getAgentLog', 'Get Agent Log', 'Get an agent log'],
		['getAll', 'Get Many', 'Get many devices'],
		['getRemediationLink', 'Get Remediation Link', 'Get the remediation link of a device'],
		['ignore', 'Ignore', 'Ignore devices'],
		['reIdentify', 'Re-Identify', 'Identify devices again'],
		['renewIp', 'Renew IP Address', 'Renew the IP address of devices'],
		['search', 'Search', 'Search devices'],
		['unexempt', 'Unexempt', 'Unexempt devices'],
		['unignore', 'Unignore', 'Unignore devices'],
	]);
	expect(field('operation').default).toBe('getAll');
});

/** Every text of the description a user reads: names, descriptions, hints, placeholders, actions. */
function texts(value: unknown, out: string[] = []): string[] {
	if (Array.isArray(value)) value.forEach((entry) => texts(entry, out));
	else if (typeof value === 'object' && value !== null) {
		for (const [key, entry] of Object.entries(value)) {
			if (
				typeof entry === 'string' &&
				[
					'displayName',
					'name',
					'description',
					'hint',
					'placeholder',
					'action',
					'subtitle',
				].includes(key)
			)
				out.push(entry);
			else texts(entry, out);
		}
	}
	return out;
}

test('no API version appears in any name, description, hint or placeholder of the node', () => {
	const all = texts(node.description);
	expect(all.length).toBeGreaterThan(100);
	expect(all.filter((text) => /\bv\d+(\.\d+)?\b|\bversion \d/i.test(text))).toEqual([]);
	expect(all.filter((text) => /\blegacy\b/i.test(text))).toEqual([]);
});

test('the device-list operations call the hwid "Device ID" only', () => {
	const own = properties.filter((p) =>
		p.displayOptions?.show?.operation?.some((operation) =>
			DEVICE_LIST_OPERATIONS.includes(operation as string),
		),
	);
	expect(own.length).toBeGreaterThan(DEVICE_LIST_OPERATIONS.length * 3);
	expect(texts(own).filter((text) => /HWID/.test(text))).toEqual([]);
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
		description:
			'The direction of the listing (sent as the API\'s "order"): of the Sort By field, or of MetaAccess\'s own order when Sort By is None',
		// With Sort By None, Ascending reverses MetaAccess's own order: shown.
		displayOptions: { show: getAll },
	});
	expect(field('order').displayOptions).not.toHaveProperty('hide');
	expect(field('limit').displayOptions!.show).toEqual({ ...getAll, returnAll: [false] });
	expect(values(field('paging'))).toEqual(['automatic', 'manual']);
	expect(field('paging').default).toBe('automatic');
	for (const name of ['pageSize', 'startPage']) {
		expect(field(name).displayOptions!.show).toEqual({ ...getAll, paging: ['manual'] });
	}
	expect(field('pageSize').typeOptions).toEqual({ minValue: 1, maxValue: 50 });
	expect(
		properties
			.filter(
				(p) =>
					p.displayOptions?.show?.resource?.includes('device') &&
					p.displayOptions?.show?.operation?.includes('getAll'),
			)
			.map((p) => p.displayName),
	).toEqual([
		'Return All',
		'Limit',
		'Sort By',
		'Order',
		'Paging',
		'Page Size',
		'Start Page',
		'Filters',
		'Simplify',
		'Options',
	]);
	expect(optionNames('getAll')).toEqual(['maxWaitOnRateLimit', 'timeout']);
});

test('Identify Devices By: Device ID (default) or MAC Address, the same on every device-list operation', () => {
	const byOperation = fields('identifyBy').map((p) => [
		p.displayOptions!.show!.operation,
		p.default,
		(p.options as INodePropertyOptions[]).map((o) => [o.name, o.value]),
	]);
	expect(byOperation).toEqual(
		DEVICE_LIST_OPERATIONS.map((operation) => [
			[operation],
			'id',
			[
				['Device ID', 'id'],
				['MAC Address', 'mac'],
			],
		]),
	);
});

test('the Devices placeholder follows Identify Devices By', () => {
	for (const operation of DEVICE_LIST_OPERATIONS) {
		const devices = fields('devices').filter((p) =>
			p.displayOptions!.show!.operation!.includes(operation),
		);
		expect(devices.map((p) => [p.displayOptions!.show!.identifyBy, p.placeholder])).toEqual([
			[['id'], 'e.g. {{ $json.hwid }} or id1, id2'],
			[['mac'], 'e.g. {{ $json.mac_addresses[0] }} or 00:0c:29:cd:c7:b2, 00:0c:30:cd:ff:b2'],
		]);
	}
});

test('Exempt For only on Exempt; Group only on Assign to Group, offering Default Group or an ID', () => {
	expect(field('exemptTime').displayName).toBe('Exempt For (Hours)');
	expect(field('exemptTime').displayOptions!.show).toEqual({
		resource: ['device'],
		operation: ['exempt'],
	});
	expect(field('exemptTime').typeOptions).toEqual({ minValue: 0, maxValue: 64999 });
	expect(field('exemptTime').default).toBe(24);
	const group = field('group');
	expect(group.type).toBe('resourceLocator');
	expect(group.displayOptions!.show).toEqual({
		resource: ['device'],
		operation: ['assignToGroup'],
	});
	expect(group.default).toEqual({
		__rl: true,
		mode: 'list',
		value: 'default',
		cachedResultName: 'Default Group',
	});
	expect(group.modes!.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([
		['list', 'searchGroups'],
		['id', undefined],
	]);
});

test('Use Older Endpoint exactly on Exempt, Unexempt and Renew IP Address; Batch Size on every device-list operation', () => {
	for (const operation of DEVICE_LIST_OPERATIONS) {
		const older = ['exempt', 'unexempt', 'renewIp'].includes(operation) ? ['olderEndpoint'] : [];
		expect([operation, optionNames(operation)]).toEqual([
			operation,
			['batchSize', ...older, 'maxWaitOnRateLimit', 'timeout'],
		]);
	}
});

test('Delete: opt 0 (uninstall the agent, keep the record) by default; archive, remove, or Device Action delete', () => {
	expect(values(field('deleteOption'))).toEqual([0, 2, 1, 'deviceAction']);
	expect(field('deleteOption').default).toBe(0);
	const device = (operation: string) =>
		properties.find(
			(p) => p.name === 'device' && p.displayOptions?.show?.operation?.includes(operation),
		)!;
	expect(device('getRemediationLink').modes!.map((mode) => mode.name)).toEqual([
		'list',
		'id',
		'mac',
		'url',
		'custom',
	]);
	expect(device('get').modes!.map((mode) => mode.name)).toEqual(['list', 'id', 'mac', 'url']);
});
