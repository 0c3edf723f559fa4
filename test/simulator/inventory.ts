/**
 * What each device holds beyond its listed fields: its installed applications, its CVEs and the
 * threats found on it. Drawn from the seed and the device's HWID, OS and agent (so a device added
 * through the control API gets some too), until the control API sets them.
 */
import { appKey, baseCatalogue, findApp, PRODUCTS, type AppVersion, type Cve } from './catalog';
import type { SimDevice } from './fleet';
import { FLEET_CLOCK } from './generator';
import { invalidRequest, isObject } from './http';
import { hashSeed, mix32, Random } from './random';

export const THREAT_SOURCES = ['antimalware_scan', 'local_antimalware'] as const;

/** A threat found on a device: by the daily anti-malware scan, or reported by a local anti-malware product. */
export interface Threat {
	source: (typeof THREAT_SOURCES)[number];
	critical: 0 | 1;
	/** When it was found (ISO). */
	time: string;
	file: string;
	hash: string;
	threat_name: string;
	/** The anti-malware product that found it. */
	product_name: string;
}

export interface DeviceInventory {
	apps: AppVersion[];
	/** CVE IDs, each in the catalogue. */
	cves: string[];
	threats: Threat[];
}

const THREAT_NAMES = [
	'Trojan.GenericKD.71234567',
	'Win32/Emotet.AW',
	'PUA:Win32/Presenoker',
	'Ransom:Win32/LockBit.A',
	'HackTool:Win32/Mimikatz',
	'EICAR-Test-File',
	'Adware.OpenCandy',
];
const THREAT_FOLDERS = [
	'C:\\Users\\Public\\Downloads\\',
	'C:\\Windows\\Temp\\',
	'/tmp/',
	'~/Downloads/',
];
const AV_PRODUCTS = ['Microsoft Defender Antivirus', 'ESET Endpoint Security', 'Sophos Endpoint'];
const HEX = '0123456789abcdef';

/** A 32-bit hash of a text (FNV-1a). */
function hashText(text: string): number {
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** The platform whose applications a device runs; none for phones and devices without an agent. */
function platformOf(device: SimDevice): 'windows' | 'macos' | 'linux' | undefined {
	if (device.agent === 'none' || device.agent === 'mobile') return undefined;
	return { Windows: 'windows', macOS: 'macos', Linux: 'linux' }[device.os_info.family] as
		| 'windows'
		| 'macos'
		| 'linux'
		| undefined;
}

/** The products of each platform. */
const PRODUCTS_ON = Object.fromEntries(
	(['windows', 'macos', 'linux'] as const).map((platform) => [
		platform,
		PRODUCTS.filter((product) => product.platforms.includes(platform)),
	]),
) as Record<'windows' | 'macos' | 'linux', typeof PRODUCTS>;

/** The CVEs and applications the simulator knows: the base catalogue, plus CVEs the control API added. */
export class Catalogue {
	readonly cves = new Map<string, Cve>();

	/** CVE IDs on the KEV list (of the base catalogue: what generated devices draw from). */
	readonly kevIds: string[];

	constructor() {
		this.kevIds = baseCatalogue()
			.cves.filter((cve) => cve.kev === 1)
			.map((cve) => cve.cve_id);
		this.reset();
	}

	reset(): void {
		this.cves.clear();
		for (const cve of baseCatalogue().cves) this.cves.set(cve.cve_id, { ...cve });
	}

	/** The CVE IDs of a product version. */
	cvesOfApp(app: AppVersion): string[] {
		return baseCatalogue().appCves.get(appKey(app)) ?? [];
	}
}

function drawThreats(rng: Random, device: SimDevice): Threat[] {
	if (device.agent !== 'persistent' && device.agent !== 'on-demand') return [];
	if (!rng.chance(0.12)) return [];
	return Array.from({ length: rng.int(1, 3) }, () => {
		const name = rng.pick(THREAT_NAMES);
		return {
			source: rng.pick(THREAT_SOURCES),
			critical: rng.chance(0.5) ? 1 : 0,
			time: new Date(FLEET_CLOCK - rng.int(600, 20 * 86400) * 1000).toISOString(),
			file: `${rng.pick(THREAT_FOLDERS)}${rng.pick(['setup', 'invoice', 'update', 'crack'])}_${rng.int(1, 999)}.exe`,
			hash: rng.chars(HEX, 64),
			threat_name: name,
			product_name: rng.pick(AV_PRODUCTS),
		};
	});
}

/** Every device's applications, CVEs and threats: drawn (and kept while the device keeps its OS and agent) or set. */
export class Inventory {
	private readonly drawn = new Map<string, { key: string; inventory: DeviceInventory }>();

	private readonly given = new Map<string, Partial<DeviceInventory>>();

	private readonly seedHash: number;

	constructor(
		seed: number,
		private readonly catalogue: Catalogue,
	) {
		this.seedHash = hashSeed(seed);
	}

	/** Forgets what the control API set. */
	clear(): void {
		this.given.clear();
		this.drawn.clear();
	}

	of(device: SimDevice): DeviceInventory {
		return { ...this.draw(device), ...this.given.get(device.hwid) };
	}

	/** Replaces the lists given (checked: applications and CVEs from the catalogue, threats complete). */
	change(device: SimDevice, change: unknown): DeviceInventory {
		if (!isObject(change)) throw invalidRequest('Give { apps?, cves?, threats? }');
		const checked: Partial<DeviceInventory> = {};
		for (const [key, value] of Object.entries(change)) {
			if (!Array.isArray(value)) throw invalidRequest(`${key} must be an array`);
			if (key === 'apps') checked.apps = value.map((app, i) => this.checkApp(app, i));
			else if (key === 'cves') checked.cves = value.map((id, i) => this.checkCve(id, i));
			else if (key === 'threats')
				checked.threats = value.map((threat, i) => checkThreat(threat, i));
			else throw invalidRequest(`${key} is not part of a device's inventory (apps, cves, threats)`);
		}
		this.given.set(device.hwid, { ...this.given.get(device.hwid), ...checked });
		return this.of(device);
	}

	forget(hwid: string): void {
		this.given.delete(hwid);
		this.drawn.delete(hwid);
	}

	private checkApp(app: unknown, i: number): AppVersion {
		const found = isObject(app) && findApp(String(app.product_id), String(app.version));
		if (!found)
			throw invalidRequest(
				`apps[${i}] must be { product_id, version } of the catalogue (GET /_sim/catalogue)`,
			);
		return found;
	}

	private checkCve(id: unknown, i: number): string {
		if (typeof id !== 'string' || !this.catalogue.cves.has(id))
			throw invalidRequest(
				`cves[${i}] must be the ID of a CVE of the catalogue (add it with POST /_sim/cves)`,
			);
		return id;
	}

	private draw(device: SimDevice): DeviceInventory {
		const key = `${device.os_info.family}|${device.agent}|${device.critical_status}`;
		const known = this.drawn.get(device.hwid);
		if (known?.key === key) return known.inventory;
		const rng = new Random(mix32(this.seedHash ^ hashText(device.hwid)));
		const platform = platformOf(device);
		const apps: AppVersion[] = [];
		if (platform) {
			const products = [...PRODUCTS_ON[platform]];
			for (let count = rng.int(3, 9); count > 0 && products.length > 0; count--) {
				const [product] = products.splice(rng.int(0, products.length - 1), 1);
				const age = rng.weighted([
					[0, 55],
					[1, 30],
					[2, 15],
				]);
				apps.push(findApp(product.product_id, product.versions[age])!);
			}
		}
		const cves = new Set(apps.flatMap((app) => this.catalogue.cvesOfApp(app)));
		const kev = [...cves].some((id) => this.catalogue.cves.get(id)?.kev === 1);
		// Critical devices hold a known-exploited CVE more often than not.
		if (platform && device.critical_status === 1 && !kev && rng.chance(0.7))
			cves.add(rng.pick(this.catalogue.kevIds));
		const inventory = { apps, cves: [...cves], threats: drawThreats(rng, device) };
		this.drawn.set(device.hwid, { key, inventory });
		return inventory;
	}
}

function checkThreat(threat: unknown, i: number): Threat {
	const text = (value: unknown) => typeof value === 'string';
	if (
		!isObject(threat) ||
		!THREAT_SOURCES.includes(threat.source as Threat['source']) ||
		(threat.critical !== 0 && threat.critical !== 1) ||
		!text(threat.time) ||
		Number.isNaN(Date.parse(threat.time as string)) ||
		!['file', 'hash', 'threat_name', 'product_name'].every((key) => text(threat[key]))
	) {
		throw invalidRequest(
			`threats[${i}] must be { source: ${THREAT_SOURCES.join(' | ')}, critical: 0 | 1, time (ISO), file, hash, threat_name, product_name }`,
		);
	}
	return {
		source: threat.source as Threat['source'],
		critical: threat.critical as 0 | 1,
		time: threat.time as string,
		file: threat.file as string,
		hash: threat.hash as string,
		threat_name: threat.threat_name as string,
		product_name: threat.product_name as string,
	};
}
