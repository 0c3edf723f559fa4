/**
 * Every released node version keeps its description: a saved workflow runs with the typeVersion
 * it was built with, so a change of behaviour must come as a new typeVersion beside the old one.
 * The snapshots (test/fixtures/released/) are written by test/scripts/releasedDescriptions.ts.
 */
import type { INodeProperties, INodeType, INodeTypeDescription } from 'n8n-workflow';

import {
	differences,
	packageSnapshots,
	readReleased,
	releasedProblems,
	snapshotOf,
	snapshotsOfNodeType,
	type Snapshot,
} from '../scripts/releasedDescriptions';

const released = readReleased();
const current = packageSnapshots();

test("0.1.0's node versions keep their snapshots (later releases add theirs beside them)", () => {
	const from010 = released
		.filter((snapshot) => snapshot.releasedIn === '0.1.0')
		.map((snapshot) => [snapshot.node, snapshot.typeVersion]);
	expect(from010).toEqual([
		['opswatMetaAccess', 1],
		['opswatMetaAccess', 2],
		['opswatMetaAccessLogTrigger', 1],
		['opswatMetaAccessTrigger', 1],
		['opswatMetaAccessWebhookTrigger', 1],
	]);
});

describe.each(released.map((snapshot) => [`${snapshot.node} v${snapshot.typeVersion}`, snapshot]))(
	'%s, as released',
	(_name, snapshot) => {
		test('its description is unchanged (parameters, defaults, options, display options, credentials)', () => {
			const problems = releasedProblems([snapshot as Snapshot], current);
			if (problems.length > 0) throw new Error(problems.join('\n\n'));
		});
	},
);

/** A small node of two versions: v2 adds a field and changes a default, the n8n way. */
const properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Fast', value: 'fast', description: 'Quick' },
			{ name: 'Careful', value: 'careful' },
		],
		default: 'fast',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		options: [
			{ name: 'Fast', value: 'fast' },
			{ name: 'Careful', value: 'careful' },
		],
		default: 'careful',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		hint: 'How many',
		displayOptions: { show: { mode: ['fast'] }, hide: { '@version': [1] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		default: {},
		placeholder: 'Add option',
		options: [{ displayName: 'Timeout', name: 'timeout', type: 'number', default: 60 }],
	},
];
const twoVersions = {
	displayName: 'Sample',
	name: 'sample',
	group: ['transform'],
	version: [1, 2],
	description: 'A sample',
	defaults: { name: 'Sample' },
	inputs: ['main'],
	outputs: ['main'],
	credentials: [
		{ name: 'sampleApi', required: true },
		{ name: 'sampleOAuth2Api', required: true, displayOptions: { show: { '@version': [2] } } },
	],
	properties,
} as unknown as INodeTypeDescription;

/** The problems once `change` is made to the node, whose version 1 was released (version 2 not yet). */
const problemsAfter = (change: (description: INodeTypeDescription) => void) => {
	const before = [snapshotOf(twoVersions, 1, '0.1.0')];
	const changed = structuredClone(twoVersions);
	change(changed);
	return releasedProblems(
		before,
		snapshotsOfNodeType({ description: changed } as INodeType, '0.2.0'),
	);
};

test('each typeVersion holds what n8n shows in it: `@version` resolved, wording left out', () => {
	const [v1, v2] = snapshotsOfNodeType({ description: twoVersions } as INodeType, '0.1.0');
	expect(v1).toEqual({
		node: 'sample',
		typeVersion: 1,
		releasedIn: '0.1.0',
		description: {
			name: 'sample',
			group: ['transform'],
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'sampleApi', required: true }],
			properties: [
				{
					name: 'mode',
					type: 'options',
					options: [{ value: 'careful' }, { value: 'fast' }],
					default: 'fast',
				},
				{
					name: 'options',
					type: 'collection',
					default: {},
					options: [{ name: 'timeout', type: 'number', default: 60 }],
				},
			],
		},
	});
	expect(v2.typeVersion).toBe(2);
	expect(v2.description.credentials).toEqual([
		{ name: 'sampleApi', required: true },
		{ name: 'sampleOAuth2Api', required: true },
	]);
	expect(v2.description.properties).toEqual([
		{
			name: 'mode',
			type: 'options',
			options: [{ value: 'careful' }, { value: 'fast' }],
			default: 'careful',
		},
		{
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			displayOptions: { show: { mode: ['fast'] } },
		},
		{
			name: 'options',
			type: 'collection',
			default: {},
			options: [{ name: 'timeout', type: 'number', default: 60 }],
		},
	]);
});

test('a changed default, option, display option, type option, credential or field of a released version fails, naming it and saying to add a typeVersion', () => {
	const cases: Array<[string, (d: INodeTypeDescription) => void, string]> = [
		[
			'default',
			(d) => (d.properties[0].default = 'careful'),
			'description.properties[0: mode].default: "fast" → "careful"',
		],
		[
			'option removed',
			(d) => d.properties[0].options!.pop(),
			'description.properties[0: mode].options[1]: {"value":"fast"} → (none)',
		],
		[
			'display option',
			(d) => (d.properties[0].displayOptions = { show: { '@version': [1], mode: ['x'] } }),
			'description.properties[0: mode].displayOptions: (none) → {"show":{"mode":["x"]}}',
		],
		[
			'type option',
			(d) => ((d.properties[3].options![0] as INodeProperties).typeOptions = { maxValue: 600 }),
			'description.properties[1: options].options[0: timeout].typeOptions: (none) → {"maxValue":600}',
		],
		[
			'field renamed',
			(d) => ((d.properties[3].options![0] as INodeProperties).name = 'timeoutSeconds'),
			'description.properties[1: options].options[0: timeout].name: "timeout" → "timeoutSeconds"',
		],
		[
			'credential',
			(d) => (d.credentials![0].required = false),
			'description.credentials[0: sampleApi].required: true → false',
		],
	];
	for (const [what, change, line] of cases) {
		const problems = problemsAfter(change);
		expect({ what, problems: problems.length }).toEqual({ what, problems: 1 });
		expect(problems[0]).toContain('sample typeVersion 1 (released in 0.1.0) changed:');
		expect(problems[0]).toContain(`\n  ${line}\n`);
		expect(problems[0]).toContain('Put the change in a new typeVersion and keep this one as it is');
		expect(problems[0]).toContain(
			"`version: [1, 2]` with displayOptions `show: { '@version': [2] }`",
		);
		expect(problems[0]).toContain('VersionedNodeType');
	}
});

test('a released version that is gone fails; a new version, new wording or a reordered choice list does not', () => {
	expect(problemsAfter((d) => (d.version = [2]))).toEqual([
		expect.stringMatching(
			/^sample typeVersion 1 \(released in 0\.1\.0\) is gone from the package\. A saved workflow/,
		),
	]);
	expect(
		problemsAfter((d) => {
			d.version = [1, 2, 3];
			d.displayName = 'Sample Renamed';
			d.properties[0].description = 'Now with help';
			d.properties[0].options!.reverse();
			(d.properties[0].options![0] as { name: string }).name = 'Slow and Careful';
			d.properties[3].placeholder = 'Add Option';
		}),
	).toEqual([]);
});

test('a VersionedNodeType gives each node version its own snapshot', () => {
	const version = (n: number, description: INodeTypeDescription) =>
		({ description: { ...description, version: n } }) as INodeType;
	const versioned = {
		description: {
			displayName: 'Sample',
			name: 'sample',
			defaultVersion: 2,
			description: 'A sample',
		},
		nodeVersions: { 1: version(1, twoVersions), 2: version(2, twoVersions) },
		currentVersion: 2,
		getLatestVersion: () => 2,
		getNodeType: () => version(2, twoVersions),
	};
	const snapshots = snapshotsOfNodeType(versioned as never, '0.1.0');
	expect(snapshots.map((s) => s.typeVersion)).toEqual([1, 2]);
	expect(snapshots[0]).toEqual(snapshotOf(twoVersions, 1, '0.1.0'));
	expect(snapshots[1]).toEqual(snapshotOf(twoVersions, 2, '0.1.0'));
});

test('differences lists every changed path, up to the limit', () => {
	expect(differences({ a: [1, 2], b: { c: 'x' } }, { a: [1, 3, 4], b: {} })).toEqual([
		'.a[1]: 2 → 3',
		'.a[2]: (none) → 4',
		'.b.c: "x" → (none)',
	]);
	expect(differences({ a: 1 }, { a: 1 })).toEqual([]);
	expect(
		differences(
			Array.from({ length: 30 }, () => 0),
			[],
			'',
			5,
		),
	).toHaveLength(5);
});
