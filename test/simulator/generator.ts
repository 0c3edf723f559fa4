import type { Agent, Category, NetworkAdapter, OsInfo, SimDevice } from './fleet';
import { formatMac } from './mac';
import { hashSeed, mix32, Random } from './random';

export const MACHINE_TYPES = ['laptop', 'desktop', 'vm', 'server', 'phone'] as const;
export type MachineType = (typeof MACHINE_TYPES)[number];

type OsKind = 'windows' | 'windows-server' | 'macos' | 'linux' | 'android' | 'ios';

/** What a generated device is, before its details are drawn. */
export interface Traits {
	machine_type: MachineType;
	category: Category;
	agent: Agent;
	os: OsKind;
	agent_version: string;
	active: 0 | 1;
	status: 0 | 1 | 3;
	critical: boolean;
	exempt: boolean;
	customId: boolean;
}

/**
 * The last_seen times of a fleet are drawn before this instant, not before the current time, so that
 * a seed gives the same fleet on every run.
 */
export const FLEET_CLOCK = Date.UTC(2026, 10, 20, 12, 0, 0);

/** Devices a generated fleet can hold: MAC addresses are unique for up to 4 adapters each in 2^24 values. */
export const MAX_GENERATED_DEVICES = 2 ** 22;

/**
 * The first devices of every generated fleet, so that even a small fleet holds every case of the
 * Device Action v3.1 applicability table (and the statuses and flags a listing can show).
 */
const COVERAGE: Array<Partial<Traits>> = [
	{ machine_type: 'desktop', category: 'unknown' },
	{ machine_type: 'laptop', category: 'ignored' },
	{ machine_type: 'laptop', category: 'out_of_license', agent: 'persistent' },
	{ machine_type: 'server', category: 'monitored', agent: 'domain-controller', active: 1 },
	{
		machine_type: 'laptop',
		category: 'monitored',
		agent: 'persistent',
		os: 'windows',
		agent_version: '7.6.230.0',
		active: 1,
	},
	{
		machine_type: 'desktop',
		category: 'monitored',
		agent: 'persistent',
		os: 'windows',
		agent_version: '7.6.231.0',
		active: 1,
	},
	{
		machine_type: 'laptop',
		category: 'monitored',
		agent: 'persistent',
		os: 'macos',
		agent_version: '10.4.224.0',
		active: 1,
	},
	{
		machine_type: 'laptop',
		category: 'monitored',
		agent: 'persistent',
		os: 'macos',
		agent_version: '10.4.225.0',
		active: 1,
	},
	{
		machine_type: 'desktop',
		category: 'monitored',
		agent: 'persistent',
		os: 'windows',
		agent_version: '7.6.305.0',
		active: 0,
	},
	{ machine_type: 'laptop', category: 'monitored', agent: 'on-demand', active: 1 },
	{ machine_type: 'phone', category: 'monitored', os: 'android' },
	{ machine_type: 'phone', category: 'monitored', os: 'ios' },
	{
		machine_type: 'vm',
		category: 'monitored',
		agent: 'persistent',
		os: 'linux',
		agent_version: '8.1.42.0',
		active: 1,
	},
	{
		machine_type: 'desktop',
		category: 'monitored',
		agent: 'persistent',
		os: 'windows',
		agent_version: '6.1.51.0',
	},
	{ machine_type: 'laptop', category: 'monitored', agent: 'persistent', exempt: true },
	{ machine_type: 'laptop', category: 'monitored', agent: 'persistent', status: 1, critical: true },
	{ machine_type: 'desktop', category: 'monitored', agent: 'persistent', status: 3 },
	{ machine_type: 'laptop', category: 'monitored', agent: 'persistent', status: 0 },
	{ machine_type: 'server', category: 'monitored', agent: 'persistent', customId: true },
];

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

const OS_BY_MACHINE: Record<MachineType, ReadonlyArray<readonly [OsKind, number]>> = {
	laptop: [
		['windows', 70],
		['macos', 25],
		['linux', 5],
	],
	desktop: [
		['windows', 80],
		['macos', 10],
		['linux', 10],
	],
	vm: [
		['windows', 50],
		['linux', 50],
	],
	server: [
		['windows-server', 60],
		['linux', 40],
	],
	phone: [
		['android', 60],
		['ios', 40],
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

function pickTraits(rng: Random, forced: Partial<Traits>): Traits {
	const machine =
		forced.machine_type ??
		rng.weighted<MachineType>([
			['laptop', 40],
			['desktop', 25],
			['vm', 12],
			['server', 8],
			['phone', 15],
		]);
	const category =
		forced.category ??
		(machine === 'phone'
			? rng.weighted<Category>([
					['monitored', 95],
					['out_of_license', 5],
				])
			: rng.weighted<Category>([
					['monitored', 86],
					['unknown', 5],
					['ignored', 3],
					['out_of_license', 6],
				]));
	const agent = forced.agent ?? defaultAgent(rng, machine, category);
	const os =
		forced.os ??
		(agent === 'domain-controller' ? 'windows-server' : rng.weighted(OS_BY_MACHINE[machine]));
	const agentless = agent === 'none';
	const status =
		forced.status ??
		(agentless
			? 1
			: rng.weighted<0 | 1 | 3>([
					[0, 55],
					[1, 35],
					[3, 10],
				]));
	return {
		machine_type: machine,
		category,
		agent,
		os,
		agent_version: forced.agent_version ?? agentVersion(rng, agent, os),
		active:
			forced.active ?? (agentless ? 0 : agent === 'domain-controller' || rng.chance(0.8) ? 1 : 0),
		status,
		critical: forced.critical ?? (status === 1 && !agentless && rng.chance(0.4)),
		exempt: forced.exempt ?? (category === 'monitored' && rng.chance(0.06)),
		customId: forced.customId ?? rng.chance(0.1),
	};
}

function defaultAgent(rng: Random, machine: MachineType, category: Category): Agent {
	if (category === 'unknown' || category === 'ignored') return 'none';
	if (machine === 'phone') return 'mobile';
	if (machine === 'server' && rng.chance(0.25)) return 'domain-controller';
	return rng.chance(0.8) ? 'persistent' : 'on-demand';
}

/** Agent versions on both sides of the fetch_agent_log thresholds (7.6.231.0 and 10.4.225.0 for macOS agents). */
function agentVersion(rng: Random, agent: Agent, os: OsKind): string {
	switch (agent) {
		case 'none':
			return '';
		case 'mobile':
			return `7.0.${rng.int(200, 320)}.0`;
		case 'domain-controller':
			return `2.${rng.int(1, 4)}.${rng.int(10, 90)}.0`;
		default:
			if (os === 'macos') {
				return rng.chance(0.7) ? `10.4.${rng.int(225, 398)}.0` : `10.4.${rng.int(120, 224)}.0`;
			}
			return rng.weighted<() => string>([
				[() => `7.6.${rng.int(231, 420)}.0`, 50],
				[() => `8.${rng.int(0, 3)}.${rng.int(10, 180)}.0`, 20],
				[() => `7.6.${rng.int(100, 230)}.0`, 20],
				[() => `7.5.${rng.int(10, 99)}.0`, 8],
				[() => '6.1.51.0', 2],
			])();
	}
}

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
		commands: [],
	};
}

/** Devices `from` to `from + count - 1` of the fleet of `seed`. */
export function generateFleet(seed: number, count: number, from = 0): SimDevice[] {
	return Array.from({ length: count }, (_, i) => generateDevice(seed, from + i));
}
