/** Labels for the codes MetaAccess answers with. Unknown codes are labelled, never an error. */

function labeller(table: Record<number, string>) {
	return (code: unknown): string => {
		const known = typeof code === 'number' ? table[code] : undefined;
		return known ?? `unknown (${code === undefined ? 'none' : String(code)})`;
	};
}

export const complianceStatusLabel = labeller({
	0: 'compliant',
	1: 'non-compliant',
	2: 'MAC not found',
	3: 'sending information',
});

export const criticalStatusLabel = labeller({ 0: 'no critical issue', 1: 'critical issue' });

export const exemptLabel = labeller({ 0: 'not exempted', 1: 'exempted' });

/** Device Action v3.1, per device. */
export const actionResultLabel = labeller({ 1: 'applied', 0: 'failed', [-1]: 'not supported' });

/** Devices Action v2.0 and Delete Devices v2.0, per device. */
export const legacyResultLabel = labeller({ 1: 'success', 0: 'failed' });

/** Get Remediation Link v3.0. */
export const remediationResultLabel = labeller({
	1: 'found',
	0: 'not found',
	[-1]: 'out of license',
});
