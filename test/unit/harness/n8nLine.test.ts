/**
 * Each jest project runs the nodes on the n8n it is named for (jest.config.js): n8n-core and
 * n8n-workflow, as the package and the harness load them, are of that version line.
 */
declare const N8N_LINE: string;

/* eslint-disable @typescript-eslint/no-require-imports */
const versionOf = (name: string) =>
	(require(`${name}/package.json`) as { version: string }).version;
/* eslint-enable @typescript-eslint/no-require-imports */
const line = (version: string) => version.split('.').slice(0, 2).join('.');

test('n8n-core and n8n-workflow are of the line this project runs on', () => {
	expect(['2.8', '2.41']).toContain(N8N_LINE);
	expect(line(versionOf('n8n-core'))).toBe(N8N_LINE);
	expect(line(versionOf('n8n-workflow'))).toBe(N8N_LINE);
});
