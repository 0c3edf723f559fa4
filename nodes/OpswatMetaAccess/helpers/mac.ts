const MAC_FORMS: RegExp[] = [
	/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i, // 00:0c:29:f2:7a:29
	/^[0-9a-f]{2}(-[0-9a-f]{2}){5}$/i, // 00-0C-29-F2-7A-29
	/^[0-9a-f]{4}(\.[0-9a-f]{4}){2}$/i, // 000c.29f2.7a29
	/^[0-9a-f]{12}$/i, // 000c29f27a29
];

/**
 * A MAC address in any of the accepted forms, as lower-case colon form (`00:0c:29:f2:7a:29`);
 * undefined when the value is not a MAC address in one of those forms.
 */
export function normalizeMac(value: string): string | undefined {
	const trimmed = value.trim();
	if (!MAC_FORMS.some((form) => form.test(trimmed))) return undefined;
	const hex = trimmed.replace(/[:.-]/g, '').toLowerCase();
	return hex.match(/../g)!.join(':');
}

export const MAC_FORMS_HINT =
	'Use one of 00:0c:29:f2:7a:29, 00-0C-29-F2-7A-29, 000c.29f2.7a29 or 000c29f27a29';
