/**
 * The paging of the Vulnerability and Group listings (actions/shared/paging.ts) against pages that
 * never end: a page repeating any earlier one (at the 3rd, 5th and 10th page) stops the listing
 * with an error saying so; always-new full pages stop at the most pages Return All can need.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { listPages } from '../../../nodes/OpswatMetaAccess/actions/shared/paging';

const node = { name: 'OPSWAT MetaAccess', type: 'test', typeVersion: 2 } as INode;
const what = { endpoint: 'Get Vulnerabilities', noun: 'CVE', itemIndex: 0 };
const page = (n: number): IDataObject[] =>
	Array.from({ length: 50 }, (_, i) => ({ cve_id: `CVE-${n}-${i}` }));

test.each([3, 5, 10])('a page repeating page 1 at page %i stops after that request', async (at) => {
	const asked: number[] = [];
	const listing = listPages(
		node,
		what,
		{ returnAll: true, limit: 100_000, pageSize: 50 },
		async (n) => {
			asked.push(n);
			return { entries: page(n === at ? 1 : n), last: false };
		},
	);
	await expect(listing).rejects.toThrow(
		`MetaAccess answered page ${at} of Get Vulnerabilities with the same 50 CVEs as page 1: its pages repeat, so the list would never end; stopped after ${at} requests`,
	);
	expect(asked).toEqual(Array.from({ length: at }, (_, i) => i + 1));
});

test('a page that ignores the page number (page 2 = page 1) says so', async () => {
	const listing = listPages(
		node,
		what,
		{ returnAll: false, limit: 200, pageSize: 50 },
		async () => ({
			entries: page(1),
			last: false,
		}),
	);
	await expect(listing).rejects.toThrow('the API ignored the page parameter');
});

test('always-new full pages: Return All stops at 2,001 pages with an error', async () => {
	let requests = 0;
	const listing = listPages(
		node,
		what,
		{ returnAll: true, limit: 100_000, pageSize: 50 },
		async (n) => {
			requests++;
			return { entries: page(n), last: false };
		},
	);
	await expect(listing).rejects.toThrow(
		'MetaAccess answered 2001 pages of Get Vulnerabilities without reaching the last page or the 100000 CVEs asked for; stopped after 2001 requests',
	);
	expect(requests).toBe(2001);
});

test('Limit: the pages it needs and no more, cut to Limit', async () => {
	const asked: number[] = [];
	const cves = await listPages(
		node,
		what,
		{ returnAll: false, limit: 120, pageSize: 40 },
		async (n) => {
			asked.push(n);
			return { entries: page(n).slice(0, 40), last: false };
		},
	);
	expect(asked).toEqual([1, 2, 3]);
	expect(cves).toHaveLength(120);
});
