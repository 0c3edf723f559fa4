/**
 * The benchmark's n8n: a fresh user folder with the built package installed as a community
 * package, its credentials and every workflow the benchmark runs imported, then one `n8n start`
 * for every execution, warm, as n8n runs in production (an `n8n execute` per run would add a
 * process start of 5–8 s each, which no figure counts), warmed up before anything is measured.
 */
import { N8nHome, type CredentialImport, type N8nServer, type SimFixture } from '../../lab';
import type { Case, RunContext } from './case';
import { seededHwids } from './case';
import { baseKey, buildCases } from './cases';
import { concurrencyWorkflow } from './concurrency';
import type { RateRule } from './floor';
import { getManyRequestFloor } from './floor';
import { BENCH_RUNTIME } from './n8nLine';
import { CONCURRENCY_FLEET, LIMIT, REQUESTS_PER_MINUTE, wanted } from './settings';
import { WEBHOOK_CREDENTIAL_TYPE, webhookSetup, type WebhookSetup } from './webhookPush';
import { CREDENTIAL_TYPE, httpFloorRequest, QUERY_AUTH_TYPE, type Workflow } from './workflows';
import { warmUpRun } from './workloads';

export interface BenchN8n {
	home: N8nHome;
	server: N8nServer;
	context: RunContext;
	/** The cases (a)–(c) wanted, their workflows imported. */
	cases: Case[];
	/** The package's credential as imported (queue mode imports it again). */
	credential: CredentialImport;
	concurrencyWorkflowId: string;
	/** (d) the webhook way, when wanted: its credential and workflow. */
	webhook?: { setup: WebhookSetup; workflowId: string };
}

/**
 * n8n's part of each workload's floor: its first floor requests sent by n8n's own HTTP Request node
 * (Execute Once): those of the first window, all of them for Perform Action and Delete (1), up to 10
 * pages for Get Many; where that is more than one, also a workflow sending only the first (the
 * stricter floor, shown beside). Answers the workflows by workload, and sets floorN8nRequests.
 */
function floorWorkflows(cases: Case[], baseUrl: string, queryAuth: { id: string; name: string }) {
	const floors = new Map<string, Workflow>();
	const strict = new Map<string, Workflow>();
	for (const kase of cases) {
		const sent =
			kase.check.kind === 'getMany' ? Math.min(getManyRequestFloor(kase.devices), LIMIT) : 1;
		kase.floorN8nRequests = sent;
		const request = (name: string, requests: number) =>
			httpFloorRequest(name, kase.check.kind, kase.check.hwids, baseUrl, queryAuth, requests);
		if (!floors.has(baseKey(kase)))
			floors.set(baseKey(kase), request(`bench floor: ${kase.workload}`, sent));
		if (sent > 1 && !strict.has(baseKey(kase)))
			strict.set(baseKey(kase), request(`bench floor, first request only: ${kase.workload}`, 1));
	}
	return { floors, strict };
}

export async function prepareN8n(
	fixture: SimFixture,
	rule: RateRule,
	log: (line: string) => void,
): Promise<BenchN8n> {
	log(
		'Preparing n8n (a fresh user folder with the built package installed as a community package)',
	);
	const home = await N8nHome.create('bench', { runtime: BENCH_RUNTIME, log });
	const credential: CredentialImport = {
		id: 'benchMetaAccessCred',
		name: 'MetaAccess (benchmark)',
		type: CREDENTIAL_TYPE,
		data: {
			baseUrl: fixture.url,
			authentication: 'accessToken',
			accessToken: fixture.staticToken,
			requestsPerMinute: REQUESTS_PER_MINUTE,
		},
	};
	await home.importCredential(credential);
	const queryAuth = { id: 'benchQueryAuthCred', name: 'MetaAccess token (Query Auth)' };
	await home.importCredential({
		...queryAuth,
		type: QUERY_AUTH_TYPE,
		data: { name: 'access_token', value: fixture.staticToken },
	});
	const reference = { id: credential.id, name: credential.name };
	const cases = buildCases(reference, fixture.url, fixture.staticToken).filter((kase) =>
		wanted(kase.key),
	);
	const { floors, strict } = floorWorkflows(cases, fixture.url, queryAuth);
	const hook = wanted('d') || wanted('d-webhook') ? webhookSetup() : undefined;
	if (hook)
		await home.importCredential({
			...hook.credential,
			type: WEBHOOK_CREDENTIAL_TYPE,
			data: { apiKey: hook.apiKey },
		});
	const ids = await home.importWorkflows([
		...cases.map((kase) => kase.workflow),
		...floors.values(),
		...strict.values(),
		concurrencyWorkflow(seededHwids(CONCURRENCY_FLEET), reference),
		...(hook ? [hook.workflow] : []),
	]);
	log(`Imported ${ids.length} workflows`);
	const idsOf = (workflows: Map<string, Workflow>, offset: number) =>
		new Map([...workflows.keys()].map((key, index) => [key, ids[offset + index]]));
	const floorIds = idsOf(floors, cases.length);
	const strictIds = idsOf(strict, cases.length + floors.size);
	cases.forEach((kase, index) => {
		kase.workflowId = ids[index];
		kase.floorWorkflowId = floorIds.get(baseKey(kase));
		kase.strictFloorWorkflowId = strictIds.get(baseKey(kase));
	});
	const concurrencyIndex = cases.length + floors.size + strict.size;

	const server = await home.start({ env: { EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true' } });
	log(`n8n started on ${server.url} (${home.runtime.label})`);
	const context: RunContext = { home, server, fixture, rule, log };
	await warmUp(context, cases);
	return {
		home,
		server,
		context,
		cases,
		credential,
		concurrencyWorkflowId: ids[concurrencyIndex],
		webhook: hook ? { setup: hook, workflowId: ids[concurrencyIndex + 1] } : undefined,
	};
}

/**
 * One unmeasured run of the package's first short workflow and of the HTTP Request node's, so that
 * the first cases do not pay n8n's and V8's first use of each node (a workflow's own first run is
 * absorbed by the median of its repeated runs, as the floors' by theirs).
 */
async function warmUp(context: RunContext, cases: Case[]) {
	const fleets = new Map<string, { fleet: number; isPackage: boolean }>();
	for (const way of ['package', 'httpRetry']) {
		const kase = cases.find((c) => c.short && c.way === way);
		if (kase) fleets.set(kase.workflowId!, { fleet: kase.fleet, isPackage: way === 'package' });
	}
	for (const [id, { fleet, isPackage }] of fleets) await warmUpRun(context, id, fleet, isPackage);
	context.log(`Warmed n8n up with ${fleets.size} unmeasured runs`);
}
