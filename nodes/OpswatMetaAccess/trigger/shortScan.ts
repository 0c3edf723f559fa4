/**
 * When a complete scan of the fleet is too unlike the last trusted one to be believed: one wrong
 * answer of the API (an empty page 1, a 413 on page 1, a page cut short) makes a scan miss many
 * devices. Such a scan does not become the reference, and the first device it missed that Device
 * Details still finds clears all its misses (see FleetScan.complete and confirm.ts).
 */

/**
 * A scan that misses more than this many of the devices the last trusted scan listed, and more
 * than DROP_SHARE of them, falls short.
 */
export const DROP_MIN_DEVICES = 5;
export const DROP_SHARE = 0.1;

/** A complete scan, against the last trusted one. */
export interface ScanOutcome {
	/** Devices this scan saw. */
	seen: number;
	/** Known devices it missed (not already suspect). */
	missed: number;
	/** The page its walk ended on. */
	endPage: number;
	/** Devices the last trusted scan listed. */
	listed: number;
	/** The last page the last trusted scan saw devices on. */
	lastPage: number;
}

/**
 * A scan **falls short** when it misses some known devices and it saw no device at all, or its
 * walk ended on a page before the last page the last trusted scan saw devices on (a page cut short,
 * or a 413, before the end), or it missed more than DROP_MIN_DEVICES and more than DROP_SHARE of
 * the devices that scan listed.
 */
export function fallsShort(scan: ScanOutcome): boolean {
	if (scan.missed === 0) return false;
	return (
		scan.seen === 0 ||
		scan.endPage < scan.lastPage ||
		(scan.missed > DROP_MIN_DEVICES && scan.missed > scan.listed * DROP_SHARE)
	);
}
