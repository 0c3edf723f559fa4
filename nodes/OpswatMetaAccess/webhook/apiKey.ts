import { createHash, timingSafeEqual } from 'crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether the Authorization header is the API key. Compared in constant time: both sides are
 * hashed first, so the comparison takes as long whatever the header's length or content. A
 * missing or repeated header, or an empty key, never matches.
 */
export function authorizationMatches(header: unknown, apiKey: unknown): boolean {
	if (typeof apiKey !== 'string' || apiKey === '') return false;
	const given = typeof header === 'string' ? header : '';
	const equal = timingSafeEqual(digest(given), digest(apiKey));
	return equal && typeof header === 'string';
}

/**
 * What would make every push fail with this key, or undefined: no key, or white space or control
 * characters at either end or inside (HTTP drops the outer white space from header values and
 * refuses controls).
 */
export function apiKeyProblem(key: unknown): string | undefined {
	if (typeof key !== 'string' || key === '') return 'API Key is empty';
	if (key.trim() !== key || /\p{Cc}/u.test(key))
		return 'API Key has white space at an end or a control character: MetaAccess could never send it as it is';
	return undefined;
}
