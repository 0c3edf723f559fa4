/**
 * A scripted chat model: an OpenAI-compatible server (POST /v1/chat/completions, no streaming) on
 * 127.0.0.1 that answers each request with the next step of a script. A step reads what the
 * agent sent (the conversation, the tools and their parameters), checks it by throwing, and
 * answers with tool calls or a final text. n8n's OpenAI Chat Model node reaches it through its
 * credential's Base URL.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A chat completions request, as the agent sent it. */
export interface ChatRequest {
	model: string;
	messages: Json[];
	tools?: Array<{
		type: 'function';
		function: { name: string; description: string; parameters: Json };
	}>;
	[key: string]: unknown;
}

/** What a step answers: tool calls (each with its arguments), or the final text. */
export type ChatReply = { toolCalls: Array<{ name: string; arguments: Json }> } | { text: string };

/** One step of the script: checks the request (throws when it is not as expected), then replies. */
export type ChatStep = (request: ChatRequest) => ChatReply;

export class ScriptedChatModel {
	/** Every request, in order. */
	readonly requests: ChatRequest[] = [];

	/** Why a step refused a request (the server answered it with HTTP 400); the first failure first. */
	readonly failures: string[] = [];

	private calls = 0;

	private constructor(
		private readonly server: Server,
		private readonly steps: ChatStep[],
	) {}

	/** Starts the server on a free port of 127.0.0.1. */
	static async start(steps: ChatStep[]): Promise<ScriptedChatModel> {
		const server = createServer();
		const model = new ScriptedChatModel(server, steps);
		server.on('request', (request: IncomingMessage, response: ServerResponse) =>
			model.answer(request, response),
		);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return model;
	}

	/** The Base URL for n8n's OpenAI credential. */
	get baseUrl(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private answer(request: IncomingMessage, response: ServerResponse): void {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		request.on('end', () => {
			const send = (status: number, payload: Json) => {
				response.writeHead(status, { 'content-type': 'application/json' });
				response.end(JSON.stringify(payload));
			};
			try {
				if (request.method !== 'POST' || request.url !== '/v1/chat/completions')
					throw new Error(`unexpected ${request.method} ${request.url}`);
				const chat = JSON.parse(body) as ChatRequest;
				this.requests.push(chat);
				const step = this.steps[this.requests.length - 1];
				if (!step) throw new Error(`request ${this.requests.length} was not expected`);
				send(200, this.completion(chat.model, step(chat)));
			} catch (error) {
				const message = `chat request ${this.requests.length}: ${error instanceof Error ? error.message : String(error)}`;
				this.failures.push(message);
				send(400, { error: { message, type: 'invalid_request_error' } });
			}
		});
	}

	/** A chat completion holding the reply. */
	private completion(model: string, reply: ChatReply): Json {
		const message =
			'text' in reply
				? { role: 'assistant', content: reply.text }
				: {
						role: 'assistant',
						content: null,
						tool_calls: reply.toolCalls.map((call) => ({
							id: `call_${++this.calls}`,
							type: 'function',
							function: { name: call.name, arguments: JSON.stringify(call.arguments) },
						})),
					};
		return {
			id: `chatcmpl-${this.requests.length}`,
			object: 'chat.completion',
			created: Math.floor(Date.now() / 1000),
			model,
			choices: [{ index: 0, message, finish_reason: 'text' in reply ? 'stop' : 'tool_calls' }],
			usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
		};
	}
}
