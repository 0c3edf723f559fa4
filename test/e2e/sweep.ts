/**
 * The compliance sweep (06-compliance-sweep): Get Many → keep non-compliant → Get Remediation
 * Link → Exempt 24 h → Report, checked against the simulator afterwards.
 */
import type { Scenario } from './context';
import { actionDescription, assertEqual, assertTrue, chunks, expectedSimple } from './expect';
import { nodeJson } from '../lab';
import { checkListing, checkPages, FAST_RATE_LIMIT } from './operations';

export const sweepScenario: Scenario = {
	id: 'sweep',
	name: 'Compliance sweep: non-compliant devices get a remediation link and a 24-hour exemption (06-compliance-sweep)',
	checks:
		'exactly the non-compliant monitored devices are exempt until start+24h…end+24h, every other device unchanged; exact Report items (paired through three nodes); requests = 7 pages + 1 remediation request per device + ⌈devices/100⌉ exempt requests, nothing else',
	async run(context) {
		await context.prepare({ devices: 300, rateLimit: FAST_RATE_LIMIT });
		const before = context.sim.raw();
		const listing = context.sim.listing();
		const nonCompliant = before.filter((device) => device.status === 1);
		const exemptable = nonCompliant.filter((device) => device.category === 'monitored');
		assertTrue(
			nonCompliant.length > 100,
			`more than 100 non-compliant devices (${nonCompliant.length}), so that the exemption takes two requests`,
		);
		assertTrue(
			exemptable.length < nonCompliant.length,
			'some non-compliant devices cannot be exempted',
		);
		const started = Date.now();
		const { result } = await context.run('06-compliance-sweep.json');
		const finished = Date.now();

		checkListing(result, listing);
		assertEqual(
			nodeJson(result, 'Keep Non-Compliant Devices'),
			listing.filter((device) => device.status === 1).map(expectedSimple),
			'Keep Non-Compliant Devices output',
		);
		const licensed = (device: (typeof before)[number]) => device.category !== 'out_of_license';
		const monitored = (device: (typeof before)[number]) => device.category === 'monitored';
		assertEqual(
			nodeJson(result, 'Exempt for 24 Hours'),
			nonCompliant.map((device) => ({
				id: device.hwid,
				action: 'exempt',
				result_code: monitored(device) ? 1 : -1,
				result: monitored(device) ? 'applied' : 'not supported',
				result_description: actionDescription('exempt', monitored(device) ? 1 : -1),
				success: monitored(device),
			})),
			'Exempt for 24 Hours output',
		);
		assertEqual(
			nodeJson(result, 'Report'),
			nonCompliant.map((device) => ({
				hwid: device.hwid,
				hostname: device.hostname,
				remediation_link: licensed(device) ? device.remediation_link : '',
				exempted: monitored(device),
				exempt_result: monitored(device) ? 'applied' : 'not supported',
			})),
			'Report output',
		);

		// The simulator: exactly the exemptable non-compliant devices are exempt for 24 hours; nothing else changed.
		const after = new Map(context.sim.raw().map((device) => [device.hwid, device]));
		assertEqual(after.size, before.length, 'fleet size');
		const hours24 = 24 * 3_600_000;
		for (const device of before) {
			const now = after.get(device.hwid)!;
			if (device.status === 1 && monitored(device)) {
				assertEqual(now.exempt, 1, `exempt of ${device.hwid}`);
				const until = Date.parse(now.exempt_until ?? '');
				assertTrue(
					until >= started + hours24 - 1000 && until <= finished + hours24 + 1000,
					`${device.hwid} exempt until ${now.exempt_until}, expected 24 hours after the run (${new Date(started + hours24).toISOString()} … ${new Date(finished + hours24).toISOString()})`,
				);
				assertEqual(
					now.commands.slice(0, -1),
					device.commands,
					`earlier commands of ${device.hwid}`,
				);
				assertEqual(now.commands.at(-1)?.type, 'exempt', `last command of ${device.hwid}`);
				assertEqual(
					{
						...now,
						exempt: device.exempt,
						exempt_until: device.exempt_until,
						commands: device.commands,
					},
					device,
					`other fields of ${device.hwid}`,
				);
			} else {
				assertEqual(
					now,
					device,
					`device ${device.hwid} (${device.status === 1 ? `non-compliant, ${device.category}` : 'not non-compliant'}) unchanged`,
				);
			}
		}

		// The requests: the fewest possible.
		const requests = context.sim.requests();
		const rest = checkPages(context, requests, 300);
		const ids = nonCompliant.map((device) => device.hwid);
		assertEqual(
			rest.map((r) => ({
				method: r.method,
				path: r.path,
				query: r.query,
				body: r.body,
				status: r.status,
			})),
			[
				...ids.map((hwid) => ({
					method: 'GET',
					path: `/o/api/v3/devices/${hwid}/remediation`,
					query: { opt: '0', access_token: 'static#1' },
					body: null,
					status: 200,
				})),
				...chunks(ids, 100).map((batch) => ({
					method: 'POST',
					path: '/o/api/v3.1/devices/action',
					query: { access_token: 'static#1' },
					body: { types: 'exempt', ids: batch, params: { exempt_time: 24 } },
					status: 200,
				})),
			],
			'requests after the pages',
		);
		assertEqual(
			requests.length,
			7 + ids.length + Math.ceil(ids.length / 100),
			'number of requests',
		);
		context.log(
			`    ${nonCompliant.length} non-compliant devices, ${exemptable.length} exempted, ${requests.length} requests`,
		);
	},
};
