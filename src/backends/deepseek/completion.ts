// DeepSeek's hosted FIM completion (Beta), through the real `openai` client.
//
// POST {baseUrl}/completions with the prefix as `prompt` and the suffix as `suffix`: the server
// builds the FIM prompt itself, so no FIM tokens are sent. Streams, never retries (the user has
// typed on by the time a retry would land), and is cancelled through the request's signal.
import type OpenAI from 'openai';
import type { CompletionCreateParamsStreaming } from 'openai/resources/completions';
import { silentLogger, type CompletionBackend, type CompletionRequest, type Logger, type StreamEvent } from '../../engine/types';
import { checkEndpoint } from '../endpointPolicy';
import { requestFailure } from '../openaiErrors';
import { abortError, streamCompletion } from '../openaiStream';
import { DEEPSEEK_BASE_URL_SETTING, noKeyError, toDeepSeekError } from './errors';
import { StickyStart } from './stickyStart';
import { createDeepSeekClient, DEEPSEEK_DEFAULT_TIMEOUT_MS } from './transport';

/** DeepSeek caps FIM output at 4K tokens and rejects larger max_tokens. */
export const DEEPSEEK_FIM_MAX_TOKENS = 4096;
/** The API rejects more stop sequences than this. */
export const DEEPSEEK_MAX_STOP_SEQUENCES = 16;
/** max_tokens when the request's is not a number (a hand-edited setting). */
const FALLBACK_MAX_TOKENS = 128;

export interface DeepSeekBackendOptions {
  /** FIM base URL, e.g. https://api.deepseek.com/beta (plain http only to loopback). */
  readonly baseUrl: string;
  readonly model: string;
  /** Undefined: the backend is built, but every request fails with BackendError('noKey'). */
  readonly apiKey: string | undefined;
  readonly log?: Logger;
  /** A fetch to use instead of the global one (tests, proxies). */
  readonly fetch?: typeof fetch;
  /** Time to the response headers before a 'timeout' error. Default 60 s. */
  readonly timeoutMs?: number;
  /** Keep the prompt's start where the previous prompt's was (stickyStart.ts). Default true. */
  readonly stickyStart?: boolean;
}

export class DeepSeekBackend implements CompletionBackend {
  readonly label = 'DeepSeek';
  readonly billedPerToken = true;
  readonly model: string;
  /** The validated base URL, without a trailing slash. */
  readonly baseUrl: string;
  private readonly apiKey: string | undefined;
  private readonly log: Logger;
  private readonly fetchImpl: typeof fetch | undefined;
  private readonly timeoutMs: number;
  private client: OpenAI | undefined;
  private readonly sticky: StickyStart | undefined;

  constructor(options: DeepSeekBackendOptions) {
    const url = checkEndpoint(options.baseUrl.trim(), DEEPSEEK_BASE_URL_SETTING);
    this.baseUrl = url.toString().replace(/\/+$/, '');
    this.model = options.model;
    this.apiKey = options.apiKey?.trim() || undefined;
    this.log = options.log ?? silentLogger;
    this.fetchImpl = options.fetch;
    this.timeoutMs = options.timeoutMs ?? DEEPSEEK_DEFAULT_TIMEOUT_MS;
    this.sticky = options.stickyStart === false ? undefined : new StickyStart();
  }

  /** True when a key is configured (requests can be made). */
  get hasKey(): boolean {
    return this.apiKey !== undefined;
  }

  async *complete(request: CompletionRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    const apiKey = this.apiKey;
    if (apiKey === undefined) throw noKeyError();
    if (signal.aborted) throw abortError();
    const model = request.model || this.model;
    const fail = (error: unknown) => requestFailure(error, signal, (cause) => toDeepSeekError(cause, { apiKey, model, baseUrl: this.baseUrl }), { logger: this.log, label: 'DeepSeek' });
    const params = buildFimParams(this.sticky ? { ...request, prefix: this.sticky.prefixFor(request) } : request, model);
    const startedAt = Date.now();
    this.log.debug(`DeepSeek: POST ${this.baseUrl}/completions model=${model} prompt=${String(params.prompt).length} chars suffix=${request.suffix.length} chars max_tokens=${params.max_tokens}`);

    for await (const event of streamCompletion(this.clientFor(apiKey), params, signal, { serverName: 'DeepSeek', fail })) {
      if (event.type === 'done') {
        // Stamped with the send time: DeepSeek bills at the band in force when it was sent.
        const tokenUsage = event.usage && { ...event.usage, sentAt: startedAt };
        this.log.debug(
          `DeepSeek: done in ${Date.now() - startedAt} ms, finish_reason=${event.finishReason}` +
            (tokenUsage ? `, ${tokenUsage.model ?? model} prompt ${tokenUsage.promptTokens} (cache hit ${tokenUsage.promptCacheHitTokens ?? '?'}), completion ${tokenUsage.completionTokens}` : ', no usage'),
        );
        yield tokenUsage ? { ...event, usage: tokenUsage } : event;
        continue;
      }
      yield event;
    }
  }

  private clientFor(apiKey: string): OpenAI {
    // Built on first use: the client throws at construction without a key.
    this.client ??= createDeepSeekClient({ baseUrl: this.baseUrl, apiKey, fetch: this.fetchImpl, timeoutMs: this.timeoutMs, log: this.log });
    return this.client;
  }
}

/** The request body: capped max_tokens, at most 16 stops, usage asked for on the stream. */
export function buildFimParams(request: CompletionRequest, model: string): CompletionCreateParamsStreaming {
  const stop = [...new Set(request.stop.filter((s) => s.length > 0))].slice(0, DEEPSEEK_MAX_STOP_SEQUENCES);
  return {
    model,
    prompt: request.prefix,
    suffix: request.suffix,
    max_tokens: Number.isFinite(request.maxTokens) ? Math.max(1, Math.min(Math.floor(request.maxTokens), DEEPSEEK_FIM_MAX_TOKENS)) : FALLBACK_MAX_TOKENS,
    temperature: Number.isFinite(request.temperature) ? Math.min(2, Math.max(0, request.temperature)) : 0,
    ...(stop.length > 0 ? { stop } : {}),
    stream: true,
    stream_options: { include_usage: true },
  };
}
