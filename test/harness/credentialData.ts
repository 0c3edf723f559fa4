/** The MetaAccess API credential's data as a user fills it in (the tests' two forms). */
import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

/** The credential as a user fills it in; the hidden session token starts empty. */
export function accessTokenCredential(overrides: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		baseUrl: 'https://gears.opswat.com',
		authentication: 'accessToken',
		accessToken: 'TEST7P9ZMJ2LBF8AMOMJLFNPMMLO953AVQ4C9YFF52R61234',
		requestsPerMinute: 10,
		sessionToken: '',
		...overrides,
	} as ICredentialDataDecryptedObject;
}

export function clientCredential(overrides: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		baseUrl: 'https://gears.opswat.com',
		authentication: 'clientCredentials',
		clientId: 'client-123',
		clientSecret: 'SECRET-client-abc',
		requestsPerMinute: 10,
		sessionToken: '',
		...overrides,
	} as ICredentialDataDecryptedObject;
}
