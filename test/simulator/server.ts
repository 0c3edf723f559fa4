import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { handleApi } from './api';
import { handleControl, isControlPath } from './control';
import { errorAnswer, HANG, readBody, send, type SimRequest } from './http';
import { Simulation, DEFAULT_OPTIONS, type SimulationOptions } from './simulation';

export interface SimulatorOptions extends SimulationOptions {
	/** Interface to listen on (default 127.0.0.1). */
	host?: string;
	/** Port to listen on; 0 (the default) takes a free one. */
	port?: number;
	/** The simulator's clock, in ms (default Date.now): tests move it by hand instead of waiting. */
	now?: () => number;
}

export interface RunningSimulator {
	/** Base URL of the simulated MetaAccess cloud, e.g. http://127.0.0.1:8787 (the control API is under /_sim/). */
	url: string;
	host: string;
	port: number;
	/** The first static token and client credentials, ready to paste into a credential. */
	credentials: {
		accessToken: string | undefined;
		clientId: string | undefined;
		clientSecret: string | undefined;
	};
	/** The simulated account: what the control API does, callable directly. */
	simulation: Simulation;
	/** Stops listening and ends every open connection, including requests left hanging. */
	close(): Promise<void>;
}

async function serve(
	simulation: Simulation,
	now: () => number,
	request: IncomingMessage,
	response: ServerResponse,
) {
	try {
		const rawBody = await readBody(request);
		const url = new URL(request.url ?? '/', 'http://simulator');
		const simRequest: SimRequest = {
			method: request.method ?? 'GET',
			path: url.pathname,
			query: url.searchParams,
			contentType: request.headers['content-type'],
			authorization: request.headers.authorization,
			rawBody,
			now: now(),
		};
		const answer = isControlPath(url.pathname)
			? handleControl(simulation, simRequest)
			: handleApi(simulation, simRequest);
		if (answer !== HANG) send(response, answer);
	} catch (error) {
		if (!response.headersSent && !response.destroyed) {
			send(
				response,
				errorAnswer(500, 'server_error', `Simulator failure: ${(error as Error).message}`),
			);
		}
	}
}

/** Starts a simulated MetaAccess cloud (the device and compliance endpoints, the token endpoint, and the control API). */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const simulation = new Simulation(options);
	const host = options.host ?? '127.0.0.1';
	const now = options.now ?? Date.now;
	const server = createServer(
		(request, response) => void serve(simulation, now, request, response),
	);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const { port } = server.address() as AddressInfo;
	const client = (options.clients ?? DEFAULT_OPTIONS.clients)[0];
	return {
		url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
		host,
		port,
		credentials: {
			accessToken: (options.staticTokens ?? DEFAULT_OPTIONS.staticTokens)[0],
			clientId: client?.clientId,
			clientSecret: client?.clientSecret,
		},
		simulation,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((error) => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}
