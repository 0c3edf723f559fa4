import { replaceFleet, TOKEN, useSimulator } from './helpers';

const context = useSimulator({ devices: 0 });
const LINK =
	'https://gears.opswat.com/gears/remediation/AKLOMFNH123518/W7ibNr5eVxv3wHlmsAWKo9MazUpkdWQG/123AG138545132156/remediation.html';

function remediation(value: string, opt?: string) {
	return context.http.get(`/o/api/v3/devices/${encodeURIComponent(value)}/remediation`, {
		params: { access_token: TOKEN, ...(opt === undefined ? {} : { opt }) },
	});
}

beforeAll(async () => {
	await replaceFleet(context.http, [
		{
			hwid: 'W7ibNr5eVxv3wHlmsAWKo9MazUpkdWQG',
			category: 'monitored',
			custom_id: 'CRM/42',
			remediation_link: LINK,
			network_info: [
				{ mac_addr: '00:0C:29:0A:83:0C', ipv4_addr: '192.168.159.138', ipv6_addr: '' },
			],
		},
		{ hwid: 'OUTOFLICENSE0001', category: 'out_of_license', custom_id: 'CRM-43' },
	]);
});

describe('Get Remediation Link v3.0', () => {
	it('finds a device by device ID (the HWID) with the default opt and opt=0', async () => {
		for (const opt of [undefined, '0']) {
			const answer = await remediation('W7ibNr5eVxv3wHlmsAWKo9MazUpkdWQG', opt);
			expect(answer.status).toBe(200);
			expect(answer.data).toStrictEqual({ result: 1, remediation_link: LINK });
		}
	});

	it('finds a device by MAC address in any form (URL-encoded or not)', async () => {
		for (const mac of [
			'00:0c:29:0a:83:0c',
			'00-0C-29-0A-83-0C',
			'000c.290a.830c',
			'000C290A830C',
		]) {
			expect((await remediation(mac)).data).toStrictEqual({ result: 1, remediation_link: LINK });
		}
		const raw = await context.http.get(
			`/o/api/v3/devices/00:0c:29:0a:83:0c/remediation?access_token=${TOKEN}`,
		);
		expect(raw.data).toStrictEqual({ result: 1, remediation_link: LINK });
	});

	it('finds a device by third-party custom ID with opt=1 (URL-decoded), not by HWID', async () => {
		expect((await remediation('CRM/42', '1')).data).toStrictEqual({
			result: 1,
			remediation_link: LINK,
		});
		expect((await remediation('W7ibNr5eVxv3wHlmsAWKo9MazUpkdWQG', '1')).data).toStrictEqual({
			result: 0,
			remediation_link: '',
		});
		expect((await remediation('CRM/42', '0')).data).toStrictEqual({
			result: 0,
			remediation_link: '',
		});
	});

	it('answers result 0 for a device not in the account and -1 for an out-of-license device', async () => {
		expect((await remediation('NOSUCHDEVICE0000')).data).toStrictEqual({
			result: 0,
			remediation_link: '',
		});
		expect((await remediation('OUTOFLICENSE0001')).data).toStrictEqual({
			result: -1,
			remediation_link: '',
		});
		expect((await remediation('CRM-43', '1')).data).toStrictEqual({
			result: -1,
			remediation_link: '',
		});
	});

	it('answers 400 "Invalid option" for any other opt', async () => {
		for (const opt of ['2', '5', '-1', 'abc', '']) {
			const answer = await remediation('W7ibNr5eVxv3wHlmsAWKo9MazUpkdWQG', opt);
			expect([opt, answer.status, answer.data]).toEqual([
				opt,
				400,
				{ error: 'invalid_request', error_description: 'Invalid option' },
			]);
		}
	});

	it('answers 405 to another method, naming the one it takes', async () => {
		const answer = await context.http.post(
			`/o/api/v3/devices/OUTOFLICENSE0001/remediation?access_token=${TOKEN}`,
			{},
		);
		expect(answer.status).toBe(405);
		expect(answer.headers.allow).toBe('GET');
		expect(answer.data.error).toBe('method_not_allowed');
	});
});
