/**
 * What a run did, checked: the package's items and the fleet afterwards must be exactly right (a
 * problem fails the benchmark); the HTTP Request node's are counted (failed items, notes).
 */
import type { Case, RunContext } from './case';

/* eslint-disable @typescript-eslint/no-explicit-any -- n8n's execution JSON is read as it comes. */

interface Verdict {
	failedItems: number;
	problems: string[];
	notes: string[];
}

/** Paired input item of an output item (n8n gives a number or `{ item }`). */
function pairedIndex(item: any): number | undefined {
	const paired = Array.isArray(item?.pairedItem) ? item.pairedItem[0] : item?.pairedItem;
	if (typeof paired === 'number') return paired;
	return typeof paired?.item === 'number' ? paired.item : undefined;
}

export function verifyPackage(kase: Case, items: any[], context: RunContext): Verdict {
	const problems: string[] = [];
	const notes: string[] = [];
	const { check } = kase;
	const failed = items.filter(
		(item) =>
			item.json?.error !== undefined || (check.kind === 'delete' && item.json?.success === false),
	).length;
	if (items.length !== check.hwids.length)
		problems.push(`${items.length} items out for ${check.hwids.length} devices`);
	const now = Date.now();
	if (check.kind === 'getMany') {
		const wrong = check.hwids.filter((hwid, i) => items[i]?.json?.hwid !== hwid).length;
		if (wrong) problems.push(`${wrong} devices missing, repeated or out of order`);
	} else {
		let wrongDevice = 0;
		let wrongResult = 0;
		check.hwids.forEach((hwid, i) => {
			const item = items[i];
			if (item?.json?.id !== hwid || pairedIndex(item) !== i) wrongDevice++;
			else if (item.json.result_code !== (check.kind === 'action' ? check.expected[i] : 1))
				wrongResult++;
		});
		if (wrongDevice) problems.push(`${wrongDevice} items name the wrong device or input item`);
		if (wrongResult) problems.push(`${wrongResult} devices have the wrong result`);
		const fleet = new Map(
			context.fixture.sim.simulation.devices(now).devices.map((device) => [device.hwid, device]),
		);
		if (check.kind === 'action') {
			const notExempt = check.hwids.filter(
				(hwid, i) =>
					check.expected[i] === 1 &&
					(fleet.get(hwid)?.exempt !== 1 ||
						!fleet.get(hwid)?.commands.some((command) => command.type === 'exempt')),
			).length;
			if (notExempt)
				problems.push(`${notExempt} devices reported exempted are not exempt in MetaAccess`);
			const wronglyApplied = check.hwids.filter(
				(hwid, i) =>
					check.expected[i] !== 1 &&
					fleet.get(hwid)?.commands.some((command) => command.type === 'exempt'),
			).length;
			if (wronglyApplied)
				problems.push(
					`${wronglyApplied} devices were exempted though exempt does not apply to them`,
				);
			notes.push(
				`${check.expected.filter((code) => code === -1).length} of ${check.hwids.length} devices answer -1 (exempt does not apply to unknown, ignored and out-of-license devices), as expected`,
			);
		} else {
			const left = check.hwids.filter((hwid) => fleet.has(hwid)).length;
			if (left) problems.push(`${left} devices reported deleted are still listed`);
			if (fleet.size !== kase.fleet - check.hwids.length)
				problems.push(
					`the fleet holds ${fleet.size} devices, not ${kase.fleet - check.hwids.length}`,
				);
		}
	}
	return { failedItems: failed + Math.max(0, check.hwids.length - items.length), problems, notes };
}

/** Items of the user's HTTP Request way: the devices whose result reached the workflow, and what the API did. */
export function verifyHttp(kase: Case, nodeRun: any, context: RunContext): Verdict {
	const notes: string[] = [];
	const { check } = kase;
	const items: any[] = nodeRun?.error ? [] : (nodeRun?.data?.main?.[0] ?? []);
	if (nodeRun?.error)
		notes.push(
			`the node failed after its tries: ${String(nodeRun.error.message ?? '').slice(0, 120)}`,
		);
	const now = Date.now();
	const fleet = new Map(
		context.fixture.sim.simulation.devices(now).devices.map((device) => [device.hwid, device]),
	);
	if (check.kind === 'getMany') {
		const returned = items
			.filter((item) => typeof item.json?.hwid === 'string')
			.map((item) => item.json.hwid as string);
		const others = items.length - returned.length;
		const wanted = new Set(check.hwids);
		const good = new Set(returned.filter((hwid) => wanted.has(hwid))).size;
		const requests = context.fixture.sim.simulation.log.read().requests;
		const last = requests[requests.length - 1]?.status;
		if (others)
			notes.push(
				`${others} item(s) in the output that are not devices (the body of the answer that ended the pagination, HTTP ${last})`,
			);
		if (returned.length > good) notes.push(`${returned.length - good} devices returned twice`);
		if (!nodeRun?.error && good < check.hwids.length) {
			notes.push(
				`the execution succeeded, yet the workflow got ${good} of ${check.hwids.length} devices: the pagination ended on an HTTP ${last} answer` +
					(last === 429 ? ' (its empty body read as a short last page), and nothing said so' : ''),
			);
		}
		return { failedItems: check.hwids.length - good, problems: [], notes };
	}
	const ok = new Set<number>();
	for (const item of items) {
		const index = pairedIndex(item);
		if (index === undefined || item.json?.error !== undefined) continue;
		const answer =
			check.kind === 'action'
				? item.json?.status
				: Array.isArray(item.json?.result)
					? item.json.result[0]
					: undefined;
		const expected = check.kind === 'action' ? check.expected[index] : 1;
		if (answer === expected && (check.kind === 'delete' || item.json?.id === check.hwids[index]))
			ok.add(index);
	}
	if (check.kind === 'action') {
		const done = check.hwids.filter((hwid) =>
			fleet.get(hwid)?.commands.some((command) => command.type === 'exempt'),
		).length;
		notes.push(
			`MetaAccess exempted ${done} of the ${check.expected.filter((code) => code === 1).length} devices it could`,
		);
	} else {
		const deleted = check.hwids.filter((hwid) => !fleet.has(hwid)).length;
		notes.push(`MetaAccess deleted ${deleted} of ${check.hwids.length} devices`);
	}
	return { failedItems: check.hwids.length - ok.size, problems: [], notes };
}
