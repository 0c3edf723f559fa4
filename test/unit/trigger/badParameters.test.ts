/**
 * The trigger's parameters take only values of their own type, from the form or an expression: a
 * filter that is not text, a switch that is not a boolean, an unknown event are refused before any
 * request, naming the field and the value as given.
 */
import { makeDevices } from './fleet';
import { Rig, type TriggerParameters } from './rig';

let rig: Rig;
afterEach(() => rig?.dispose());

const cases: Array<[string, Partial<TriggerParameters> & { simplifyRaw?: unknown }, string]> = [
	[
		'an Other OS Families that is an object',
		{ filters: { osFamily: '={{ { family: "Windows" } }}' } },
		`'Other OS Families' must be text; it is {"family":"Windows"}`,
	],
	[
		'an Other Machine Types that is a list',
		{ filters: { machineType: '={{ ["vm", "laptop"] }}' } },
		`'Other Machine Types' must be text; it is ["vm","laptop"]`,
	],
	[
		'a Machine Type list holding a number',
		{ filters: { machineTypes: '={{ ["vm", 3] }}' } },
		`'Machine Type' must be a list of text; it is ["vm",3]`,
	],
	[
		'an OS Family that is an object',
		{ filters: { osFamilies: '={{ { family: "Windows" } }}' } },
		`'OS Family' must be a list of text; it is {"family":"Windows"}`,
	],
	[
		'a Hostname Contains that is false',
		{ filters: { hostnameContains: '={{ false }}' } },
		"'Hostname Contains' must be text; it is false",
	],
	[
		'Emit Existing Devices on First Run as text',
		{ options: { emitExisting: '={{ "true" }}' } },
		`'Emit Existing Devices on First Run' must be true or false; it is "true"`,
	],
	[
		'Max Requests per Poll in hex',
		{ options: { maxRequestsPerPoll: '={{ "0x10" }}' } },
		`'Max Requests per Poll' must be a whole number from 1 to 100; it is "0x10"`,
	],
	['an unknown event that is NaN', { events: ['={{ NaN }}'] }, 'Unknown event: NaN'],
];

test.each(cases)('%s', async (_name, parameters, message) => {
	rig = new Rig(makeDevices(3), { events: ['becameNonCompliant'], ...parameters });
	await expect(rig.poll()).rejects.toMatchObject({ name: 'NodeOperationError', message });
	expect(rig.takeRequests()).toEqual([]);
	expect(rig.state).toBeUndefined();
});

test('Simplify as a number is refused', async () => {
	rig = new Rig(makeDevices(3), { events: ['becameNonCompliant'] });
	const parameters = rig.parameters as TriggerParameters & { simplify?: unknown };
	parameters.simplify = '={{ 1 }}' as unknown as boolean;
	await expect(rig.poll()).rejects.toMatchObject({
		message: "'Simplify' must be true or false; it is 1",
	});
	expect(rig.takeRequests()).toEqual([]);
});
