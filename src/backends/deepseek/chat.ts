// Chat requests for "Refactor Selection": DeepSeek's POST /chat/completions through the real
// `openai` client, Ollama's POST /api/chat through the real `ollama` client. Both stream the
// answer's text as it arrives and end with the finish reason and the token usage (the
// generator's return value), so that a cut-off answer is never taken for a whole one.
//
// Failures are BackendErrors worded for the refactor command (the completion backends word
// theirs for ghost text: "completions back off..."). No message ever holds the API key.
import { Ollama, type AbortableAsyncIterator, type ChatResponse } from 'ollama';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type OpenAI from 'openai';
import { APIError } from 'openai';
import { BackendError } from '../../engine/errors';
import type { ChatMessage } from '../../engine/refactor/buildRefactorPrompt';
import { silentLogger, type Logger, type TokenUsage } from '../../engine/types';
import { createDeepSeekClient, toTokenUsage, type DeepSeekUsage } from './completion';
import { abortError as deepSeekAbortError, isDeepSeekAbort, noKeyError, scrubDeepSeekText, toDeepSeekError } from './errors';
import { OLLAMA_HOST_SETTING, checkEndpoint } from '../endpointPolicy';
import { abortError as ollamaAbortError, clientConfig, hostForMessages, keepAliveForWire, mapOllamaError, OllamaTransport, StreamEndedEarlyError } from '../ollama/completion';

export type { ChatMessage } from '../../engine/refactor/buildRefactorPrompt';

export const CHAT_BASE_URL_SETTING = 'deepseekFim.deepseek.chatBaseUrl';
export const REFACTOR_DEEPSEEK_MODEL_SETTING = 'deepseekFim.refactor.deepseekModel';
export const REFACTOR_OLLAMA_MODEL_SETTING = 'deepseekFim.refactor.ollamaModel';
/** Time to the response headers (DeepSeek sends them at once and keep-alives while queued). */
const DEEPSEEK_CHAT_TIMEOUT_MS = 60_000;

/** How a chat answer ended. */
export interface ChatStreamEnd {
  /** 'length': the answer was cut at the output limit and is not whole. */
  readonly finishReason: 'stop' | 'length' | 'other';
  readonly usage?: TokenUsage;
}

export interface DeepSeekChatOptions {
  /** Chat base URL, e.g. https://api.deepseek.com (plain http only to loopback). */
  readonly baseUrl: string;
  /** Undefined or empty: BackendError('noKey') and nothing is sent. */
  readonly apiKey: string | undefined;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** Off: `thinking: {type: 'disabled'}` is sent (V4 models think by default). */
  readonly thinking: boolean;
  readonly signal: AbortSignal;
  /** Receives the streamed `reasoning_content` (it comes before the answer). */
  readonly onReasoning?: (text: string) => void;
  readonly fetch?: typeof fetch;
  readonly maxTokens?: number;
  readonly timeoutMs?: number;
  readonly log?: Logger;
}

/** The chat request body; `thinking` is DeepSeek's own field, absent from openai's types. */
export type DeepSeekChatParams = ChatCompletionCreateParamsStreaming & { thinking?: { type: 'disabled' | 'enabled' } };

/** A streamed chat delta as DeepSeek sends it: `reasoning_content` is not in openai's types. */
type DeepSeekDelta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: string | null };

export function buildDeepSeekChatParams(options: Pick<DeepSeekChatOptions, 'model' | 'messages' | 'thinking' | 'maxTokens'>): DeepSeekChatParams {
  return {
    model: options.model,
    messages: options.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
    stream_options: { include_usage: true },
    ...(options.maxTokens !== undefined ? { max_tokens: Math.max(1, Math.floor(options.maxTokens)) } : {}),
    // Thinking is on by default: leaving the field out keeps it on.
    ...(options.thinking ? {} : { thinking: { type: 'disabled' as const } }),
  };
}

/** Ollama's `options` for a chat: the context window and the answer cap, when set. */
function chatOptions(options: Pick<OllamaChatOptions, 'numCtx' | 'maxTokens'>): { num_ctx?: number; num_predict?: number } | undefined {
  const result = {
    ...(options.numCtx ? { num_ctx: options.numCtx } : {}),
    ...(options.maxTokens !== undefined ? { num_predict: Math.max(1, Math.floor(options.maxTokens)) } : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}

/** Streams the answer's text from DeepSeek's chat API; returns how it ended. */
export async function* streamDeepSeekChat(options: DeepSeekChatOptions): AsyncGenerator<string, ChatStreamEnd, undefined> {
  const log = options.log ?? silentLogger;
  const url = checkEndpoint(options.baseUrl.trim(), CHAT_BASE_URL_SETTING);
  const baseUrl = url.toString().replace(/\/+$/, '');
  const apiKey = options.apiKey?.trim();
  if (!apiKey) throw noKeyError();
  const { signal } = options;
  if (signal.aborted) throw deepSeekAbortError();
  const context: DeepSeekChatContext = { apiKey, model: options.model, url };
  const client: OpenAI = createDeepSeekClient({ baseUrl, apiKey, fetch: options.fetch, timeoutMs: options.timeoutMs ?? DEEPSEEK_CHAT_TIMEOUT_MS, log, baseUrlSetting: CHAT_BASE_URL_SETTING });
  const params = buildDeepSeekChatParams(options);
  const startedAt = Date.now();
  log.debug(`DeepSeek chat: POST ${baseUrl}/chat/completions model=${options.model} thinking=${options.thinking ? 'on' : 'off'} prompt=${promptChars(options.messages)} chars`);

  let stream: AsyncIterable<ChatCompletionChunk>;
  try {
    stream = await client.chat.completions.create(params, { signal, maxRetries: 0 });
  } catch (error) {
    throw failDeepSeek(error, signal, context, log);
  }
  let finishReason: string | undefined;
  let usage: DeepSeekUsage | undefined;
  const iterator = stream[Symbol.asyncIterator]();
  try {
    while (true) {
      let next: IteratorResult<ChatCompletionChunk>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw failDeepSeek(error, signal, context, log);
      }
      if (next.done) break;
      const chunk = next.value;
      if (chunk.usage) usage = chunk.usage as DeepSeekUsage;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      const delta = choice.delta as DeepSeekDelta | undefined;
      if (delta?.reasoning_content) options.onReasoning?.(delta.reasoning_content);
      if (delta?.content) yield delta.content;
    }
  } finally {
    // A consumer that stops early (cancel) closes the client's stream: that aborts the request.
    try {
      await iterator.return?.();
    } catch {
      // Closing a stream that already failed: nothing more to learn.
    }
  }
  // The client ends a stream quietly when its signal aborts: that is still an abort.
  if (signal.aborted) throw deepSeekAbortError();
  if (finishReason === undefined) {
    throw new BackendError('malformed', 'DeepSeek\'s answer ended before it was complete.', undefined, 'chat stream ended without a finish_reason');
  }
  const tokenUsage = usage ? toTokenUsage(usage) : undefined;
  log.debug(`DeepSeek chat: done in ${Date.now() - startedAt} ms, finish_reason=${finishReason}${tokenUsage ? `, prompt ${tokenUsage.promptTokens} (cache hit ${tokenUsage.promptCacheHitTokens ?? '?'}), completion ${tokenUsage.completionTokens}` : ''}`);
  return { finishReason: finishReasonOf(finishReason), ...(tokenUsage ? { usage: tokenUsage } : {}) };
}

export interface DeepSeekChatContext {
  readonly apiKey: string;
  readonly model: string;
  readonly url: URL;
}

function failDeepSeek(error: unknown, signal: AbortSignal, context: DeepSeekChatContext, log: Logger): Error {
  if (signal.aborted || isDeepSeekAbort(error)) return deepSeekAbortError();
  const mapped = toDeepSeekChatError(error, context);
  log.warn(`DeepSeek chat: ${mapped.kind}${mapped.status ? ` (${mapped.status})` : ''}: ${mapped.detail ?? mapped.message}`);
  return mapped;
}

/**
 * DeepSeek's errors (classified by the shared mapping, which also scrubs the key from the
 * detail) in words that fit the refactor command and name its settings.
 */
export function toDeepSeekChatError(error: unknown, context: DeepSeekChatContext): BackendError {
  const mapped = toDeepSeekError(error, { apiKey: context.apiKey, model: context.model, baseUrl: context.url.toString(), baseUrlSetting: CHAT_BASE_URL_SETTING });
  const where = context.url.host;
  const endpoint = `${context.url.origin}${context.url.pathname.replace(/\/+$/, '')}`;
  const reword = (message: string) => new BackendError(mapped.kind, message, mapped.status, mapped.detail);
  switch (mapped.kind) {
    case 'timeout':
      return reword(`DeepSeek at ${where} did not answer in time.`);
    case 'unreachable':
      return reword(`Cannot reach DeepSeek at ${where}: check the network, a proxy or the setting ${CHAT_BASE_URL_SETTING}.`);
    case 'noBalance':
      return reword('Your DeepSeek balance is empty (402 Insufficient Balance): top it up, or set deepseekFim.backend to ollama.');
    case 'rateLimited':
      return reword('DeepSeek is rate-limiting requests (429): try again in a moment.');
    case 'server':
      return reword(mapped.status === 503 ? 'DeepSeek is overloaded (503): try again in a moment.' : `DeepSeek had a server error (${mapped.status ?? 'unknown'}): try again in a moment.`);
    case 'modelMissing':
      return reword(`DeepSeek does not offer "${context.model}" to this key: set ${REFACTOR_DEEPSEEK_MODEL_SETTING} to a model your key can use (e.g. deepseek-v4-flash).`);
    case 'malformed':
      return reword('DeepSeek sent an answer that could not be read.');
    case 'badRequest': {
      if (mapped.status === 404) return reword(`There is no DeepSeek chat API at ${endpoint}: check the setting ${CHAT_BASE_URL_SETTING} (normally https://api.deepseek.com).`);
      const said = serverMessage(error, context.apiKey);
      return reword(`DeepSeek refused the request (${mapped.status ?? 'error'})${said ? `: ${said}` : ''}. Check ${REFACTOR_DEEPSEEK_MODEL_SETTING}.`);
    }
    default:
      // unauthorized, noKey, config: the shared words already fit.
      return mapped;
  }
}

/** DeepSeek's own `error.message`, with the key scrubbed. */
function serverMessage(error: unknown, apiKey: string): string {
  if (!(error instanceof APIError)) return '';
  const body = error.error as { message?: unknown } | undefined;
  return body && typeof body.message === 'string' ? scrubDeepSeekText(body.message.trim(), apiKey) : '';
}

// ---- Ollama -----------------------------------------------------------------------------------

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
  const { host, headers } = clientConfig(url);
  const shownHost = hostForMessages(url);
  const { signal, model } = options;
  if (signal.aborted) throw ollamaAbortError();
  // Its own client and guarded fetch per request (see OllamaTransport): the signal reaches the
  // fetch even before the first token (Ollama sends no headers until then).
  const transport = new OllamaTransport(options.fetch ?? fetch, { signal, streaming: true });
  const client = new Ollama({ host, fetch: transport.fetch, headers });
  let stream: AbortableAsyncIterator<ChatResponse> | undefined;
  let ended = false;
  const onAbort = () => stream?.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  log.debug(`Ollama chat: ${shownHost} model=${model} prompt=${promptChars(options.messages)} chars${options.numCtx ? ` num_ctx=${options.numCtx}` : ''}`);
  try {
    const keepAlive = keepAliveForWire(options.keepAlive);
    stream = await client.chat({
      model,
      messages: options.messages.map((m) => ({ role: m.role, content: m.content })),
      stream: true,
      ...(keepAlive !== undefined ? { keep_alive: keepAlive } : {}),
      ...(chatOptions(options) ? { options: chatOptions(options) } : {}),
    });
    if (signal.aborted) throw ollamaAbortError();
    for await (const part of stream) {
      if (part.message?.thinking) options.onReasoning?.(part.message.thinking);
      if (part.message?.content) yield part.message.content;
      if (part.done) {
        ended = true;
        log.debug(`Ollama chat: done (${part.done_reason ?? '-'}), prompt ${part.prompt_eval_count ?? 0} tokens, answer ${part.eval_count ?? 0} tokens`);
        return {
          finishReason: finishReasonOf(part.done_reason),
          usage: { promptTokens: part.prompt_eval_count ?? 0, completionTokens: part.eval_count ?? 0 },
        };
      }
    }
    // The client throws when a stream ends without `done`; this is only a backstop.
    throw new StreamEndedEarlyError();
  } catch (error) {
    if (signal.aborted) throw ollamaAbortError();
    const failure = mapOllamaError(error, transport, { host: shownHost, model, operation: 'generate' });
    log.warn(`Ollama chat: ${failure.kind}: ${failure.detail ?? failure.message}`);
    throw failure;
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Cancelled, failed, or the consumer stopped reading: free the server.
    if (!ended) stream?.abort();
  }
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

function promptChars(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + m.content.length, 0);
}

function finishReasonOf(reason: string | undefined | null): ChatStreamEnd['finishReason'] {
  return reason === 'stop' ? 'stop' : reason === 'length' ? 'length' : 'other';
}
