/**
 * Get Vulnerabilities of a device v3.2 (`POST /o/api/v3.2/get_cves`) and Get Vulnerabilities
 * across the account v3.2 (`POST /o/api/v3.2/cves`), from each device's CVEs (inventory.ts) and
 * the catalogue (catalog.ts). CVEs keep get_cves v3.0's fields and types.
 */
import {
	choice,
	compareText,
	flag,
	limitParam,
	objectParam,
	pageOf,
	sortParam,
	textParam,
	valueList,
	wholeNumber,
} from './checks';
import {
	SCORE_TYPES,
	SEVERITIES,
	severityOf,
	severityRank,
	type Cve,
	type ScoreType,
} from './catalog';
import { invalidRequest, jsonAnswer, type Answer } from './http';
import { deviceById, jsonObjectBody, optionalJsonBody, type ApiContext } from './params';

/**
 * The name of the known-exploited flag in a CVE of the answers (0 or 1). **A guess**: the vendor's
 * pages name the request's `filter.kev` but the response field was not recoverable.
 */
export const GUESSED_KEV_FIELD = 'kev';

interface CveFilter {
	scoreType: ScoreType;
	severities: string[] | undefined;
	kev: 0 | 1;
	/** Account-wide only: the lowest score (on scoreType) a CVE may have. */
	minScore: number | undefined;
}

/** `filter`: score_type (default opswat_score), severity (levels of that score type), kev, and (cves) score. */
function cveFilter(value: unknown, withScore: boolean): CveFilter {
	const filter = objectParam(value, 'filter');
	const scoreType = choice<ScoreType>(
		filter.score_type ?? 'opswat_score',
		SCORE_TYPES,
		'filter.score_type',
	);
	let minScore: number | undefined;
	if (withScore && filter.score !== undefined && filter.score !== null) {
		if (typeof filter.score !== 'number' || !Number.isFinite(filter.score) || filter.score < 0)
			throw invalidRequest('filter.score must be a number from 0');
		if (filter.score_type === undefined || filter.score_type === null)
			throw invalidRequest('filter.score needs filter.score_type (the scale of the score)');
		minScore = filter.score;
	}
	return {
		scoreType,
		severities: valueList(filter.severity, 'filter.severity', SEVERITIES[scoreType]),
		kev: flag(filter.kev, 'filter.kev', 0),
		minScore,
	};
}

const passes = (cve: Cve, filter: CveFilter) =>
	(filter.kev === 0 || cve.kev === 1) &&
	(filter.severities === undefined ||
		filter.severities.includes(severityOf(cve, filter.scoreType))) &&
	(filter.minScore === undefined || cve[filter.scoreType] >= filter.minScore);

/** A CVE in get_cves v3.0's shape (opswat_score and cvss2_score as strings), its severity on the chosen scale. */
export function renderCve(cve: Cve, scoreType: ScoreType): Record<string, unknown> {
	return {
		cve_id: cve.cve_id,
		severity: severityOf(cve, scoreType),
		summary: cve.summary,
		update_date: cve.update_date,
		publish_date: cve.publish_date,
		opswat_score: String(cve.opswat_score),
		cvss2_score: cve.cvss2_score.toFixed(1),
		cvss3_score: cve.cvss3_score,
		remediation: cve.remediation,
		cwe_id: cve.cwe_id,
		[GUESSED_KEV_FIELD]: cve.kev,
	};
}

/**
 * Get Vulnerabilities of a device v3.2: `id` (device ID or MAC address; none on the account →
 * 404), `verbose` 0 (default: `{cve_id}` objects) or 1 (every field), `limit` 1..100 (default
 * 100; above → 406), `page`, `filter`. Worst first on the chosen score type, then by CVE ID.
 */
export function getDeviceCves({ sim, body }: ApiContext): Answer {
	const fields = jsonObjectBody(body);
	const verbose = flag(fields.verbose, 'verbose', 0);
	const limit = limitParam(fields.limit, 100, 100);
	const page = wholeNumber(fields.page, 'page', 1, 1);
	const filter = cveFilter(fields.filter, false);
	const device = deviceById(sim, fields.id);
	const { scoreType } = filter;
	const cves = sim.inventory
		.of(device)
		.cves.map((id) => sim.catalogue.cves.get(id)!)
		.filter((cve) => passes(cve, filter))
		.sort((a, b) => b[scoreType] - a[scoreType] || compareText(a.cve_id, b.cve_id));
	return jsonAnswer(
		200,
		pageOf(cves, page, limit).map((cve) =>
			verbose === 1 ? renderCve(cve, scoreType) : { cve_id: cve.cve_id },
		),
	);
}

const SORT_FIELDS = ['opswat_score', 'cvss2_score', 'cvss3_score', 'severity', 'cve_id'] as const;

/**
 * Get Vulnerabilities v3.2, account-wide: the CVEs some device holds, each once with
 * `number_of_devices`. `search` (in the CVE ID or summary, any case), `filter` (score needs
 * score_type, else 400), `sort` (`cve_id` `asc` by default; severity on the chosen scale), `page`,
 * `limit` 1..50 (default 50; above → 406). Answer: a JSON array.
 */
export function getAccountCves({ sim, body }: ApiContext): Answer {
	const fields = optionalJsonBody(body);
	const limit = limitParam(fields.limit, 50, 50);
	const page = wholeNumber(fields.page, 'page', 1, 1);
	const search = textParam(fields.search, 'search')?.toLowerCase() ?? '';
	const filter = cveFilter(fields.filter, true);
	const sort = sortParam(fields.sort, SORT_FIELDS, { field: 'cve_id', order: 'asc' });
	const devices = new Map<string, number>();
	for (const device of sim.fleet.all())
		for (const id of sim.inventory.of(device).cves) devices.set(id, (devices.get(id) ?? 0) + 1);
	const { scoreType } = filter;
	const value = (cve: Cve) =>
		sort.field === 'severity'
			? severityRank(severityOf(cve, scoreType), scoreType)
			: cve[sort.field];
	const cves = [...devices.keys()]
		.map((id) => sim.catalogue.cves.get(id)!)
		.filter(
			(cve) =>
				passes(cve, filter) &&
				(cve.cve_id.toLowerCase().includes(search) || cve.summary.toLowerCase().includes(search)),
		)
		.sort((a, b) => {
			const [x, y] = [value(a), value(b)];
			const order = typeof x === 'number' ? x - (y as number) : compareText(x, y as string);
			return (sort.order === 'asc' ? order : -order) || compareText(a.cve_id, b.cve_id);
		});
	return jsonAnswer(
		200,
		pageOf(cves, page, limit).map((cve) => ({
			...renderCve(cve, scoreType),
			number_of_devices: devices.get(cve.cve_id),
		})),
	);
}
