/**
 * The vulnerability and application catalogues behind Get Vulnerabilities, Get Applications and
 * Application Details: a fixed list of products (each in three versions) and the CVEs of each
 * version, drawn once from a fixed seed, so that every simulator holds the same catalogue.
 */
import { FLEET_CLOCK } from './generator';
import { Random } from './random';
import type { OsKind } from './traits';

export const SCORE_TYPES = ['opswat_score', 'cvss2_score', 'cvss3_score'] as const;
export type ScoreType = (typeof SCORE_TYPES)[number];

/** Severity levels of each score type, worst first (the lists of get_cves v3.2's filter.severity). */
export const SEVERITIES: Record<ScoreType, readonly string[]> = {
	opswat_score: ['critical', 'important', 'moderate', 'low', 'unknown'],
	cvss2_score: ['high', 'medium', 'low'],
	cvss3_score: ['critical', 'high', 'medium', 'low', 'none'],
};

/** A CVE as the simulator keeps it; each endpoint renders it in its own shape. */
export interface Cve {
	cve_id: string;
	summary: string;
	publish_date: string;
	update_date: string;
	/** 0..100; 0 = not scored (severity unknown). */
	opswat_score: number;
	/** 0..10, one decimal. */
	cvss2_score: number;
	/** 0..10, one decimal; 0 = severity none. */
	cvss3_score: number;
	remediation: string;
	cwe_id: string;
	/** 1 when the CVE is on CISA's Known Exploited Vulnerabilities list. */
	kev: 0 | 1;
}

/**
 * The severity a score gives on its scale. OPSWAT: critical ≥ 90, important ≥ 70, moderate ≥ 40,
 * low ≥ 1, unknown 0. CVSS 2: high ≥ 7, medium ≥ 4, else low. CVSS 3: critical ≥ 9, high ≥ 7,
 * medium ≥ 4, low > 0, none 0.
 */
export function severityOf(cve: Cve, type: ScoreType): string {
	const score = cve[type];
	switch (type) {
		case 'opswat_score':
			if (score === 0) return 'unknown';
			return score >= 90
				? 'critical'
				: score >= 70
					? 'important'
					: score >= 40
						? 'moderate'
						: 'low';
		case 'cvss2_score':
			return score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
		case 'cvss3_score':
			if (score === 0) return 'none';
			return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : 'low';
	}
}

/** How bad a severity is on its scale: 0 for the mildest level, more for worse ones. */
export const severityRank = (severity: string, type: ScoreType) =>
	SEVERITIES[type].length - 1 - SEVERITIES[type].indexOf(severity);

/** Platforms an application runs on (the generator's OS kinds, servers sharing the desktops' apps). */
type Platform = Extract<OsKind, 'windows' | 'macos' | 'linux'>;

export interface Product {
	/** OPSWAT signature ID: a string of digits (Application Details answers it as a number). */
	product_id: string;
	name: string;
	vendor: string;
	category_id: string;
	category_name: string;
	platforms: Platform[];
	/** Newest first. */
	versions: string[];
}

/** One installed application: a product in one version (shared by every device that has it). */
export interface AppVersion {
	product_id: string;
	version: string;
}

export const APP_CATEGORIES: Record<string, string> = {
	'1': 'Browser',
	'2': 'Archiver',
	'3': 'Office',
	'4': 'Runtime',
	'5': 'Remote Control',
	'6': 'Cloud Storage',
	'7': 'Instant Messenger',
	'8': 'Developer Tool',
	'9': 'Media Player',
	'10': 'VPN Client',
	'11': 'Public File Sharing',
};

const ALL: Platform[] = ['windows', 'macos', 'linux'];
const DESKTOPS: Platform[] = ['windows', 'macos'];

const PRODUCT_ROWS: Array<[string, string, string, string, Platform[], string[]]> = [
	[
		'1103',
		'Google Chrome',
		'Google LLC',
		'1',
		ALL,
		['131.0.6778.86', '129.0.6668.90', '124.0.6367.201'],
	],
	['1104', 'Mozilla Firefox', 'Mozilla Corporation', '1', ALL, ['133.0', '128.4.0', '115.9.1']],
	[
		'1105',
		'Microsoft Edge',
		'Microsoft Corporation',
		'1',
		DESKTOPS,
		['131.0.2903.70', '126.0.2592.87', '120.0.2210.91'],
	],
	['2201', '7-Zip', 'Igor Pavlov', '2', ['windows'], ['24.08', '23.01', '19.00']],
	['2202', 'WinRAR', 'win.rar GmbH', '2', ['windows'], ['7.01', '6.23', '6.02']],
	[
		'3301',
		'Microsoft 365 Apps',
		'Microsoft Corporation',
		'3',
		DESKTOPS,
		['16.0.18129', '16.0.17328', '16.0.16731'],
	],
	[
		'3302',
		'Adobe Acrobat Reader',
		'Adobe Inc.',
		'3',
		DESKTOPS,
		['24.005.20320', '23.008.20470', '22.003.20282'],
	],
	['3303', 'LibreOffice', 'The Document Foundation', '3', ALL, ['24.8.3', '7.6.7', '7.5.9']],
	[
		'4401',
		'Java SE Runtime Environment',
		'Oracle Corporation',
		'4',
		ALL,
		['8u431', '8u401', '8u361'],
	],
	['4402', 'Python', 'Python Software Foundation', '4', ALL, ['3.13.0', '3.11.9', '3.8.10']],
	['4403', 'OpenSSL', 'OpenSSL Project', '4', ['linux', 'windows'], ['3.4.0', '3.0.13', '1.1.1w']],
	['5501', 'TeamViewer', 'TeamViewer Germany GmbH', '5', ALL, ['15.60.3', '15.51.5', '15.35.7']],
	['5502', 'AnyDesk', 'AnyDesk Software GmbH', '5', ALL, ['8.1.0', '8.0.9', '7.1.16']],
	['6601', 'Dropbox', 'Dropbox, Inc.', '6', ALL, ['212.4.5767', '200.4.5610', '185.4.6054']],
	[
		'6602',
		'Microsoft OneDrive',
		'Microsoft Corporation',
		'6',
		DESKTOPS,
		['24.216.1027', '24.101.0519', '23.226.1031'],
	],
	[
		'7701',
		'Zoom Workplace',
		'Zoom Video Communications, Inc.',
		'7',
		ALL,
		['6.2.11', '5.17.11', '5.15.12'],
	],
	['7702', 'Slack', 'Slack Technologies, LLC', '7', ALL, ['4.41.105', '4.38.125', '4.33.90']],
	[
		'7703',
		'Microsoft Teams',
		'Microsoft Corporation',
		'7',
		DESKTOPS,
		['24295.605.3225', '24124.2315.2911', '23306.3314.2555'],
	],
	['8801', 'Visual Studio Code', 'Microsoft Corporation', '8', ALL, ['1.95.3', '1.90.2', '1.85.2']],
	['8802', 'Git', 'Software Freedom Conservancy', '8', ALL, ['2.47.1', '2.45.2', '2.39.1']],
	['8803', 'Node.js', 'OpenJS Foundation', '8', ALL, ['22.11.0', '20.12.2', '18.17.1']],
	['8804', 'Docker Desktop', 'Docker Inc.', '8', DESKTOPS, ['4.36.0', '4.29.0', '4.24.2']],
	['9901', 'VLC media player', 'VideoLAN', '9', ALL, ['3.0.21', '3.0.18', '3.0.11']],
	['1001', 'OpenVPN Connect', 'OpenVPN Inc.', '10', DESKTOPS, ['3.5.1', '3.4.4', '3.3.7']],
	[
		'1002',
		'Cisco Secure Client',
		'Cisco Systems, Inc.',
		'10',
		DESKTOPS,
		['5.1.6.103', '5.0.05040', '4.10.08025'],
	],
	['1101', 'qBittorrent', 'The qBittorrent project', '11', ALL, ['5.0.2', '4.6.5', '4.4.5']],
];

export const PRODUCTS: Product[] = PRODUCT_ROWS.map(
	([product_id, name, vendor, category_id, platforms, versions]) => ({
		product_id,
		name,
		vendor,
		category_id,
		category_name: APP_CATEGORIES[category_id],
		platforms,
		versions,
	}),
);

export const PRODUCT_BY_ID = new Map(PRODUCTS.map((product) => [product.product_id, product]));

/** Every product version, one shared object each. */
export const APP_VERSIONS: AppVersion[] = PRODUCTS.flatMap((product) =>
	product.versions.map((version) => ({ product_id: product.product_id, version })),
);

export const appKey = (app: AppVersion) => `${app.product_id}@${app.version}`;

const APP_BY_KEY = new Map(APP_VERSIONS.map((app) => [appKey(app), app]));

/** The shared object of a product version; undefined when the catalogue has no such version. */
export const findApp = (productId: string, version: string) =>
	APP_BY_KEY.get(`${productId}@${version}`);

const WEAKNESSES: Array<[string, string, string]> = [
	[
		'Use after free',
		'CWE-416',
		'a remote attacker to execute arbitrary code through a crafted file',
	],
	['Heap buffer overflow', 'CWE-122', 'a remote attacker to execute arbitrary code'],
	['Out-of-bounds write', 'CWE-787', 'an attacker to corrupt memory and run code'],
	['Improper input validation', 'CWE-20', 'an attacker to crash the application'],
	['Path traversal', 'CWE-22', 'an attacker to write files outside the intended folder'],
	['Type confusion', 'CWE-843', 'a remote attacker to run code in the renderer'],
	['Improper authentication', 'CWE-287', 'an attacker to bypass authentication'],
	['Information exposure', 'CWE-200', 'a local user to read sensitive information'],
	['Incorrect default permissions', 'CWE-276', 'a local user to escalate privileges'],
	['Cross-site scripting', 'CWE-79', 'an attacker to inject script into a page'],
];

const DAY_MS = 86_400_000;
const CATALOGUE_START = Date.UTC(2019, 0, 1);
const isoSeconds = (time: number) => `${new Date(time).toISOString().slice(0, 19)}Z`;
const tenths = (value: number) => Math.round(value * 10) / 10;

/** A CVSS 3 score with a realistic spread: mostly medium and high, some critical, a few none. */
function cvss3(rng: Random): number {
	return rng.weighted<() => number>([
		[() => 0, 2],
		[() => tenths(0.1 + rng.next() * 3.8), 8],
		[() => tenths(4 + rng.next() * 2.9), 35],
		[() => tenths(7 + rng.next() * 1.9), 40],
		[() => tenths(9 + rng.next()), 15],
	])();
}

function drawCve(rng: Random, product: Product, fixedIn: string, taken: Set<string>): Cve {
	const published =
		CATALOGUE_START +
		rng.int(0, Math.floor((FLEET_CLOCK - CATALOGUE_START) / DAY_MS) - 60) * DAY_MS;
	let cveId: string;
	do cveId = `CVE-${new Date(published).getUTCFullYear()}-${rng.int(1000, 49999)}`;
	while (taken.has(cveId));
	taken.add(cveId);
	const v3 = cvss3(rng);
	const v2 = v3 === 0 ? 0 : tenths(Math.max(1, Math.min(10, v3 - rng.next() * 1.5)));
	const opswat = rng.chance(0.04)
		? 0
		: Math.max(1, Math.min(100, Math.round(v3 * 10 + rng.int(-5, 5))));
	const [weakness, cwe, impact] = rng.pick(WEAKNESSES);
	return {
		cve_id: cveId,
		summary: `${weakness} in ${product.name} before ${fixedIn} allows ${impact}.`,
		publish_date: isoSeconds(published),
		update_date: isoSeconds(Math.min(FLEET_CLOCK - DAY_MS, published + rng.int(0, 300) * DAY_MS)),
		opswat_score: opswat,
		cvss2_score: v2,
		cvss3_score: v3,
		remediation: `Update ${product.name} to version ${product.versions[0]} or later.`,
		cwe_id: cwe,
		kev: rng.chance(v3 >= 7 ? 0.15 : 0.02) ? 1 : 0,
	};
}

export interface BaseCatalogue {
	cves: Cve[];
	/** The CVE IDs of each product version (appKey), worst first by OPSWAT score. */
	appCves: Map<string, string[]>;
}

let base: BaseCatalogue | undefined;

/** The catalogue every simulator starts from (drawn once; copy before changing it). */
export function baseCatalogue(): BaseCatalogue {
	if (base) return base;
	const rng = new Random(0xc0ffee);
	const taken = new Set<string>();
	const cves: Cve[] = [];
	const appCves = new Map<string, string[]>();
	for (const product of PRODUCTS) {
		product.versions.forEach((version, age) => {
			// The newest version has at most one known CVE; older ones more.
			const count = [rng.int(0, 1), rng.int(1, 4), rng.int(3, 8)][age];
			const fixedIn = product.versions[Math.max(0, age - 1)];
			const drawn = Array.from({ length: count }, () => drawCve(rng, product, fixedIn, taken));
			drawn.sort((a, b) => b.opswat_score - a.opswat_score);
			cves.push(...drawn);
			appCves.set(
				`${product.product_id}@${version}`,
				drawn.map((cve) => cve.cve_id),
			);
		});
	}
	base = { cves, appCves };
	return base;
}
