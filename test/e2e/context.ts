/**
 * What every e2e scenario works with: one n8n user folder with the package installed and the
 * example workflows imported, one simulator, and the credential the examples use, re-imported
 * whenever a scenario needs other settings.
 */
import { EXAMPLE_CREDENTIAL } from '../../examples/builder';
import { buildExamples, type Example } from '../../examples/workflows';
import {
	CREDENTIAL_TYPE,
	N8nHome,
	requestsPerMinuteFor,
	SimFixture,
	type CredentialImport,
	type ExecuteOptions,
	type ExecuteResult,
	type N8nRuntime,
	type RuntimeId,
	type Shape,
} from '../lab';

export type AuthMode = 'accessToken' | 'clientCredentials';

/** Everything n8n printed or stored that the leak check reads. */
export interface Captured {
	label: string;
	text: string;
}

export class Context {
	/** Example file → id of the imported workflow. */
	readonly workflowIds = new Map<string, string>();

	/** Every stdout/stderr of n8n in this run, and execution data read over REST. */
	readonly captured: Captured[] = [];

	/** Other user folders (the demo's, the server's) the leak check also reads. */
	readonly extraFolders: string[] = [];

	private credentialKey = '';

	constructor(
		readonly home: N8nHome,
		readonly sim: SimFixture,
		readonly examples: Example[],
		readonly log: (line: string) => void,
		readonly options: { keep: boolean },
	) {}

	/** The n8n this context runs (its version, and the Node.js it runs on). */
	get runtime(): N8nRuntime {
		return this.home.runtime;
	}

	/**
	 * A simulator and an n8n user folder (`e2e-<runtime>-<lane>`) of their own, the package installed
	 * in it and, unless `importExamples` is false, the example workflows imported.
	 */
	static async create(
		log: (line: string) => void,
		options: { keep: boolean; runtime: RuntimeId; lane: string; importExamples?: boolean },
	): Promise<Context> {
		const sim = await SimFixture.start(300);
		try {
			const home = await N8nHome.create(`e2e-${options.runtime}-${options.lane}`, {
				runtime: options.runtime,
				log,
			});
			const context = new Context(home, sim, buildExamples(), log, options);
			if (options.importExamples === false) return context;
			const ids = await home.importWorkflows(context.examples.map((example) => example.workflow));
			context.examples.forEach(({ file }, i) => context.workflowIds.set(file, ids[i]));
			return context;
		} catch (error) {
			await sim.close();
			throw error;
		}
	}

	example(file: string): Example {
		const example = this.examples.find((candidate) => candidate.file === file);
		if (!example) throw new Error(`No example ${file}`);
		return example;
	}

	/**
	 * Shapes the simulator for a scenario and makes the examples' credential match it: the auth
	 * mode, the simulator's URL, and Requests per Minute = limit × 60000 / window.
	 */
	async prepare(shape: Shape, auth: AuthMode = 'accessToken'): Promise<void> {
		this.sim.shape(shape);
		const credential = this.credentialFor(shape, auth);
		const key = JSON.stringify(credential.data);
		// Client credentials keep their fetched token in the credential: start each scenario without one.
		if (key === this.credentialKey && auth === 'accessToken') return;
		await this.home.importCredential(credential);
		this.credentialKey = key;
	}

	/** The examples' credential, pointing at the simulator shaped so. */
	credentialFor(shape: Shape, auth: AuthMode = 'accessToken'): CredentialImport {
		const data: Record<string, unknown> = {
			baseUrl: `${this.sim.url}/`,
			authentication: auth,
			requestsPerMinute: requestsPerMinuteFor(shape.rateLimit),
			...(auth === 'accessToken'
				? { accessToken: this.sim.staticToken }
				: { clientId: this.sim.client.clientId, clientSecret: this.sim.client.clientSecret }),
		};
		return { ...EXAMPLE_CREDENTIAL, type: CREDENTIAL_TYPE, data };
	}

	/** Runs an imported example with `n8n execute`; keeps its output for the leak check. */
	async run(file: string, options: ExecuteOptions = {}): Promise<ExecuteResult> {
		const id = this.workflowIds.get(file);
		if (!id) throw new Error(`Example ${file} was not imported`);
		try {
			const result = await this.home.execute(id, options);
			this.captured.push({ label: `n8n execute ${file}`, text: result.stdout + result.stderr });
			this.log(
				`    n8n execute ${file}: ${result.result?.status} in ${(result.durationMs / 1000).toFixed(1)} s`,
			);
			return result;
		} catch (error) {
			const failure = error as { stdout?: string; stderr?: string };
			this.captured.push({
				label: `n8n execute ${file} (failed)`,
				text: `${failure.stdout ?? ''}${failure.stderr ?? ''}`,
			});
			throw error;
		}
	}
}

export interface Scenario {
	/** Short name for --only. */
	id: string;
	/** The n8n versions it runs on (default: every one the suite runs). */
	runtimes?: RuntimeId[];
	name: string;
	/** What it asserts, for the summary. */
	checks: string;
	run(context: Context): Promise<void>;
}
