/**
 * Runs the package's nodes the way n8n does, without a server: n8n-core's own ExecuteContext and
 * PollContext (parameters with their defaults and expressions, continueOnFail, getCredentials,
 * httpRequestWithAuthentication with its pre-authentication and 401 refresh, axios underneath),
 * with a credentials helper that behaves as the n8n server's does for this package's credential
 * (expirable field, generic authentication resolved as an expression).
 */
import { ExecuteContext, LoadOptionsContext } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IWorkflowExecuteAdditionalData,
	type NodeExecutionHint,
	type IRequestOptionsSimplifiedAuth,
} from 'n8n-workflow';

import { OpswatMetaAccessApi } from '../../credentials/OpswatMetaAccessApi.credentials';
import { OpswatMetaAccess } from '../../nodes/OpswatMetaAccess/OpswatMetaAccess.node';
import { OpswatMetaAccessLogTrigger } from '../../nodes/OpswatMetaAccess/OpswatMetaAccessLogTrigger.node';
import { OpswatMetaAccessTrigger } from '../../nodes/OpswatMetaAccess/OpswatMetaAccessTrigger.node';
import { OpswatMetaAccessWebhookTrigger } from '../../nodes/OpswatMetaAccess/OpswatMetaAccessWebhookTrigger.node';

export const ACTION_NODE_TYPE = 'n8n-nodes-opswat-metaaccess.opswatMetaAccess';
export const TRIGGER_NODE_TYPE = 'n8n-nodes-opswat-metaaccess.opswatMetaAccessTrigger';
export const LOG_TRIGGER_NODE_TYPE = 'n8n-nodes-opswat-metaaccess.opswatMetaAccessLogTrigger';
export const WEBHOOK_TRIGGER_NODE_TYPE =
	'n8n-nodes-opswat-metaaccess.opswatMetaAccessWebhookTrigger';
/** The action node as an AI agent's tool: n8n makes this type from the node (usableAsTool). */
export const ACTION_TOOL_NODE_TYPE = `${ACTION_NODE_TYPE}Tool`;

/** The tool n8n makes of the action node: its description named …Tool, which shows the tool's form. */
class OpswatMetaAccessTool extends OpswatMetaAccess {
	constructor(clock?: Clock) {
		super(clock);
		this.description = { ...this.description, name: `${this.description.name}Tool` };
	}
}

/**
 * What the package's nodes pace requests and wait with: the clock their constructor takes (real
 * time when given none). Read from the node's public constructor, so that the harness, which the
 * benchmark shares, needs nothing from behind the package's entry files.
 */
export type Clock = NonNullable<ConstructorParameters<typeof OpswatMetaAccessTrigger>[0]>;

/** The clock the harness builds its nodes with (a test's virtual clock, once installed; none: real time). */
let harnessClock: Clock | undefined;

/** Makes the harness build its nodes with this clock (undefined: real time, the nodes' own clock). */
export function useClock(clock: Clock | undefined) {
	harnessClock = clock;
}

/**
 * Real time, as a clock object of its own: the nodes keep their rate limiters per clock, so nodes
 * built with a fresh one know nothing of earlier runs. Nothing cancels its waits (the benchmark's
 * polls are never cancelled).
 */
export function realTimeClock(): Clock {
	return {
		now: () => Date.now(),
		sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
		jitter: () => Math.random(),
	};
}

/** The node types, as n8n would load them: built with the harness's clock when a run asks for one. */
const nodeClasses: Record<string, new (clock?: Clock) => INodeType> = {
	[ACTION_NODE_TYPE]: OpswatMetaAccess,
	[ACTION_TOOL_NODE_TYPE]: OpswatMetaAccessTool,
	[TRIGGER_NODE_TYPE]: OpswatMetaAccessTrigger,
	[LOG_TRIGGER_NODE_TYPE]: OpswatMetaAccessLogTrigger,
	[WEBHOOK_TRIGGER_NODE_TYPE]: OpswatMetaAccessWebhookTrigger,
};

const described: Record<string, INodeType> = {};

/**
 * With a clock that counts requests (EventClock), every request of this context is counted, so
 * that virtual time does not move while one is out.
 */
export function trackRequests(context: { helpers: object }) {
	const clock = harnessClock as
		| (Clock & { track?: <T>(request: Promise<T>) => Promise<T> })
		| undefined;
	if (typeof clock?.track !== 'function') return;
	const helpers = context.helpers as {
		httpRequestWithAuthentication: (...args: unknown[]) => Promise<unknown>;
	};
	const send = helpers.httpRequestWithAuthentication;
	helpers.httpRequestWithAuthentication = function (this: unknown, ...args: unknown[]) {
		return clock.track!(send.apply(this, args));
	};
}

/** A node of the type, built with the harness's current clock. */
export function nodeTypeInstance(type: string): INodeType {
	return new nodeClasses[type](harnessClock);
}

export const nodeTypes: INodeTypes = {
	getByName: (type) => (described[type] ??= new nodeClasses[type]()),
	getByNameAndVersion: (type) => (described[type] ??= new nodeClasses[type]()),
	getKnownTypes: () => ({}),
};

import { accessTokenCredential } from './credentialData';

export { accessTokenCredential, clientCredential } from './credentialData';

/**
 * The n8n server's credentials helper, for this package's one credential type: stored data (with
 * updates written back, as the server writes back a refreshed expirable token), pre-authentication
 * when the expirable field is empty or a request answered 401, generic authentication resolved
 * as expressions over $credentials.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly type: ICredentialType = new OpswatMetaAccessApi();

	/** Every write-back of the stored credential (pre-authentication results). */
	readonly updates: ICredentialDataDecryptedObject[] = [];

	/** How many times the stored credential was read and decrypted (n8n: a database read each). */
	reads = 0;

	constructor(public stored: ICredentialDataDecryptedObject | undefined) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	/** n8n 2.41+: whether a credential type may be used by a node type (this one sets no restriction). */
	isCredentialUsableByNode(credentialType: string): boolean {
		return credentialType === this.type.name;
	}

	/** n8n 2.41+: the credential type's pre-authentication, run without the expiry bookkeeping (OAuth paths). */
	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		if (!this.type.preAuthentication) return undefined;
		return (await this.type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const method = this.type.authenticate;
		if (typeof method === 'function') return await method(credentials, requestOptions);
		if (!method) return requestOptions;
		const properties = method.properties as IRequestOptionsSimplifiedAuth;
		const options = requestOptions as unknown as Record<string, IDataObject>;
		for (const [outer, entries] of Object.entries(properties)) {
			for (const [key, value] of Object.entries(entries as IDataObject)) {
				const resolved = workflow.expression.getSimpleParameterValue(
					node,
					value as string,
					'internal',
					{
						$credentials: credentials,
					},
				);
				options[outer] = { ...(options[outer] ?? {}), [key]: resolved as string };
			}
		}
		return requestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		if (!this.type.preAuthentication) return undefined;
		if (credentials.sessionToken !== '' && !credentialsExpired) return undefined;
		const output = (await this.type.preAuthentication.call(
			helpers,
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output.sessionToken === undefined) return undefined;
		Object.assign(credentials, output);
		this.stored = { ...(this.stored ?? {}), ...output } as ICredentialDataDecryptedObject;
		this.updates.push({ ...output } as ICredentialDataDecryptedObject);
		return credentials;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by the package');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		this.reads++;
		if (!this.stored) throw new Error('Node does not have any credentials set');
		return { ...this.stored };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties() {
		return this.type.properties;
	}
}

export interface NodeSetup {
	parameters: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	credentialsHelper?: TestCredentialsHelper;
	continueOnFail?: boolean;
	/** The node's typeVersion (default 1). */
	typeVersion?: number;
	/** Run as an AI agent's tool (the node's …Tool type), with this On Error setting if given. */
	asTool?: { onError?: INode['onError'] };
}

export function makeNode(
	type: string,
	parameters: INodeParameters,
	continueOnFail = false,
	typeVersion = 1,
): INode {
	return {
		id: 'node-under-test',
		name: type === TRIGGER_NODE_TYPE ? 'OPSWAT MetaAccess Trigger' : 'OPSWAT MetaAccess',
		type,
		typeVersion,
		position: [0, 0],
		parameters,
		credentials: { opswatMetaAccessApi: { id: 'cred-1', name: 'MetaAccess' } },
		...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

export function makeAdditionalData(helper: TestCredentialsHelper): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: helper,
		executionId: 'test-execution',
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		variables: {},
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'user-1',
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunResult {
	items: INodeExecutionData[];
	helper: TestCredentialsHelper;
	/** The execution hints the node added (n8n shows them above its output). */
	hints: NodeExecutionHint[];
}

/**
 * The n8n-core ExecuteContext one execution of the action node gets (requests tracked by the
 * harness clock), for tests that drive the client directly.
 */
export function actionContext(
	setup: NodeSetup,
	input: IDataObject[] = [{}],
): { context: ExecuteContext; helper: TestCredentialsHelper } {
	const helper =
		setup.credentialsHelper ??
		new TestCredentialsHelper(setup.credentials ?? accessTokenCredential());
	const node = makeNode(
		setup.asTool ? ACTION_TOOL_NODE_TYPE : ACTION_NODE_TYPE,
		{ resource: 'device', ...setup.parameters },
		setup.continueOnFail,
		setup.typeVersion,
	);
	if (setup.asTool?.onError) node.onError = setup.asTool.onError;
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: {},
	});
	const items: INodeExecutionData[] = input.map((json, index) => ({
		json,
		pairedItem: { item: index },
	}));
	const runExecutionData = createRunExecutionData();
	const context = new ExecuteContext(
		workflow,
		node,
		makeAdditionalData(helper),
		'manual',
		runExecutionData,
		0,
		items,
		{ main: [items] },
		{ node, data: { main: [items] }, source: { main: [{ previousNode: 'Start' }] } },
		[],
	);
	trackRequests(context);
	return { context, helper };
}

/** Runs the action node over the given input items, as one execution of n8n does. */
export async function runActionNode(
	setup: NodeSetup,
	input: IDataObject[] = [{}],
): Promise<RunResult> {
	const { context, helper } = actionContext(setup, input);
	const type = setup.asTool ? ACTION_TOOL_NODE_TYPE : ACTION_NODE_TYPE;
	const output = await nodeTypeInstance(type).execute!.call(context);
	return { items: (output as INodeExecutionData[][])[0], helper, hints: context.hints };
}

/**
 * The n8n-core LoadOptionsContext the editor's list search of the action node runs in (the
 * Device field's From List), requests tracked by the harness clock.
 */
export function loadOptionsContext(setup: Omit<NodeSetup, 'continueOnFail'>): {
	context: LoadOptionsContext;
	helper: TestCredentialsHelper;
} {
	const helper =
		setup.credentialsHelper ??
		new TestCredentialsHelper(setup.credentials ?? accessTokenCredential());
	const node = makeNode(
		ACTION_NODE_TYPE,
		{ resource: 'device', ...setup.parameters },
		false,
		setup.typeVersion,
	);
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		settings: {},
	});
	const context = new LoadOptionsContext(
		workflow,
		node,
		makeAdditionalData(helper),
		'parameters.device',
	);
	trackRequests(context);
	return { context, helper };
}

/** The action node's list search `method` (built with the harness clock), run as the editor does. */
export async function runListSearch(
	setup: Omit<NodeSetup, 'continueOnFail'>,
	method: string,
	filter?: string,
	paginationToken?: string,
) {
	const { context } = loadOptionsContext(setup);
	const node = nodeTypeInstance(ACTION_NODE_TYPE);
	return await node.methods!.listSearch![method].call(context, filter, paginationToken);
}
