// Chat requests for "Refactor Selection" to DeepSeek: POST /chat/completions through the real
// `openai` client, read by the same stream reader as completions (openaiStream.ts). Streams the
// answer's text, hands the reasoning to a callback, and ends with how the answer ended.
//
// Failures are BackendErrors worded for the refactor command (the completion backend words
// its own for ghost text: "completions back off..."). No message ever holds the API key.
import { DEFAULT_DEEPSEEK_MODEL } from '../../engine/pricing/priceTable';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { APIError } from 'openai';
import { BackendError } from '../../engine/errors';
import { silentLogger, type Logger } from '../../engine/types';
import { promptChars, type ChatMessage, type ChatStreamEnd } from '../chatStream';
import { checkEndpoint } from '../endpointPolicy';
import { requestFailure } from '../openaiErrors';
import { abortError, readOpenAiStream } from '../openaiStream';
import { noKeyError, scrubDeepSeekText, toDeepSeekError } from './errors';
import { createDeepSeekClient } from './transport';

export const CHAT_BASE_URL_SETTING = 'deepseekFim.deepseek.chatBaseUrl';
export const REFACTOR_DEEPSEEK_MODEL_SETTING = 'deepseekFim.refactor.deepseekModel';
/** Time to the response headers (DeepSeek sends them at once and keep-alives while queued). */
const DEEPSEEK_CHAT_TIMEOUT_MS = 60_000;

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

/** Streams the answer's text from DeepSeek's chat API; returns how it ended. */
export async function* streamDeepSeekChat(options: DeepSeekChatOptions): AsyncGenerator<string, ChatStreamEnd, undefined> {
  const log = options.log ?? silentLogger;
  const url = checkEndpoint(options.baseUrl.trim(), CHAT_BASE_URL_SETTING);
  const baseUrl = url.toString().replace(/\/+$/, '');
  const apiKey = options.apiKey?.trim();
  if (!apiKey) throw noKeyError();
  const { signal } = options;
  if (signal.aborted) throw abortError();
  const context: DeepSeekChatContext = { apiKey, model: options.model, url };
  const fail = (error: unknown) => requestFailure(error, signal, (cause) => toDeepSeekChatError(cause, context), { logger: log, label: 'DeepSeek chat' });
  const client = createDeepSeekClient({ baseUrl, apiKey, fetch: options.fetch, timeoutMs: options.timeoutMs ?? DEEPSEEK_CHAT_TIMEOUT_MS, log, baseUrlSetting: CHAT_BASE_URL_SETTING });
  const startedAt = Date.now();
  log.debug(`DeepSeek chat: POST ${baseUrl}/chat/completions model=${options.model} thinking=${options.thinking ? 'on' : 'off'} prompt=${promptChars(options.messages)} chars`);

  let stream: AsyncIterable<ChatCompletionChunk>;
  try {
    stream = await client.chat.completions.create(buildDeepSeekChatParams(options), { signal, maxRetries: 0 });
  } catch (error) {
    throw fail(error);
  }
  const endedEarly = () => new BackendError('malformed', 'DeepSeek\'s answer ended before it was complete.', undefined, 'chat stream ended without a finish_reason');
  for await (const event of readOpenAiStream(stream, signal, { fail, endedEarly })) {
    if (event.type === 'reasoning') options.onReasoning?.(event.text);
    else if (event.type === 'text') yield event.text;
    else {
      // Stamped with the send time: DeepSeek bills at the band in force when it was sent.
      const usage = event.usage && { ...event.usage, sentAt: startedAt };
      log.debug(`DeepSeek chat: done in ${Date.now() - startedAt} ms, finish_reason=${event.finishReason}${usage ? `, prompt ${usage.promptTokens} (cache hit ${usage.promptCacheHitTokens ?? '?'}), completion ${usage.completionTokens}` : ''}`);
      return { finishReason: event.finishReason, ...(usage ? { usage } : {}) };
    }
  }
  // readOpenAiStream ends with `done` or throws: this is only a backstop.
  throw endedEarly();
}

interface DeepSeekChatContext {
  readonly apiKey: string;
  readonly model: string;
  readonly url: URL;
}

/**
 * DeepSeek's errors (classified by the shared mapping, which also scrubs the key from the
 * detail) in words that fit the refactor command and name its settings.
 */
function toDeepSeekChatError(error: unknown, context: DeepSeekChatContext): BackendError {
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
      return reword(`DeepSeek does not offer "${context.model}" to this key: set ${REFACTOR_DEEPSEEK_MODEL_SETTING} to a model your key can use (e.g. ${DEFAULT_DEEPSEEK_MODEL}).`);
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
