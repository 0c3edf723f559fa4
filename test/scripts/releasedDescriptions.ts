/**
 * The released node descriptions: one JSON snapshot per node and typeVersion in
 * test/fixtures/released/ (`<node name>.v<typeVersion>.json`), which
 * test/unit/releasedDescriptions.test.ts holds each released version to, exactly.
 *
 * A saved workflow keeps the typeVersion of each of its nodes, and n8n runs it with that version's
 * description, so a released version's description never changes: a change of behaviour is a new
 * typeVersion beside the old one (n8n's versioned nodes: `version: [1, 2]` with displayOptions
 * `@version`, or a VersionedNodeType). A snapshot holds what a saved workflow depends on: the
 * parameters' names, types, defaults, options (their values), display options, type options and
 * modes, the node's credentials, inputs, outputs, polling and webhooks. Labels, descriptions, hints
 * and placeholders are left out: rewording needs no new version.
 *
 *   npx ts-node --transpile-only test/scripts/releasedDescriptions.ts              adds the snapshot of
 *       every node version that has none, and refuses (exit 1) to change one that differs
 *   npx ts-node --transpile-only test/scripts/releasedDescriptions.ts --check      writes nothing; exit 1
 *       when a snapshot is missing or differs, saying what changed
 *   npx ts-node --transpile-only test/scripts/releasedDescriptions.ts --overwrite  rewrites every snapshot
 *
 * Run it at each release, before publishing: it adds the versions the release publishes.
 * The snapshots in the repository were taken before 0.1.0 was published, from the descriptions of
 * that time: once 0.1.0's descriptions are final, regenerate them once with --overwrite, and
 * publish. After that, --overwrite is never used on a published version.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
	NodeHelpers,
	type IDisplayOptions,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type IVersionedNodeType,
} from 'n8n-workflow';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface Snapshot {
	node: string;
	typeVersion: number;
	/** The package version the snapshot was taken from (the first release that carries it). */
	releasedIn: string;
	description: { [key: string]: Json };
}

const ROOT = path.join(__dirname, '..', '..');
export const RELEASED_DIR = path.join(ROOT, 'test', 'fixtures', 'released');

/** Words for people, at any depth: a saved workflow does not depend on them. */
const WORDING = new Set([
	'displayName',
	'description',
	'hint',
	'placeholder',
	'action',
	'builderHint',
	'errorMessage',
]);
/** Node-level fields of presentation (the node's name, icon, panel texts, docs link). */
const PRESENTATION = new Set([
	...WORDING,
	'version',
	'defaultVersion',
	'subtitle',
	'icon',
	'iconColor',
	'iconUrl',
	'iconBasePath',
	'badgeIconUrl',
	'documentationUrl',
	'defaults',
	'codex',
	'eventTriggerDescription',
	'activationMessage',
	'triggerPanel',
	'hints',
]);

/** JSON as it would be saved: functions and undefined values dropped. */
const plain = (value: unknown): Json => JSON.parse(JSON.stringify(value ?? null)) as Json;

/** A value with its wording dropped, at any depth (type options, modes, routing, …). */
function withoutWording(value: unknown): Json {
	if (Array.isArray(value)) return value.map(withoutWording);
	if (value === null || typeof value !== 'object') return plain(value);
	const out: { [key: string]: Json } = {};
	for (const [key, entry] of Object.entries(value)) {
		if (!WORDING.has(key) && entry !== undefined && typeof entry !== 'function') {
			out[key] = withoutWording(entry);
		}
	}
	return out;
}

/** Whether an entry with these display options exists in typeVersion `version` (n8n's own check of `@version`). */
function existsIn(
	displayOptions: IDisplayOptions | undefined,
	version: number,
	description: INodeTypeDescription,
): boolean {
	const only = (rules?: Record<string, unknown>) =>
		rules?.['@version'] === undefined ? undefined : { '@version': rules['@version'] };
	const versionRules = { show: only(displayOptions?.show), hide: only(displayOptions?.hide) };
	if (!versionRules.show && !versionRules.hide) return true;
	return NodeHelpers.displayParameter(
		{},
		{ displayOptions: versionRules } as INodeProperties,
		{ typeVersion: version },
		description,
	);
}

/** Display options without `@version` (resolved for the snapshot's version), or undefined when nothing is left. */
function displayRules(displayOptions: IDisplayOptions): Json | undefined {
	const out: { [key: string]: Json } = {};
	for (const [key, rules] of Object.entries(displayOptions)) {
		if ((key === 'show' || key === 'hide') && rules && typeof rules === 'object') {
			const rest = Object.fromEntries(
				Object.entries(rules).filter(([name]) => name !== '@version'),
			);
			if (Object.keys(rest).length > 0) out[key] = plain(rest);
		} else if (rules !== undefined) out[key] = plain(rules);
	}
	return Object.keys(out).length > 0 ? out : undefined;
}

function heldProperties(
	properties: INodeProperties[],
	version: number,
	description: INodeTypeDescription,
): Json[] {
	return properties
		.filter((property) => existsIn(property.displayOptions, version, description))
		.map((property) => heldProperty(property, version, description));
}

function heldProperty(
	property: INodeProperties,
	version: number,
	description: INodeTypeDescription,
): Json {
	const out: { [key: string]: Json } = {};
	for (const [key, value] of Object.entries(property)) {
		if (WORDING.has(key) || value === undefined || typeof value === 'function') continue;
		if (key === 'default') out[key] = plain(value);
		else if (key === 'displayOptions') {
			const rules = displayRules(value as IDisplayOptions);
			if (rules !== undefined) out[key] = rules;
		} else if (key === 'options') out[key] = heldOptions(property, version, description);
		else out[key] = withoutWording(value);
	}
	return out;
}

/** Choices by value (their labels and order are presentation); a collection's fields as fields. */
function heldOptions(
	property: INodeProperties,
	version: number,
	description: INodeTypeDescription,
): Json {
	const options = (property.options ?? []) as unknown as Array<Record<string, unknown>>;
	const present = options.filter((option) =>
		existsIn(option.displayOptions as IDisplayOptions | undefined, version, description),
	);
	if (property.type === 'collection') {
		return heldProperties(present as unknown as INodeProperties[], version, description);
	}
	if (property.type === 'fixedCollection') {
		return present.map((group) => ({
			name: plain(group.name),
			values: heldProperties((group.values ?? []) as INodeProperties[], version, description),
		}));
	}
	return present
		.map((option) => {
			const { name: _label, ...rest } = option;
			return heldProperty(rest as unknown as INodeProperties, version, description);
		})
		.sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** The snapshot of one typeVersion of a node's description. */
export function snapshotOf(
	description: INodeTypeDescription,
	version: number,
	releasedIn: string,
): Snapshot {
	const held: { [key: string]: Json } = {};
	for (const [key, value] of Object.entries(description)) {
		if (PRESENTATION.has(key) || value === undefined || typeof value === 'function') continue;
		if (key === 'properties')
			held[key] = heldProperties(description.properties, version, description);
		else if (key === 'credentials') {
			held[key] = (description.credentials ?? [])
				.filter((credential) => existsIn(credential.displayOptions, version, description))
				.map((credential) =>
					heldProperty(credential as unknown as INodeProperties, version, description),
				);
		} else held[key] = withoutWording(value);
	}
	return { node: description.name, typeVersion: version, releasedIn, description: held };
}

/** Every typeVersion a node type offers: `version: [1, 2]`, or a VersionedNodeType's node versions. */
export function snapshotsOfNodeType(
	nodeType: INodeType | IVersionedNodeType,
	releasedIn: string,
): Snapshot[] {
	if ('nodeVersions' in nodeType) {
		return Object.keys(nodeType.nodeVersions)
			.map(Number)
			.sort((a, b) => a - b)
			.flatMap((version) =>
				snapshotsOfNodeType(nodeType.nodeVersions[version], releasedIn).filter(
					(snapshot) => snapshot.typeVersion === version,
				),
			);
	}
	const { description } = nodeType;
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	return [...versions]
		.sort((a, b) => a - b)
		.map((version) => snapshotOf(description, version, releasedIn));
}

/** The package's nodes as n8n loads them (package.json's n8n.nodes), from their TypeScript sources. */
export function packageSnapshots(): Snapshot[] {
	const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
		version: string;
		n8n: { nodes: string[] };
	};
	return pkg.n8n.nodes.flatMap((built) => {
		const source = path.join(ROOT, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		const className = path.basename(built, '.node.js');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const NodeClass = (require(source) as Record<string, new () => INodeType>)[className];
		return snapshotsOfNodeType(new NodeClass(), pkg.version);
	});
}

export const snapshotFile = (node: string, typeVersion: number) => `${node}.v${typeVersion}.json`;

export function readReleased(dir = RELEASED_DIR): Snapshot[] {
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Snapshot);
}

/** ": name" of a list entry that has a name (a parameter, a credential), to say which one differs. */
function nameOf(...entries: Array<Json | undefined>): string {
	const named = entries.find(
		(entry) => entry !== null && typeof entry === 'object' && !Array.isArray(entry),
	) as { name?: Json } | undefined;
	return typeof named?.name === 'string' ? `: ${named.name}` : '';
}

/** Where two JSON values differ: one line per path (list entries with their name), at most `limit`. */
export function differences(released: Json, current: Json, at = '', limit = 20): string[] {
	const out: string[] = [];
	const walk = (a: Json | undefined, b: Json | undefined, where: string) => {
		if (out.length >= limit || JSON.stringify(a) === JSON.stringify(b)) return;
		const nested = (v: Json | undefined): v is { [key: string]: Json } =>
			v !== null && typeof v === 'object';
		if (nested(a) && nested(b) && Array.isArray(a) === Array.isArray(b)) {
			for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
				const next = Array.isArray(a)
					? `${where}[${key}${nameOf(a[key], b[key])}]`
					: `${where}.${key}`;
				walk(a[key], b[key], next);
			}
			return;
		}
		const show = (v: Json | undefined) => (v === undefined ? '(none)' : JSON.stringify(v));
		out.push(`${where || '(description)'}: ${show(a)} → ${show(b)}`);
	};
	walk(released, current, at);
	return out;
}

const NEW_VERSION =
	'A saved workflow runs with the typeVersion it was built with, so a released version must not change. ' +
	"Put the change in a new typeVersion and keep this one as it is, as n8n's versioned nodes do: `version: [1, 2]` " +
	"with displayOptions `show: { '@version': [2] }` (or `hide`) on what differs, or a VersionedNodeType with a node class per version. " +
	"At release, test/scripts/releasedDescriptions.ts adds the new version's snapshot. " +
	"(Only while this version has never been published may its snapshot be rewritten, with that script's --overwrite.)";

/** What is wrong with the package's node versions against the released snapshots: one message per released version. */
export function releasedProblems(released: Snapshot[], current: Snapshot[]): string[] {
	return released.flatMap((snapshot) => {
		const name = `${snapshot.node} typeVersion ${snapshot.typeVersion} (released in ${snapshot.releasedIn})`;
		const now = current.find(
			(entry) => entry.node === snapshot.node && entry.typeVersion === snapshot.typeVersion,
		);
		if (now === undefined) return [`${name} is gone from the package. ${NEW_VERSION}`];
		const changed = differences(snapshot.description, now.description, 'description');
		if (changed.length === 0) return [];
		return [`${name} changed:\n  ${changed.join('\n  ')}\n${NEW_VERSION}`];
	});
}

function main() {
	const mode = process.argv.includes('--overwrite')
		? 'overwrite'
		: process.argv.includes('--check')
			? 'check'
			: 'add';
	const current = packageSnapshots();
	mkdirSync(RELEASED_DIR, { recursive: true });
	const released = readReleased();
	const problems = mode === 'overwrite' ? [] : releasedProblems(released, current);
	const missing = current.filter(
		(entry) =>
			mode === 'overwrite' ||
			!released.some((r) => r.node === entry.node && r.typeVersion === entry.typeVersion),
	);
	if (mode === 'check') {
		for (const entry of missing)
			problems.push(`${entry.node} typeVersion ${entry.typeVersion} has no snapshot`);
	} else {
		for (const entry of missing) {
			const file = snapshotFile(entry.node, entry.typeVersion);
			writeFileSync(path.join(RELEASED_DIR, file), `${JSON.stringify(entry, null, '\t')}\n`);
			console.log(`wrote test/fixtures/released/${file}`);
		}
	}
	for (const problem of problems) console.error(`${problem}\n`);
	if (problems.length > 0) process.exit(1);
	if (mode === 'check') console.log('Every node version has its snapshot, and none changed.');
}

if (require.main === module) main();
