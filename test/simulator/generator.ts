import type { NetworkAdapter, OsInfo, SimDevice } from './fleet';
import { formatMac } from './mac';
import { hashSeed, mix32, Random } from './random';
import { COVERAGE, pickTraits, type MachineType, type OsKind, type Traits } from './traits';

/**
 * The last_seen times of a fleet are drawn before this instant, not before the current time, so that
 * a seed gives the same fleet on every run.
 */
export const FLEET_CLOCK = Date.UTC(2026, 10, 20, 12, 0, 0);

/** Devices a generated fleet can hold: MAC addresses are unique for up to 4 adapters each in 2^24 values. */
export const MAX_GENERATED_DEVICES = 2 ** 22;

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

const FIRST_NAMES = [
	'Anna',
	'Ben',
	'Carla',
	'David',
	'Elena',
	'Farid',
	'Grace',
	'Hiro',
	'Ines',
	'Jonas',
	'Kim',
	'Lena',
	'Mai',
	'Nikhil',
	'Olga',
	'Pablo',
	'Quang',
	'Rosa',
	'Sam',
	'Thang',
	'Uma',
	'Victor',
	'Wen',
	'Yusuf',
	'Zoe',
];
const DEPARTMENTS = ['FIN', 'HR', 'ENG', 'OPS', 'MKT', 'LEGAL'];
const SERVER_ROLES = ['db', 'web', 'app', 'file', 'backup', 'build', 'mail'];
const COUNTRIES: ReadonlyArray<readonly [string, number]> = [
	['United States', 40],
	['Germany', 10],
	['United Kingdom', 10],
	['Vietnam', 10],
	['India', 8],
	['Japan', 5],
	['Canada', 5],
	['Unknown', 12],
];
const GROUPS: ReadonlyArray<readonly [string, number]> = [
	['default', 80],
	['finance', 5],
	['engineering', 7],
	['sales', 5],
	['servers', 3],
];
const GROUP_USERS = ['gear', 'it-admins', 'finance', 'engineering'];
const LANGUAGES: ReadonlyArray<readonly [string, number]> = [
	['English', 80],
	['German', 8],
	['Vietnamese', 6],
	['Japanese', 6],
];

type OsRelease = Pick<
	OsInfo,
	'family' | 'name' | 'vendor' | 'version' | 'service_pack_version' | 'architecture'
>;

/** An OS as os_info lists it (phones have no service pack and no architecture). */
function os(
	family: string,
	vendor: string,
	name: string,
	version: string,
	architecture = '64-Bit',
	servicePack = '0.0',
): OsRelease {
	return { family, name, vendor, version, service_pack_version: servicePack, architecture };
}

const OS_RELEASES: Record<OsKind, OsRelease[]> = {
	windows: [
		os('Windows', 'Microsoft Corp.', 'Windows 11 Enterprise', '10.0.22631'),
		os('Windows', 'Microsoft Corp.', 'Windows 11 Pro', '10.0.26100'),
		os('Windows', 'Microsoft Corp.', 'Windows 10 Enterprise', '10.0.19045'),
		os('Windows', 'Microsoft Corp.', 'Windows 10 Pro', '10.0.19044'),
	],
	'windows-server': [
		os('Windows', 'Microsoft Corp.', 'Windows Server 2022 Standard', '10.0.20348'),
		os('Windows', 'Microsoft Corp.', 'Windows Server 2019 Standard', '10.0.17763'),
		os('Windows', 'Microsoft Corp.', 'Windows Server 2016 Datacenter', '10.0.14393'),
	],
	macos: [
		os('macOS', 'Apple Inc.', 'macOS Sequoia', '15.1', 'arm64'),
		os('macOS', 'Apple Inc.', 'macOS Sonoma', '14.6.1', 'arm64'),
		os('macOS', 'Apple Inc.', 'macOS Ventura', '13.6.9'),
	],
	linux: [
		os('Linux', 'Canonical Ltd.', 'Ubuntu 22.04.4 LTS', '22.04'),
		os('Linux', 'Canonical Ltd.', 'Ubuntu 24.04.1 LTS', '24.04'),
		os('Linux', 'Red Hat, Inc.', 'Red Hat Enterprise Linux 9.4', '9.4'),
	],
	android: [
		os('android', 'Google Inc.', 'Android', '14', '', ''),
		os('android', 'Google Inc.', 'Android', '13', '', ''),
	],
	ios: [
		os('ios', 'Apple Inc.', 'iOS', '18.1', '', ''),
		os('ios', 'Apple Inc.', 'iOS', '17.6.1', '', ''),
	],
};

/** OUIs of real vendors; the lower 24 bits make each MAC address unique. */
const OUIS: Record<MachineType, number[]> = {
	laptop: [0x3c22fb, 0x54ee75, 0xf8bc12, 0xa483e7],
	desktop: [0x9c8e99, 0xf8bc12, 0x3cf011],
	vm: [0x000c29, 0x005056],
	server: [0x9c8e99, 0x3cf011],
	phone: [0x8cf5a3, 0xa483e7],
};

/** A bijection of [0, 2^24) for each key: distinct values give distinct, random-looking results. */
function scramble24(value: number, key: number): number {
	let x = (value ^ key) & 0xffffff;
	x = Math.imul(x, 0x9e3779 | 1) & 0xffffff;
	x ^= x >>> 12;
	return x;
}

function hostname(rng: Random, traits: Traits, first: string, index: number): string {
	const number = String(rng.int(1, 99)).padStart(2, '0');
	if (traits.agent === 'domain-controller') return `DC${number}`;
	switch (traits.machine_type) {
		case 'phone':
			return traits.os === 'ios'
				? `${first}'s iPhone`
				: rng.pick([`${first}'s Phone`, `Galaxy S${rng.int(21, 24)}`]);
		case 'server':
			return `srv-${rng.pick(SERVER_ROLES)}-${number}`;
		case 'vm':
			return `vm-${rng.pick(SERVER_ROLES)}-${number}`;
		default:
			if (traits.os === 'macos')
				return traits.machine_type === 'laptop' ? `${first}s-MacBook-Pro` : `${first}s-iMac`;
			if (traits.os === 'linux') return `${first.toLowerCase()}-ubuntu-${number}`;
			return rng.chance(0.3)
				? `${rng.pick(DEPARTMENTS)}-WS-${String(index).padStart(4, '0')}`
				: `${traits.machine_type === 'laptop' ? 'LAPTOP' : 'DESKTOP'}-${rng.chars(UPPER_ALNUM, 7)}`;
	}
}

/**
 * HWIDs of 16 (upper case) or 32 (hex, or mixed case on phones) characters like the documentation's;
 * their last characters encode the device's index, scrambled, so that no two are the same.
 */
function hwid(rng: Random, traits: Traits, index: number, seedHash: number): string {
	const tag = scramble24(index, ~seedHash);
	if (traits.machine_type === 'phone')
		return rng.chars(MIXED_ALNUM, 27) + tag.toString(36).padStart(5, '0');
	if (rng.chance(0.3)) return rng.chars(HEX, 26) + tag.toString(16).padStart(6, '0');
	return rng.chars(UPPER_ALNUM, 11) + tag.toString(36).toUpperCase().padStart(5, '0');
}

/** Network adapters per machine: laptops have Wi-Fi and docks, phones and VMs one. */
const ADAPTER_COUNTS: Record<MachineType, (rng: Random) => number> = {
	laptop: (rng) => rng.int(1, 3),
	desktop: (rng) => rng.int(1, 2),
	server: (rng) => rng.int(1, 2),
	vm: () => 1,
	phone: () => 1,
};

function adapters(rng: Random, traits: Traits, index: number, seedHash: number): NetworkAdapter[] {
	const count = ADAPTER_COUNTS[traits.machine_type](rng);
	const upperCase = rng.chance(0.15);
	return Array.from({ length: count }, (_, k) => ({
		mac_addr: formatMac(
			rng.pick(OUIS[traits.machine_type]) * 2 ** 24 + scramble24(index * 4 + k, seedHash),
			upperCase,
		),
		ipv4_addr: rng.chance(0.7)
			? `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(2, 254)}`
			: `192.168.${rng.int(0, 255)}.${rng.int(2, 254)}`,
		ipv6_addr: rng.chance(0.7)
			? `fe80::${[0, 0, 0, 0].map(() => rng.chars(HEX, 4).replace(/^0+(?=.)/, '')).join(':')}`
			: '',
	}));
}

/** ISO time without milliseconds, as the documentation's last_seen (`2013-12-04T08:00:00Z`). */
const isoSeconds = (time: number) => `${new Date(time).toISOString().slice(0, 19)}Z`;

const accountKeys = new Map<number, string>();

/** The account key that every remediation link of a fleet carries (as in the documentation's links). */
function accountKey(seedHash: number): string {
	let key = accountKeys.get(seedHash);
	if (key === undefined) {
		key = new Random(mix32(seedHash ^ 0x5bd1e995)).chars(HEX, 32);
		accountKeys.set(seedHash, key);
	}
	return key;
}

/** Enrolment of the first device of a fleet; each next one 30 s later (with jitter), in index order. */
const ENROLMENT_START = FLEET_CLOCK - 400 * 86_400_000;

/** When device `index` joined: in index order, so that a fleet's order is its enrolment order. */
const enrolledAt = (seedHash: number, index: number) =>
	new Date(
		ENROLMENT_START + index * 30_000 + (mix32(seedHash ^ (index + 0x9e37)) % 30_000),
	).toISOString();

/**
 * Device number `index` of the fleet of `seed`: the same arguments always give the same device.
 * Without `forced` traits, the first devices of a fleet follow the coverage list.
 */
export function generateDevice(seed: number, index: number, forced?: Partial<Traits>): SimDevice {
	if (!Number.isInteger(index) || index < 0 || index >= MAX_GENERATED_DEVICES) {
		throw new RangeError(`A generated fleet holds at most ${MAX_GENERATED_DEVICES} devices`);
	}
	const seedHash = hashSeed(seed);
	const rng = new Random(mix32(seedHash ^ mix32(index + 1)));
	const coverage = index < COVERAGE.length ? COVERAGE[(index + seedHash) % COVERAGE.length] : {};
	const traits = pickTraits(rng, forced ?? coverage);
	const agentless = traits.agent === 'none';
	const first = rng.pick(FIRST_NAMES);
	const host = hostname(rng, traits, first, index);
	const id = hwid(rng, traits, index, seedHash);
	const release = rng.pick(OS_RELEASES[traits.os]);
	const totalIssue =
		traits.critical || traits.status === 1
			? rng.int(1, 14)
			: traits.status === 0
				? rng.int(0, 2)
				: 0;
	const criticalIssues = traits.critical ? rng.int(1, Math.min(3, totalIssue)) : 0;
	const lastSeen = traits.active
		? FLEET_CLOCK - rng.int(0, 900) * 1000
		: FLEET_CLOCK - rng.int(3600, 90 * 86400) * 1000;
	return {
		hwid: id,
		hostname: host,
		nickname: rng.chance(0.7) ? host : `${first}'s ${traits.machine_type}`,
		agent_version: traits.agent_version,
		critical_status: traits.critical ? 1 : 0,
		total_critical_issue: criticalIssues,
		last_seen: isoSeconds(lastSeen),
		machine_type: traits.machine_type,
		country: rng.weighted(COUNTRIES),
		active: traits.active,
		total_issue: totalIssue,
		exempt: traits.exempt ? 1 : 0,
		user_info: agentless
			? { username: '', domain: '' }
			: {
					username: traits.machine_type === 'server' ? 'Administrator' : first.toLowerCase(),
					domain: rng.chance(0.6) ? 'CORP' : host.toUpperCase(),
				},
		user: rng.chance(0.75) ? '' : rng.pick(GROUP_USERS),
		os_info: {
			...release,
			os_language: rng.weighted(LANGUAGES),
			user_password_set: traits.machine_type === 'phone' ? '' : rng.chance(0.9) ? '1' : '0',
		},
		network_info: adapters(rng, traits, index, seedHash),
		status: traits.status,
		remediation_link:
			`https://gears.opswat.com/gears/remediation/${accountKey(seedHash)}/${id}/${rng.chars(MIXED_ALNUM, 21)}/remediation.html` +
			(traits.machine_type === 'phone' ? '?od=2' : ''),
		category: traits.category,
		agent: traits.agent,
		group: rng.weighted(GROUPS),
		custom_id: traits.customId ? `ASSET-${String(index + 1).padStart(6, '0')}` : null,
		exempt_until: null,
		enrolled_at: enrolledAt(seedHash, index),
		commands: [],
	};
}

/** Devices `from` to `from + count - 1` of the fleet of `seed`. */
export function generateFleet(seed: number, count: number, from = 0): SimDevice[] {
	return Array.from({ length: count }, (_, i) => generateDevice(seed, from + i));
}
