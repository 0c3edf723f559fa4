/**
 * The Device picker's text modes as the editor checks them (the regexes of the description) and as
 * a run reads them: By URL takes a device's console page (its remediation page) and sends its
 * device ID; and the sentences that explain each result code in the output items.
 */
import nock from 'nock';

import examples from '../../fixtures/metaaccess-examples.json';
import { accessTokenCredential, runActionNode } from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';
import {
	CUSTOM_ID_REGEX,
	DEVICE_ID_REGEX,
	DEVICE_URL_REGEX,
	MAC_REGEX,
} from '../../../nodes/OpswatMetaAccess/actions/shared/device';
import { actionResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/deviceActionResponse';
import { legacyResultDescription } from '../../../nodes/OpswatMetaAccess/actions/shared/legacy';
import { remediationResultDescription } from '../../../nodes/OpswatMetaAccess/actions/device/getRemediationLink.operation';

const BASE = 'https://gears.opswat.com';
/** The remediation pages of the vendor's examples (Get Remediation Link and Get Devices). */
const PAGE_1 =
	'https://gears.opswat.com/gears/remediation/AKLOMFNH123518/1dc0aaaa292ce801f5379042d68bb6cb/123AG138545132156/remediation.html';
const PAGE_2 =
	'https://gears.opswat.com/gears/remediation/2dac92f8fa8dfe02414835d792fb412f/6WXJURV8QAM0I7KC/009nOa7nMaInXaDnMaZ1J/remediation.html?od=2';

useNodeTestEnvironment({ expectAllMocksUsed: true });

const matches = (regex: string, value: string) => new RegExp(regex).test(value);

test('By URL: the editor takes a remediation page and finds the device ID in it; nothing else', () => {
	expect(new RegExp(DEVICE_URL_REGEX).exec(PAGE_1)?.[1]).toBe('1dc0aaaa292ce801f5379042d68bb6cb');
	expect(new RegExp(DEVICE_URL_REGEX).exec(` ${PAGE_2} `)?.[1]).toBe('6WXJURV8QAM0I7KC');
	for (const wrong of [
		'6WXJURV8QAM0I7KC',
		'https://gears.opswat.com/console/devices/6WXJURV8QAM0I7KC',
		'https://gears.opswat.com/gears/remediation/6WXJURV8QAM0I7KC/remediation.html',
		'ftp://gears.opswat.com/gears/remediation/a/b/c/remediation.html',
		`${PAGE_1} extra`,
	]) {
		expect([wrong, matches(DEVICE_URL_REGEX, wrong)]).toEqual([wrong, false]);
	}
});

test('By ID, By MAC Address and By Custom ID: the editor refuses what a run would refuse', () => {
	expect(matches(DEVICE_ID_REGEX, '6WXJURV8QAM0I7KC')).toBe(true);
	expect(['two words', 'a/b', ''].map((value) => matches(DEVICE_ID_REGEX, value))).toEqual([
		false,
		false,
		false,
	]);
	expect(
		['00:0c:29:f2:7a:29', '00-0C-29-F2-7A-29', '000c.29f2.7a29', '000c29f27a29'].map((value) =>
			matches(MAC_REGEX, value),
		),
	).toEqual([true, true, true, true]);
	expect(matches(MAC_REGEX, '00:0c:29:f2:7a')).toBe(false);
	expect(
		['asset-4711', 'x'.repeat(256), 'x'.repeat(257), '', '   '].map((value) =>
			matches(CUSTOM_ID_REGEX, value),
		),
	).toEqual([true, true, false, false, false]);
});

test('Get Remediation Link By URL sends the device ID of the page (opt 0) and outputs it', async () => {
	const response = examples.remediationWithOpt0.responses.found;
	const exampleToken = 'TEST7P9ZMJ2LBF8AMOMJLFNPMMLO953AVQ4C9YFF52R61235';
	nock(BASE)
		.get('/o/api/v3/devices/1dc0aaaa292ce801f5379042d68bb6cb/remediation')
		.query({ opt: '0', access_token: exampleToken })
		.reply(200, response);
	const { items } = await runActionNode({
		parameters: {
			operation: 'getRemediationLink',
			device: { __rl: true, mode: 'url', value: PAGE_1 },
		},
		credentials: accessTokenCredential({ accessToken: exampleToken }),
	});
	expect(items.map((item) => item.json)).toEqual([
		{
			value: '1dc0aaaa292ce801f5379042d68bb6cb',
			value_type: 'id',
			result_code: 1,
			result: 'found',
			result_description: 'MetaAccess found the device: remediation_link is its remediation page.',
			found: true,
			remediation_link: response.remediation_link,
		},
	]);
});

test('By URL with a page that is no device page: a clear error before any request', async () => {
	await expect(
		runActionNode({
			parameters: {
				operation: 'get',
				device: { __rl: true, mode: 'url', value: 'https://gears.opswat.com/console/devices/X' },
			},
		}),
	).rejects.toThrow(
		`Item 0: "https://gears.opswat.com/console/devices/X" in 'Device' is not a device's page in the MetaAccess console`,
	);
});

test('every result code is explained: not supported says which devices the command applies to', () => {
	expect(actionResultDescription('ignore', -1)).toBe(
		'MetaAccess does not support Ignore on this device: Ignore applies to unknown devices only.',
	);
	expect(actionResultDescription('dhcprenew', 0)).toBe(
		'MetaAccess did not apply Renew IP Address to the device and gave no reason. Check with Get that the account has the device and that its agent is online.',
	);
	expect(actionResultDescription('exempt', 7)).toBe(
		'MetaAccess answered 7, a code its Device Action page does not list: take Exempt as not done and check the device with Get.',
	);
	expect(remediationResultDescription(-1)).toBe(
		'The device is out of license (beyond the devices the account is licensed for), so MetaAccess gives no remediation page.',
	);
	expect(
		legacyResultDescription(
			{ action: 'delete', delete_option_name: 'uninstall agent, keep record' },
			'Delete Devices',
			1,
		),
	).toBe('MetaAccess deleted the device (uninstall agent, keep record).');
	expect(legacyResultDescription({ action: 'exempt_all' }, 'Devices Action', null)).toBe(
		'MetaAccess returned no result for this device: check the device with Get before sending it again.',
	);
});
