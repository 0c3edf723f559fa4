import { inspect } from 'util';

/** Everything of an error that n8n may show, store or log: JSON, toJSON(), inspect() and the stack. */
export function errorText(error: unknown): string {
	return [
		JSON.stringify(error),
		JSON.stringify((error as { toJSON?: () => unknown }).toJSON?.()),
		inspect(error, { depth: 10, showHidden: true }),
		String((error as Error).stack),
	].join('\n');
}
