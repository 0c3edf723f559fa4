/**
 * What n8n's nodes panel and Docs link make of the node descriptions and codex files: the trigger's
 * events read as n8n labels trigger actions ("On …": an option's `action`, else "On " + its name),
 * the one panel entry for both nodes shows the trigger's description, and the Docs link lands on
 * its section (n8n opens documentationUrl as it is; it appends ?utm_… to the codex's URL).
 */
import { readFileSync } from 'fs';
import path from 'path';
import type { INodePropertyOptions } from 'n8n-workflow';

import { OpswatMetaAccess } from '../../nodes/OpswatMetaAccess/OpswatMetaAccess.node';
import { OpswatMetaAccessTrigger } from '../../nodes/OpswatMetaAccess/OpswatMetaAccessTrigger.node';

const REPO = 'https://github.com/opswat-metaaccess/n8n-nodes-opswat-metaaccess';
const action = new OpswatMetaAccess().description;
const trigger = new OpswatMetaAccessTrigger().description;
const codex = (file: string) =>
	JSON.parse(readFileSync(path.join(__dirname, '../../nodes/OpswatMetaAccess', file), 'utf8')) as {
		resources: Record<string, Array<{ url: string }>>;
	};

test('the trigger events read well in the nodes panel', () => {
	// n8n takes the trigger property named "Events" and labels each option with its action.
	const events = trigger.properties.find((p) => p.displayName.toLowerCase() === 'events')!;
	expect(
		(events.options as INodePropertyOptions[]).map((option) => [option.value, option.action]),
	).toEqual([
		['becameCompliant', 'On device becoming compliant'],
		['becameNonCompliant', 'On device becoming non-compliant'],
		['cameOnline', 'On device coming online'],
		['complianceStatusChanged', 'On compliance status change'],
		['criticalStatusChanged', 'On critical status change'],
		['deviceRemoved', 'On device removal'],
		['exemptionChanged', 'On exemption change'],
		['newDevice', 'On new device'],
		['wentOffline', 'On device going offline'],
	]);
});

test("the nodes panel's one entry for both nodes shows the trigger's description, which speaks of both", () => {
	// n8n merges "X Trigger" into "X" (same name without "Trigger") and gives it the trigger's description.
	expect(trigger.name.replace('Trigger', '')).toBe(action.name);
	expect(trigger.description).toBe(
		'List, act on and remediate devices in OPSWAT MetaAccess, and start workflows when devices change status, go offline or online, appear or are removed',
	);
});

test('the Docs links land on their section: documentationUrl as n8n opens it, codex URLs without an anchor', () => {
	expect(action.documentationUrl).toBe(`${REPO}#operations`);
	expect(trigger.documentationUrl).toBe(`${REPO}/blob/main/docs/trigger.md`);
	expect(codex('OpswatMetaAccess.node.json').resources.primaryDocumentation).toEqual([
		{ url: REPO },
	]);
	expect(codex('OpswatMetaAccessTrigger.node.json').resources.primaryDocumentation).toEqual([
		{ url: `${REPO}/blob/main/docs/trigger.md` },
	]);
	// n8n appends "?utm_source=…" to a codex URL: no anchor or query may come before it.
	for (const file of ['OpswatMetaAccess.node.json', 'OpswatMetaAccessTrigger.node.json']) {
		for (const { url } of codex(file).resources.primaryDocumentation) {
			expect(url).not.toMatch(/[#?]/);
		}
	}
});

test("the nodes panel finds the node by each operation's words (n8n searches names and codex aliases)", () => {
	const alias = (
		JSON.parse(
			readFileSync(
				path.join(__dirname, '../../nodes/OpswatMetaAccess/OpswatMetaAccess.node.json'),
				'utf8',
			),
		) as { alias: string[] }
	).alias.map((entry) => entry.toLowerCase());
	const operations = action.properties.find((p) => p.name === 'operation')!
		.options as INodePropertyOptions[];
	// Every word of an operation's name but the generic ones is in an alias.
	const generic = new Set(['get', 'many', 'to', 'of', 'the', 'a']);
	const missing = operations.flatMap((operation) =>
		operation.name
			.toLowerCase()
			.split(/\s+/)
			.filter((word) => !generic.has(word))
			.filter((word) => !alias.some((entry) => entry.split(/\s+/).includes(word)))
			.map((word) => `${operation.name}: ${word}`),
	);
	expect(missing).toEqual([]);
	for (const word of ['remediation', 'exempt', 'unexempt', 'ignore', 're-identify', 'dhcp']) {
		expect([word, alias.some((entry) => entry.split(/\s+/).includes(word))]).toEqual([word, true]);
	}
});
