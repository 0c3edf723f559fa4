import { createHash } from 'crypto';

/** What the trigger remembers of a text, written out here: the first 96 bits of SHA-256, base64. */
export const digest96 = (text: string) =>
	createHash('sha256').update(text, 'utf8').digest().subarray(0, 12).toString('base64');
