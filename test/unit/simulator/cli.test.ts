import { spawn } from 'node:child_process';
import path from 'node:path';

import axios from 'axios';

import { parseCliArgs } from '../../simulator/cli';

describe('command-line options', () => {
	it('has defaults: port 8787 on 127.0.0.1, the rest from the simulator', () => {
		expect(parseCliArgs([])).toStrictEqual({ host: '127.0.0.1', port: 8787 });
	});

	it('reads every flag, as "--flag value" or "--flag=value"', () => {
		expect(
			parseCliArgs([
				'--devices',
				'500',
				'--port=0',
				'--seed',
				'-3',
				'--host',
				'0.0.0.0',
				'--rate-limit',
				'5',
				'--window-ms=2000',
				'--token-lifetime',
				'60',
				'--agent-log-delay',
				'0',
				'--token',
				'a',
				'--token',
				'b',
				'--client',
				'id:se:cret',
			]),
		).toStrictEqual({
			host: '0.0.0.0',
			port: 0,
			devices: 500,
			seed: -3,
			rateLimit: { limit: 5, windowMs: 2000 },
			tokenLifetimeSeconds: 60,
			agentLogDelaySeconds: 0,
			staticTokens: ['a', 'b'],
			clients: [{ clientId: 'id', clientSecret: 'se:cret' }],
		});
		expect(parseCliArgs(['--window-ms', '500'])).toMatchObject({
			rateLimit: { limit: 10, windowMs: 500 },
		});
		expect(parseCliArgs(['--rate-limit', '0'])).toMatchObject({ rateLimit: false });
		expect(parseCliArgs(['--help'])).toBe('help');
	});

	it('refuses unknown flags and malformed values', () => {
		expect(() => parseCliArgs(['--fleet', '5'])).toThrow('Unknown option --fleet');
		expect(() => parseCliArgs(['--devices'])).toThrow('--devices needs a value');
		expect(() => parseCliArgs(['--devices', 'many'])).toThrow(
			'--devices takes a whole number, not "many"',
		);
		expect(() => parseCliArgs(['--seed', '1.5'])).toThrow('--seed takes an integer');
		expect(() => parseCliArgs(['--client', 'nosecret'])).toThrow('--client takes ID:SECRET');
	});
});

describe('npm run simulator', () => {
	it('prints the URL and credentials, serves, and stops on Ctrl-C', async () => {
		const root = path.resolve(__dirname, '../../..');
		const args = [
			require.resolve('ts-node/dist/bin.js'),
			'--transpile-only',
			'test/simulator/cli.ts',
			'--devices',
			'7',
			'--port',
			'0',
		];
		const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		while (!output.includes('Press Ctrl-C')) {
			if (child.exitCode !== null) throw new Error(`The simulator exited: ${output}`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		expect(output).toContain('MetaAccess simulator: 7 devices (seed 1)');
		expect(output).toMatch(/Access token: +demo-access-token/);
		expect(output).toMatch(/Client ID: +demo-client/);
		expect(output).toMatch(/Client secret: +demo-secret/);
		const url = /Base URL: +(\S+)/.exec(output)![1];
		const answer = await axios.get(`${url}/o/api/v2.3/devices`, {
			params: { access_token: 'demo-access-token', limit: 50 },
		});
		expect(answer.data).toHaveLength(7);
		child.kill('SIGINT');
		expect(await exited).toBe(0);
	});
});
