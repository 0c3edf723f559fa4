/**
 * The Device field of Get and Get Remediation Link (a resource locator: From List, By ID, By MAC
 * Address, By URL, By Custom ID), and the device an item names with it, checked before any request.
 */
import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

import { checkIdentifier, MAX_IDENTIFIER_LENGTH } from '../../helpers/parameters';
import { MAC_FORMS_HINT, normalizeMac } from '../../helpers/mac';
import { describeValue } from '../../helpers/text';
import type { NodeParameters } from './parameters';

/** How the Device field names a device: picked from the list (its device ID), or typed. */
export const DEVICE_MODES = ['list', 'id', 'mac', 'url', 'custom'] as const;
export type DeviceMode = (typeof DEVICE_MODES)[number];

/** A device as an item names it: by device ID (hwid), MAC address (colon form) or custom ID. */
export interface NamedDevice {
	by: 'id' | 'mac' | 'custom';
	value: string;
}

/**
 * What MetaAccess routes beside `devices/{id}` (Status Change, Search Devices, Devices Action,
 * Delete Devices, Devices Statistics, Device Details v3): as an id, the request would reach that
 * endpoint instead of the device. Also with a format suffix (`search.json`) and in any case.
 */
const SIBLING_ENDPOINT = /^(status_changed|search|action|delete|stats|detail)(\.\w+)?$/i;

/** The editor's check of a typed device ID: one word, no spaces. */
export const DEVICE_ID_REGEX = '^\\s*[^\\s/\\\\]+\\s*$';
/** The editor's check of a typed MAC address: the four accepted forms. */
export const MAC_REGEX =
	'^\\s*(?:[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(?:\\1[0-9a-fA-F]{2}){4}|[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}\\.[0-9a-fA-F]{4}|[0-9a-fA-F]{12})\\s*$';

/**
 * The editor's check of a device's page in the MetaAccess console, and where its device ID is: the
 * only per-device console page the API documents is the remediation page, whose address Get Devices
 * and Get Remediation Link return as `remediation_link`:
 * https://<host>/gears/remediation/<account key>/<device ID>/<key>/remediation.html[?…]
 */
export const DEVICE_URL_REGEX =
	'^\\s*https?://[^\\s/?#]+/gears/remediation/[^\\s/?#]+/([^\\s/?#]+)/[^\\s/?#]+/remediation\\.html(?:[?#]\\S*)?\\s*$';
/** The editor's check of a typed custom ID: not blank, at most MAX_IDENTIFIER_LENGTH characters. */
export const CUSTOM_ID_REGEX = `^\\s*\\S.{0,${MAX_IDENTIFIER_LENGTH - 1}}$`;

/** The Device field (a resource locator) with every mode; each operation takes some of them. */
const DEVICE_FIELD: INodeProperties = {
	displayName: 'Device',
	name: 'device',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description:
		'The device: pick it from the list (search by name or MAC address), or give its ID, MAC address or console page',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a device…',
			typeOptions: { searchListMethod: 'searchDevices', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. 6WXJURV8QAM0I7KC or {{ $json.hwid }}',
			hint: `The device ID is the hwid of Get Many and Search (at most ${MAX_IDENTIFIER_LENGTH} characters)`,
			validation: [
				{
					type: 'regex',
					properties: {
						regex: DEVICE_ID_REGEX,
						errorMessage: 'A device ID is one word, without spaces or slashes',
					},
				},
			],
		},
		{
			displayName: 'By MAC Address',
			name: 'mac',
			type: 'string',
			placeholder: 'e.g. 00:0c:29:f2:7a:29',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: MAC_REGEX,
						errorMessage: `Not a MAC address. ${MAC_FORMS_HINT}.`,
					},
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder:
				'e.g. https://gears.opswat.com/gears/remediation/2dac92f8fa8dfe02/6WXJURV8QAM0I7KC/009nOa7n/remediation.html',
			hint: "The device's page in the MetaAccess console: its remediation page (remediation_link of Get Many)",
			validation: [
				{
					type: 'regex',
					properties: {
						regex: DEVICE_URL_REGEX,
						errorMessage:
							"Not a device's page: paste a remediation page, https://<host>/gears/remediation/…/<device ID>/…/remediation.html",
					},
				},
			],
			extractValue: { type: 'regex', regex: DEVICE_URL_REGEX },
		},
		{
			displayName: 'By Custom ID',
			name: 'custom',
			type: 'string',
			placeholder: 'e.g. asset-4711',
			hint: `A third-party custom ID linked with the device (at most ${MAX_IDENTIFIER_LENGTH} characters)`,
			validation: [
				{
					type: 'regex',
					properties: {
						regex: CUSTOM_ID_REGEX,
						errorMessage: `A custom ID has 1 to ${MAX_IDENTIFIER_LENGTH} characters`,
					},
				},
			],
		},
	],
};

const MODES = Object.fromEntries(DEVICE_FIELD.modes!.map((mode) => [mode.name, mode])) as Record<
	DeviceMode,
	INodePropertyMode
>;

/** The Device field of an operation, with the modes it takes. */
export function deviceLocator(operation: string, modes: readonly DeviceMode[]): INodeProperties {
	return {
		...DEVICE_FIELD,
		displayOptions: { show: { resource: ['device'], operation: [operation] } },
		modes: modes.map((mode) => MODES[mode]),
	};
}

/**
 * The device an item's Device field names, checked before any request: the mode must be one of
 * `modes`, the value one device ID (not a MAC address: that names the setting to switch), MAC
 * address (any accepted form, sent in colon form) or custom ID, without control or invisible
 * characters, of at most 256 characters, and nothing that would change the request's path ("."
 * and "..", or the name of an endpoint beside the device's). A plain text value (an expression
 * that gives the whole field) is a device ID.
 */
export function readDevice(
	parameters: NodeParameters,
	itemIndex: number,
	modes: readonly DeviceMode[],
): NamedDevice {
	const raw = parameters.value('device', itemIndex);
	let mode: unknown = 'id';
	let value: unknown = raw;
	if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
		({ mode, value } = raw as { mode?: unknown; value?: unknown });
	}
	const refuse = (message: string, description: string) =>
		parameters.refuse(itemIndex, message, description);
	if (!modes.includes(mode as DeviceMode)) {
		const names = modes.map((m) => MODES[m].displayName).join(', ');
		throw refuse(
			`'Device' has the mode ${describeValue(mode)}, which this operation does not take`,
			`Choose one of ${names} in 'Device'.`,
		);
	}
	const text = checkIdentifier(parameters.node, value ?? '', 'Device', itemIndex);
	if (text === '') {
		throw refuse(
			"'Device' is empty",
			mode === 'list'
				? "Pick a device from the list in 'Device', or give its ID or MAC address."
				: "Give the device in 'Device'.",
		);
	}
	if (text === '.' || text === '..') {
		// Sent as a path segment, it would be a step of the path: /o/api/v3/devices/../remediation
		// is /o/api/v3/remediation.
		throw refuse(
			`'Device' is "${text}", which would change the path of the request instead of naming a device`,
			'Give the device ID, MAC address or custom ID of the device: "." and ".." cannot be looked up.',
		);
	}
	if (mode !== 'mac' && SIBLING_ENDPOINT.test(text)) {
		throw refuse(
			`'Device' is "${text}", which names another MetaAccess endpoint (devices/${text}), not a device`,
			"Give the device's ID (the hwid of Get Many) or custom ID, or pick the device from the list: this value would ask that endpoint instead of a device.",
		);
	}
	if (mode === 'mac') {
		const mac = normalizeMac(text);
		if (mac === undefined) {
			throw refuse(
				`"${text}" in 'Device' is not a MAC address`,
				`${MAC_FORMS_HINT}, or switch 'Device' to By ID if this is a device ID.`,
			);
		}
		return { by: 'mac', value: mac };
	}
	if (mode === 'custom') return { by: 'custom', value: text };
	if (mode === 'url') return { by: 'id', value: deviceIdOfUrl(text, refuse) };
	if (normalizeMac(text) !== undefined) {
		throw refuse(
			`"${text}" in 'Device' is a MAC address, not a device ID`,
			"Switch 'Device' to By MAC Address, or give the device ID (the hwid of Get Many).",
		);
	}
	if (!new RegExp(DEVICE_ID_REGEX).test(text)) {
		throw refuse(
			`"${text}" in 'Device' is not a device ID: it holds spaces or slashes`,
			"Give one device ID (the hwid of Get Many), or pick the device from the list in 'Device'.",
		);
	}
	return { by: 'id', value: text };
}

/** The device ID in a device's console page (its remediation page), or a clear refusal. */
function deviceIdOfUrl(
	text: string,
	refuse: (message: string, description: string) => Error,
): string {
	const id = new RegExp(DEVICE_URL_REGEX).exec(text)?.[1];
	if (id === undefined || id === '.' || id === '..' || SIBLING_ENDPOINT.test(id)) {
		throw refuse(
			`"${text}" in 'Device' is not a device's page in the MetaAccess console`,
			"Paste the device's remediation page (remediation_link of Get Many: https://<host>/gears/remediation/…/<device ID>/…/remediation.html), or switch 'Device' to By ID.",
		);
	}
	return id;
}
