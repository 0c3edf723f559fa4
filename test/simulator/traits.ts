/**
 * What a generated device is, before its details are drawn: its machine type, category, agent, OS,
 * agent version and flags (drawn with realistic weights, or forced), and the coverage list that
 * puts every case of the Device Action v3.1 applicability table in the first devices of a fleet.
 */
import type { Agent, Category } from './fleet';
import type { Random } from './random';

export const MACHINE_TYPES = ['laptop', 'desktop', 'vm', 'server', 'phone'] as const;
export type MachineType = (typeof MACHINE_TYPES)[number];

export type OsKind = 'windows' | 'windows-server' | 'macos' | 'linux' | 'android' | 'ios';

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
 * The first devices of every generated fleet, so that even a small fleet holds every case of the
 * Device Action v3.1 applicability table (and the statuses and flags a listing can show).
 */
export const COVERAGE: Array<Partial<Traits>> = [
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

export function pickTraits(rng: Random, forced: Partial<Traits>): Traits {
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
