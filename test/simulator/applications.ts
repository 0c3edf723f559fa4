/**
 * Get Applications v3.0 (`POST /o/api/v3/apps`) and Application Details v3.0
 * (`POST /o/api/v3/apps/details`): the product versions installed on the fleet's devices, with
 * the CVEs the catalogue gives each version.
 */
import {
	compareText,
	limitParam,
	objectParam,
	pageOf,
	sortParam,
	textParam,
	valueList,
	wholeNumber,
} from './checks';
import {
	APP_CATEGORIES,
	appKey,
	findApp,
	PRODUCT_BY_ID,
	SEVERITIES,
	severityOf,
	severityRank,
	type AppVersion,
	type Cve,
} from './catalog';
import { HttpError, invalidRequest, isObject, jsonAnswer, type Answer } from './http';
import { jsonObjectBody, optionalJsonBody, type ApiContext } from './params';
import type { Simulation } from './simulation';

/** An application's severity: the worst OPSWAT severity of its CVEs, `none` without CVEs. */
export const APP_SEVERITIES = [...SEVERITIES.opswat_score, 'none'];

const SORT_FIELDS = [
	'name',
	'vendor',
	'version',
	'severity',
	'category_name',
	'number_of_devices',
	'number_of_cves',
] as const;

const appRank = (severity: string) =>
	severity === 'none' ? -1 : severityRank(severity, 'opswat_score');

/** The catalogue's CVEs of a product version, worst first (OPSWAT severity, then score, then ID). */
function cvesOf(sim: Simulation, app: AppVersion): Cve[] {
	return sim.catalogue
		.cvesOfApp(app)
		.map((id) => sim.catalogue.cves.get(id)!)
		.sort(
			(a, b) =>
				severityRank(severityOf(b, 'opswat_score'), 'opswat_score') -
					severityRank(severityOf(a, 'opswat_score'), 'opswat_score') ||
				b.opswat_score - a.opswat_score ||
				compareText(a.cve_id, b.cve_id),
		);
}

function applicationRow(sim: Simulation, app: AppVersion, devices: number) {
	const product = PRODUCT_BY_ID.get(app.product_id)!;
	const cves = cvesOf(sim, app);
	return {
		category_id: product.category_id,
		category_name: product.category_name,
		severity: cves.length === 0 ? 'none' : severityOf(cves[0], 'opswat_score'),
		product_id: product.product_id,
		name: product.name,
		vendor: product.vendor,
		version: app.version,
		number_of_devices: devices,
		number_of_cves: cves.length,
	};
}

/**
 * Get Applications v3.0: each product version installed on a device, once. `search` (in the
 * name or vendor, any case), `filter.severity` (APP_SEVERITIES), `filter.category` (category
 * IDs), `sort` (`name` `desc` by default), `page`, `limit` 1..50 (default 50; above → 406).
 * Answer: a JSON array.
 */
export function getApplications({ sim, body }: ApiContext): Answer {
	const fields = optionalJsonBody(body);
	const limit = limitParam(fields.limit, 50, 50);
	const page = wholeNumber(fields.page, 'page', 1, 1);
	const search = textParam(fields.search, 'search')?.toLowerCase() ?? '';
	const filter = objectParam(fields.filter, 'filter');
	const severities = valueList(filter.severity, 'filter.severity', APP_SEVERITIES);
	const categories = valueList(filter.category, 'filter.category', Object.keys(APP_CATEGORIES));
	const sort = sortParam(fields.sort, SORT_FIELDS, { field: 'name', order: 'desc' });
	const installed = new Map<string, { app: AppVersion; devices: number }>();
	for (const device of sim.fleet.all()) {
		for (const app of sim.inventory.of(device).apps) {
			const known = installed.get(appKey(app));
			if (known) known.devices += 1;
			else installed.set(appKey(app), { app, devices: 1 });
		}
	}
	const rows = [...installed.values()]
		.map(({ app, devices }) => applicationRow(sim, app, devices))
		.filter(
			(row) =>
				(row.name.toLowerCase().includes(search) || row.vendor.toLowerCase().includes(search)) &&
				(!severities || severities.includes(row.severity)) &&
				(!categories || categories.includes(row.category_id)),
		)
		.sort((a, b) => {
			const x = a[sort.field];
			const y = b[sort.field];
			const order =
				sort.field === 'severity'
					? appRank(x as string) - appRank(y as string)
					: typeof x === 'number'
						? x - (y as number)
						: compareText(String(x).toLowerCase(), String(y).toLowerCase());
			return (
				(sort.order === 'asc' ? order : -order) ||
				compareText(a.product_id, b.product_id) ||
				compareText(a.version, b.version)
			);
		});
	return jsonAnswer(200, pageOf(rows, page, limit));
}

/** `verbose.cves` (or `verbose` itself) 0 or 1; anything else → 400. */
function verboseCves(value: unknown): 0 | 1 {
	const cves = isObject(value) ? value.cves : value;
	if (cves === undefined || cves === null) return 0;
	if (cves !== 0 && cves !== 1) throw invalidRequest('verbose.cves must be 0 or 1');
	return cves;
}

/**
 * Application Details v3.0: `product_id` (a string; a number is taken too) and `version`, both
 * required (else 400); a version the catalogue does not have → 404. `verbose.cves` 1 adds the top
 * 100 CVEs, worst first. `product_id` comes back as a number, as the page says.
 */
export function getApplicationDetails({ sim, body }: ApiContext): Answer {
	const fields = jsonObjectBody(body);
	const productId =
		typeof fields.product_id === 'number' && Number.isSafeInteger(fields.product_id)
			? String(fields.product_id)
			: fields.product_id;
	if (typeof productId !== 'string' || productId === '')
		throw invalidRequest('product_id is required: the OPSWAT signature ID of the product');
	if (typeof fields.version !== 'string' || fields.version === '')
		throw invalidRequest('version is required');
	const withCves = verboseCves(fields.verbose);
	const app = findApp(productId, fields.version);
	if (!app) throw new HttpError(404, 'not_found', 'Application not found');
	const product = PRODUCT_BY_ID.get(productId)!;
	const cves = cvesOf(sim, app);
	const totals = Object.fromEntries(
		SEVERITIES.opswat_score.map((level) => [
			`total_${level}`,
			cves.filter((cve) => severityOf(cve, 'opswat_score') === level).length,
		]),
	);
	const devices = sim.fleet
		.all()
		.filter((device) => sim.inventory.of(device).apps.includes(app)).length;
	return jsonAnswer(200, {
		product_id: Number(product.product_id),
		name: product.name,
		version: app.version,
		vendor: product.vendor,
		total_devices: devices,
		total_cves: cves.length,
		...totals,
		...(withCves === 1
			? {
					cves: cves.slice(0, 100).map((cve) => ({
						cve_id: cve.cve_id,
						severity: severityOf(cve, 'opswat_score'),
						summary: cve.summary,
						update_date: cve.update_date,
						opswat_score: cve.opswat_score,
						cvss2_score: cve.cvss2_score,
						cvss3_score: cve.cvss3_score,
					})),
				}
			: {}),
	});
}
