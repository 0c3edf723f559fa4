/**
 * Reading what n8n printed or stored about an execution: the JSON `n8n execute --rawOutput`
 * prints, and the items each node gave, from that or from an execution read over REST.
 */

/** The first JSON object in n8n's stdout (what --rawOutput printed), or undefined. */
export function parseRawOutput(stdout: string): unknown {
	const lineStart = stdout.search(/^\{\s*$/m);
	const start = lineStart >= 0 ? lineStart : stdout.indexOf('{');
	if (start < 0) return undefined;
	const text = stdout.slice(start);
	try {
		return JSON.parse(text);
	} catch {
		// Something was printed after the JSON: try each closing brace at a line start, last first.
		const ends = [...text.matchAll(/^\}/gm)].map((match) => match.index ?? 0).reverse();
		for (const end of ends) {
			try {
				return JSON.parse(text.slice(0, end + 1));
			} catch {
				// keep looking
			}
		}
	}
	return undefined;
}

/** An n8n item as it comes out of a node. */
export interface NodeItem {
	json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	pairedItem?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	[key: string]: unknown;
}

/** The run data of an execution, from `execute`'s result or a decoded REST execution. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function runDataOf(result: any): Record<string, any[]> {
	const data = result?.data?.resultData ? result.data : result?.resultData ? result : undefined;
	const runData = data?.resultData?.runData;
	if (!runData) throw new Error('The execution holds no run data');
	return runData;
}

/** The names of the nodes that ran, in the order they ran. */
export function ranNodes(result: unknown): string[] {
	const runData = runDataOf(result);
	return Object.keys(runData).sort(
		(a, b) => (runData[a][0]?.executionIndex ?? 0) - (runData[b][0]?.executionIndex ?? 0),
	);
}

/**
 * The items a node gave on one output (default: first run, first output). Throws when the node
 * did not run, naming those that did.
 */
export function nodeOutput(
	result: unknown,
	nodeName: string,
	options: { runIndex?: number; outputIndex?: number } = {},
): NodeItem[] {
	const runData = runDataOf(result);
	const runs = runData[nodeName];
	if (!runs)
		throw new Error(`Node "${nodeName}" did not run; these did: ${ranNodes(result).join(', ')}`);
	const run = runs[options.runIndex ?? 0];
	if (!run) throw new Error(`Node "${nodeName}" has no run ${options.runIndex ?? 0}`);
	if (run.error) throw new Error(`Node "${nodeName}" failed: ${run.error.message}`);
	return (run.data?.main?.[options.outputIndex ?? 0] ?? []) as NodeItem[];
}

/** The `json` of each item a node gave. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function nodeJson(result: unknown, nodeName: string): any[] {
	return nodeOutput(result, nodeName).map((item) => item.json);
}
