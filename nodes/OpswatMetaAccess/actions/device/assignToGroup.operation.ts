import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkIdentifier } from '../../helpers/parameters';
import { deviceVerb } from './deviceVerb';

/** MetaAccess's own group, the documented `group_id` default. */
export const DEFAULT_GROUP = { name: 'Default Group', value: 'default' } as const;

/** The groups the Group field's list offers: the documented one (MetaAccess documents no group list). */
export async function searchGroups(this: ILoadOptionsFunctions): Promise<INodeListSearchResult> {
	return { results: [{ ...DEFAULT_GROUP }] };
}

export const { description, execute } = deviceVerb({
	operation: 'assignToGroup',
	type: 'assign_to_group',
	verb: 'assign to the group',
	fields: [
		{
			displayName: 'Group',
			name: 'group',
			type: 'resourceLocator',
			required: true,
			displayOptions: { show: { resource: ['device'], operation: ['assignToGroup'] } },
			default: {
				__rl: true,
				mode: 'list',
				value: DEFAULT_GROUP.value,
				cachedResultName: DEFAULT_GROUP.name,
			},
			description: 'The group to move the devices into',
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					typeOptions: { searchListMethod: 'searchGroups', searchable: false },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: 'e.g. default or a group ID',
				},
			],
		},
	],
	params(reader, itemIndex) {
		const raw = reader.parameter('group', itemIndex);
		// A resource locator gives { __rl, mode, value }; a plain value (set by hand) counts as the ID.
		const value =
			typeof raw === 'object' && raw !== null && !Array.isArray(raw) && '__rl' in raw
				? (raw as { value?: unknown }).value
				: raw;
		const groupId = checkIdentifier(reader.node, value ?? '', 'Group', itemIndex);
		if (groupId === '') {
			throw new NodeOperationError(reader.node, `Item ${itemIndex}: 'Group' is empty`, {
				itemIndex,
				description:
					"Choose a group, or give the ID of the group to assign the devices to (MetaAccess's own default group is 'default'). No request was sent.",
			});
		}
		return { group_id: groupId };
	},
});
