/**
 * Reads the `flatted` format n8n stores execution data in (GET /rest/executions/:id answers
 * `data` as a flatted string): a JSON array whose first entry is the value; inside objects and
 * arrays every string is the index of the entry holding the actual value, while numbers, booleans
 * and null are inline. Shared and circular references come back shared.
 */
export function parseFlatted(text: string): unknown {
	const input = JSON.parse(text) as unknown[];
	if (!Array.isArray(input) || input.length === 0)
		throw new Error('Not flatted data: expected a non-empty JSON array');
	const revived = new Map<number, unknown>();
	const resolve = (index: number): unknown => {
		const value = input[index];
		if (typeof value !== 'object' || value === null) return value;
		const known = revived.get(index);
		if (known !== undefined) return known;
		const output: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
		revived.set(index, output);
		for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
			(output as Record<string, unknown>)[key] =
				typeof entry === 'string' ? resolve(Number(entry)) : entry;
		}
		return output;
	};
	return resolve(0);
}
