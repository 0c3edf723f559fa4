import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { MetaAccessClient } from '../transport/client';
import type { Clock } from '../transport/clock';
import { groupsPage, MAX_PAGE } from '../actions/shared/complianceEndpoints';
import { ListingPages } from '../helpers/listing';
import { LIST_REQUEST_OPTIONS } from './deviceSearch';

/** Most pages of groups the Group picker lists (500 groups); past them, a filter narrows the list. */
export const MAX_GROUP_PAGES = 10;

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** A group as a list entry: its name (and ID when they differ); the value is the group ID. */
export function groupEntry(group: IDataObject): INodeListSearchItems | undefined {
	const id = text(group.group_id);
	if (id === '') return undefined;
	const name = text(group.group_name) || id;
	const policy = text(group.policy_name);
	return {
		name: name === id ? name : `${name} · ${id}`,
		value: id,
		...(policy ? { description: `Policy: ${policy}` } : {}),
	};
}

/**
 * The Group field's list: Get Groups v3.0 (`search`: the filter, in group and policy names), pages
 * of 50 until the last (loop-checked, at most MAX_GROUP_PAGES), paced by the account's limiter.
 */
export async function searchGroupList(
	context: ILoadOptionsFunctions,
	clock: Clock,
	filter?: string,
): Promise<INodeListSearchResult> {
	const client = new MetaAccessClient(context, clock);
	const search = filter?.trim() ?? '';
	const body = search ? { search } : {};
	const pages = new ListingPages(context.getNode(), 'Get Groups', { noun: 'group' });
	const results: INodeListSearchItems[] = [];
	for (let page = 1; page <= MAX_GROUP_PAGES; page++) {
		const { entries, last } = await groupsPage(
			client,
			body,
			page,
			MAX_PAGE.groups,
			LIST_REQUEST_OPTIONS,
		);
		pages.take(page, entries);
		for (const group of entries) {
			const entry = groupEntry(group);
			if (entry) results.push(entry);
		}
		if (last || entries.length === 0) break;
	}
	return { results };
}
