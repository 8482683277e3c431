// Completions from llama.cpp's `llama-server` on its own infill endpoint: POST {baseUrl}/infill
// with `input_prefix`, `input_suffix`, other files as `input_extra` and `cache_prompt`, so the
// server lays out the loaded GGUF's FIM template and repository markers itself and keeps its KV
// cache warm from one keystroke to the next. Streamed as SSE; no client library exists for it.
import { BackendError, scrubSecrets } from '../../engine/errors';
import { SPECIAL_TOKENS } from '../../engine/fimTemplate';
import { splitTypedLine } from '../../engine/fimRender';
import { silentLogger, type CompletionBackend, type CompletionRequest, type Logger, type ServerTimings, type StreamEvent } from '../../engine/types';
import { checkEndpoint, isLoopbackHost } from '../endpointPolicy';
import { withoutRedirects } from '../noRedirects';
import { describeError, hostOf, requestFailure } from '../openaiErrors';
import { abortError } from '../openaiStream';
import { fromServerStatus, serverMessage, type TeamServerErrorContext } from '../teamServerErrors';
import { clampMaxTokens, TEAM_SERVER_TIMEOUT_MS } from '../teamServerLimits';
import { sseData } from './sseEvents';

export const LLAMA_CPP_URL_SETTING = 'deepseekFim.llamaCpp.baseUrl';
export const LLAMA_CPP_MODEL_SETTING = 'deepseekFim.llamaCpp.model';
const SERVER_NAME = 'llama.cpp';

export interface LlamaCppOptions {
  /** The server root, e.g. http://127.0.0.1:8080 (no /v1). */
  readonly baseUrl: string;
  /** What the status bar shows; llama-server answers with whatever model it loaded. */
  readonly model: string;
  readonly token?: string;
  readonly allowRemoteHttp?: boolean;
  readonly log?: Logger;
  readonly fetch?: typeof fetch;
  /** Time to the response headers before a 'timeout' error. */
  readonly timeoutMs?: number;
}

/** The body of POST /infill, as llama-server reads it. */
export interface InfillBody {
  input_prefix: string;
  input_suffix: string;
  input_extra: { filename: string; text: string }[];
  /** The typed part of the cursor line: llama-server puts it after the FIM middle token. */
  prompt: string;
  n_predict: number;
  temperature: number;
  stop: string[];
  stream: true;
  cache_prompt: true;
}

/** One streamed /infill event: text so far in `content`, the totals on the last (stop: true). */
interface InfillChunk {
  content?: unknown;
  stop?: unknown;
  stop_type?: unknown;
  stopped_limit?: unknown;
  tokens_predicted?: unknown;
  tokens_evaluated?: unknown;
  tokens_cached?: unknown;
  timings?: { prompt_n?: unknown; prompt_ms?: unknown; cache_n?: unknown; predicted_n?: unknown; predicted_ms?: unknown };
  error?: unknown;
}

export class LlamaCppBackend implements CompletionBackend {
  readonly label = SERVER_NAME;
  readonly servesFromKvCache = true;
  readonly reportsTimings = true;
  readonly model: string;
  readonly baseUrl: string;
  readonly leavesMachine: boolean;
  private readonly token: string | undefined;
  private readonly log: Logger;
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: LlamaCppOptions) {
    const url = checkEndpoint(options.baseUrl.trim(), LLAMA_CPP_URL_SETTING, options.allowRemoteHttp ?? false);
    this.baseUrl = url.toString().replace(/\/+$/, '');
    this.leavesMachine = !isLoopbackHost(url.hostname);
    this.model = options.model.trim() || 'loaded model';
    this.token = options.token?.trim() || undefined;
    this.log = options.log ?? silentLogger;
    // No redirect is followed: a 3xx would send the code on to another address (see noRedirects.ts).
    this.fetchImpl = withoutRedirects(options.fetch ?? fetch, SERVER_NAME, LLAMA_CPP_URL_SETTING);
    this.timeoutMs = options.timeoutMs ?? TEAM_SERVER_TIMEOUT_MS;
  }

  async *complete(request: CompletionRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    if (signal.aborted) throw abortError();
    const body = infillBody(request);
    const context: TeamServerErrorContext = { serverName: SERVER_NAME, token: this.token, model: this.model, baseUrl: this.baseUrl, urlSetting: LLAMA_CPP_URL_SETTING, modelSetting: LLAMA_CPP_MODEL_SETTING };
    const startedAt = Date.now();
    this.log.debug(`${SERVER_NAME}: POST ${this.baseUrl}/infill prefix=${body.input_prefix.length} chars suffix=${body.input_suffix.length} chars extra=${body.input_extra.length} files n_predict=${body.n_predict}`);
    const fail = (error: unknown) => requestFailure(error, signal, (cause) => (cause instanceof BackendError ? cause : this.transportFailure(cause)), { logger: this.log, label: SERVER_NAME });

    // The request follows the caller's signal; the timeout covers the wait for the headers only.
    const requestAbort = new AbortController();
    const follow = () => requestAbort.abort();
    signal.addEventListener('abort', follow, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      requestAbort.abort();
    }, this.timeoutMs);
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/infill`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: JSON.stringify(body),
        signal: requestAbort.signal,
      });
    } catch (error) {
      signal.removeEventListener('abort', follow);
      if (timedOut && !signal.aborted) throw fail(new BackendError('timeout', `${SERVER_NAME}${hostOf(this.baseUrl)} did not answer in time: completions back off and try again shortly.`));
      throw fail(error);
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      throw fail(fromServerStatus(response.status, parseJson(text) ?? text, context));
    }

    let finishReason: 'stop' | 'length' | undefined;
    let usage: { promptTokens: number; completionTokens: number } | undefined;
    let timings: ServerTimings | undefined;
    try {
      for await (const data of sseData(response.body)) {
        if (data === '[DONE]') break;
        const chunk = parseJson(data) as InfillChunk | undefined;
        if (!chunk || typeof chunk !== 'object') throw new BackendError('malformed', `${SERVER_NAME} sent an answer that could not be read: completions back off and try again shortly.`, undefined, scrubSecrets(data.slice(0, 200), this.token));
        if (chunk.error !== undefined) throw new BackendError('malformed', `${SERVER_NAME} reported an error in the middle of its answer: completions back off and try again shortly.`, undefined, scrubSecrets(serverMessage(chunk), this.token));
        if (typeof chunk.content === 'string' && chunk.content) yield { type: 'text', text: chunk.content };
        if (chunk.stop === true) {
          finishReason = chunk.stop_type === 'limit' || chunk.stopped_limit === true ? 'length' : 'stop';
          if (typeof chunk.tokens_predicted === 'number') usage = { promptTokens: typeof chunk.tokens_evaluated === 'number' ? chunk.tokens_evaluated : 0, completionTokens: chunk.tokens_predicted };
          timings = serverTimings(chunk);
          break;
        }
      }
    } catch (error) {
      throw fail(error);
    } finally {
      signal.removeEventListener('abort', follow);
    }
    if (signal.aborted) throw abortError();
    if (finishReason === undefined) {
      throw fail(new BackendError('malformed', `${SERVER_NAME}'s answer ended before it was complete: completions back off and try again shortly.`, undefined, 'stream ended without stop: true'));
    }
    this.log.debug(`${SERVER_NAME}: done in ${Date.now() - startedAt} ms, finish=${finishReason}${usage ? `, prompt ${usage.promptTokens}, completion ${usage.completionTokens}` : ''}`);
    yield { type: 'done', finishReason, ...(usage ? { usage } : {}), ...(timings ? { timings } : {}) };
  }

  private transportFailure(error: unknown): BackendError {
    return new BackendError(
      'unreachable',
      `Cannot reach ${SERVER_NAME}${hostOf(this.baseUrl)}, or the connection broke off: check that llama-server runs and the setting ${LLAMA_CPP_URL_SETTING}. Completions try again shortly.`,
      undefined,
      scrubSecrets(describeError(error), this.token),
    );
  }
}

/**
 * The /infill body. The engine leads `prefix` with other files in DeepSeek's layout; llama.cpp
 * wants the current file alone in `input_prefix` (up to the cursor line) and the others as
 * `input_extra`, which it lays out with the loaded model's own repository markers.
 */
export function infillBody(request: CompletionRequest): InfillBody {
  const context = request.context;
  const extra = context?.snippets.map((snippet) => ({ filename: snippet.path, text: snippet.text })) ?? [];
  // The cursor line's typed part goes in `prompt`, after the middle token, so that a keystroke
  // leaves the server's cached prefix and suffix as they are (see fimRender.ts).
  const { head, typed } = splitTypedLine(context ? request.prefix.slice(context.prefixOffset) : request.prefix);
  return {
    input_prefix: head,
    input_suffix: request.suffix,
    input_extra: extra,
    prompt: typed,
    n_predict: clampMaxTokens(request.maxTokens),
    temperature: Number.isFinite(request.temperature) ? Math.min(2, Math.max(0, request.temperature)) : 0,
    // The server knows the loaded model's own FIM and end tokens: only the request's own stops.
    stop: request.stop.filter((stop) => stop.length > 0 && !SPECIAL_TOKENS.includes(stop)),
    stream: true,
    cache_prompt: true,
  };
}

/** llama-server's own account of the work (`timings`, with `cache_n` on recent servers), when it sent one. */
function serverTimings(chunk: InfillChunk): ServerTimings | undefined {
  const t = chunk.timings;
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);
  const promptTokens = num(t?.prompt_n);
  const promptMs = num(t?.prompt_ms);
  if (promptTokens === undefined || promptMs === undefined) return undefined;
  const cachedTokens = num(t?.cache_n) ?? num(chunk.tokens_cached);
  return { promptTokens, promptMs, ...(cachedTokens !== undefined ? { cachedTokens } : {}), generatedTokens: num(t?.predicted_n) ?? 0, generationMs: num(t?.predicted_ms) ?? 0 };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
