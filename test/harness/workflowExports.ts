/**
 * What a built JavaScript file takes from n8n-workflow at run time, read from tsc's CommonJS output
 * (`const n8n_workflow_1 = require("n8n-workflow")`, then `n8n_workflow_1.Name`).
 */
import fs from 'fs';
import path from 'path';

export interface WorkflowImports {
	/** Names read from the n8n-workflow module object. */
	names: Set<string>;
	/** Anything else that loads n8n-workflow (a deep path, a bare require without a binding). */
	otherLoads: string[];
}

export function workflowImportsOf(source: string): WorkflowImports {
	const names = new Set<string>();
	const otherLoads: string[] = [];
	const bindings: string[] = [];
	for (const match of source.matchAll(/require\(\s*["'](n8n-workflow[^"']*)["']\s*\)/g)) {
		const before = source.slice(Math.max(0, match.index - 80), match.index);
		const binding = /(?:const|var|let)\s+([A-Za-z_$][\w$]*)\s*=\s*$/.exec(before);
		if (match[1] !== 'n8n-workflow' || !binding) otherLoads.push(match[0]);
		else bindings.push(binding[1]);
	}
	for (const binding of bindings) {
		for (const use of source.matchAll(
			new RegExp(`\\b${binding.replace(/\$/g, '\\$')}\\.([A-Za-z_$][\\w$]*)`, 'g'),
		))
			names.add(use[1]);
	}
	return { names, otherLoads };
}

/** Every .js file under a folder. */
export function jsFilesUnder(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return jsFilesUnder(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

/** The names among `names` that the given n8n-workflow module does not export, as "Name (not in n8n-workflow V)". */
export function missingExports(
	names: Iterable<string>,
	module: Record<string, unknown>,
	version: string,
): string[] {
	return [...names]
		.filter((name) => !(name in module))
		.map((name) => `${name} (not in n8n-workflow ${version})`);
}
