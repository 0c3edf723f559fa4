import { normalizeMac, MAC_FORMS_HINT } from './mac';
import { invisibleCharacter, MAX_IDENTIFIER_LENGTH } from './parameters';
import { describeValue } from './text';

/** How a list names its devices: by Device ID (the hwid) or by MAC address. */
export type DeviceKey = 'id' | 'mac';

export const DEVICE_KEY_LABEL: Record<DeviceKey, string> = {
	id: 'device ID',
	mac: 'MAC address',
};

/** What is wrong with a device list, in words a user can act on. */
export class DeviceListError extends Error {}

/** Whether a value can name a device: text, or a whole number (its decimal text). */
function isIdentifierValue(value: unknown): value is string | number {
	return typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value));
}

/**
 * The raw entries a field holds: one value, a comma (or newline) separated list, or an array.
 * Numbers count as their text when they are whole (12345 is "12345"); NaN, Infinity and 1.5 are
 * refused, as are booleans and objects: they would be sent as "NaN", "true" or "[object Object]".
 */
function entriesOf(value: unknown, fieldName: string): string[] {
	if (value === undefined || value === null) return [];
	if (Array.isArray(value)) {
		return value.flatMap((entry) => {
			if (Array.isArray(entry)) return entriesOf(entry, fieldName);
			if (isIdentifierValue(entry)) return entriesOf(String(entry), fieldName);
			if (entry === null || entry === undefined) return [];
			throw new DeviceListError(
				`'${fieldName}' holds ${describeValue(entry)} where a device identifier was expected. Give text (or whole numbers), for example {{ $json.hwid }}.`,
			);
		});
	}
	if (isIdentifierValue(value)) {
		const text = String(value);
		if (!/[,;\n\r]/.test(text)) {
			// One value (the common case: {{ $json.hwid }} of an item).
			const entry = text.trim();
			return entry === '' ? [] : [entry];
		}
		return text
			.split(/[,;\n\r]+/)
			.map((entry) => entry.trim())
			.filter((entry) => entry !== '');
	}
	throw new DeviceListError(
		`'${fieldName}' holds ${describeValue(value)}; give a device identifier, a comma-separated list, or an array of them.`,
	);
}

/**
 * The devices a field names, validated and normalised (MAC addresses to lower-case colon form),
 * each once, in the order first named. Throws a DeviceListError that says what to fix.
 */
export function parseDeviceList(value: unknown, key: DeviceKey, fieldName = 'Devices'): string[] {
	const entries = entriesOf(value, fieldName);
	if (entries.length === 0) {
		throw new DeviceListError(
			`'${fieldName}' names no device. Give at least one ${DEVICE_KEY_LABEL[key]}: one value, a comma-separated list, or an array.`,
		);
	}
	const seen = new Set<string>();
	const devices: string[] = [];
	for (const entry of entries) {
		let device = entry;
		const invisible = invisibleCharacter(entry);
		if (invisible !== undefined) {
			throw new DeviceListError(
				`${describeValue(entry)} in '${fieldName}' holds a control or invisible character (${invisible}). Type the ${DEVICE_KEY_LABEL[key]} again, or remove the character from the data it comes from (copied text often carries zero-width spaces or direction marks).`,
			);
		}
		if (key === 'mac') {
			const mac = normalizeMac(entry);
			if (mac === undefined) {
				throw new DeviceListError(
					`${describeValue(entry)} in '${fieldName}' is not a MAC address. If '${fieldName}' holds device IDs, set 'Identify Devices By' to Device ID; otherwise give MAC addresses (${MAC_FORMS_HINT.replace(/^Use/, 'use')}).`,
				);
			}
			device = mac;
		} else if (/[:.-]/.test(entry) && normalizeMac(entry) !== undefined) {
			throw new DeviceListError(
				`${describeValue(entry)} in '${fieldName}' is a MAC address, not a device ID. If '${fieldName}' holds MAC addresses, set 'Identify Devices By' to MAC Address; otherwise give device IDs (a request names its devices one way only).`,
			);
		} else if (entry.length > MAX_IDENTIFIER_LENGTH || /\s/.test(entry)) {
			throw new DeviceListError(
				`${describeValue(entry)} in '${fieldName}' is not a device ID: it ${
					entry.length > MAX_IDENTIFIER_LENGTH
						? `is longer than ${MAX_IDENTIFIER_LENGTH} characters`
						: 'contains white space'
				}.`,
			);
		}
		if (!seen.has(device)) {
			seen.add(device);
			devices.push(device);
		}
	}
	return devices;
}
