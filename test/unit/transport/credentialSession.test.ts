/** The credential read the action node starts ahead of use: a failed read is reported once, by the node, never left unhandled. */
import { FakeApi } from '../../harness/fakeApi';
import {
	accessTokenCredential,
	clientCredential,
	runActionNode,
	TestCredentialsHelper,
} from '../../harness/n8nContext';
import { useNodeTestEnvironment } from '../../harness/environment';

const env = useNodeTestEnvironment();

test('a credential that cannot be read fails the node, and leaves no unhandled rejection behind', async () => {
	const unhandled: unknown[] = [];
	const listener = (reason: unknown) => unhandled.push(reason);
	process.on('unhandledRejection', listener);
	try {
		const helper = new TestCredentialsHelper(undefined);
		await expect(
			runActionNode({ parameters: { operation: 'getAll', limit: 1 }, credentialsHelper: helper }),
		).rejects.toThrow('Node does not have any credentials set');
		// Bad input: the node stops before any request awaits the read it started.
		await expect(
			runActionNode({
				parameters: { operation: 'unexempt', devices: '' },
				credentialsHelper: helper,
			}),
		).rejects.toThrow("'Devices' names no device");
		for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => process.nextTick(resolve));
		await new Promise((resolve) => setImmediate(resolve));
		expect(unhandled).toEqual([]);
	} finally {
		process.off('unhandledRejection', listener);
	}
});

describe('a Base URL that would change the path or query of the requests is refused before any request', () => {
	let api: FakeApi;
	beforeEach(() => {
		api = new FakeApi(env.clock);
		api.handler = () => ({ status: 200, body: { result: 1, remediation_link: 'https://x/r' } });
	});
	const remediation = {
		operation: 'getRemediationLink',
		device: { __rl: true, mode: 'id', value: 'device123' },
	};
	const refused = (what: string, description: string) => ({
		name: 'NodeOperationError',
		message: `The OPSWAT MetaAccess credential has a Base URL ${what}`,
		description,
		context: { itemIndex: 0 },
	});
	const alone =
		'Set Base URL to the address of your MetaAccess cloud alone, without "?…" or "#…", for example https://gears.opswat.com.';

	test.each([
		[
			'https://gears.opswat.com/?x=1',
			refused(
				'with a query or fragment ("https://gears.opswat.com/?…"): the path of every request would land inside it',
				alone,
			),
		],
		[
			'https://gears.opswat.com/#x',
			refused(
				'with a query or fragment ("https://gears.opswat.com/#…"): the path of every request would land inside it',
				alone,
			),
		],
		[
			'https://admin:s3cret@gears.opswat.com',
			refused(
				'with a user name or password in it ("https://…@gears.opswat.com")',
				'Remove the "user:password@" part from Base URL, for example https://gears.opswat.com: MetaAccess takes the credential\'s token, and the address goes with every request.',
			),
		],
		[
			'https://gears.opswat.com/x/..',
			refused(
				'with a "." or ".." in its path ("https://gears.opswat.com/x/.."): it would change the path of every request',
				'Write the path of Base URL without "." or ".." segments, for example https://gears.opswat.com.',
			),
		],
		[
			'ftp://gears.opswat.com',
			refused(
				'that is not an http(s) address ("ftp://gears.opswat.com")',
				'Set Base URL to your MetaAccess cloud, starting with https://, for example https://gears.opswat.com.',
			),
		],
	])('%s', async (baseUrl, error) => {
		await expect(
			runActionNode({ parameters: remediation, credentials: accessTokenCredential({ baseUrl }) }),
		).rejects.toMatchObject(error);
		expect(api.requests).toEqual([]);
	});

	test('with Client Credentials, no token is fetched from such an address', async () => {
		const helper = new TestCredentialsHelper(
			clientCredential({ baseUrl: 'https://gears.opswat.com/?x=1' }),
		);
		await expect(
			runActionNode({ parameters: remediation, credentialsHelper: helper }),
		).rejects.toThrow('has a Base URL with a query or fragment');
		expect(api.requests).toEqual([]);
		expect(helper.updates).toEqual([]);
	});

	test('a path under the host is kept: the requests go below it', async () => {
		const proxied = new FakeApi(env.clock, { base: 'https://proxy.example.com' });
		proxied.handler = api.handler;
		const { items } = await runActionNode({
			parameters: remediation,
			credentials: accessTokenCredential({ baseUrl: 'https://proxy.example.com/metaaccess/' }),
		});
		expect(proxied.requests.map((r) => [r.method, r.path, r.query.opt])).toEqual([
			['GET', '/metaaccess/o/api/v3/devices/device123/remediation', '0'],
		]);
		expect(items.map((item) => item.json.found)).toEqual([true]);
		expect(api.requests).toEqual([]);
	});
});
