/**
 * One example workflow per operation, run with `n8n execute`: exact output items, the simulator's
 * state afterwards, and the exact requests sent (the fewest the operation allows).
 */
import { LIST_DEVICES } from '../../examples/workflows';
import type { Context, Scenario } from './context';
import {
	actionDescription,
	assertEqual,
	assertTrue,
	chunks,
	expectedPageQueries,
	expectedPageStatuses,
	expectedSimple,
	remediationDescription,
} from './expect';
import { nodeJson, nodeOutput, type ExecuteResult } from '../lab';
import type { LoggedRequest, SimDevice } from '../simulator';

/** The fast window of the e2e suite: 10 requests per 2 s (Requests per Minute 300). */
export const FAST_RATE_LIMIT = { limit: 10, windowMs: 2000 };

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Asserts the page requests of a Return All walk, and answers the requests after them. */
export function checkPages(
	context: Context,
	requests: LoggedRequest[],
	devices: number,
	tokenLabel = 'static#1',
): LoggedRequest[] {
	const queries = expectedPageQueries(devices, tokenLabel);
	const pages = requests.slice(0, queries.length);
	assertEqual(
		pages.map((r) => ({ method: r.method, path: r.path, query: r.query, status: r.status })),
		queries.map((query, i) => ({
			method: 'GET',
			path: '/o/api/v2.3/devices',
			query,
			status: expectedPageStatuses(devices)[i],
		})),
		`Get Devices pages\n${context.sim.describeRequests(requests)}`,
	);
	return requests.slice(queries.length);
}

/** The List Devices output: every device, simplified, in the API's order, each paired with the trigger item. */
export function checkListing(result: ExecuteResult['result'], listing: Json[]): void {
	const items = nodeOutput(result, LIST_DEVICES);
	assertEqual(
		items.map((item) => item.json),
		listing.map(expectedSimple),
		'List Devices output',
	);
	assertEqual(
		items.map((item) => item.pairedItem),
		listing.map(() => ({ item: 0 })),
		'List Devices pairedItem',
	);
}

const byHwid = (devices: SimDevice[]) => new Map(devices.map((device) => [device.hwid, device]));

/** Devices the run did not name must be exactly as before. */
function checkUntouched(
	before: SimDevice[],
	after: SimDevice[],
	touched: Set<string>,
	what: string,
): void {
	const now = byHwid(after);
	for (const device of before) {
		if (touched.has(device.hwid)) continue;
		assertEqual(now.get(device.hwid), device, `${what}: device ${device.hwid} was not to change`);
	}
}

/**
 * A Device Action run's items, exactly: one per device, applied where `code` gives 1, not supported
 * where it gives -1; every device not supported left as it was. Answers the devices it applied to,
 * before and after, for the operation's own checks.
 */
function checkActionResults(
	context: Context,
	result: ExecuteResult['result'],
	node: string,
	action: string,
	devices: SimDevice[],
	code: (device: SimDevice) => number,
): Array<{ device: SimDevice; now: SimDevice }> {
	assertEqual(
		nodeJson(result, node),
		devices.map((device) => ({
			id: device.hwid,
			action,
			result_code: code(device),
			result: code(device) === 1 ? 'applied' : 'not supported',
			result_description: actionDescription(action, code(device)),
			success: code(device) === 1,
		})),
		`${node} output`,
	);
	const after = byHwid(context.sim.raw());
	return devices.flatMap((device) => {
		const now = after.get(device.hwid)!;
		if (code(device) === 1) return [{ device, now }];
		assertEqual(now, device, `device ${device.hwid} (not supported) unchanged`);
		return [];
	});
}

export const operationScenarios: Scenario[] = [
	{
		id: 'get-many',
		name: 'Get Many: list all devices (01-list-devices)',
		checks:
			'exact 300 simplified items in API order; requests = 7 pages (limit 50, page 2…7, the 7th a 413); fleet unchanged',
		async run(context) {
			await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
			const before = context.sim.raw();
			const { result } = await context.run('01-list-devices.json');
			checkListing(result, context.sim.listing());
			const rest = checkPages(context, context.sim.requests(), 300);
			assertEqual(
				rest.length,
				0,
				`requests after the pages\n${context.sim.describeRequests(rest)}`,
			);
			assertEqual(context.sim.raw(), before, 'fleet after Get Many');
		},
	},
	{
		id: 'assign-to-group',
		name: 'Assign to Group: assign Linux devices to a group (02-assign-linux-devices-to-group)',
		checks:
			'exact per-device results (applied / not supported); exactly those devices moved to group "linux"; 7 pages + 1 action request with all HWIDs',
		async run(context) {
			await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
			const before = context.sim.raw();
			const linux = before.filter((device) => device.os_info.family === 'Linux');
			assertTrue(linux.length > 1, 'the fleet has Linux devices');
			const started = Date.now();
			const { result } = await context.run('02-assign-linux-devices-to-group.json');
			const code = (device: SimDevice) => (device.agent === 'domain-controller' ? -1 : 1);
			const applied = checkActionResults(
				context,
				result,
				'Assign to Group',
				'assign_to_group',
				linux,
				code,
			);
			for (const { device, now } of applied) {
				assertEqual(now.group, 'linux', `group of ${device.hwid}`);
				assertEqual(
					now.commands.slice(0, -1),
					device.commands,
					`earlier commands of ${device.hwid}`,
				);
				assertEqual(now.commands.at(-1)?.type, 'assign_to_group', `last command of ${device.hwid}`);
				assertTrue(
					Date.parse(now.commands.at(-1)!.at) >= started - 1000,
					`command time of ${device.hwid}`,
				);
			}
			checkUntouched(
				before,
				context.sim.raw(),
				new Set(linux.map((device) => device.hwid)),
				'Assign to Group',
			);
			const rest = checkPages(context, context.sim.requests(), 300);
			assertEqual(
				rest.map((r) => ({ method: r.method, path: r.path, body: r.body, status: r.status })),
				[
					{
						method: 'POST',
						path: '/o/api/v3.1/devices/action',
						body: {
							types: 'assign_to_group',
							ids: linux.map((device) => device.hwid),
							params: { group_id: 'linux' },
						},
						status: 200,
					},
				],
				'action requests',
			);
		},
	},
	{
		id: 'renew-ip',
		name: 'Renew IP Address: online managed devices by Device ID (03-dhcp-renew-online-devices)',
		checks:
			'one item per online managed device: applied for persistent agents, not supported for domain controllers; each persistent one got exactly one dhcprenew command, the others unchanged; 7 pages + ⌈devices/100⌉ Device Action requests (ids)',
		async run(context) {
			await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
			const before = context.sim.raw();
			const listed = context.sim.listing();
			const targets = before.filter(
				(_, i) => listed[i].active === 1 && listed[i].agent_type === 'managed',
			);
			assertTrue(targets.length > 1, `online managed devices to renew (${targets.length})`);
			const hwids = targets.map((device) => device.hwid);
			// Domain controllers are listed as managed too, but have no persistent agent: not supported.
			const code = (device: SimDevice) => (device.agent === 'persistent' ? 1 : -1);
			assertTrue(
				targets.some((device) => code(device) === -1),
				'some online managed devices are domain controllers',
			);
			const { result } = await context.run('03-dhcp-renew-online-devices.json');
			const applied = checkActionResults(
				context,
				result,
				'Renew IP Address',
				'dhcprenew',
				targets,
				code,
			);
			for (const { device, now } of applied) {
				assertEqual(
					now.commands.slice(0, device.commands.length),
					device.commands,
					`earlier commands of ${device.hwid}`,
				);
				assertEqual(
					now.commands.slice(device.commands.length).map((command) => command.type),
					['dhcprenew'],
					`new commands of ${device.hwid}`,
				);
			}
			checkUntouched(before, context.sim.raw(), new Set(hwids), 'Renew IP Address');
			const rest = checkPages(context, context.sim.requests(), 300);
			assertEqual(
				rest.map((r) => ({ method: r.method, path: r.path, body: r.body, status: r.status })),
				chunks(hwids, 100).map((batch) => ({
					method: 'POST',
					path: '/o/api/v3.1/devices/action',
					body: { types: 'dhcprenew', ids: batch },
					status: 200,
				})),
				'Renew IP Address requests',
			);
		},
	},
	{
		id: 'delete',
		name: 'Delete: archive devices not seen for 90 days (04-archive-stale-devices)',
		checks:
			'exactly the 5 devices last seen 200 days ago (not the one seen 89 days ago) are archived and gone from the fleet; exact items; 7 pages + 1 delete request (opt 2, HWID_list)',
		async run(context) {
			await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
			const day = 86_400_000;
			const iso = (time: number) => new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z');
			const simulation = context.sim.simulation;
			const all = context.sim.raw();
			const stale = [3, 50, 120, 250, 299].map((i) => all[i].hwid);
			const borderline = all[77].hwid;
			for (const device of all) {
				const lastSeen = stale.includes(device.hwid)
					? Date.now() - 200 * day
					: device.hwid === borderline
						? Date.now() - 89 * day
						: Date.now() - day;
				simulation.updateDevice(device.hwid, { last_seen: iso(lastSeen) }, Date.now());
			}
			const before = context.sim.raw();
			const { result } = await context.run('04-archive-stale-devices.json');
			assertEqual(
				nodeJson(result, 'Archive Devices'),
				stale.map((hwid) => ({
					id: hwid,
					action: 'delete',
					delete_option: 2,
					delete_option_name: 'uninstall agent, archive record',
					result_code: 1,
					result: 'success',
					result_description: 'MetaAccess deleted the device (uninstall agent, archive record).',
					success: true,
				})),
				'Archive Devices output',
			);
			const after = context.sim.raw();
			assertEqual(after.length, 295, 'fleet size after archiving 5 devices');
			assertTrue(
				!after.some((device) => stale.includes(device.hwid)),
				'the archived devices left the fleet',
			);
			assertEqual(
				simulation.archive().map((device) => device.hwid),
				stale,
				'the archive',
			);
			checkUntouched(before, after, new Set(stale), 'Archive Devices');
			const rest = checkPages(context, context.sim.requests(), 300);
			assertEqual(
				rest.map((r) => ({ method: r.method, path: r.path, body: r.body, status: r.status })),
				[
					{
						method: 'POST',
						path: '/o/api/v2/devices/delete',
						body: { opt: 2, HWID_list: stale },
						status: 200,
					},
				],
				'delete requests',
			);
		},
	},
	{
		id: 'remediation',
		name: 'Get Remediation Link: devices with critical issues (05-remediation-links-for-critical-devices)',
		checks:
			'exact item per critical device (found + link, or out of license); 7 pages + one GET …/{hwid}/remediation?opt=0 per device, in order',
		async run(context) {
			await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
			// Make sure an out-of-license device is among them (its link is refused).
			const outOfLicense = context.sim.raw().find((device) => device.category === 'out_of_license');
			assertTrue(outOfLicense, 'the fleet has an out-of-license device');
			context.sim.simulation.updateDevice(outOfLicense.hwid, { critical_status: 1 }, Date.now());
			const before = context.sim.raw();
			const critical = before.filter((device) => device.critical_status === 1);
			const { result } = await context.run('05-remediation-links-for-critical-devices.json');
			assertEqual(
				nodeJson(result, 'Get Remediation Link'),
				critical.map((device) => {
					const licensed = device.category !== 'out_of_license';
					return {
						value: device.hwid,
						value_type: 'id',
						result_code: licensed ? 1 : -1,
						result: licensed ? 'found' : 'out of license',
						result_description: remediationDescription(licensed ? 1 : -1),
						found: licensed,
						remediation_link: licensed ? device.remediation_link : '',
					};
				}),
				'Get Remediation Link output',
			);
			assertEqual(context.sim.raw(), before, 'fleet after Get Remediation Link');
			const rest = checkPages(context, context.sim.requests(), 300);
			assertEqual(
				rest.map((r) => ({ method: r.method, path: r.path, query: r.query, status: r.status })),
				critical.map((device) => ({
					method: 'GET',
					path: `/o/api/v3/devices/${device.hwid}/remediation`,
					query: { opt: '0', access_token: 'static#1' },
					status: 200,
				})),
				'remediation requests',
			);
		},
	},
];
