/**
 * The compliance endpoints of the action node's Account, Vulnerability and Group resources:
 * Account Details v3.2, Get Vulnerabilities of a device v3.2 (`get_cves`), Get Vulnerabilities
 * v3.2 (`cves`) and Get Groups v3.0. Each goes through the client (the account's one rate limiter,
 * the credential's token placement); documented defaults are not sent; a 413 is an empty last page.
 */
import type { IDataObject } from 'n8n-workflow';

import type { MetaAccessClient } from '../../transport/client';
import { isObject, objectsIn, type Endpoint, type RequestOptions } from '../../transport/types';

const BASE_URL = 'Check that the Base URL of the credential points to the MetaAccess cloud.';

/** The CVE score scales (`score_type`); `opswat_score` is the documented default. */
export const SCORE_TYPES = ['opswat_score', 'cvss2_score', 'cvss3_score'] as const;
export type ScoreType = (typeof SCORE_TYPES)[number];

/** The severity levels of each score scale, worst first. */
export const SEVERITY_LEVELS: Record<ScoreType, readonly string[]> = {
	opswat_score: ['critical', 'important', 'moderate', 'low', 'unknown'],
	cvss2_score: ['high', 'medium', 'low'],
	cvss3_score: ['critical', 'high', 'medium', 'low', 'none'],
};

/** Most entries one page may hold: get_cves 100; cves and groups 50 (above: 406). */
export const MAX_PAGE = { deviceCves: 100, accountCves: 50, groups: 50 } as const;

/** The documented page sizes sent when none is given (so not sent when asked). */
const DEFAULT_LIMIT = { deviceCves: 100, accountCves: 50, groups: 10 } as const;

export const COMPLIANCE_ENDPOINTS = {
	account: {
		method: 'POST',
		path: '/o/api/v3.2/account',
		idempotent: true,
		documented: isObject,
		otherwise: 'Account Details with something other than the documented account object',
		advice: BASE_URL,
	},
	deviceCves: {
		method: 'POST',
		path: '/o/api/v3.2/get_cves',
		idempotent: true,
		acceptStatus: [404, 413],
		documented: Array.isArray,
		otherwise: 'Get Vulnerabilities of a device with something other than a list of CVEs',
		advice: BASE_URL,
	},
	accountCves: {
		method: 'POST',
		path: '/o/api/v3.2/cves',
		idempotent: true,
		acceptStatus: [413],
		documented: Array.isArray,
		otherwise: 'Get Vulnerabilities with something other than a list of CVEs',
		advice: BASE_URL,
	},
	groups: {
		method: 'POST',
		path: '/o/api/v3/groups',
		idempotent: true,
		acceptStatus: [413],
		documented: Array.isArray,
		otherwise: 'Get Groups with something other than a list of groups',
		advice: BASE_URL,
	},
} satisfies Record<string, Endpoint>;

type PagedEndpoint = keyof typeof DEFAULT_LIMIT;

/** One page of a page/limit listing: its objects, and whether it is the last (short, empty or 413). */
export interface CompliancePage {
	entries: IDataObject[];
	last: boolean;
}

/** The body of page `page` of `limit` entries: page 1 and the documented page size not sent. */
function paged(endpoint: PagedEndpoint, body: IDataObject, page: number, limit: number) {
	const paging: IDataObject = {};
	if (page > 1) paging.page = page;
	if (limit !== DEFAULT_LIMIT[endpoint]) paging.limit = limit;
	return { ...body, ...paging };
}

async function listPage(
	client: MetaAccessClient,
	endpoint: PagedEndpoint,
	body: IDataObject,
	page: number,
	limit: number,
	options: RequestOptions,
) {
	const parts = { body: paged(endpoint, body, page, limit) };
	return await client.send<unknown[]>(COMPLIANCE_ENDPOINTS[endpoint], parts, options);
}

const toPage = (statusCode: number, body: unknown[], limit: number): CompliancePage =>
	statusCode === 413
		? { entries: [], last: true }
		: { entries: objectsIn(body), last: body.length < limit };

/** Account Details v3.2 (`score_type` of the vulnerability counts; opswat_score not sent). */
export async function accountDetails(
	client: MetaAccessClient,
	scoreType: ScoreType,
	options: RequestOptions,
): Promise<IDataObject> {
	const body = scoreType === 'opswat_score' ? {} : { score_type: scoreType };
	return (await client.send<IDataObject>(COMPLIANCE_ENDPOINTS.account, { body }, options)).body;
}

/**
 * One page of Get Vulnerabilities of a device v3.2: `body` holds `id` and the filter. A 404 (the
 * device is not on the account) is an error naming the device.
 */
export async function deviceCvesPage(
	client: MetaAccessClient,
	body: IDataObject & { id: string },
	page: number,
	limit: number,
	options: RequestOptions,
): Promise<CompliancePage> {
	const response = await listPage(client, 'deviceCves', body, page, limit, options);
	if (response.statusCode !== 404) return toPage(response.statusCode, response.body, limit);
	throw client.error(
		options,
		`MetaAccess has no device "${body.id}" (Get Vulnerabilities of a device answered 404)`,
		'Check the device ID (the hwid of Get Many) or MAC address: the device may have left the account.',
		'404',
	);
}

/** One page of Get Vulnerabilities v3.2 across the account (`body`: search, filter, sort). */
export async function accountCvesPage(
	client: MetaAccessClient,
	body: IDataObject,
	page: number,
	limit: number,
	options: RequestOptions,
): Promise<CompliancePage> {
	const response = await listPage(client, 'accountCves', body, page, limit, options);
	return toPage(response.statusCode, response.body, limit);
}

/** One page of Get Groups v3.0 (`body`: search, sort). */
export async function groupsPage(
	client: MetaAccessClient,
	body: IDataObject,
	page: number,
	limit: number,
	options: RequestOptions,
): Promise<CompliancePage> {
	const response = await listPage(client, 'groups', body, page, limit, options);
	return toPage(response.statusCode, response.body, limit);
}
