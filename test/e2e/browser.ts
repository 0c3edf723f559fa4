/**
 * The n8n editor in a real browser (headless Chromium driven by playwright-core): sign in, add the
 * trigger and the action node from the nodes panel, check every operation's form against the built
 * node's description, fetch the trigger's test event, run the workflow from the editor and read
 * its output. Screenshots of each form go to .tmp/screenshots/<n8n version>/.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';

import type { Locator, Page } from 'playwright-core';

import { REPO_ROOT, type OwnerAccount } from '../lab';
// Not through test/lab/index.ts: only this scenario loads playwright-core.
import { launchChromium } from '../lab/chromium';
import { actionNodeForms, type ActionNodeForms, type OperationForm } from './browserForms';
import type { Scenario } from './context';
import { assertEqual, assertTrue } from './expect';
import { FAST_RATE_LIMIT } from './operations';

/** Hang guards, not pass marks: long enough for a busy two-core machine. */
const LOAD_MS = 300_000;
const STEP_MS = 120_000;
const RUN_MS = 300_000;

export const SCREENSHOTS_ROOT = path.join(REPO_ROOT, '.tmp', 'screenshots');

export interface EditorSession {
	/** n8n's base URL. */
	url: string;
	owner: OwnerAccount;
	forms: ActionNodeForms;
	/** Where this n8n's screenshots go. */
	screenshots: string;
	/** The device the trigger's test event shows and the first Get Many gives (the simulator's first listed one). */
	first: { hwid: string; hostname: string };
	/** Devices Get Many returns with the form's defaults. */
	expectedItems: number;
	/** The simulator's request log since the last call, one `METHOD path query status` line a request (then empties it). */
	takeRequests(): string[];
	log(line: string): void;
}

/**
 * The trigger's test event: one request, the first page (as test/e2e/editor.ts checks); its device
 * is the first listed one, which the scenario makes compliant and online, so that whichever event
 * the panel lists first, the first device is in its state.
 */
const TEST_EVENT_REQUESTS = [
	'GET /o/api/v2.3/devices {"limit":"50","access_token":"static#1"} 200',
];

/** The trigger's fields beside Events that the form must show by their own names (not "Mode"). */
const TRIGGER_FIELDS = ['Change Detection', 'Filters', 'Simplify'];

/** The visible element showing exactly this text, inside `scope`. */
function visibleText(scope: Locator, text: string): Locator {
	return scope.getByText(text, { exact: true }).filter({ visible: true }).first();
}

async function signIn(page: Page, session: EditorSession): Promise<void> {
	await page.goto(`${session.url}/signin`, { timeout: LOAD_MS });
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(session.owner.email);
	await page.getByTestId('password').locator('input').fill(session.owner.password);
	await page.getByTestId('form-submit-button').click();
	// The sign-in page sends the owner to their workflows (n8n 2.x: /home/workflows).
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'), { timeout: LOAD_MS });
}

/** Opens the nodes panel (from the canvas' first-step or plus button), searches and picks our node. */
async function pickFromNodesPanel(page: Page, opener: string): Promise<Locator> {
	await page.getByTestId(opener).click();
	const panel = page.getByTestId('node-creator');
	await panel.getByTestId('node-creator-search-bar').fill('MetaAccess');
	await panel
		.getByTestId('node-creator-item-name')
		.getByText('OPSWAT MetaAccess', { exact: true })
		.click({ timeout: STEP_MS });
	return panel;
}

async function nodeNames(page: Page): Promise<string[]> {
	return await page
		.getByTestId('canvas-node')
		.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-node-name') ?? ''));
}

async function closeNdv(page: Page): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await page.getByTestId('ndv').waitFor({ state: 'hidden', timeout: STEP_MS });
}

/** The trigger as the first step: its first event from the nodes panel, then Fetch Test Event. */
async function fetchTestEvent(page: Page, session: EditorSession): Promise<string> {
	const panel = await pickFromNodesPanel(page, 'canvas-plus-button');
	session.takeRequests();
	// The node's details: its trigger events, then its actions. The first trigger event adds the trigger.
	const firstEvent = panel.getByTestId('item-iterator-item').first();
	await firstEvent.click({ timeout: STEP_MS });
	const ndv = page.getByTestId('ndv');
	// On a busy machine the panel can take the first click as a hover only (the item highlighted,
	// no node added): clicked once more when no node is on the canvas and the panel still shows it.
	const opened = await ndv.waitFor({ timeout: 30_000 }).then(
		() => true,
		() => false,
	);
	if (!opened && (await nodeNames(page)).length === 0) await firstEvent.click({ timeout: STEP_MS });
	await ndv.waitFor({ timeout: STEP_MS });
	const parameters = ndv.getByTestId('node-parameters');
	await visibleText(parameters, 'Events').waitFor({ timeout: STEP_MS });
	for (const label of TRIGGER_FIELDS) await visibleText(parameters, label).waitFor();
	await page.screenshot({ path: path.join(session.screenshots, 'trigger-form.png') });
	await ndv.getByTestId('node-execute-button').click();
	const output = ndv.getByTestId('output-panel');
	await visibleText(output, '1 item').waitFor({ timeout: RUN_MS });
	for (const value of [session.first.hostname, session.first.hwid])
		await visibleText(output, value).waitFor({ timeout: STEP_MS });
	await page.screenshot({ path: path.join(session.screenshots, 'trigger-test-event.png') });
	assertEqual(session.takeRequests(), TEST_EVENT_REQUESTS, 'requests of Fetch Test Event');
	session.log(`    Fetch Test Event: 1 item, ${session.first.hostname}`);
	const [trigger] = await nodeNames(page);
	await closeNdv(page);
	return trigger;
}

/** Picks an operation in the Operation list and waits until the field shows it. */
async function selectOperation(page: Page, ndv: Locator, name: string): Promise<void> {
	const field = ndv.getByTestId('parameter-input-operation');
	await field.click();
	await page
		.getByRole('option')
		.filter({ visible: true })
		.filter({ has: page.getByText(name, { exact: true }) })
		.first()
		.click({ timeout: STEP_MS });
	const input = field.locator('input').first();
	const deadline = Date.now() + STEP_MS;
	for (let shown = ''; shown !== name; await page.waitForTimeout(100)) {
		shown = await input.inputValue();
		if (Date.now() > deadline)
			throw new Error(`The Operation field shows "${shown}" after picking "${name}"`);
	}
}

/** Every operation: pick it, check that each field the description shows is drawn, screenshot it. */
async function checkForms(page: Page, ndv: Locator, session: EditorSession): Promise<void> {
	const parameters = ndv.getByTestId('node-parameters');
	for (const operation of session.forms.operations) {
		await selectOperation(page, ndv, operation.name);
		const missing: string[] = [];
		for (const field of operation.fields) {
			// A notice shows its displayName as (possibly HTML) text: look for its first words.
			const label =
				field.type === 'notice'
					? parameters
							.getByText(field.displayName.replace(/<[^>]*>/g, '').slice(0, 40))
							.filter({ visible: true })
							.first()
					: visibleText(parameters, field.displayName);
			await label.waitFor({ timeout: STEP_MS }).catch(() => missing.push(field.displayName));
		}
		await page.screenshot({ path: path.join(session.screenshots, `${operation.value}.png`) });
		if (operation.locatorModes.length > 0)
			await checkPickerModes(page, parameters, session, operation);
		if (operation.filters.length > 0) await checkFilters(page, parameters, session, operation);
		assertTrue(
			missing.length === 0,
			`the ${operation.name} form shows ${missing.join(', ')} (fields the description shows for it by default)`,
		);
		session.log(
			`    ${operation.name}: ${operation.fields.map((field) => field.displayName).join(', ')}`,
		);
	}
}

/**
 * The Device picker's modes: its mode list shows each mode of the description (n8n words the
 * standard ones its own way: "From list", "By URL"; compared without case), screenshot with the list
 * open; then By ID with a value the editor's check refuses, screenshot.
 */
async function checkPickerModes(
	page: Page,
	parameters: Locator,
	session: EditorSession,
	operation: OperationForm,
): Promise<void> {
	await parameters.getByTestId('rlc-mode-selector').first().click();
	const shown: string[] = [];
	for (const mode of operation.locatorModes) {
		const option = page
			.getByRole('option')
			.filter({ visible: true })
			.filter({
				hasText: new RegExp(`^\\s*${mode.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i'),
			});
		await option
			.first()
			.waitFor({ timeout: STEP_MS })
			.then(() => shown.push(mode))
			.catch(() => undefined);
	}
	await page.screenshot({
		path: path.join(session.screenshots, `${operation.value}-device-modes.png`),
	});
	assertEqual(shown, operation.locatorModes, `the ${operation.name} Device picker's modes`);
	await page
		.getByRole('option')
		.filter({ visible: true })
		.filter({ hasText: /^\s*By ID\s*$/i })
		.first()
		.click();
	await parameters.getByTestId('rlc-input').first().fill('two words');
	await parameters.getByTestId('rlc-input').first().press('Tab');
	await page.screenshot({
		path: path.join(session.screenshots, `${operation.value}-device-by-id-refused.png`),
	});
	session.log(`    ${operation.name} Device modes: ${shown.join(', ')}`);
}

/**
 * The Filters collection: its add button (n8n draws it differently from one version to the next:
 * each visible collection's add control is tried until the list that opens is the filters') lists
 * every filter of the description; screenshot with the list open.
 */
async function checkFilters(
	page: Page,
	parameters: Locator,
	session: EditorSession,
	operation: OperationForm,
): Promise<void> {
	const adders = parameters
		.locator('[data-test-id^="collection-parameter-add"]')
		.filter({ visible: true });
	const options = page.getByRole('option').filter({ visible: true });
	let listed: string[] = [];
	for (let i = 0, count = await adders.count(); i < count && listed.length === 0; i++) {
		await adders.nth(i).click();
		const opened = await options
			.first()
			.waitFor({ timeout: 10_000 })
			.then(() => true)
			.catch(() => false);
		if (!opened) continue;
		const texts = (await options.allInnerTexts()).map((text) => text.trim());
		if (texts.includes(operation.filters[0])) listed = texts;
		// Another collection's list (Options): closed again.
		else await page.keyboard.press('Escape');
	}
	await page.screenshot({
		path: path.join(session.screenshots, `${operation.value}-filters.png`),
	});
	if (listed.length > 0) await page.keyboard.press('Escape');
	assertEqual(
		operation.filters.filter((filter) => listed.includes(filter)),
		operation.filters,
		`the ${operation.name} Filters list (Add Filter)`,
	);
	session.log(`    ${operation.name} Filters: ${operation.filters.join(', ')}`);
}

/**
 * The whole session in one browser page; resolves once every check has passed. Exported for a
 * by-hand run against an n8n that is already running.
 */
export async function driveEditor(page: Page, session: EditorSession): Promise<void> {
	page.setDefaultTimeout(STEP_MS);
	await signIn(page, session);
	await page.goto(`${session.url}/workflow/new`, { timeout: LOAD_MS });
	await page.getByTestId('canvas-plus-button').waitFor({ timeout: LOAD_MS });

	const trigger = await fetchTestEvent(page, session);

	// The action node, after the trigger, from its default operation's entry in the Actions list.
	const { forms } = session;
	const start = forms.operations.find((operation) => operation.value === forms.defaultOperation);
	if (!start) throw new Error(`The default operation ${forms.defaultOperation} is not listed`);
	const panel = await pickFromNodesPanel(page, 'node-creator-plus-button');
	await panel
		.getByTestId('item-iterator-item')
		.filter({ has: page.getByText(start.action, { exact: true }) })
		.first()
		.click({ timeout: STEP_MS });
	const ndv = page.getByTestId('ndv');
	await ndv.getByTestId('parameter-input-operation').waitFor({ timeout: STEP_MS });
	assertEqual((await nodeNames(page)).length, 2, 'nodes on the canvas: the trigger and the action');

	await checkForms(page, ndv, session);

	// Back to the default operation (Get Many) with its defaults, and run the workflow from the canvas.
	await selectOperation(page, ndv, start.name);
	await closeNdv(page);
	// n8n names a node after its action while it has its default name: read it now.
	const action = (await nodeNames(page)).find((name) => name !== trigger);
	assertTrue(action, 'the action node is on the canvas next to the trigger');
	session.takeRequests(); // what the forms may have loaded is not the run's
	await page.getByTestId('execute-workflow-button').click();
	await page
		.locator(`[data-test-id="canvas-node"][data-node-name="${action}"]`)
		.dblclick({ timeout: STEP_MS });
	const output = ndv.getByTestId('output-panel');
	await visibleText(output, `${session.expectedItems} items`).waitFor({ timeout: RUN_MS });
	await visibleText(output, session.first.hostname).waitFor({ timeout: STEP_MS });
	await page.screenshot({ path: path.join(session.screenshots, 'run-output.png') });
	// The trigger's test event again, then Get Many's pages (their query is the Get Many tests' business).
	const requests = session.takeRequests();
	assertEqual(
		requests.slice(0, 1),
		TEST_EVENT_REQUESTS,
		'requests of Execute workflow: the trigger',
	);
	assertTrue(
		requests.length > 1 &&
			requests.slice(1).every((line) => /^GET \/o\/api\/v2\.3\/devices \{.*\} 200$/.test(line)),
		`requests of Execute workflow: then Get Many's pages, each answered 200:\n${requests.join('\n')}`,
	);
	session.log(
		`    Execute workflow: ${action} gave ${session.expectedItems} items, ${session.first.hostname} first`,
	);
}

export const browserScenario: Scenario = {
	id: 'browser',
	// In CI on the newest n8n (what most users and n8n Cloud run): the form is the package's, the
	// same on both; `--only browser --n8n oldest` runs it on n8n 2.8.4 too (passed there, 4–5 min).
	runtimes: ['newest'],
	name: 'n8n editor in headless Chromium: every form, the test event, a run from the editor',
	checks:
		"signs in through n8n's sign-in page, adds the trigger and the action node from the nodes panel (search MetaAccess); the trigger's form shows Change Detection, Filters and Simplify, and its Fetch Test Event one item, the simulator's first device (one limit=50 request); each operation of the built node's description, picked in the Operation list, shows every top-level field the description shows for it by default, the Device picker every mode of the description, and Get Many's Add Filter list every filter of the description (screenshots in .tmp/screenshots/<n8n version>/); Execute workflow runs Get Many with its defaults and its output panel shows the expected number of items and the first device's hostname",
	async run(context) {
		const devices = 20;
		await context.prepare({ devices, rateLimit: FAST_RATE_LIMIT });
		const forms = actionNodeForms();
		const getAll = forms.description.properties.find(
			(property) =>
				property.name === 'limit' &&
				property.displayOptions?.show?.operation?.includes(forms.defaultOperation),
		);
		const screenshots = path.join(SCREENSHOTS_ROOT, context.runtime.n8nVersion);
		await rm(screenshots, { recursive: true, force: true });
		await mkdir(screenshots, { recursive: true });
		const first = context.sim.listing()[0] as { hwid: string; hostname: string };
		// Compliant and online: in the state of whichever event the nodes panel lists first.
		context.sim.simulation.updateDevice(first.hwid, { status: 0, active: 1 }, Date.now());
		const server = await context.home.start();
		const browser = await launchChromium(context.log);
		const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
		try {
			await driveEditor(page, {
				url: server.url,
				owner: server.owner,
				forms,
				screenshots,
				first,
				expectedItems: Math.min(devices, Number(getAll?.default ?? devices)),
				takeRequests: () => {
					const lines = context.sim
						.requests()
						.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${r.status}`);
					context.sim.simulation.log.clear();
					return lines;
				},
				log: context.log,
			});
			context.log(`    screenshots: ${path.relative(REPO_ROOT, screenshots)}/`);
		} catch (error) {
			await page.screenshot({ path: path.join(screenshots, 'failure.png') }).catch(() => undefined);
			throw error;
		} finally {
			await browser.close().catch(() => undefined);
			context.captured.push({ label: 'n8n start output (browser)', text: server.output() });
			await server.stop();
		}
	},
};
