/**
 * A small fleet whose every compliance answer is known (unit tests and the e2e scenario share it):
 * four devices (critical non-compliant, compliant, exempted, unknown) in the finance, engineering
 * and default groups, and 150 CVEs of the simulator's catalogue shape.
 */
import type { Cve, DeviceInput } from '../simulator';
import type { Simulation } from '../simulator/simulation';

const cve = (id: number, opswat: number, cvss3: number, kev: 0 | 1): Cve => ({
	cve_id: `CVE-2099-${String(id).padStart(4, '0')}`,
	summary: `Test flaw ${id}`,
	publish_date: '2099-01-02T00:00:00Z',
	update_date: '2099-01-03T00:00:00Z',
	opswat_score: opswat,
	cvss2_score: Math.min(10, Math.round(cvss3 * 10 + 5) / 10),
	cvss3_score: cvss3,
	remediation: `Update to fix ${id}`,
	cwe_id: 'CWE-79',
	kev,
});
/** 150 CVEs: #0 critical and known-exploited, #1 moderate, the rest low. */
export const CVES = Array.from({ length: 150 }, (_, i) =>
	i === 0 ? cve(0, 95, 9.8, 1) : i === 1 ? cve(1, 50, 5.1, 0) : cve(i, 10, 2, 0),
);
const adapter = (n: number) => ({
	mac_addr: `00:0c:29:00:00:0${n}`,
	ipv4_addr: `10.0.0.${n}`,
	ipv6_addr: '',
});
const device = (n: number, fields: DeviceInput): DeviceInput => ({
	hostname: `host-${n}`,
	nickname: '',
	machine_type: 'desktop',
	category: 'monitored',
	agent: 'persistent',
	status: 0,
	exempt: 0,
	critical_status: 0,
	total_issue: 0,
	total_critical_issue: 0,
	network_info: [adapter(n)],
	...fields,
});
export const FLEET: DeviceInput[] = [
	device(1, {
		hwid: 'HW-CRIT-01',
		status: 1,
		critical_status: 1,
		total_issue: 2,
		total_critical_issue: 1,
		group: 'finance',
	}),
	device(2, { hwid: 'HW-OK-02', group: 'finance' }),
	device(3, { hwid: 'HW-EX-03', status: 1, exempt: 1, total_issue: 1, group: 'engineering' }),
	device(4, { hwid: 'HW-UNK-04', category: 'unknown', agent: 'none', group: 'default' }),
];

/** Puts the fleet and its CVEs into a simulation with no other device, licensed for 100 devices. */
export function installComplianceFleet(simulation: Simulation): void {
	simulation.account = { ...simulation.account, devices_allowed: 100 };
	simulation.addDevices({ devices: FLEET });
	for (const entry of CVES) simulation.catalogue.cves.set(entry.cve_id, entry);
	const given = (hwid: string, cves: Cve[]) =>
		simulation.inventory.change(simulation.existing(hwid), { cves: cves.map((c) => c.cve_id) });
	given('HW-CRIT-01', CVES);
	given('HW-OK-02', [CVES[1]]);
	given('HW-EX-03', []);
}

/** CVE #i as Simplify gives it. */
export function simplifiedCve(i: number, extra: object = {}) {
	const c = CVES[i];
	return {
		cve_id: c.cve_id,
		...extra,
		severity: i === 0 ? 'critical' : i === 1 ? 'moderate' : 'low',
		known_exploited: c.kev === 1,
		opswat_score: c.opswat_score,
		cvss3_score: c.cvss3_score,
		cvss2_score: c.cvss2_score,
		summary: c.summary,
		publish_date: c.publish_date,
		remediation: c.remediation,
	};
}

/** Account → Get of the fleet, simplified (the simulator's account licensed for 100 devices). */
export const COMPLIANCE_ACCOUNT = {
	name: 'OPSWAT MetaAccess',
	email: 'opswat_metaaccess@opswat.com',
	devices_allowed: 100,
	devices_used: 3,
	devices_compliant: 1,
	devices_non_compliant: 1,
	devices_exempted: 1,
	devices_unknown: 1,
	devices_critical: 1,
	devices_warning: 1,
	devices_no_issue: 1,
	devices_by_vulnerability_severity: { critical: 1, important: 0, moderate: 1, low: 0, unknown: 0 },
};
