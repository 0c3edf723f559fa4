/**
 * Account Details v2.0 / v3.0 (`GET`, flat counters) and v3.2 (`POST`, counts by status, issue
 * severity and vulnerability severity): the account's settings (`/_sim/account`) and numbers
 * counted from the fleet as it is.
 */
import { choice } from './checks';
import { SCORE_TYPES, SEVERITIES, severityOf, type ScoreType } from './catalog';
import type { AccountSettings } from './accountData';
import { settleExemption, type SimDevice } from './fleet';
import { jsonAnswer, type Answer } from './http';
import { optionalJsonBody, type ApiContext } from './params';

/** The devices of the account as they are now, and those that count against the licence (monitored). */
function devicesOf({ sim, request }: ApiContext): { all: SimDevice[]; inUse: SimDevice[] } {
	const all = sim.fleet.all().map((device) => settleExemption(device, request.now));
	return { all, inUse: all.filter((device) => device.category === 'monitored') };
}

/** What every version answers first: the settings, then the devices in use. */
const head = (account: AccountSettings, inUse: SimDevice[]) => ({
	name: account.name,
	email: account.email,
	last_login: account.last_login,
	date_created: account.date_created,
	devices_allowed: account.devices_allowed,
	devices_used: inUse.length,
});

const nonCompliant = (device: SimDevice) => device.exempt === 0 && device.status === 1;

/** The counters of Account Details v2.0 and v3.0. */
function flatCounters(context: ApiContext) {
	const { all, inUse } = devicesOf(context);
	return {
		...head(context.sim.account, inUse),
		devices_uncompliant: inUse.filter(nonCompliant).length,
		devices_critical: inUse.filter((device) => device.critical_status === 1).length,
		devices_issues: inUse.filter((device) => device.total_issue > 0).length,
		devices_unknown: all.filter((device) => device.category === 'unknown').length,
	};
}

/** Account Details v2.0: the flat counters without `devices_unknown` and `license_key`. */
export function accountV2(context: ApiContext): Answer {
	const { devices_unknown: _unknown, ...counters } = flatCounters(context);
	return jsonAnswer(200, counters);
}

/** Account Details v3.0: the flat counters and the licence key. */
export function accountV3(context: ApiContext): Answer {
	return jsonAnswer(200, {
		...flatCounters(context),
		license_key: context.sim.account.license_key,
	});
}

const counted = (entries: Array<[string, number]>, key: 'status' | 'severity') =>
	entries.map(([value, count]) => ({ [key]: value, number_of_devices: count }));

/**
 * Account Details v3.2: `score_type` (default `opswat_score`) chooses the scale of
 * `devices_by_vulnerability_severity`, where each device counts once, at its worst CVE.
 */
export function accountV32(context: ApiContext): Answer {
	const fields = optionalJsonBody(context.body);
	const scoreType = choice<ScoreType>(
		fields.score_type ?? 'opswat_score',
		SCORE_TYPES,
		'score_type',
	);
	const { all, inUse } = devicesOf(context);
	const { account, catalogue, inventory } = context.sim;
	const levels = SEVERITIES[scoreType];
	// Each CVE's level once (its index in the list, worst first), then each device's worst.
	const levelOf = new Map(
		[...catalogue.cves.values()].map((cve) => [
			cve.cve_id,
			levels.indexOf(severityOf(cve, scoreType)),
		]),
	);
	const byVulnerability = levels.map(() => 0);
	for (const device of inUse) {
		let worst = levels.length;
		for (const id of inventory.of(device).cves) worst = Math.min(worst, levelOf.get(id)!);
		if (worst < levels.length) byVulnerability[worst] += 1;
	}
	const byIssue = new Map([
		['critical', 0],
		['warning', 0],
		['no_issue', 0],
	]);
	for (const device of inUse) {
		const level =
			device.critical_status === 1 ? 'critical' : device.total_issue > 0 ? 'warning' : 'no_issue';
		byIssue.set(level, byIssue.get(level)! + 1);
	}
	return jsonAnswer(200, {
		...head(account, inUse),
		license_key: account.license_key,
		devices_by_status: counted(
			[
				['compliant', inUse.filter((d) => d.exempt === 0 && d.status === 0).length],
				['non-compliant', inUse.filter(nonCompliant).length],
				['exempted', inUse.filter((d) => d.exempt === 1).length],
				['unknown', all.filter((d) => d.category === 'unknown').length],
			],
			'status',
		),
		devices_by_issue_severity: counted([...byIssue], 'severity'),
		devices_by_vulnerability_severity: counted(
			levels.map((level, i) => [level, byVulnerability[i]]),
			'severity',
		),
	});
}
