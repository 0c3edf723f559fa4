/**
 * What a refused access token (HTTP 401) means, worded for each way into MetaAccess: shared by the
 * credential's Test button and the nodes' errors, so that both say the same.
 */

/** Where a Client ID and Client Secret come from (the API digest names no console page for them). */
export const API_CLIENT_SOURCE =
	"your MetaAccess administrator's API client (client ID and secret), the one MetaAccess's OAuth token endpoint (/o/oauth/token) accepts";

/** How long a MetaAccess access token lasts (expires_in 43199 s). */
export const TOKEN_LIFETIME = 'about 12 hours';

/** A pasted access token refused: the Test button's message and the nodes' advice. */
export const PASTED_TOKEN_REFUSED = `MetaAccess refused the pasted access token (HTTP 401: invalid or expired; a token lasts ${TOKEN_LIFETIME}). Paste a new access token in the OPSWAT MetaAccess credential, or switch its Authentication to Client Credentials so that n8n fetches and renews the token itself.`;

/** A token fetched with the client credentials refused, even just after it was fetched. */
export const FETCHED_TOKEN_REFUSED =
	'MetaAccess refused the access token fetched with the Client ID and Client Secret of the OPSWAT MetaAccess credential (HTTP 401), also a freshly fetched one. Check that this API client may use the device API, and the Base URL of the credential.';

/** The Test button's message for a 401 n8n reports itself (either way in). */
export const TOKEN_REFUSED_EITHER_WAY = `MetaAccess refused the access token (HTTP 401: invalid or expired). With Access Token: paste a new one (a token lasts ${TOKEN_LIFETIME}), or switch Authentication to Client Credentials. With Client Credentials: check that the API client may use the device API.`;

/** The advice of a node error after a 401, for the credential's way in. */
export function refusedTokenAdvice(authentication: unknown): string {
	return authentication === 'clientCredentials' ? FETCHED_TOKEN_REFUSED : PASTED_TOKEN_REFUSED;
}
