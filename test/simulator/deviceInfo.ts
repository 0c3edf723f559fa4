/**
 * Device Information v3.0 (`POST /o/api/v3/device_info`: the posture categories of one device and
 * their issues) and Get Threats v3.0 (`POST /o/api/v3/get_threats`: the threats found on one
 * device), and the device status and severity words of the v3 endpoints.
 */
import {
	choice,
	flag,
	limitParam,
	objectParam,
	queryValue,
	valueList,
	wholeNumber,
} from './checks';
import { settleExemption, type SimDevice } from './fleet';
import { HttpError, invalidRequest, jsonAnswer, type Answer } from './http';
import { deviceById, jsonObjectBody, type ApiContext } from './params';
import { hashSeed, mix32, Random } from './random';

/** The categories of Device Information's `select.categories`, as the vendor page lists them. */
export const DEVICE_CATEGORIES = [
	'vulnerabilities',
	'patch_management',
	'anti-malware',
	'encryption',
	'user_authentication',
	'anti-phishing',
	'backup',
	'firewall',
	'hard_drive',
	'operating_system',
	'threats',
	'repeated_threats',
	'suspicious_ips',
	'custom_check',
	'instant_messenger',
	'cleaner_optimizer',
	'developer_tool',
	'cloud_storage',
	'public_file_sharing',
	'remote_control',
	'recording_web_meeting',
	'uninstaller',
	'toolbars',
	'media_player',
	'vpn_client',
	'unclassified_pua',
	'system_security',
] as const;

/** What each category's issue says (the simulator's wording). */
const ISSUE_TEXT: Record<string, string> = {
	'anti-malware': 'Real-time protection is off',
	firewall: 'The firewall is disabled',
	encryption: 'The system drive is not encrypted',
	patch_management: 'Critical OS patches are missing',
	vulnerabilities: 'Applications with known vulnerabilities are installed',
	operating_system: 'The OS version is no longer supported',
	threats: 'Threats were found on the device',
	user_authentication: 'No screen lock password is set',
	hard_drive: 'Less than 10% of the disk is free',
	backup: 'No backup in the last 30 days',
	'anti-phishing': 'No anti-phishing protection',
};

const DESKTOP_CATEGORIES = Object.keys(ISSUE_TEXT);
const LINUX_CATEGORIES = [
	'firewall',
	'encryption',
	'patch_management',
	'vulnerabilities',
	'operating_system',
	'user_authentication',
];
const PHONE_CATEGORIES = ['operating_system', 'encryption', 'user_authentication'];

/** The categories that apply to a device: by its OS; none without an agent. */
function applicable(device: SimDevice): string[] {
	if (device.agent === 'none') return [];
	if (device.agent === 'mobile') return PHONE_CATEGORIES;
	return device.os_info.family === 'Linux' ? LINUX_CATEGORIES : DESKTOP_CATEGORIES;
}

export interface DeviceCategory {
	id: string;
	status: 'compliant' | 'non-compliant';
	issues: Array<{ severity: 'critical' | 'warning'; description: string }>;
}

/**
 * The device's categories, its `total_issue` issues spread over them (the first
 * `total_critical_issue` of them critical), the same for the same device and seed.
 */
export function categoriesOf(device: SimDevice, seed: number): DeviceCategory[] {
	const ids = applicable(device);
	const categories = ids.map((id): DeviceCategory => ({ id, status: 'compliant', issues: [] }));
	if (categories.length === 0) return categories;
	let hash = hashSeed(seed);
	for (let i = 0; i < device.hwid.length; i++) hash = mix32(hash ^ device.hwid.charCodeAt(i));
	const rng = new Random(hash);
	for (let k = 0; k < device.total_issue; k++) {
		const category = categories[rng.int(0, categories.length - 1)];
		category.status = 'non-compliant';
		category.issues.push({
			severity: k < device.total_critical_issue ? 'critical' : 'warning',
			description: ISSUE_TEXT[category.id],
		});
	}
	return categories;
}

/**
 * A device's status in the words of the v3 endpoints: Get Devices v3.3's `filter.device_status`
 * (`non_compliant`); Device Information writes `non-compliant`.
 */
export function deviceStatus(device: SimDevice): string {
	if (device.category === 'unknown') return 'unknown';
	if (device.category === 'ignored') return 'ignored';
	if (device.category === 'out_of_license') return 'out_of_license_usage';
	if (device.exempt === 1) return 'exempted';
	if (device.status === 3) return 'pending';
	return device.status === 0 ? 'compliant' : 'non_compliant';
}

/** critical (a critical issue), warning (another issue) or no_issues. */
export const deviceSeverity = (device: SimDevice) =>
	device.critical_status === 1 ? 'critical' : device.total_issue > 0 ? 'warning' : 'no_issues';

/** The one identifier `ids` names: a string, or an array of one string; else 400. */
function oneIdentifier(value: unknown): string {
	const id = Array.isArray(value) && value.length === 1 ? value[0] : value;
	if (typeof id !== 'string' || id === '')
		throw invalidRequest('ids is required: one device ID, MAC address or custom ID');
	return id;
}

/**
 * Device Information v3.0: `opt` 0 (default: `ids` is a device ID or MAC address) or 1 (a linked
 * custom ID), `ids` one identifier (required), `select.categories` (default: every category that
 * applies). No such device → 404.
 */
export function getDeviceInfo({ sim, body, request }: ApiContext): Answer {
	const fields = jsonObjectBody(body);
	const opt = choice(fields.opt ?? 0, [0, 1], 'opt');
	const id = oneIdentifier(fields.ids);
	const select = objectParam(fields.select, 'select');
	const chosen = valueList(select.categories, 'select.categories', DEVICE_CATEGORIES);
	const found = opt === 0 ? deviceById(sim, id, 'ids') : sim.fleet.findByCustomId(id);
	if (!found) throw new HttpError(404, 'not_found', 'Device not found');
	const device = settleExemption(found, request.now);
	const status = deviceStatus(device);
	return jsonAnswer(200, {
		device_id: device.hwid,
		status: status === 'non_compliant' ? 'non-compliant' : status,
		severity: deviceSeverity(device),
		device_name: device.hostname,
		categories: categoriesOf(device, sim.seed).filter(
			(category) => !chosen || chosen.includes(category.id),
		),
	});
}

/**
 * Get Threats v3.0: `id` in the body (device ID or MAC address; none → 404), `limit` 1..50
 * (default 50; above → 406) and `page` in the URL, `verbose.antimalware_scan` and
 * `verbose.local_antimalware_threats` (default 1 each) choose the lists. Each list is paged on its
 * own, newest first; a page past the end of both (page > 1) → 413.
 */
export function getThreats({ sim, body, request }: ApiContext): Answer {
	const limit = limitParam(queryValue(request.query, 'limit'), 50, 50);
	const page = wholeNumber(queryValue(request.query, 'page'), 'page', 1, 1);
	const fields = jsonObjectBody(body);
	const verbose = objectParam(fields.verbose, 'verbose');
	const scan = flag(verbose.antimalware_scan, 'verbose.antimalware_scan', 1);
	const local = flag(verbose.local_antimalware_threats, 'verbose.local_antimalware_threats', 1);
	const device = deviceById(sim, fields.id);
	const threats = [...sim.inventory.of(device).threats].sort((a, b) =>
		a.time < b.time ? 1 : a.time > b.time ? -1 : 0,
	);
	const start = (page - 1) * limit;
	const slice = (source: string) =>
		threats.filter((threat) => threat.source === source).slice(start, start + limit);
	const scanned = scan === 1 ? slice('antimalware_scan') : [];
	const reported = local === 1 ? slice('local_antimalware') : [];
	if (page > 1 && scanned.length === 0 && reported.length === 0)
		throw new HttpError(413, 'invalid_request', 'Requested page number exceeds limit');
	return jsonAnswer(200, {
		...(scan === 1
			? {
					antimalware_scan: scanned.map((threat) => ({
						critical: threat.critical,
						scan_time: threat.time,
						file: threat.file,
						hash: threat.hash,
						threat_name: threat.threat_name,
					})),
				}
			: {}),
		...(local === 1
			? {
					local_antimalware_threats: reported.map((threat) => ({
						critical: threat.critical,
						detected_time: threat.time,
						file: threat.file,
						hash: threat.hash,
						threat_name: threat.threat_name,
						product_name: threat.product_name,
					})),
				}
			: {}),
	});
}
