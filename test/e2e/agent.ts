/**
 * n8n's AI Agent drives the node as its tool, in a real n8n: a scripted chat model (an
 * OpenAI-compatible server, reached through n8n's OpenAI Chat Model node) is asked to list the
 * non-compliant devices, then exempt those whose name starts with LAB for 24 hours. It checks what
 * the agent sends it at each step (the tools and the descriptions of their inputs, then each tool
 * result) and answers with fixed tool calls: a listing, an exemption with a bad value (the node's
 * error must come back as the tool result), the exemption, then a final answer built from the
 * results. The simulator must have received exactly the listing and one exemption request.
 */
import { EXAMPLE_CREDENTIAL, MANUAL_TRIGGER_NAME } from '../../examples/builder';
import { nodeJson, NODE_TYPES, ScriptedChatModel, type ChatRequest, type ChatStep } from '../lab';
import type { SimDevice } from '../simulator';
import { builtActionDescription } from './browserForms';
import type { Scenario } from './context';
import { actionDescription, assertEqual, assertTrue, expectedSimple } from './expect';
import { FAST_RATE_LIMIT } from './operations';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const PROMPT =
	'List the non-compliant devices, then exempt those whose name starts with LAB for 24 hours';
const AGENT = 'AI Agent';
const LIST = 'List Devices';
const EXEMPT = 'Exempt Devices';
/** n8n names a tool after its node. */
const LIST_TOOL = 'List_Devices';
const EXEMPT_TOOL = 'Exempt_Devices';
const OPENAI_CREDENTIAL = { id: 'e2eScriptedModel', name: 'Scripted chat model' };

/**
 * The tool inputs an operation asks the model for (JSON Schema), from the node's own form as n8n
 * loads it: the tool's copy of each field holds the `$fromAI(key, description, type[, default])`
 * that n8n turns into the tool's schema (an optional input has a default).
 */
function expectedParameters(operation: string, names: string[]): Json {
	const properties: Json = {};
	const required: string[] = [];
	// The node as n8n loads it (dist/); ts-node would resolve the source's name to its codex JSON.
	const { properties: form } = builtActionDescription();
	for (const name of names) {
		const property = form.find(
			(p) =>
				p.name === name &&
				p.displayOptions?.show?.['@tool']?.[0] === true &&
				p.displayOptions.show.operation?.includes(operation),
		)!;
		const value = property.default as string | { value: string };
		const text = typeof value === 'string' ? value : value.value;
		const call = /\$fromAI\('([^']+)', `([\s\S]*?)`, '(\w+)'(?:, (.*))?\) \}\}$/.exec(text);
		assertTrue(call !== null, `the tool's ${name} is filled by $fromAI: ${text}`);
		const [, key, description, type, fallback] = call!;
		properties[key] = {
			type,
			description,
			...(fallback !== undefined ? { default: JSON.parse(fallback) } : {}),
		};
		if (fallback === undefined) required.push(key);
	}
	return { properties, required: required.sort() };
}

/** The tools of a request: name → description and its inputs (type, description, default), required ones. */
function toolsOf(request: ChatRequest): Json {
	return Object.fromEntries(
		(request.tools ?? []).map(({ function: tool }) => [
			tool.name,
			{
				description: tool.description,
				properties: Object.fromEntries(
					Object.entries(tool.parameters.properties as Json).map(([key, schema]) => [
						key,
						{
							type: schema.type,
							description: schema.description,
							...('default' in schema ? { default: schema.default } : {}),
						},
					]),
				),
				required: [...((tool.parameters.required as string[] | undefined) ?? [])].sort(),
			},
		]),
	);
}

/** The last message of the conversation: the result of the tool call the previous step made. */
function toolResult(request: ChatRequest, callId: string): Json[] {
	const last = request.messages.at(-1)!;
	assertEqual(
		{ role: last.role, tool_call_id: last.tool_call_id },
		{ role: 'tool', tool_call_id: callId },
		'the last message is the tool result',
	);
	return JSON.parse(last.content as string) as Json[];
}

/** Renames three devices LAB-…: two non-compliant (to exempt), one compliant (to leave). */
function labDevices(context: Parameters<Scenario['run']>[0]): SimDevice[] {
	const candidates = context.sim.raw().filter((d) => d.category === 'monitored' && d.exempt === 0);
	assertTrue(candidates.length >= 4, 'the fleet has 4 monitored devices that are not exempt');
	const lab = candidates.slice(0, 3).map((device, i) => {
		const name = `LAB-${101 + i}`;
		const fields = { hostname: name, nickname: name, status: i < 2 ? 1 : 0 };
		return context.sim.simulation.updateDevice(device.hwid, fields, Date.now());
	});
	context.sim.simulation.log.clear();
	return lab;
}

export const agentScenario: Scenario = {
	id: 'agent',
	name: 'AI Agent with the node as its tool: list the non-compliant devices, exempt those named LAB… for 24 hours',
	checks:
		'the scripted model gets both tools with a description for each input; the listing, then the error of a bad value, then the exemption results as tool results; final answer built from them; requests = 1 listing page + 1 exempt request; exactly the 2 LAB devices exempt for 24 h',
	async run(context) {
		await context.prepare({ devices: 20, rateLimit: FAST_RATE_LIMIT });
		const lab = labDevices(context);
		const before = context.sim.raw();
		const targets = lab.filter((device) => device.status === 1);
		assertTrue(
			before.some((d) => d.status === 1 && !d.hostname.startsWith('LAB')),
			'the fleet has non-compliant devices not named LAB…',
		);
		const ids = targets.map((device) => device.hwid);
		const steps: ChatStep[] = [
			(request) => {
				assertEqual(request.messages.at(-1), { role: 'user', content: PROMPT }, 'the prompt');
				const list = ['returnAll', 'limit', 'groupBy', 'order', 'paging', 'pageSize', 'startPage'];
				assertEqual(
					toolsOf(request),
					{
						[EXEMPT_TOOL]: {
							description: 'Exempt devices in OPSWAT MetaAccess',
							...expectedParameters('exempt', ['identifyBy', 'devices', 'exemptTime']),
						},
						[LIST_TOOL]: {
							description: 'Get many devices in OPSWAT MetaAccess',
							...expectedParameters('getAll', list),
						},
					},
					'the tools the agent offers the model',
				);
				return { toolCalls: [{ name: LIST_TOOL, arguments: { returnAll: true } }] };
			},
			(request) => {
				const devices = toolResult(request, 'call_1');
				assertEqual(devices, context.sim.listing().map(expectedSimple), 'the listing');
				const chosen = devices.filter(
					(d) => d.status === 'non-compliant' && String(d.hostname).startsWith('LAB'),
				);
				assertEqual(
					chosen.map((d) => d.hwid),
					ids,
					'the non-compliant LAB devices',
				);
				// A bad value: the model tries to name the devices by their names.
				const names = chosen.map((d) => d.hostname).join(', ');
				return {
					toolCalls: [
						{
							name: EXEMPT_TOOL,
							arguments: { identifyBy: 'name', devices: names, exemptTime: 24 },
						},
					],
				};
			},
			(request) => {
				assertEqual(
					toolResult(request, 'call_2'),
					[{ error: `Item 0: 'Identify Devices By' is "name", which is not one of "id", "mac"` }],
					'the error of the bad value',
				);
				return {
					toolCalls: [
						{ name: EXEMPT_TOOL, arguments: { devices: ids.join(', '), exemptTime: 24 } },
					],
				};
			},
			(request) => {
				const results = toolResult(request, 'call_3');
				assertEqual(
					results,
					ids.map((id) => ({
						id,
						action: 'exempt',
						result_code: 1,
						result: 'applied',
						result_description: actionDescription('exempt', 1),
						success: true,
					})),
					'the exemption results',
				);
				return { text: finalAnswer(results, targets) };
			},
		];
		const model = await ScriptedChatModel.start(steps);
		try {
			await context.home.importCredential({
				...OPENAI_CREDENTIAL,
				type: 'openAiApi',
				data: { apiKey: 'sk-e2e-scripted', url: model.baseUrl },
			});
			const [id] = await context.home.importWorkflows([agentWorkflow()]);
			const started = Date.now();
			const { result, stdout, stderr } = await context.home.execute(id, { allowError: true });
			const finished = Date.now();
			context.captured.push({ label: 'n8n execute e2e agent', text: stdout + stderr });
			assertEqual(model.failures, [], 'what the scripted model refused');
			assertEqual(result.status, 'success', 'execution status');
			assertEqual(model.requests.length, 4, 'requests to the chat model');
			assertEqual(
				nodeJson(result, AGENT),
				[
					{
						output: finalAnswer(
							ids.map((hwid) => ({ id: hwid, result: 'applied' })),
							targets,
						),
					},
				],
				'the agent’s answer',
			);
			checkSimulator(context, before, ids, started, finished);
		} finally {
			await model.close();
		}
	},
};

/** The final answer, built from the exemption results. */
function finalAnswer(results: Json[], devices: SimDevice[]): string {
	const name = (hwid: string) => devices.find((device) => device.hwid === hwid)?.hostname;
	const lines = results.map((r) => `${name(r.id)} (${r.id}): ${r.result}`);
	return `Exempted for 24 hours: ${lines.join('; ')}.`;
}

/** Exactly the listing page and one exempt request; exactly the targets exempt for 24 hours. */
function checkSimulator(
	context: Parameters<Scenario['run']>[0],
	before: SimDevice[],
	ids: string[],
	started: number,
	finished: number,
): void {
	const requests = context.sim.requests();
	assertEqual(
		requests.map((r) => ({ method: r.method, path: r.path, query: r.query, body: r.body })),
		[
			{
				method: 'GET',
				path: '/o/api/v2.3/devices',
				query: { limit: '50', access_token: 'static#1' },
				body: null,
			},
			{
				method: 'POST',
				path: '/o/api/v3.1/devices/action',
				query: { access_token: 'static#1' },
				body: { types: 'exempt', ids, params: { exempt_time: 24 } },
			},
		],
		`MetaAccess requests\n${context.sim.describeRequests(requests)}`,
	);
	const after = new Map(context.sim.raw().map((device) => [device.hwid, device]));
	const day = 24 * 3_600_000;
	for (const device of before) {
		const now = after.get(device.hwid)!;
		if (!ids.includes(device.hwid)) {
			assertEqual(now, device, `device ${device.hwid} unchanged`);
			continue;
		}
		const until = Date.parse(now.exempt_until ?? '');
		assertTrue(
			now.exempt === 1 && until >= started + day - 1000 && until <= finished + day + 1000,
			`${device.hostname} exempt for 24 hours (exempt ${now.exempt}, until ${now.exempt_until})`,
		);
	}
}

/** Manual trigger → AI Agent, with the OpenAI Chat Model (the scripted server) and two tools of this node. */
function agentWorkflow(): object {
	const credentials = { opswatMetaAccessApi: { ...EXAMPLE_CREDENTIAL } };
	const node = (
		name: string,
		type: string,
		typeVersion: number,
		x: number,
		y: number,
		parameters: Json,
		extra: Json = {},
	) => ({
		id: `e2e-agent-${name.toLowerCase().replace(/\W+/g, '-')}`,
		name,
		type,
		typeVersion,
		position: [x, y],
		parameters,
		...extra,
	});
	return {
		name: 'OPSWAT MetaAccess: e2e AI agent',
		nodes: [
			node(MANUAL_TRIGGER_NAME, 'n8n-nodes-base.manualTrigger', 1, 0, 0, {}),
			node(AGENT, '@n8n/n8n-nodes-langchain.agent', 3.1, 240, 0, {
				promptType: 'define',
				text: PROMPT,
				options: {},
			}),
			node(
				'OpenAI Chat Model',
				'@n8n/n8n-nodes-langchain.lmChatOpenAi',
				1.3,
				160,
				240,
				{
					model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' },
					// Chat Completions, which OpenAI-compatible servers answer (not the Responses API).
					responsesApiEnabled: false,
					options: { maxRetries: 0 },
				},
				{ credentials: { openAiApi: OPENAI_CREDENTIAL } },
			),
			// Only the operation is set: every input the model fills is the tool's default.
			...[
				[LIST, 'getAll'],
				[EXEMPT, 'exempt'],
			].map(([name, operation], i) =>
				node(
					name,
					`${NODE_TYPES.action}Tool`,
					1,
					320 + 160 * i,
					240,
					{
						resource: 'device',
						operation,
					},
					{ credentials },
				),
			),
		],
		connections: {
			[MANUAL_TRIGGER_NAME]: { main: [[{ node: AGENT, type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: AGENT, type: 'ai_languageModel', index: 0 }]],
			},
			[LIST]: { ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]] },
			[EXEMPT]: { ai_tool: [[{ node: AGENT, type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}
