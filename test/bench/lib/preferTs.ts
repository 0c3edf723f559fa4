/**
 * Under ts-node, `require('…/OpswatMetaAccess.node')` would find the codex file
 * `OpswatMetaAccess.node.json` before `OpswatMetaAccess.node.ts` (Node tries .js, .json, .node,
 * then the extensions registered later). Jest prefers .ts; so must the benchmark, which loads the
 * nodes through test/harness: move .json and .node behind .ts. Import this module first.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('node:module') as { _extensions: Record<string, unknown> };

const extensions = Module._extensions;
for (const extension of ['.json', '.node']) {
	const loader = extensions[extension];
	if (loader !== undefined && extensions['.ts'] !== undefined) {
		delete extensions[extension];
		extensions[extension] = loader;
	}
}

export {};
