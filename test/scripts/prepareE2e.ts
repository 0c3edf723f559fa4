/**
 * Installs what the end-to-end suite and the benchmark need beyond `npm ci`, so that `.ci/run` can
 * do it in the background while lint, typecheck and the unit tests run: both n8n runtimes (each
 * once, reused; test/lab/runtimes.ts), then Debian's chromium (the browser scenario) and redis-server
 * and postgresql (the queue-mode scenario), one apt-get after the other. Each is checked again,
 * and installed if missing, where it is used, so nothing depends on this having run.
 */
import { ensureRuntimes, RUNTIME_IDS } from '../lab/runtimes';
import { ensureChromium } from '../lab/chromium';
import { ensureQueueServices } from '../lab/queueMode';

async function main(): Promise<void> {
	const started = Date.now();
	const log = (line: string) =>
		console.log(`[prepare ${((Date.now() - started) / 1000).toFixed(0)} s] ${line}`);
	await ensureRuntimes(RUNTIME_IDS, log);
	await ensureChromium(log);
	await ensureQueueServices(log);
	log('Ready: both n8n runtimes, chromium, redis-server and postgresql.');
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
