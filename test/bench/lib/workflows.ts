/**
 * The benchmark's n8n workflows, both ways:
 *
 * - this package: Start → Device List (Edit Fields, raw JSON) → One Item per Device (Split Out) →
 *   OPSWAT MetaAccess (Perform Action / Delete / Get Many);
 * - what users build today: the same input into n8n's HTTP Request node (typeVersion 4.4, the
 *   latest in n8n 2.8.4), one request per item (the access token as a query parameter, as the
 *   MetaAccess API requires), or one node paginating Get Devices, with Retry On Fail on.
 *
 * The input items come from Edit Fields + Split Out rather than a Code node, so that no task
 * runner start-up sits inside the execution time measured.
 */
import { ACTION_NODE_TYPE, type WorkflowNode } from '../../../examples/builder';

export const NODE = {
	start: 'Start',
	deviceList: 'Device List',
	split: 'One Item per Device',
	package: 'OPSWAT MetaAccess',
	http: 'HTTP Request',
} as const;

export const HTTP_REQUEST_TYPE = 'n8n-nodes-base.httpRequest';
/** The latest HTTP Request version in n8n 2.8.4 (packages/nodes-base/nodes/HttpRequest/HttpRequest.node.ts: 4.4). */
export const HTTP_REQUEST_VERSION = 4.4;
export const CREDENTIAL_TYPE = 'opswatMetaAccessApi';
/** n8n's own Query Auth credential (a query parameter's name and value): the HTTP Request node's way to keep the token. */
export const QUERY_AUTH_TYPE = 'httpQueryAuth';

export interface Workflow {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: 'main'; index: number }>> }
	>;
	settings: Record<string, unknown>;
	active: boolean;
	pinData: Record<string, unknown>;
}

export interface CredentialRef {
	id: string;
	name: string;
}

/** Retry On Fail as a user turns it on: the most tries (5) and the longest wait the editor allows. */
export interface RetrySettings {
	maxTries: number;
	waitBetweenTriesMs: number;
}

/** How the user's HTTP Request workflow is set up. */
export interface HttpWay {
	retry: RetrySettings;
	/** On Error: stop the workflow (n8n's default) or continue with the error as the item's output. */
	continueOnError: boolean;
	/** A careful user spaces the requests: Batching (1 item a batch) / pagination interval, in ms. */
	spacingMs?: number;
}

let nodeCounter = 0;
function node(
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	parameters: Record<string, unknown>,
): WorkflowNode {
	nodeCounter += 1;
	return { id: `bench-node-${nodeCounter}`, name, type, typeVersion, position: [x, 0], parameters };
}

function chain(name: string, nodes: WorkflowNode[]): Workflow {
	const connections: Workflow['connections'] = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return {
		name,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
		pinData: {},
	};
}

/** Start → Device List → One Item per Device: one input item `{ hwid }` per device. */
function inputNodes(hwids: readonly string[]): WorkflowNode[] {
	const start = node(NODE.start, 'n8n-nodes-base.manualTrigger', 1, 0, {});
	if (hwids.length === 0) return [start];
	const list = node(NODE.deviceList, 'n8n-nodes-base.set', 3.4, 200, {
		mode: 'raw',
		jsonOutput: JSON.stringify({ devices: hwids.map((hwid) => ({ hwid })) }),
		options: {},
	});
	const split = node(NODE.split, 'n8n-nodes-base.splitOut', 1, 400, {
		fieldToSplitOut: 'devices',
		include: 'noOtherFields',
		options: {},
	});
	return [start, list, split];
}

function packageNode(credential: CredentialRef, parameters: Record<string, unknown>): WorkflowNode {
	return {
		...node(NODE.package, ACTION_NODE_TYPE, 1, 600, { resource: 'device', ...parameters }),
		credentials: { [CREDENTIAL_TYPE]: credential },
	};
}

/** Batch Size: a number sets the option; undefined leaves it at its default (100). */
function batchOptions(batchSize: number | undefined): Record<string, unknown> {
	return batchSize === undefined ? {} : { batchSize };
}

/** The package's node acting on each input item's device (`{{ $json.hwid }}`), after the input nodes. */
function packageOverDevices(
	name: string,
	hwids: readonly string[],
	credential: CredentialRef,
	parameters: Record<string, unknown>,
	batchSize: number | undefined,
): Workflow {
	return chain(name, [
		...inputNodes(hwids),
		packageNode(credential, {
			...parameters,
			identifyBy: 'id',
			devices: '={{ $json.hwid }}',
			options: batchOptions(batchSize),
		}),
	]);
}

/** A workflow of the package's node with these parameters, over the devices, at a Batch Size (undefined: its default). */
const overDevices =
	(parameters: Record<string, unknown>) =>
	(name: string, hwids: readonly string[], credential: CredentialRef, batchSize?: number) =>
		packageOverDevices(name, hwids, credential, parameters, batchSize);

export const packagePerformAction = overDevices({ operation: 'exempt', exemptTime: 0 });
export const packageDelete = overDevices({ operation: 'delete', deleteOption: 1 });

export function packageGetMany(name: string, credential: CredentialRef): Workflow {
	return chain(name, [
		...inputNodes([]),
		packageNode(credential, { operation: 'getAll', returnAll: true, options: {} }),
	]);
}

function httpNode(way: HttpWay, parameters: Record<string, unknown>): WorkflowNode {
	return {
		...node(NODE.http, HTTP_REQUEST_TYPE, HTTP_REQUEST_VERSION, 600, parameters),
		retryOnFail: true,
		maxTries: way.retry.maxTries,
		waitBetweenTries: way.retry.waitBetweenTriesMs,
		...(way.continueOnError ? { onError: 'continueRegularOutput' as const } : {}),
	};
}

function tokenQuery(token: string, extra: Array<{ name: string; value: string }> = []) {
	return {
		sendQuery: true,
		specifyQuery: 'keypair',
		queryParameters: { parameters: [{ name: 'access_token', value: token }, ...extra] },
	};
}

/** One POST per input item, the body written in the editor as JSON with the item's hwid. */
function httpPostPerItem(
	name: string,
	hwids: readonly string[],
	url: string,
	token: string,
	jsonBody: string,
	way: HttpWay,
): Workflow {
	return chain(name, [
		...inputNodes(hwids),
		httpNode(way, {
			method: 'POST',
			url,
			authentication: 'none',
			...tokenQuery(token),
			sendHeaders: false,
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody,
			options:
				way.spacingMs === undefined
					? {}
					: { batching: { batch: { batchSize: 1, batchInterval: way.spacingMs } } },
		}),
	]);
}

export function httpPerformAction(
	name: string,
	hwids: readonly string[],
	baseUrl: string,
	token: string,
	way: HttpWay,
): Workflow {
	const body =
		'={ "types": "exempt", "ids": ["{{ $json.hwid }}"], "params": { "exempt_time": 0 } }';
	return httpPostPerItem(name, hwids, `${baseUrl}/o/api/v3.1/devices/action`, token, body, way);
}

export function httpDelete(
	name: string,
	hwids: readonly string[],
	baseUrl: string,
	token: string,
	way: HttpWay,
): Workflow {
	const body = '={ "opt": 1, "HWID_list": ["{{ $json.hwid }}"] }';
	return httpPostPerItem(name, hwids, `${baseUrl}/o/api/v2/devices/delete`, token, body, way);
}

/**
 * Get Devices with the node's own pagination: `page` = $pageCount + 1, 50 a page, complete on a
 * short page or on the 413 the API answers past the last page (a fleet that fills its last page),
 * which Never Error lets through.
 */
export function httpGetMany(name: string, baseUrl: string, token: string, way: HttpWay): Workflow {
	return chain(name, [
		...inputNodes([]),
		httpNode(way, {
			method: 'GET',
			url: `${baseUrl}/o/api/v2.3/devices`,
			authentication: 'none',
			...tokenQuery(token, [{ name: 'limit', value: '50' }]),
			sendHeaders: false,
			sendBody: false,
			options: {
				// The 413 past the last page must reach the completion expression: n8n 2.41 fails the
				// node on it unless the response option Never Error is on (n8n 2.8 handed it over).
				response: { response: { neverError: true } },
				pagination: {
					pagination: {
						paginationMode: 'updateAParameterInEachRequest',
						parameters: {
							parameters: [{ type: 'qs', name: 'page', value: '={{ $pageCount + 1 }}' }],
						},
						paginationCompleteWhen: 'other',
						completeExpression: '={{ $response.statusCode === 413 || $response.body.length < 50 }}',
						limitPagesFetched: false,
						...(way.spacingMs === undefined ? {} : { requestInterval: way.spacingMs }),
					},
				},
			},
		}),
	]);
}

export type FloorKind = 'action' | 'delete' | 'getMany';

/**
 * n8n's part of a workload's time floor: the same trigger and input nodes, then n8n's own HTTP
 * Request node, run once for all items (Execute Once), sending the workload's floor requests that
 * fit in the first window — every device in one POST; or Get Devices pages 1 … `requests`, one
 * node each (no expression), the last one taking a 413 as an answer — with the token in an n8n
 * credential (n8n's own Query Auth, `access_token` = the token, as a user of the HTTP Request node
 * keeps it), no retries and no pacing: what n8n itself costs (starting the execution, running the
 * input nodes over the items, reading the credential, each request through n8n's HTTP machinery).
 * The POST's body gathers the devices with one expression, n8n's first in the process (about
 * 25 ms); the package has n8n evaluate `{{ $json.hwid }}` once per item.
 */
export function httpFloorRequest(
	name: string,
	kind: FloorKind,
	hwids: readonly string[],
	baseUrl: string,
	credential: CredentialRef,
	requests = 1,
): Workflow {
	const all = `$('${NODE.split}').all().map((item) => item.json.hwid)`;
	const http = (nodeName: string, x: number, request: Record<string, unknown>): WorkflowNode => ({
		...node(nodeName, HTTP_REQUEST_TYPE, HTTP_REQUEST_VERSION, x, {
			authentication: 'genericCredentialType',
			genericAuthType: QUERY_AUTH_TYPE,
			sendHeaders: false,
			options: {},
			...request,
		}),
		credentials: { [QUERY_AUTH_TYPE]: credential },
		executeOnce: true,
	});
	if (kind === 'getMany') {
		const pages = Array.from({ length: requests }, (_, index) => {
			const page = index + 1;
			return http(page === 1 ? NODE.http : `${NODE.http} (page ${page})`, 600 + 200 * index, {
				method: 'GET',
				url: `${baseUrl}/o/api/v2.3/devices`,
				sendQuery: true,
				specifyQuery: 'keypair',
				queryParameters: {
					parameters: [
						{ name: 'limit', value: '50' },
						...(page > 1 ? [{ name: 'page', value: String(page) }] : []),
					],
				},
				sendBody: false,
				// The page past the last one answers 413: an answer, as for the package.
				...(page > 1 ? { options: { response: { response: { neverError: true } } } } : {}),
			});
		});
		return chain(name, [...inputNodes([]), ...pages]);
	}
	const post = http(NODE.http, 600, {
		method: 'POST',
		url: `${baseUrl}${kind === 'action' ? '/o/api/v3.1/devices/action' : '/o/api/v2/devices/delete'}`,
		sendQuery: false,
		sendBody: true,
		contentType: 'json',
		specifyBody: 'json',
		jsonBody:
			kind === 'action'
				? `={{ JSON.stringify({ types: 'exempt', ids: ${all}, params: { exempt_time: 0 } }) }}`
				: `={{ JSON.stringify({ opt: 1, HWID_list: ${all} }) }}`,
	});
	return chain(name, [...inputNodes(hwids), post]);
}
