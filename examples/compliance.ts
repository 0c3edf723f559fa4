/** The example workflows of the Account, Vulnerability and Group resources (built with workflows.ts). */
import {
	is,
	LOG_TRIGGER_NODE_TYPE,
	TRIGGER_NODE_TYPE,
	WorkflowBuilder,
	type Workflow,
} from './builder';

const credentialStep =
	'Open each **OPSWAT MetaAccess** node and pick your *OPSWAT MetaAccess API* credential.';

/** The Code node that turns the account, the devices and the CVEs into one HTML table and one CSV text. */
const REPORT_CODE = [
	"const account = $('Account Numbers').first().json;",
	"const devices = $('List Devices').all().map((item) => item.json);",
	'const byId = new Map(devices.map((device) => [device.hwid, device]));',
	"const nonCompliant = devices.filter((device) => device.status === 'non-compliant');",
	'const cves = $input.all().map((item) => item.json);',
	"const cell = (value) => String(value ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;');",
	"const csvCell = (value) => '\"' + String(value ?? '').replace(/\"/g, '\"\"') + '\"';",
	'const rows = cves.map((cve) => [byId.get(cve.device)?.hostname ?? cve.device, cve.device, cve.cve_id, cve.severity, cve.opswat_score, cve.summary]);',
	"const header = ['hostname', 'device', 'cve', 'severity', 'opswat_score', 'summary'];",
	'const html = [',
	'\t`<h2>Compliance report ${new Date().toISOString().slice(0, 10)}</h2>`,',
	'\t`<p>Devices used ${account.devices_used} of ${account.devices_allowed}; non-compliant ${account.devices_non_compliant}; critical ${account.devices_critical}.</p>`,',
	"\t`<p>Non-compliant devices: ${nonCompliant.map((device) => cell(device.hostname)).join(', ') || 'none'}</p>`,",
	"\t'<table><tr>' + header.map((name) => `<th>${name}</th>`).join('') + '</tr>',",
	"\t...rows.map((row) => '<tr>' + row.map((value) => `<td>${cell(value)}</td>`).join('') + '</tr>'),",
	"\t'</table>',",
	"].join('\\n');",
	"const csv = [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\\n');",
	'return [{ json: { ...account, non_compliant_devices: nonCompliant.length, known_exploited_cves: rows.length, html, csv } }];',
].join('\n');

export function complianceExamples(): Array<{ file: string; workflow: Workflow }> {
	return [
		{
			file: '08-daily-compliance-report.json',
			workflow: new WorkflowBuilder('opswatExample08', 'OPSWAT MetaAccess: daily compliance report')
				.chain('Every Morning', 'n8n-nodes-base.scheduleTrigger', 1.2, {
					rule: { interval: [{ field: 'days', triggerAtHour: 7 }] },
				})
				.metaAccessV2('Account Numbers', 'account', { operation: 'get' })
				.metaAccess('List Devices', { operation: 'getAll', returnAll: true })
				.filter('Keep Critical Devices', [is.isTrue('={{ $json.critical }}')])
				.metaAccessV2('Known-Exploited CVEs', 'vulnerability', {
					operation: 'getAllOfDevice',
					device: { __rl: true, mode: 'id', value: '={{ $json.hwid }}' },
					knownExploitedOnly: true,
					returnAll: true,
				})
				.chain('Build Report', 'n8n-nodes-base.code', 2, { jsCode: REPORT_CODE })
				.chain('Report as CSV File', 'n8n-nodes-base.convertToFile', 1.1, {
					operation: 'toText',
					sourceProperty: 'csv',
					options: { fileName: 'compliance-report.csv' },
				})
				.note(
					[
						'## Daily compliance report',
						"Every morning: the account's numbers (**Account → Get**), every device, the known-exploited CVEs (CISA KEV) of each critical device (**Vulnerability → Get Many of a Device**), then one item with an HTML table (`html`, for an email node) and the same rows as a CSV file (binary `data`).",
						'',
						'**To set**',
						`1. ${credentialStep}`,
						'2. Set the hour in **Every Morning**; add an email or chat node after **Report as CSV File** (the HTML is in `html`).',
						'',
						'**Requests**: 1 for the account, 1 per 50 devices, 1 per critical device. With no critical device the workflow stops after **Keep Critical Devices**.',
					].join('\n'),
					460,
				)
				.build(),
		},
		{
			file: '09-ticket-for-deleted-device.json',
			workflow: new WorkflowBuilder(
				'opswatExample09',
				'OPSWAT MetaAccess: open a ticket when a device is deleted',
			)
				.chain(
					'Device Removed',
					TRIGGER_NODE_TYPE,
					1,
					{
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						events: ['deviceRemoved'],
						filters: {},
						options: {},
					},
					true,
				)
				.chain('Open Ticket', 'n8n-nodes-base.httpRequest', 4.2, {
					method: 'POST',
					url: 'https://tickets.example.com/api/tickets',
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={{ JSON.stringify({ title: `Device ${$json.hostname ?? $json.hwid} removed from MetaAccess`, device_id: $json.hwid, seen_at: $json.seen_at, last_status: $json.previous?.status_label ?? null }) }}',
					options: {},
				})
				.note(
					[
						'## A ticket for each deleted device',
						'The **OPSWAT MetaAccess Trigger** polls the device list every minute and starts the workflow once for each device that left it (deleted through the API or the console, or removed as long unseen); **Open Ticket** posts one ticket per device to your ticketing system.',
						'',
						'**To set**',
						`1. ${credentialStep}`,
						"2. In **Open Ticket**, set your ticketing system's URL, authentication and body.",
						'3. **Publish** the workflow. The first poll records the devices and opens no ticket.',
					].join('\n'),
					420,
				)
				.build(),
		},
		{
			file: '10-admin-events-to-chat.json',
			workflow: new WorkflowBuilder(
				'opswatExample10',
				'OPSWAT MetaAccess: tell the security channel what administrators change',
			)
				.chain(
					'Admin Log',
					LOG_TRIGGER_NODE_TYPE,
					1,
					{
						pollTimes: { item: [{ mode: 'everyMinute' }] },
						category: 'admin',
						events: ['configuration_change', 'secure_access_configuration_change'],
						options: {},
					},
					true,
				)
				.chain('Post to Chat', 'n8n-nodes-base.httpRequest', 4.2, {
					method: 'POST',
					url: 'https://chat.example.com/hooks/security',
					sendBody: true,
					specifyBody: 'json',
					jsonBody:
						'={{ JSON.stringify({ text: `MetaAccess admin log: ${$json.event} by ${$json.email ?? "an administrator"} at ${$json.time}: ${$json.details ?? ""}` }) }}',
					options: {},
				})
				.note(
					[
						"## Administrators' changes, to the security channel",
						'The **OPSWAT MetaAccess Log Trigger** reads the admin log every minute and starts the workflow once for each new configuration change; **Post to Chat** posts it to a chat webhook (Slack, Teams, Mattermost, …).',
						'',
						'**To set**',
						`1. ${credentialStep}`,
						"2. In **Post to Chat**, set your chat's incoming-webhook URL (or replace the node with your chat's own node).",
						'3. **Publish** the workflow. The first poll records the time and posts nothing from before.',
					].join('\n'),
					420,
				)
				.build(),
		},
	];
}
