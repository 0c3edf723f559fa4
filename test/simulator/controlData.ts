/**
 * The control API's writes into what the newer endpoints read: log entries at chosen times
 * (`/_sim/logs`) and CVEs of the catalogue (`/_sim/cves`). Checked in full before anything changes.
 */
import { OWNER } from './accountData';
import type { Cve } from './catalog';
import { choice } from './checks';
import { LOG_CATEGORIES, LOG_EVENTS, type LogCategory } from './events';
import { invalidRequest, isObject } from './http';
import type { Simulation } from './simulation';

/** A time given as epoch milliseconds or an ISO text; absent: `now`. */
function timeOf(value: unknown, name: string, now: number): number {
	if (value === undefined || value === null) return now;
	const time = typeof value === 'string' ? Date.parse(value) : value;
	if (!Number.isSafeInteger(time) || (time as number) < 0)
		throw invalidRequest(`${name} must be epoch milliseconds or an ISO time`);
	return time as number;
}

/** The fields an entry of this category has unless given (a known device's name and group). */
function defaultFields(
	sim: Simulation,
	category: LogCategory,
	event: string,
	given: Record<string, unknown>,
): Record<string, unknown> {
	switch (category) {
		case 'device':
		case 'device_report': {
			const device =
				typeof given.device_id === 'string' ? sim.fleet.findByHwid(given.device_id) : undefined;
			return {
				device_id: '',
				device_name: device?.hostname ?? '',
				...(category === 'device' ? { device_group: device ? sim.groupName(device) : '' } : {}),
				details: event,
			};
		}
		case 'admin':
			return { ...OWNER, email: sim.account.email, details: event };
		case 'webhook':
			return {
				url: sim.webhook.state().webhook?.url ?? '',
				attempt: 1,
				status_code: null,
				number_of_devices: 0,
				details: event,
			};
	}
}

/**
 * Appends `{ events: [{ category, event, time?, ...fields }] }`: each of a category and one of its
 * events, at `time` (epoch ms or ISO; default now), with the category's fields (given ones win).
 * All or none; answers how many.
 */
export function appendLogEvents(sim: Simulation, body: Record<string, unknown>, now: number) {
	if (!Array.isArray(body.events))
		throw invalidRequest('Give { events: [{ category, event, time?, ...fields }] }');
	const entries = body.events.map((input: unknown, i) => {
		if (!isObject(input)) throw invalidRequest(`events[${i}] must be an object`);
		const { category: rawCategory, event, time, timestamp, ...fields } = input;
		const category = choice(rawCategory, LOG_CATEGORIES, `events[${i}].category`);
		choice(event, LOG_EVENTS[category], `events[${i}].event`);
		if (timestamp !== undefined)
			throw invalidRequest(
				`events[${i}]: give the time as time (timestamp is what Get Logs shows)`,
			);
		return {
			category,
			event: event as string,
			time: timeOf(time, `events[${i}].time`, now),
			fields: { ...defaultFields(sim, category, event as string, fields), ...fields },
		};
	});
	entries.sort((a, b) => a.time - b.time);
	for (const entry of entries)
		sim.events.append(entry.category, entry.event, entry.time, entry.fields);
	return { appended: entries.length };
}

/** Every entry (of `category` when given), oldest first, as the control API shows it. */
export function listLogEntries(sim: Simulation, category: string | null) {
	const chosen = category === null ? undefined : choice(category, LOG_CATEGORIES, 'category');
	return {
		entries: sim.events.list(chosen).map((entry) => ({
			seq: entry.seq,
			time: new Date(entry.time).toISOString(),
			category: entry.category,
			event: entry.event,
			...entry.fields,
		})),
	};
}

const SCORE_RANGES: Record<'opswat_score' | 'cvss2_score' | 'cvss3_score', number> = {
	opswat_score: 100,
	cvss2_score: 10,
	cvss3_score: 10,
};
const TEXT_FIELDS = [
	'summary',
	'publish_date',
	'update_date',
	'remediation',
	'cwe_id',
] as const satisfies ReadonlyArray<keyof Cve>;

function checkCve(input: unknown, i: number, known: Cve | undefined): Cve {
	if (
		!isObject(input) ||
		typeof input.cve_id !== 'string' ||
		!/^CVE-\d{4}-\d{4,}$/.test(input.cve_id)
	)
		throw invalidRequest(`cves[${i}].cve_id must be a CVE ID such as CVE-2024-3400`);
	const cve: Cve = known
		? { ...known }
		: {
				cve_id: input.cve_id,
				summary: `${input.cve_id} (added through the control API)`,
				publish_date: '2026-01-01T00:00:00Z',
				update_date: '2026-01-01T00:00:00Z',
				opswat_score: 50,
				cvss2_score: 5,
				cvss3_score: 5,
				remediation: '',
				cwe_id: '',
				kev: 0,
			};
	for (const [key, value] of Object.entries(input)) {
		if (key === 'cve_id') continue;
		if (key in SCORE_RANGES) {
			const max = SCORE_RANGES[key as keyof typeof SCORE_RANGES];
			if (typeof value !== 'number' || value < 0 || value > max)
				throw invalidRequest(`cves[${i}].${key} must be a number from 0 to ${max}`);
			cve[key as keyof typeof SCORE_RANGES] = value;
		} else if ((TEXT_FIELDS as readonly string[]).includes(key)) {
			if (typeof value !== 'string') throw invalidRequest(`cves[${i}].${key} must be a string`);
			cve[key as (typeof TEXT_FIELDS)[number]] = value;
		} else if (key === 'kev') {
			if (value !== 0 && value !== 1) throw invalidRequest(`cves[${i}].kev must be 0 or 1`);
			cve.kev = value;
		} else {
			throw invalidRequest(`cves[${i}].${key} is not a CVE field`);
		}
	}
	return cve;
}

/** Adds CVEs to the catalogue, or changes known ones (the fields given); all or none. */
export function putCves(sim: Simulation, body: Record<string, unknown>) {
	if (!Array.isArray(body.cves)) throw invalidRequest('Give { cves: [{ cve_id, ...fields }] }');
	const cves = body.cves.map((input: unknown, i) =>
		checkCve(input, i, isObject(input) ? sim.catalogue.cves.get(String(input.cve_id)) : undefined),
	);
	for (const cve of cves) sim.catalogue.cves.set(cve.cve_id, cve);
	return { cves };
}
