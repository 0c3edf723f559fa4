import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** The secrets of a credential, to scrub from anything shown. */
export function secretsOf(credentials: ICredentialDataDecryptedObject): string[] {
	return [credentials.accessToken, credentials.sessionToken, credentials.clientSecret].filter(
		(secret): secret is string => typeof secret === 'string' && secret.length >= 4,
	);
}

/** Removes access tokens (known ones, and any `access_token=` value) from text that may be shown. */
export function redact(text: string, secrets: string[] = []): string {
	let clean = text.replace(/(access_token["']?\s*[=:]\s*["']?)[^&\s"',}]+/gi, '$1***');
	for (const secret of secrets) clean = clean.split(secret).join('***');
	return clean;
}
