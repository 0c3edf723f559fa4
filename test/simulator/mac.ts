const MAC_FORMS: RegExp[] = [
	/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i, // 00:0c:29:f2:7a:29
	/^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/i, // 00-0C-29-F2-7A-29
	/^[0-9a-f]{4}(\.[0-9a-f]{4}){2}$/i, // 000c.29f2.7a29
	/^[0-9a-f]{12}$/i, // 000c29f27a29
];

/**
 * The lookup key of a MAC address given in any accepted form and case: its 12 hex digits in lower
 * case. Undefined when the text is no MAC address in those forms.
 */
export function macKey(text: string): string | undefined {
	if (!MAC_FORMS.some((form) => form.test(text))) return undefined;
	return text.replace(/[:.-]/g, '').toLowerCase();
}

const HEX_PAIRS = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/** A 48-bit number as a colon-separated MAC address (`00:0c:29:f2:7a:29`). */
export function formatMac(value: number, upperCase = false): string {
	const pairs: string[] = [];
	for (let shift = 40; shift >= 0; shift -= 8)
		pairs.push(HEX_PAIRS[Math.floor(value / 2 ** shift) % 256]);
	const mac = pairs.join(':');
	return upperCase ? mac.toUpperCase() : mac;
}
