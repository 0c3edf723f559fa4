/**
 * The benchmark's cases: each workload (a)–(c) run by the package (Batch Size 1000 and the
 * defaults) and by n8n's HTTP Request node three ways, with the workflow and the checks of each.
 */
import { settings, WINDOW_MS } from './settings';
import { PACKAGE_WAYS, type WayKey } from './types';
import {
	NODE,
	httpDelete,
	httpGetMany,
	httpPerformAction,
	packageDelete,
	packageGetMany,
	packagePerformAction,
	type HttpWay,
	type Workflow,
} from './workflows';
import { expectedExemptResults, seededHwids, type Case, type Check } from './case';

export const WAY_LABELS: Record<WayKey, (group: string) => string> = {
	package: (group) =>
		group === 'b'
			? 'package'
			: group === 'd'
				? 'package, Max Requests per Poll 100'
				: 'package, Batch Size 1000',
	packageDefault: (group) =>
		group === 'd' ? 'package, defaults (8 a poll)' : 'package, defaults (Batch Size 100)',
	httpRetry: () => 'HTTP Request, Retry On Fail',
	httpContinue: () => 'HTTP Request, Retry + On Error: Continue',
	httpPaced: () => 'HTTP Request, Retry + requests spaced',
};

export function buildCases(
	credential: { id: string; name: string },
	baseUrl: string,
	token: string,
): Case[] {
	const cases: Case[] = [];
	const http = (way: WayKey): HttpWay => ({
		retry: {
			maxTries: settings.retry.maxTries,
			waitBetweenTriesMs: settings.retry.waitBetweenTriesMs,
		},
		continueOnError: way === 'httpContinue',
		...(way === 'httpPaced' ? { spacingMs: settings.pacedSpacingMs } : {}),
	});
	const nodeFor = (way: WayKey) => (PACKAGE_WAYS.includes(way) ? NODE.package : NODE.http);
	const actionFleet = 1000;
	const allHwids = seededHwids(actionFleet);
	const allExpected = expectedExemptResults(actionFleet);
	/** Perform Action (a) and Delete (c): the same devices, the package two ways and the HTTP Request node three ways. */
	const listCases = (group: 'a' | 'c', count: number) => {
		const hwids = allHwids.slice(0, count);
		const check: Check =
			group === 'a'
				? { kind: 'action', hwids, expected: allExpected.slice(0, count) }
				: { kind: 'delete', hwids };
		const [label, short, viaPackage, viaHttp] =
			group === 'a'
				? (['Perform Action', 'PA', packagePerformAction, httpPerformAction] as const)
				: (['Delete', 'DEL', packageDelete, httpDelete] as const);
		for (const way of [
			'package',
			'packageDefault',
			'httpRetry',
			'httpContinue',
			'httpPaced',
		] as WayKey[]) {
			const name = `bench (${group}) ${label} ${count} — ${way}`;
			const workflow: Workflow =
				way === 'package'
					? viaPackage(name, hwids, credential, 1000)
					: way === 'packageDefault'
						? viaPackage(name, hwids, credential)
						: viaHttp(name, hwids, baseUrl, token, http(way));
			cases.push({
				key: `${group}-${count}`,
				group,
				workload: `(${group}) ${label}, ${count} ${group === 'a' ? 'items' : 'devices'}`,
				short: `${short} ${count}`,
				way,
				wayLabel: WAY_LABELS[way](group),
				devices: count,
				fleet: actionFleet,
				workflow,
				nodeName: nodeFor(way),
				check,
			});
		}
	};
	for (const count of [10, 100, 1000]) listCases('a', count);
	for (const count of [50, 500, 5000]) {
		const hwids = seededHwids(count);
		for (const way of ['package', 'httpRetry', 'httpPaced'] as WayKey[]) {
			const name = `bench (b) Get Many ${count} — ${way}`;
			cases.push({
				key: `b-${count}`,
				group: 'b',
				workload: `(b) Get Many, Return All, ${count} devices`,
				short: `GM ${count}`,
				way,
				wayLabel: WAY_LABELS[way]('b'),
				devices: count,
				fleet: count,
				workflow:
					way === 'package'
						? packageGetMany(name, credential)
						: httpGetMany(name, baseUrl, token, http(way)),
				nodeName: nodeFor(way),
				check: { kind: 'getMany', hwids },
			});
		}
	}
	{
		// The package sharing its account: another client spends 4 of every window's 10 requests on the same token.
		const count = 5000;
		cases.push({
			key: `b-${count}-shared`,
			group: 'b',
			workload: `(b) Get Many, Return All, ${count} devices, another client on the token`,
			short: `GM ${count} SHARED`,
			way: 'package',
			wayLabel: WAY_LABELS.package('b'),
			devices: count,
			fleet: count,
			workflow: packageGetMany(`bench (b) Get Many ${count}, shared — package`, credential),
			nodeName: NODE.package,
			check: { kind: 'getMany', hwids: seededHwids(count) },
			competitor: { intervalMs: Math.round(WINDOW_MS / 4) },
		});
		cases.push({
			key: `b-${count}-429`,
			group: 'b',
			workload: `(b) Get Many, Return All, ${count} devices, 3 unforeseen 429s`,
			short: `GM ${count} 429S`,
			way: 'package',
			wayLabel: WAY_LABELS.package('b'),
			devices: count,
			fleet: count,
			workflow: packageGetMany(`bench (b) Get Many ${count}, 429s — package`, credential),
			nodeName: NODE.package,
			check: { kind: 'getMany', hwids: seededHwids(count) },
			inject429: { afterRequests: 45, count: 3 },
		});
	}
	listCases('c', 200);
	return cases;
}

/** The workload a case belongs to: the runs beside another client or with injected 429s are Get Many over 5,000 devices. */
export function baseKey(kase: Case): string {
	return kase.key.replace(/-(shared|429)$/, '');
}

/** Expected duration of a spaced HTTP Request case, ms (its requests one spacing apart), for the budget. */
export function pacedEstimateMs(kase: Case): number {
	const requests = kase.check.kind === 'getMany' ? Math.floor(kase.devices / 50) + 1 : kase.devices;
	return requests * settings.pacedSpacingMs + 15_000;
}
