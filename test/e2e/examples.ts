/** The example workflows as shipped: up to date, explained, and referring to the shared credential. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { outdatedExamples } from '../../examples/files';
import { EXAMPLE_CREDENTIAL } from '../../examples/builder';
import type { Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import { NODE_TYPES, REPO_ROOT } from '../lab';

const BASE_TYPES = [
	'n8n-nodes-base.manualTrigger',
	'n8n-nodes-base.filter',
	'n8n-nodes-base.set',
	'n8n-nodes-base.stickyNote',
	'n8n-nodes-base.scheduleTrigger',
	'n8n-nodes-base.code',
	'n8n-nodes-base.convertToFile',
	'n8n-nodes-base.httpRequest',
];

export const examplesScenario: Scenario = {
	id: 'examples',
	name: 'Example workflows: up to date, explained, importable',
	checks:
		'examples/*.json equal what examples/workflows.ts builds; each has a sticky note saying what to set, one node per operation overall, only base nodes and this package, and every package node refers to the shared credential; all 10 imported into n8n',
	async run(context) {
		assertEqual(
			await outdatedExamples(),
			[],
			'example files that differ from examples/workflows.ts (run test/scripts/build-examples.ts)',
		);
		const files = (await readdir(path.join(REPO_ROOT, 'examples')))
			.filter((file) => file.endsWith('.json'))
			.sort();
		assertEqual(
			files,
			context.examples.map((example) => example.file).sort(),
			'files in examples/',
		);
		const operations = new Set<string>();
		for (const file of files) {
			const workflow = JSON.parse(
				await readFile(path.join(REPO_ROOT, 'examples', file), 'utf8'),
			) as {
				name: string;
				nodes: Array<{
					name: string;
					type: string;
					parameters: Record<string, unknown>;
					credentials?: Record<string, unknown>;
				}>;
				connections: Record<string, { main: Array<Array<{ node: string }>> }>;
			};
			assertTrue(
				/^OPSWAT MetaAccess: /.test(workflow.name),
				`${file}: a meaningful name (${workflow.name})`,
			);
			const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			assertEqual(notes.length, 1, `${file}: sticky notes`);
			assertTrue(
				/\*\*To set\*\*/.test(String(notes[0].parameters.content)),
				`${file}: the sticky note says what to set`,
			);
			const names = workflow.nodes.map((node) => node.name);
			assertEqual(new Set(names).size, names.length, `${file}: unique node names`);
			for (const node of workflow.nodes) {
				const ours = [NODE_TYPES.action, NODE_TYPES.trigger, NODE_TYPES.logTrigger].includes(
					node.type as (typeof NODE_TYPES)['action'],
				);
				assertTrue(ours || BASE_TYPES.includes(node.type), `${file}: node type ${node.type}`);
				if (ours) {
					assertEqual(
						node.credentials,
						{ opswatMetaAccessApi: { ...EXAMPLE_CREDENTIAL } },
						`${file}: credential of ${node.name}`,
					);
					if (node.type === NODE_TYPES.action) operations.add(String(node.parameters.operation));
				}
			}
			for (const [from, { main }] of Object.entries(workflow.connections)) {
				assertTrue(names.includes(from), `${file}: connection from ${from}`);
				for (const target of main.flat())
					assertTrue(names.includes(target.node), `${file}: connection to ${target.node}`);
			}
			assertTrue(context.workflowIds.has(file), `${file} was imported`);
		}
		assertEqual(
			[...operations].sort(),
			[
				'assignToGroup',
				'delete',
				'exempt',
				'get',
				'getAll',
				'getAllOfDevice',
				'getRemediationLink',
				'renewIp',
			],
			'operations the examples use',
		);
	},
};
