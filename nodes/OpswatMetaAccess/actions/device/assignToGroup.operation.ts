import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { checkIdentifier, MAX_IDENTIFIER_LENGTH } from '../../helpers/parameters';
import { deviceAction } from '../shared/deviceAction';

/** MetaAccess's own group, the documented `group_id` default. */
export const DEFAULT_GROUP = { name: 'Default Group', value: 'default' } as const;

/** The groups the Group field's list offers: the documented one (MetaAccess documents no group list). */
export async function searchGroups(this: ILoadOptionsFunctions): Promise<INodeListSearchResult> {
	return { results: [{ ...DEFAULT_GROUP }] };
}

export const { description, execute } = deviceAction({
	operation: 'assignToGroup',
	type: 'assign_to_group',
	action: 'assign to the group',
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
			description: `The group to move the devices into (a group ID of at most ${MAX_IDENTIFIER_LENGTH} characters)`,
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
	params(parameters, itemIndex) {
		const raw = parameters.value('group', itemIndex);
		// A resource locator gives { __rl, mode, value }; a plain value (set by hand) counts as the ID.
		const value =
			typeof raw === 'object' && raw !== null && !Array.isArray(raw) && '__rl' in raw
				? (raw as { value?: unknown }).value
				: raw;
		const groupId = checkIdentifier(parameters.node, value ?? '', 'Group', itemIndex);
		if (groupId === '') {
			throw parameters.refuse(
				itemIndex,
				"'Group' is empty",
				"Choose a group, or give the ID of the group to assign the devices to (MetaAccess's own default group is 'default').",
			);
		}
		return { group_id: groupId };
	},
});
