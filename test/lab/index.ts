/**
 * The lab: real n8n runtimes (test/lab/runtimes/) and the harness around them — user folders with the
 * package installed, `n8n execute`, `n8n start` with REST, run-data readers, child processes, the
 * simulator fixture. Shared by the e2e suite (e2e/), the demo (scripts/) and the benchmark (bench/),
 * which do not import from one another.
 */
export {
	CREDENTIAL_TYPE,
	NODE_TYPES,
	PACKAGE_NAME,
	REPO_ROOT,
	BY_HAND_NPM_FLAGS,
	ensureBuilt,
	filesUnder,
	npmCommand,
	packTarball,
} from './package';
export {
	HOMES_ROOT,
	N8nHome,
	N8nExecutionError,
	type CredentialImport,
	type ExecuteOptions,
	type ExecuteResult,
	type HomeOptions,
} from './home';
export { DEFAULT_OWNER, type N8nServer, type OwnerAccount, type StartOptions } from './server';
export { nodeJson, nodeOutput, parseRawOutput, ranNodes, type NodeItem } from './runData';
export {
	ensureRuntime,
	ensureRuntimes,
	RUNTIME_IDS,
	takeRuntimeArg,
	TMP_ROOT,
	type N8nRuntime,
	type RuntimeId,
} from './runtimes';
export {
	Child,
	freePort,
	installCleanup,
	pidAlive,
	portIsFree,
	processTree,
	run,
	sleep,
	stopAllChildren,
	tail,
} from './processes';
export { requestsPerMinuteFor, SimFixture, type Shape } from './simFixture';
export {
	ScriptedChatModel,
	type ChatReply,
	type ChatRequest,
	type ChatStep,
} from './scriptedChatModel';
export {
	ensureQueueServices,
	queueEnv,
	startQueueDeployment,
	startQueueServices,
	type QueueDeployment,
	type QueueServices,
} from './queueMode';
