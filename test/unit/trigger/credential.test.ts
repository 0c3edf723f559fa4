/**
 * The trigger reads its credential once a poll: n8n keeps one poll context for as long as the
 * workflow is active, so a credential changed meanwhile (a new token pasted) serves the next poll.
 */
import nock from 'nock';
import type { IDataObject } from 'n8n-workflow';

import { activate } from '../../harness/poll';
import { accessTokenCredential, TestCredentialsHelper } from '../../harness/n8nContext';
import { VirtualClock } from '../../harness/virtualClock';
import { FakeFleet, makeDevices, pageRequests } from './fleet';
import { parametersOf } from './rig';

let clock: VirtualClock;
beforeEach(() => {
	clock = new VirtualClock().install();
	nock.disableNetConnect();
});
afterEach(() => {
	clock.uninstall();
	nock.cleanAll();
	nock.enableNetConnect();
});

test('one credential read a poll, whatever its pages; a token pasted between polls serves the next poll', async () => {
	const fleet = new FakeFleet(makeDevices(120)).install();
	const helper = new TestCredentialsHelper(accessTokenCredential());
	const staticData: IDataObject = {};
	const trigger = activate({
		parameters: parametersOf({ events: ['newDevice'] }),
		staticData,
		credentialsHelper: helper,
	});

	expect(await trigger.poll()).toBeNull();
	expect(fleet.requests).toEqual(pageRequests(1, 2, 3));
	expect(helper.reads).toBe(1);

	helper.stored = accessTokenCredential({ accessToken: 'PASTED-LATER-TOKEN' });
	clock.advance(60_000);
	expect(await trigger.poll()).toBeNull();
	expect(fleet.requests.slice(3).map((request) => request.query.access_token)).toEqual([
		'PASTED-LATER-TOKEN',
		'PASTED-LATER-TOKEN',
		'PASTED-LATER-TOKEN',
	]);
	expect(helper.reads).toBe(2);
});
