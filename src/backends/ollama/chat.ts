// Chat requests for "Refactor Selection" to Ollama: POST /api/chat through the real `ollama`
// client, read by the same stream reader as completions (stream.ts). Streams the answer's
// text, hands a thinking model's thoughts to a callback, and ends with how the answer ended.
import type { ChatResponse } from 'ollama';
import { silentLogger, type Logger } from '../../engine/types';
import { promptChars, type ChatMessage, type ChatStreamEnd } from '../chatStream';
import { OLLAMA_HOST_SETTING, checkEndpoint } from '../endpointPolicy';
import { mapOllamaError } from './errors';
import { ollamaFinishReason, readOllamaStream } from './stream';
import { clientConfig, hostForMessages, keepAliveForWire, StreamEndedEarlyError } from './transport';

export interface OllamaChatOptions {
  /** Server URL, already resolved (see resolveOllamaHost). */
  readonly host: string;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly signal: AbortSignal;
  /** How long Ollama keeps the model loaded: a duration ("30m") or seconds ("-1"); '' = server default. */
  readonly keepAlive: string;
  /** Context window to ask for (see ollamaContextFor); Ollama's default when absent. */
  readonly numCtx?: number;
  /** Allow plain http to a non-loopback host (code travels unencrypted). */
  readonly allowRemoteHttp?: boolean;
  /** Receives `message.thinking` from models that think. */
  readonly onReasoning?: (text: string) => void;
  readonly fetch?: typeof fetch;
  /** Cap on the answer's tokens (num_predict); the server's default (no cap) when absent. */
  readonly maxTokens?: number;
  readonly log?: Logger;
}

/** Streams the answer's text from Ollama's /api/chat; returns how it ended. */
export async function* streamOllamaChat(options: OllamaChatOptions): AsyncGenerator<string, ChatStreamEnd, undefined> {
  const log = options.log ?? silentLogger;
  const url = checkEndpoint(options.host.trim(), OLLAMA_HOST_SETTING, options.allowRemoteHttp);
  const shownHost = hostForMessages(url);
  const { signal, model } = options;
  const parts = readOllamaStream<ChatResponse>({
    server: clientConfig(url),
    signal,
    fetch: options.fetch,
    open: (client) => {
      log.debug(`Ollama chat: ${shownHost} model=${model} prompt=${promptChars(options.messages)} chars${options.numCtx ? ` num_ctx=${options.numCtx}` : ''}`);
      const keepAlive = keepAliveForWire(options.keepAlive);
      const modelOptions = chatOptions(options);
      return client.chat({
        model,
        messages: options.messages.map((m) => ({ role: m.role, content: m.content })),
        stream: true,
        ...(keepAlive !== undefined ? { keep_alive: keepAlive } : {}),
        ...(modelOptions ? { options: modelOptions } : {}),
      });
    },
    isLast: (part) => part.done,
    fail: (error, transport) => {
      const failure = mapOllamaError(error, transport, { host: shownHost, model, operation: 'generate' });
      log.warn(`Ollama chat: ${failure.kind}: ${failure.detail ?? failure.message}`);
      return failure;
    },
  });
  for await (const part of parts) {
    if (part.message?.thinking) options.onReasoning?.(part.message.thinking);
    if (part.message?.content) yield part.message.content;
    if (part.done) {
      log.debug(`Ollama chat: done (${part.done_reason ?? '-'}), prompt ${part.prompt_eval_count ?? 0} tokens, answer ${part.eval_count ?? 0} tokens`);
      return {
        finishReason: ollamaFinishReason(part.done_reason),
        usage: { promptTokens: part.prompt_eval_count ?? 0, completionTokens: part.eval_count ?? 0 },
      };
    }
  }
  // readOllamaStream ends with the `done` part or throws: this is only a backstop.
  throw new StreamEndedEarlyError();
}

/** Ollama's `options` for a chat: the context window and the answer cap, when set. */
function chatOptions(options: Pick<OllamaChatOptions, 'numCtx' | 'maxTokens'>): { num_ctx?: number; num_predict?: number } | undefined {
  const result = {
    ...(options.numCtx ? { num_ctx: options.numCtx } : {}),
    ...(options.maxTokens !== undefined ? { num_predict: Math.max(1, Math.floor(options.maxTokens)) } : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}

const OLLAMA_CONTEXT_SIZES = [4096, 8192, 16384, 32768];

/**
 * A context window that holds the prompt and an answer as long as it: Ollama cuts a prompt
 * that does not fit from the front without a word, and the model then never sees the system
 * message. About 3.5 characters a token for code; the smallest size that fits, so memory use
 * stays as low as the request allows.
 */
export function ollamaContextFor(messages: readonly ChatMessage[]): number {
  const promptTokens = Math.ceil(promptChars(messages) / 3.5);
  const need = promptTokens * 2 + 256;
  return OLLAMA_CONTEXT_SIZES.find((size) => size >= need) ?? OLLAMA_CONTEXT_SIZES[OLLAMA_CONTEXT_SIZES.length - 1];
}
