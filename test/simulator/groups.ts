/** Get Groups v3.0 (`POST /o/api/v3/groups`): the account's device groups with their policies (ties by name). */
import { compareText, limitParam, pageOf, sortParam, textParam, wholeNumber } from './checks';
import { accountGroups } from './accountData';
import { jsonAnswer, type Answer } from './http';
import { optionalJsonBody, type ApiContext } from './params';

const SORT_FIELDS = [
	'group_name',
	'domain_name',
	'policy_name',
	'number_of_devices',
	'last_update',
] as const;

/**
 * Get Groups v3.0: `search` (in the group's or its policy's name, any case), `sort` (field
 * `group_name` by default, `last_update` sorting by `last_modified`; order `asc` by default),
 * `page`, `limit` 1..50 (default 10; above → 406). Answer: a JSON array of groups.
 */
export function getGroups({ sim, body }: ApiContext): Answer {
	const fields = optionalJsonBody(body);
	const limit = limitParam(fields.limit, 10, 50);
	const page = wholeNumber(fields.page, 'page', 1, 1);
	const search = textParam(fields.search, 'search')?.toLowerCase() ?? '';
	const sort = sortParam(fields.sort, SORT_FIELDS, { field: 'group_name', order: 'asc' });
	const key = sort.field === 'last_update' ? 'last_modified' : sort.field;
	const groups = accountGroups(sim.fleet)
		.filter(
			(group) =>
				group.group_name.toLowerCase().includes(search) ||
				group.policy_name.toLowerCase().includes(search),
		)
		.sort((a, b) => {
			const order =
				key === 'number_of_devices'
					? a.number_of_devices - b.number_of_devices
					: compareText(a[key].toLowerCase(), b[key].toLowerCase());
			const byName = compareText(a.group_name.toLowerCase(), b.group_name.toLowerCase());
			return (sort.order === 'asc' ? order : -order) || byName;
		});
	return jsonAnswer(200, pageOf(groups, page, limit));
}
