/**
 * Headless Chromium for the browser test: Debian's `chromium` package (installed with apt-get when
 * missing, as queueMode.ts installs Redis and PostgreSQL), driven by playwright-core, which is
 * told where the browser is and never downloads one.
 */
import { existsSync } from 'node:fs';

import { chromium, selectors, type Browser } from 'playwright-core';

import { run } from './processes';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Installs Debian's chromium with apt-get when /usr/bin/chromium is missing (root, Debian). */
export async function ensureChromium(log: (line: string) => void): Promise<void> {
	if (existsSync(CHROMIUM_PATH)) return;
	if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get'))
		throw new Error(
			`${CHROMIUM_PATH} is missing and cannot be installed here (needs root and apt-get): install Debian's chromium package`,
		);
	const started = Date.now();
	log('Installing chromium with apt-get (once, about a minute and a half)…');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await run('apt-get', ['update', '-qq'], { env, timeoutMs: 10 * 60_000 }).catch(() => undefined);
	await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
		env,
		timeoutMs: 20 * 60_000,
	});
	log(`  chromium installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Starts headless Chromium; selectors' getByTestId reads n8n's data-test-id attributes. */
export async function launchChromium(log: (line: string) => void): Promise<Browser> {
	await ensureChromium(log);
	selectors.setTestIdAttribute('data-test-id');
	return await chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: ['--headless', '--no-sandbox', '--disable-gpu'],
	});
}
