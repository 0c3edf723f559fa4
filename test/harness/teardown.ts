import { Container } from '@n8n/di';
// n8n-core's SSH client manager starts a cleanup interval when an execution context is built;
// stop it after each test file, as n8n does on shutdown, so that jest exits.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SSHClientsManager } = require('n8n-core/dist/execution-engine/ssh-clients-manager') as {
	SSHClientsManager: new () => { onShutdown(): void };
};

afterAll(() => {
	if (Container.has(SSHClientsManager)) Container.get(SSHClientsManager).onShutdown();
});
