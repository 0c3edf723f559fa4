/**
 * The node as an AI agent's tool: every parameter of every operation is described, and is either
 * filled by the model (prefilled in the tool's form with a description written for the model) or
 * kept by the builder, for a stated reason; what the model is asked for per operation, as both
 * n8n versions resolve the tool's parameters; the node's own form unchanged; and a tool run that
 * gives a bad value back to the model as the tool's result.
 */
import { NodeHelpers, traverseNodeParameters } from 'n8n-workflow';
import type {
	INode,
	INodeParameters,
	INodeProperties,
	INodePropertyOptions,
	INodeTypeDescription,
} from 'n8n-workflow';

import { OpswatMetaAccess } from '../../../nodes/OpswatMetaAccess/OpswatMetaAccess.node';
import {
	MODEL_INPUTS,
	withModelInputs,
} from '../../../nodes/OpswatMetaAccess/actions/shared/agentTool';
import * as device from '../../../nodes/OpswatMetaAccess/actions/device';
import { FakeApi } from '../../harness/fakeApi';
import { runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

const node = new OpswatMetaAccess().description;
const toolOf = (description: INodeTypeDescription) => ({
	...description,
	name: `${description.name}Tool`,
});
const OPERATIONS = (
	node.properties.find((p) => p.name === 'operation')!.options as INodePropertyOptions[]
).map((option) => String(option.value));

/**
 * The parameters the builder keeps in the tool's form, and why (docs/operations.md says the same).
 * A parameter added later must be put here or in MODEL_INPUTS.
 */
const KEPT_BY_THE_BUILDER: Record<string, string> = {
	resource:
		'one tool node is one resource and operation: what an agent may do is the builder’s choice',
	operation:
		'one tool node is one resource and operation: what an agent may do is the builder’s choice',
	simplify: 'the shape of what the model reads (simplified devices, labels included)',
	options:
		'request settings (Batch Size, older endpoint, rate-limit wait, timeout): the execution’s budget and the API’s compatibility, not what is asked',
	group:
		'where devices go is the builder’s policy, and no operation lists groups for a model to choose from',
	deleteOption: 'what Delete keeps of a device (its record kept, archived or removed for good)',
	waitForLog: 'whether a tool call blocks for minutes until the logs arrive',
	maxLogWait: 'how long a tool call may block',
	binaryPropertyName: 'the output’s file field: binary data does not reach the model',
	severity: 'which applications a listing keeps: the builder’s report, as its sort',
	categories: 'category IDs the model cannot know',
	sortBy: 'the order of the applications listed: the builder’s report',
	includeCves: 'up to 100 CVEs with summaries: what the model reads is the builder’s budget',
	antimalwareScan: 'which threat lists the builder’s workflow reads',
	localAntimalware: 'which threat lists the builder’s workflow reads',
	filters: 'which devices a listing keeps (and how many requests it costs): the builder’s report',
	scoreType: 'the CVE scale a listing reads and filters on: the builder’s report',
	knownExploitedOnly: 'which CVEs the builder’s report keeps',
	minScore: 'which CVEs the builder’s report keeps',
	details: 'how much of each CVE the listing reads: the builder’s budget',
	category: 'which log a listing reads: the builder’s report',
	events: 'which log entries a listing keeps: the builder’s report',
	window: 'how far back a log listing reads (and so how many requests it costs)',
	amount: 'how far back a log listing reads (and so how many requests it costs)',
	unit: 'how far back a log listing reads (and so how many requests it costs)',
	start: 'how far back a log listing reads (and so how many requests it costs)',
	end: 'how far back a log listing reads (and so how many requests it costs)',
};

/** Every parameter, and each option of a collection (of those the builder keeps too: `all`), with where it is. */
function everyParameter(
	properties: INodeProperties[],
	all: boolean,
	parent = '',
): Array<[string, INodeProperties]> {
	return properties.flatMap((property) => {
		const at = parent ? `${parent} > ${property.displayName}` : property.displayName;
		const nested =
			property.type === 'collection' && (all || !(property.name in KEPT_BY_THE_BUILDER))
				? everyParameter(property.options as INodeProperties[], all, at)
				: [];
		return [[at, property] as [string, INodeProperties], ...nested];
	});
}

describe('every parameter of every operation', () => {
	test('has a description (the resource and operation lists, and collections: each choice has one)', () => {
		const missing = everyParameter(node.properties, true)
			.filter(([, p]) => !['resource', 'operation'].includes(p.name) && p.type !== 'collection')
			.filter(([, p]) => typeof p.description !== 'string' || p.description.trim().length < 10)
			.map(([at]) => at);
		expect(missing).toEqual([]);
		const operations = node.properties.find((p) => p.name === 'operation')!;
		for (const option of operations.options as INodePropertyOptions[])
			expect(option.description).toMatch(/\w{3,}/);
	});

	test('is filled by the model or kept by the builder, never both, never neither', () => {
		const names = [...new Set(everyParameter(node.properties, false).map(([, p]) => p.name))];
		const unclassified = names.filter(
			(name) => !(name in MODEL_INPUTS) && !(name in KEPT_BY_THE_BUILDER),
		);
		expect(unclassified).toEqual([]);
		expect(names.filter((name) => name in MODEL_INPUTS && name in KEPT_BY_THE_BUILDER)).toEqual([]);
		// No entry names a parameter that does not exist.
		expect(Object.keys(MODEL_INPUTS).filter((name) => !names.includes(name))).toEqual([]);
		expect(Object.keys(KEPT_BY_THE_BUILDER).filter((name) => !names.includes(name))).toEqual([]);
	});
});

/** The tool node with these parameters, and its parameter values as n8n resolves them. */
function resolveTool(parameters: INodeParameters) {
	const tool = toolOf(node);
	const toolNode = { typeVersion: 1, parameters } as unknown as INode;
	const values = NodeHelpers.getNodeParameters(
		tool.properties,
		parameters,
		true,
		false,
		toolNode,
		tool,
	)!;
	return { tool, toolNode, values };
}

/** What n8n asks the model for: the $fromAI calls of the tool's parameters, as n8n resolves them. */
function modelInputs(parameters: INodeParameters) {
	const resolved = resolveTool(parameters).values;
	const calls: Array<{ key: string; description?: string; type: string; defaultValue?: unknown }> =
		[];
	traverseNodeParameters(resolved, calls as never);
	return calls;
}

const EXPECTED_KEYS: Record<string, string[]> = {
	getAll: ['returnAll', 'limit', 'sortBy', 'order', 'paging', 'pageSize', 'startPage'],
	exempt: ['identifyBy', 'devices', 'exemptTime'],
	get: ['device'],
	getRemediationLink: ['device'],
	search: ['query', 'searchIn', 'returnAll', 'limit'],
	getAgentLog: ['commandId'],
};
const BY_KEY = Object.fromEntries(
	Object.entries(MODEL_INPUTS).map(([name, input]) => [input.key ?? name, input]),
);
const keysOf = (operation: string) => EXPECTED_KEYS[operation] ?? ['identifyBy', 'devices'];

/** Every resource and operation pair, read from each Operation list (those added later too). */
const EVERY_OPERATION = node.properties
	.filter((p) => p.name === 'operation')
	.flatMap((p) =>
		(p.displayOptions?.show?.resource ?? ['device']).flatMap((resource) =>
			(p.options as INodePropertyOptions[]).map((option) => [
				String(resource),
				String(option.value),
			]),
		),
	);

// Run on n8n 2.8 and 2.41 (jest's two projects).
describe('the tool', () => {
	test.each(EVERY_OPERATION)(
		'%s %s: every input the model is asked for has its model description, with an example',
		(resource, operation) => {
			for (const input of modelInputs({ resource, operation })) {
				expect(BY_KEY[input.key]).toBeDefined();
				expect(input.description).toMatch(/^.{20,} e\.g\. /);
				expect(['string', 'number', 'boolean']).toContain(input.type);
			}
		},
	);

	test.each(OPERATIONS)('%s: the model fills exactly its inputs, each described', (operation) => {
		const inputs = modelInputs({ resource: 'device', operation });
		expect(inputs.map((input) => input.key).sort()).toEqual([...keysOf(operation)].sort());
		for (const input of inputs) {
			expect(input.description).toMatch(/ e\.g\. /);
			// Plain text inside a template literal of an expression.
			expect(input.description).not.toMatch(/[<`\\]|\$\{|\}\}/);
			// Optional inputs fall back on the form's default; the others must be given.
			expect(input.defaultValue === undefined).toBe(!BY_KEY[input.key].optional);
		}
	});

	test('Identify Devices By filled by the model: Devices is asked for once, with one description', () => {
		const inputs = modelInputs({ resource: 'device', operation: 'exempt' });
		const devices = inputs.filter((input) => input.key === 'devices');
		expect(devices).toHaveLength(1);
		expect(devices[0].description).toContain('MAC addresses');
		expect(devices[0].description).toContain('device IDs');
	});

	test('the model’s description of Sort By lists its values and default', () => {
		const [sortBy] = modelInputs({ resource: 'device', operation: 'getAll' }).filter(
			(input) => input.key === 'sortBy',
		);
		expect(sortBy.description).toMatch(
			/ One of "none", "hwid", "host", "issues"\. Default: "none"\.$/,
		);
		expect(sortBy).toMatchObject({ type: 'string', defaultValue: 'none' });
	});

	test.each(OPERATIONS)(
		'%s: the tool’s form shows none of the node’s own twinned fields, though the model fills the values they depend on',
		(operation) => {
			const { tool, toolNode, values } = resolveTool({ resource: 'device', operation });
			const shown = (tools: boolean) =>
				tool.properties
					.filter((p) => p.displayOptions?.show?.['@tool']?.[0] === tools)
					.filter((p) => NodeHelpers.displayParameter(values, p, toolNode, tool))
					.map((p) => p.name);
			expect(shown(false)).toEqual([]);
			expect(shown(true).length).toBeGreaterThan(0);
		},
	);

	test('a value the builder fixes is not asked of the model', () => {
		const inputs = modelInputs({
			resource: 'device',
			operation: 'exempt',
			identifyBy: 'mac',
			exemptTime: 24,
		});
		expect(inputs.map((input) => input.key)).toEqual(['devices']);
	});

	test.each(OPERATIONS)('%s: the node’s own form is as without the tool’s twins', (operation) => {
		for (const extra of [{}, { identifyBy: 'mac' }, { paging: 'manual', returnAll: true }]) {
			const parameters = { resource: 'device', operation, ...extra };
			const resolve = (properties: INodeProperties[]) =>
				NodeHelpers.getNodeParameters(
					properties,
					parameters,
					true,
					false,
					{
						typeVersion: 1,
						parameters,
					} as unknown as INode,
					node,
				);
			const own = [node.properties[0], ...device.description];
			expect(resolve(withModelInputs(own))).toEqual(resolve(own));
			expect(JSON.stringify(resolve(node.properties))).not.toContain('$fromAI');
		}
	});
});

describe('a tool run', () => {
	let api: FakeApi;
	const env = useNodeTestEnvironment();
	beforeEach(() => {
		api = new FakeApi(env.clock);
		api.handler = (request) => ({
			status: 200,
			body: (request.body as { ids: string[] }).ids.map((id) => ({ id, status: 1 })),
		});
	});
	const exempt = { operation: 'exempt' };

	test('takes the model’s values from the tool call', async () => {
		const { items } = await runActionNode({ parameters: exempt, asTool: {} }, [
			{ devices: 'AAA1, BBB2', exemptTime: 24 },
		]);
		expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
			[
				'POST',
				'/o/api/v3.1/devices/action',
				{ types: 'exempt', ids: ['AAA1', 'BBB2'], params: { exempt_time: 24 } },
			],
		]);
		expect(items.map((item) => item.json.result)).toEqual(['applied', 'applied']);
	});

	test('gives a bad value back as its result, and sends nothing', async () => {
		const { items } = await runActionNode({ parameters: exempt, asTool: {} }, [
			{ devices: 'AAA1', exemptTime: 24, identifyBy: 'name' },
		]);
		expect(items).toEqual([
			{
				json: {
					error: `Item 0: 'Identify Devices By' is "name", which is not one of "id", "mac"`,
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(api.requests).toEqual([]);
	});

	test('gives an API failure back as its result', async () => {
		api.handler = () => ({ status: 500, body: { error: 'boom' } });
		const { items } = await runActionNode({ parameters: { operation: 'getAll' }, asTool: {} }, [
			{},
		]);
		expect(items).toEqual([
			{
				json: { error: 'MetaAccess answered HTTP 500 to GET /o/api/v2.3/devices: boom' },
				pairedItem: { item: 0 },
			},
		]);
		// A GET is tried again on a 500: four tries in all, then the error goes to the model.
		expect(api.requests.map((r) => [r.method, r.path])).toEqual(
			Array(4).fill(['GET', '/o/api/v2.3/devices']),
		);
	});

	test('stops with the error when its On Error is Stop Workflow, and sends nothing', async () => {
		await expect(
			runActionNode({ parameters: exempt, asTool: { onError: 'stopWorkflow' } }, [
				{ devices: 'AAA1', exemptTime: 70000 },
			]),
		).rejects.toMatchObject({
			name: 'NodeOperationError',
			message: expect.stringMatching(/^Item 0: 'Exempt For \(Hours\)' must be/),
		});
		expect(api.requests).toEqual([]);
	});
});
