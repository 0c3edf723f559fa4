/**
 * Builds the example workflows in examples/ (run `npx ts-node --transpile-only
 * test/scripts/build-examples.ts` after changing them here). Kept as code so that the seven workflows
 * share their conventions: the credential reference, node versions, layout and sticky notes.
 */
import { createHash } from 'node:crypto';

/** The credential every example refers to; the e2e suite and the demo import one with this id and name. */
export const EXAMPLE_CREDENTIAL = {
	id: 'opswatMetaAccess01',
	name: 'OPSWAT MetaAccess account',
} as const;

export const ACTION_NODE_TYPE = 'n8n-nodes-opswat-metaaccess.opswatMetaAccess';
export const TRIGGER_NODE_TYPE = 'n8n-nodes-opswat-metaaccess.opswatMetaAccessTrigger';
export const LOG_TRIGGER_NODE_TYPE = 'n8n-nodes-opswat-metaaccess.opswatMetaAccessLogTrigger';
export const MANUAL_TRIGGER_NAME = 'When clicking ‘Execute workflow’';

export interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	/** Node settings (the benchmark's HTTP Request nodes use them). */
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	/** Run the node once, for the first item only (n8n's Execute Once setting). */
	executeOnce?: boolean;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	>;
	settings: Record<string, unknown>;
	pinData: Record<string, unknown>;
	meta: Record<string, unknown>;
	tags: unknown[];
	active: boolean;
}

/** A stable UUID-shaped id, so that rebuilding the examples changes nothing that did not change. */
function stableId(...parts: string[]): string {
	const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const X = 240;

export class WorkflowBuilder {
	private readonly nodes: WorkflowNode[] = [];

	private readonly connections: Workflow['connections'] = {};

	private column = 0;

	constructor(
		private readonly id: string,
		private readonly name: string,
	) {}

	/** Adds a node in the next column, connected from the previous node (unless it is the first). */
	chain(
		name: string,
		type: string,
		typeVersion: number,
		parameters: Record<string, unknown>,
		withCredential = false,
	): this {
		const previous = this.nodes.filter((node) => node.type !== 'n8n-nodes-base.stickyNote').at(-1);
		this.nodes.push({
			id: stableId(this.id, name),
			name,
			type,
			typeVersion,
			position: [this.column * X, 300],
			parameters,
			...(withCredential
				? { credentials: { opswatMetaAccessApi: { ...EXAMPLE_CREDENTIAL } } }
				: {}),
		});
		this.column++;
		if (previous) {
			this.connections[previous.name] = { main: [[{ node: name, type: 'main', index: 0 }]] };
		}
		return this;
	}

	manualTrigger(): this {
		return this.chain(MANUAL_TRIGGER_NAME, 'n8n-nodes-base.manualTrigger', 1, {});
	}

	metaAccess(name: string, parameters: Record<string, unknown>): this {
		return this.chain(name, ACTION_NODE_TYPE, 1, { resource: 'device', ...parameters }, true);
	}

	/** The action node's typeVersion 2, for its Account, Group and Vulnerability resources. */
	metaAccessV2(name: string, resource: string, parameters: Record<string, unknown>): this {
		return this.chain(name, ACTION_NODE_TYPE, 2, { resource, ...parameters }, true);
	}

	/** A Filter node (v2.2) keeping the items that pass every condition. */
	filter(name: string, conditions: Condition[]): this {
		return this.chain(name, 'n8n-nodes-base.filter', 2.2, {
			conditions: {
				options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
				conditions: conditions.map((condition, index) => ({
					id: stableId(this.id, name, String(index)),
					leftValue: condition.left,
					rightValue: condition.right ?? '',
					operator: condition.operator,
				})),
				combinator: 'and',
			},
			options: {},
		});
	}

	/** A Set node (v3.4) giving only the listed fields. */
	set(
		name: string,
		fields: Array<{ name: string; value: string; type: 'string' | 'number' | 'boolean' }>,
	): this {
		return this.chain(name, 'n8n-nodes-base.set', 3.4, {
			assignments: {
				assignments: fields.map((field) => ({ id: stableId(this.id, name, field.name), ...field })),
			},
			options: {},
		});
	}

	/** The sticky note that explains the workflow, above its nodes. */
	note(content: string, height = 440): this {
		const width = Math.max(this.column, 3) * X + 60;
		this.nodes.unshift({
			id: stableId(this.id, 'sticky'),
			name: 'About this workflow',
			type: 'n8n-nodes-base.stickyNote',
			typeVersion: 1,
			position: [-40, 260 - height],
			parameters: { content, height, width, color: 7 },
		});
		return this;
	}

	build(): Workflow {
		return {
			id: this.id,
			name: this.name,
			nodes: this.nodes,
			connections: this.connections,
			settings: { executionOrder: 'v1' },
			pinData: {},
			meta: { templateCredsSetupCompleted: false },
			tags: [],
			active: false,
		};
	}
}

export interface Condition {
	left: string;
	right?: string | number | boolean;
	operator: { type: string; operation: string; singleValue?: boolean };
}

export const is = {
	numberEquals: (left: string, right: number): Condition => ({
		left,
		right,
		operator: { type: 'number', operation: 'equals' },
	}),
	stringEquals: (left: string, right: string): Condition => ({
		left,
		right,
		operator: { type: 'string', operation: 'equals' },
	}),
	isTrue: (left: string): Condition => ({
		left,
		operator: { type: 'boolean', operation: 'true', singleValue: true },
	}),
	before: (left: string, right: string): Condition => ({
		left,
		right,
		operator: { type: 'dateTime', operation: 'before' },
	}),
};
