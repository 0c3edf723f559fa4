/**
 * The example workflows (examples/*.json), as code. `npx ts-node --transpile-only
 * test/scripts/build-examples.ts` writes them; the e2e suite checks that examples/ matches this.
 */
import { is, TRIGGER_NODE_TYPE, WorkflowBuilder, type Workflow } from './builder';
import { complianceExamples } from './compliance';

const credentialStep =
	'Open each **OPSWAT MetaAccess** node and pick your *OPSWAT MetaAccess API* credential (Base URL of your MetaAccess cloud, e.g. `https://gears.opswat.com`, and an access token or client ID and secret).';

export const LIST_DEVICES = 'List Devices';

export interface Example {
	/** File name under examples/. */
	file: string;
	workflow: Workflow;
}

export function buildExamples(): Example[] {
	return [
		{
			file: '01-list-devices.json',
			workflow: new WorkflowBuilder('opswatExample01', 'OPSWAT MetaAccess: list all devices')
				.manualTrigger()
				.metaAccess(LIST_DEVICES, { operation: 'getAll', returnAll: true })
				.note(
					[
						'## List all devices',
						'Lists every device of your OPSWAT MetaAccess account: one item per device, in the *simplified* shape (`hwid`, `hostname`, `status` as a word, `critical`, `exempt` and `online` as true or false, `total_issues`, `last_seen`, `os_family`, `os_name`, `device_type`, `mac_addresses`; turn Simplify off for the whole API record).',
						'',
						'**To set**',
						`1. ${credentialStep}`,
						'2. Click **Execute workflow**.',
						'',
						"**Good to know**: Get Many reads 50 devices a request. With **Return All** it reads every page (1,000 devices: 21 requests, about 2 minutes at the API's 10 requests a minute; the node paces itself). Turn **Return All** off and set a **Limit** to read fewer.",
					].join('\n'),
					400,
				)
				.build(),
		},
		{
			file: '02-assign-linux-devices-to-group.json',
			workflow: new WorkflowBuilder(
				'opswatExample02',
				'OPSWAT MetaAccess: move Linux devices into a group',
			)
				.manualTrigger()
				.metaAccess(LIST_DEVICES, { operation: 'getAll', returnAll: true })
				.filter('Keep Linux Devices', [is.stringEquals('={{ $json.os_family }}', 'Linux')])
				.metaAccess('Assign to Group', {
					operation: 'assignToGroup',
					identifyBy: 'id',
					devices: '={{ $json.hwid }}',
					group: { __rl: true, mode: 'id', value: 'linux' },
				})
				.note(
					[
						'## Move Linux devices into a group',
						'Lists all devices, keeps those whose OS family is Linux, and moves them into one group with **Assign to Group**. All devices go in as few requests as possible (100 a request, see *Batch Size*).',
						'',
						'**To set**',
						`1. ${credentialStep}`,
						'2. In **Assign to Group**, set **Group** to your MetaAccess group: *Default Group* from the list, or its ID (here `linux`).',
						'3. Change **Keep Linux Devices** to pick other devices (e.g. `machine_type` is `server`).',
						'',
						'**Output**: one item per device: `id`, `action`, `result` (`applied`, `not supported` for domain controllers, `failed` for unknown IDs) and `success`.',
					].join('\n'),
				)
				.build(),
		},
		{
			file: '03-dhcp-renew-online-devices.json',
			workflow: new WorkflowBuilder(
				'opswatExample03',
				'OPSWAT MetaAccess: renew the IP address of online devices',
			)
				.manualTrigger()
				.metaAccess(LIST_DEVICES, { operation: 'getAll', returnAll: true, simplify: false })
				.filter('Keep Online Managed Devices', [
					is.numberEquals('={{ $json.active }}', 1),
					is.stringEquals('={{ $json.agent_type ?? "" }}', 'managed'),
				])
				.metaAccess('Renew IP Address', {
					operation: 'renewIp',
					identifyBy: 'id',
					devices: '={{ $json.hwid }}',
				})
				.note(
					[
						'## Renew the IP address of online devices',
						'Lists all devices, keeps the online ones with a persistent (*managed*) agent, and asks each to renew its DHCP lease with **Renew IP Address**. All devices go in as few requests as possible (100 a request, see *Batch Size*). (*Use Older Endpoint*, under Options, sends the older Devices Action command instead.)',
						'',
						'**To set**',
						`1. ${credentialStep}`,
						'2. Narrow **Keep Online Managed Devices** to the devices you mean (e.g. add `hostname` contains `LAB-`).',
						'',
						'**Output**: one item per device: `id`, `action` (`dhcprenew`), `result` (`applied`, `failed` for a device whose agent is offline, `not supported` for one without a persistent agent) and `success`.',
					].join('\n'),
				)
				.build(),
		},
		{
			file: '04-archive-stale-devices.json',
			workflow: new WorkflowBuilder(
				'opswatExample04',
				'OPSWAT MetaAccess: archive devices not seen for 90 days',
			)
				.manualTrigger()
				.metaAccess(LIST_DEVICES, { operation: 'getAll', returnAll: true })
				.filter('Not Seen for 90 Days', [
					is.before('={{ $json.last_seen }}', '={{ $now.minus({ days: 90 }).toISO() }}'),
				])
				.metaAccess('Archive Devices', {
					operation: 'delete',
					deleteOption: 2,
					identifyBy: 'id',
					devices: '={{ $json.hwid }}',
				})
				.note(
					[
						'## Archive devices not seen for 90 days',
						'Lists all devices, keeps those whose `last_seen` is more than 90 days ago, and removes them with **Delete**, *What to Delete* set to **Agent, and Archive the Cloud Record**: the agent is uninstalled and the device record is archived in the cloud.',
						'',
						'**To set**',
						`1. ${credentialStep}`,
						'2. Change the 90 days in **Not Seen for 90 Days** if you like.',
						'3. **Check first**: run only up to **Not Seen for 90 Days** (or disable **Archive Devices**) and look at the list. Deleting uninstalls agents; it cannot be undone from n8n.',
						'',
						'**Output**: one item per device: `id`, `delete_option_name`, `result` (`success` or `failed`) and `success`.',
					].join('\n'),
					460,
				)
				.build(),
		},
		{
			file: '05-remediation-links-for-critical-devices.json',
			workflow: new WorkflowBuilder(
				'opswatExample05',
				'OPSWAT MetaAccess: remediation links of devices with critical issues',
			)
				.manualTrigger()
				.metaAccess(LIST_DEVICES, { operation: 'getAll', returnAll: true })
				.filter('Keep Devices with Critical Issues', [is.isTrue('={{ $json.critical }}')])
				.metaAccess('Get Remediation Link', {
					operation: 'getRemediationLink',
					device: { __rl: true, mode: 'id', value: '={{ $json.hwid }}' },
				})
				.note(
					[
						'## Remediation links of devices with critical issues',
						"Lists all devices, keeps those with a critical issue, and gets the remediation page of each with **Get Remediation Link**: the page that tells the device's user how to fix it. Add an email or chat node after it to send the links.",
						'',
						'**To set**',
						`1. ${credentialStep}`,
						'',
						'**Output**: one item per device: `value` (the device ID), `result` (`found`, `not found`, `out of license`), `found` and `remediation_link`. Get Remediation Link takes one device a request, so 30 devices take about 3 minutes at 10 requests a minute.',
					].join('\n'),
					400,
				)
				.build(),
		},
		{
			file: '06-compliance-sweep.json',
			workflow: new WorkflowBuilder('opswatExample06', 'OPSWAT MetaAccess: compliance sweep')
				.manualTrigger()
				.metaAccess(LIST_DEVICES, { operation: 'getAll', returnAll: true })
				.filter('Keep Non-Compliant Devices', [
					is.stringEquals('={{ $json.status }}', 'non-compliant'),
				])
				.metaAccess('Get Remediation Link', {
					operation: 'getRemediationLink',
					device: { __rl: true, mode: 'id', value: '={{ $json.hwid }}' },
				})
				.metaAccess('Exempt for 24 Hours', {
					operation: 'exempt',
					identifyBy: 'id',
					devices: '={{ $json.value }}',
					exemptTime: 24,
				})
				.set('Report', [
					{ name: 'hwid', value: '={{ $json.id }}', type: 'string' },
					{
						name: 'hostname',
						value: "={{ $('Keep Non-Compliant Devices').item.json.hostname }}",
						type: 'string',
					},
					{
						name: 'remediation_link',
						value: "={{ $('Get Remediation Link').item.json.remediation_link }}",
						type: 'string',
					},
					{ name: 'exempted', value: '={{ $json.success }}', type: 'boolean' },
					{ name: 'exempt_result', value: '={{ $json.result }}', type: 'string' },
				])
				.note(
					[
						'## Compliance sweep',
						'Finds every non-compliant device, gets its remediation link, and exempts it for 24 hours so that its user keeps network access while fixing it. **Report** gives one line per device to send on (email, chat, ticket).',
						'',
						'**To set**',
						`1. ${credentialStep}`,
						'2. Change **Exempt For (Hours)** in **Exempt for 24 Hours** (0 exempts for good).',
						'3. To run it every day, replace the manual trigger with a **Schedule Trigger**.',
						'',
						'**Requests**: the device pages (50 devices each), one remediation request per non-compliant device, and one exempt request per 100 devices. Devices MetaAccess cannot exempt (unknown, ignored, out of license) come back with `exempted` false and `exempt_result` `not supported`.',
					].join('\n'),
					480,
				)
				.build(),
		},
		{
			file: '07-alert-on-non-compliant-device.json',
			workflow: new WorkflowBuilder(
				'opswatExample07',
				'OPSWAT MetaAccess: alert when a device becomes non-compliant',
			)
				.chain(
					'Device Became Non-Compliant',
					TRIGGER_NODE_TYPE,
					1,
					{
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						events: ['becameNonCompliant'],
						filters: {},
						options: {},
					},
					true,
				)
				.metaAccess('Get Remediation Link', {
					operation: 'getRemediationLink',
					device: { __rl: true, mode: 'id', value: '={{ $json.hwid }}' },
				})
				.set('Alert Message', [
					{
						name: 'hwid',
						value: "={{ $('Device Became Non-Compliant').item.json.hwid }}",
						type: 'string',
					},
					{
						name: 'hostname',
						value: "={{ $('Device Became Non-Compliant').item.json.hostname }}",
						type: 'string',
					},
					{ name: 'remediation_link', value: '={{ $json.remediation_link }}', type: 'string' },
					{
						name: 'message',
						value:
							"={{ $('Device Became Non-Compliant').item.json.hostname }} became non-compliant (was {{ $('Device Became Non-Compliant').item.json.previous?.status_label ?? 'not seen before' }}). How to fix it: {{ $json.remediation_link }}",
						type: 'string',
					},
				])
				.note(
					[
						'## Alert when a device becomes non-compliant',
						'The **OPSWAT MetaAccess Trigger** polls the device list every minute and starts the workflow for each device whose compliance status became *non-compliant*; the workflow gets its remediation link and writes an alert message. Add an email or chat node after **Alert Message**.',
						'',
						'**To set**',
						`1. ${credentialStep}`,
						'2. Pick the events and filters you want in the trigger.',
						'3. **Publish** the workflow (n8n 1.x: turn on *Active*). The first poll records every device as it is and alerts nothing; changes after it are alerted once.',
						'',
						"**Good to know**: one poll reads 50 devices a request (up to *Max Requests per Poll*, 8 by default), leaving room in the API's 10 requests a minute for other workflows.",
					].join('\n'),
					460,
				)
				.build(),
		},
		...complianceExamples(),
	];
}
