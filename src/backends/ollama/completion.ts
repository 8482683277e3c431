// The Ollama backend: DeepSeek Coder FIM through the `ollama` client, raw mode, streamed.
//
// Raw mode with the FIM tokens in the prompt works for Coder v1 (whose library template is
// chat-only and rejects `suffix`) and Coder-V2 alike, so `suffix` is never sent.
//
// Every request gets its own client whose `fetch` is guarded (see OllamaTransport):
//  - the caller's signal reaches the fetch itself, so a request still waiting for its first
//    token (Ollama sends no headers before it) is cancelled too; once streaming, the stream's
//    own abort() cancels it. `ollama.abort()` would cancel every stream of a shared instance.
//  - the client skips NDJSON lines it cannot parse (with a console.warn) and turns an
//    in-stream `{"error"}` line into a plain Error: the guard sees the lines first, so each
//    failure gets its own kind instead of a guess from an error message.
//  - a per-request instance also keeps the client's list of ongoing streams from growing:
//    it forgets a stream only when it ends with `done`, never when it is aborted.
import { Ollama } from 'ollama';
import type { AbortableAsyncIterator, GenerateResponse } from 'ollama';
import { BackendError } from '../../engine/errors';
import { LineSplitter } from '../../engine/lineSplitter';
import { withoutRedirects } from '../noRedirects';
import { buildFimPrompt } from '../../engine/fimTemplate';
import { silentLogger, type CompletionBackend, type CompletionRequest, type Logger, type StreamEvent } from '../../engine/types';
import { OLLAMA_AUTHORIZATION_ENV, OLLAMA_HOST_SETTING as HOST_SETTING, checkEndpoint } from '../endpointPolicy';

export interface OllamaBackendOptions {
  /** Server URL, already resolved (see resolveOllamaHost). */
  readonly host: string;
  readonly model: string;
  /** How long Ollama keeps the model loaded after a request: a duration ("30m") or seconds ("-1" = forever). */
  readonly keepAlive: string;
  /** Context window to ask for; Ollama's default when absent. */
  readonly numCtx?: number;
  /** Allow plain http to a non-loopback host (code travels unencrypted). */
  readonly allowRemoteHttp?: boolean;
  /** What a refused host is blamed on (see ollamaHostSource); the setting by default. */
  readonly hostSource?: string;
  readonly log?: Logger;
  /** For tests and proxies; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
}

/** Nucleus sampling used by DeepSeek's own FIM examples. */
const TOP_P = 0.95;

export class OllamaBackend implements CompletionBackend {
  readonly label = 'Ollama';
  readonly model: string;
  /** The server URL without a trailing slash (and without credentials: see clientConfig). */
  readonly host: string;
  /** The host as messages show it. */
  private readonly shownHost: string;
  private readonly headers: Record<string, string> | undefined;
  private readonly keepAlive: string | number | undefined;
  private readonly log: Logger;

  constructor(private readonly options: OllamaBackendOptions) {
    const url = checkEndpoint(options.host, options.hostSource ?? HOST_SETTING, options.allowRemoteHttp);
    ({ host: this.host, headers: this.headers } = clientConfig(url));
    this.shownHost = hostForMessages(url);
    this.model = options.model;
    this.keepAlive = keepAliveForWire(options.keepAlive);
    this.log = options.log ?? silentLogger;
  }

  async *complete(request: CompletionRequest, signal: AbortSignal): AsyncGenerator<StreamEvent> {
    if (signal.aborted) throw abortError();
    const transport = new OllamaTransport(this.options.fetch ?? fetch, { signal, streaming: true });
    const client = new Ollama({ host: this.host, fetch: transport.fetch, headers: this.headers });
    const prompt = buildFimPrompt(request.prefix, request.suffix);
    let stream: AbortableAsyncIterator<GenerateResponse> | undefined;
    let ended = false;
    const onAbort = () => stream?.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    this.log.trace(`Ollama: ${request.model}, prompt ${prompt.length} chars, num_predict ${request.maxTokens}`);
    try {
      stream = await client.generate({
        model: request.model,
        prompt,
        raw: true,
        stream: true,
        keep_alive: this.keepAlive,
        options: {
          num_predict: request.maxTokens,
          temperature: request.temperature,
          top_p: TOP_P,
          stop: [...request.stop],
          ...(this.options.numCtx ? { num_ctx: this.options.numCtx } : {}),
        },
      });
      // The signal may have fired while the headers were on their way.
      if (signal.aborted) throw abortError();
      for await (const part of stream) {
        if (part.response) yield { type: 'text', text: part.response };
        if (part.done) {
          ended = true;
          this.log.trace(describeDone(part));
          yield {
            type: 'done',
            finishReason: part.done_reason === 'stop' || part.done_reason === 'length' ? part.done_reason : 'other',
            usage: { promptTokens: part.prompt_eval_count ?? 0, completionTokens: part.eval_count ?? 0 },
          };
          return;
        }
      }
      // The client throws when a stream ends without `done`; this is only a backstop.
      throw new StreamEndedEarlyError();
    } catch (error) {
      // Whatever the abort broke on its way (fetch, body read) is an abort, not a failure.
      if (signal.aborted) {
        this.log.trace('Ollama: request aborted');
        throw abortError();
      }
      const failure = mapOllamaError(error, transport, { host: this.shownHost, model: request.model, operation: 'generate' });
      this.log.debug(`Ollama: ${failure.kind}: ${failure.detail ?? failure.message}`);
      throw failure;
    } finally {
      signal.removeEventListener('abort', onAbort);
      // The consumer stopped early (break, return, or an error on its side): free the server.
      if (!ended) stream?.abort();
    }
  }
}

/**
 * Ollama takes a Go duration string ("30m") or a number of seconds; "-1" sent as a string
 * would be a 400 ("missing unit"). Empty: leave it to the server's default.
 */
export function keepAliveForWire(setting: string): string | number | undefined {
  const trimmed = setting.trim();
  if (trimmed === '') return undefined;
  return /^[-+]?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** A URL for messages and logs: credentials in a host setting must not reach the screen. */
export function hostForMessages(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
}

/**
 * The `ollama` client's host and headers for a server URL. A URL with credentials never gets
 * here (checkEndpoint refuses it: it would be logged and kept in settings); an Ollama behind a
 * proxy that asks for credentials gets its Authorization header from the environment.
 */
export function clientConfig(url: URL, env: NodeJS.ProcessEnv = process.env): { host: string; headers?: Record<string, string> } {
  const host = hostForMessages(url);
  const authorization = env[OLLAMA_AUTHORIZATION_ENV]?.trim();
  return authorization ? { host, headers: { Authorization: authorization } } : { host };
}

function describeDone(part: GenerateResponse): string {
  const ms = (ns: number | undefined) => (ns === undefined ? '-' : `${Math.round(ns / 1e6)}`);
  return (
    `Ollama: done (${part.done_reason ?? '-'}), prompt ${part.prompt_eval_count ?? 0} tokens in ${ms(part.prompt_eval_duration)} ms, ` +
    `${part.eval_count ?? 0} tokens in ${ms(part.eval_duration)} ms, load ${ms(part.load_duration)} ms, total ${ms(part.total_duration)} ms`
  );
}

/** The error every aborted call throws: callers test it with isAbortError(). */
export function abortError(): Error {
  const error = new Error('The Ollama request was aborted.');
  error.name = 'AbortError';
  return error;
}

// ---------------------------------------------------------------------------------------------
// Transport: a fetch for the `ollama` client that classifies what the client would blur.

/** A line of the NDJSON stream that is not JSON. */
export class MalformedStreamError extends Error {
  constructor(readonly line: string) {
    super('Ollama sent a line that is not JSON');
    this.name = 'MalformedStreamError';
  }
}

/** The stream ended without a `done` (or pull `success`) line and without an error line. */
export class StreamEndedEarlyError extends Error {
  constructor() {
    super('Ollama ended the stream before it was complete');
    this.name = 'StreamEndedEarlyError';
  }
}

/** No NDJSON line of Ollama's is anywhere near this long: a runaway line is not buffered whole. */
const MAX_LINE_CHARS = 1 << 20;

export interface TransportOptions {
  /** Cancels the request at any stage, before the response headers too. */
  readonly signal?: AbortSignal;
  /** The answer is an NDJSON stream: check every line and that it ends properly. */
  readonly streaming: boolean;
}

/** One request's fetch, with what it saw: whether the server answered, an in-stream error. */
export class OllamaTransport {
  /** The server sent response headers: a later network failure is a cut, not "unreachable". */
  responded = false;
  /** The text of an in-stream `{"error": ...}` line (status 200). */
  inStreamError: string | undefined;

  private readonly baseFetch: typeof fetch;

  constructor(
    baseFetch: typeof fetch,
    private readonly options: TransportOptions,
  ) {
    // Every Ollama request (completion, chat, list, pull, version) comes through here.
    this.baseFetch = withoutRedirects(baseFetch, 'Ollama', HOST_SETTING);
  }

  readonly fetch: typeof fetch = async (input, init) => {
    const signals = [init?.signal, this.options.signal].filter((s): s is AbortSignal => !!s);
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const response = await this.baseFetch(input, { ...init, signal });
    this.responded = true;
    if (!response.ok) return normalizeErrorResponse(response);
    if (!this.options.streaming || !response.body) return response;
    return new Response(this.lineGuard(response.body), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };

  /**
   * Passes complete, valid NDJSON lines on; errors the stream at the first bad one. It pulls
   * from the body until it has whole lines and passes them on together: a server that sends
   * tiny chunks costs one pass over its bytes, not one stream hop per chunk downstream.
   */
  private lineGuard(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    const lines = new LineSplitter();
    let complete = false;
    const take = (line: string, out: string[]) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new MalformedStreamError(line);
      }
      if (value && typeof value === 'object') {
        const record = value as { error?: unknown; done?: unknown; status?: unknown };
        if (typeof record.error === 'string') this.inStreamError = record.error;
        if (record.done === true || record.status === 'success') complete = true;
      }
      out.push(`${line}\n`);
    };
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const out: string[] = [];
        while (out.length === 0) {
          const { done, value } = await reader.read();
          if (done) {
            for (const line of lines.push(decoder.decode())) take(line, out);
            take(lines.end(), out);
            if (!complete && this.inStreamError === undefined) throw new StreamEndedEarlyError();
            if (out.length > 0) controller.enqueue(encoder.encode(out.join('')));
            controller.close();
            return;
          }
          for (const line of lines.push(decoder.decode(value, { stream: true }))) take(line, out);
          if (lines.pendingLength > MAX_LINE_CHARS) throw new MalformedStreamError(lines.pendingStart(200));
        }
        controller.enqueue(encoder.encode(out.join('')));
      },
      cancel: (reason) => reader.cancel(reason),
    });
  }
}

/**
 * The client reads an error body as JSON only when it is labelled so, and console.logs its way
 * through anything else ("404 page not found" from a server that is not Ollama). Give it JSON.
 */
async function normalizeErrorResponse(response: Response): Promise<Response> {
  let text = '';
  try {
    text = await response.text();
  } catch {
    // The body broke off: the status alone must do.
  }
  let message = text.trim() || `${response.status} ${response.statusText}`.trim();
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') message = parsed.error;
  } catch {
    // Not JSON: the text itself is the message.
  }
  return new Response(JSON.stringify({ error: message }), {
    status: response.status,
    statusText: response.statusText,
    headers: { 'content-type': 'application/json' },
  });
}

// ---------------------------------------------------------------------------------------------
// Errors: one BackendError with one message a user can act on; the raw facts go to `detail`.

export interface OllamaErrorContext {
  readonly host: string;
  readonly model?: string;
  readonly operation: 'generate' | 'list' | 'version' | 'pull';
}

const TLS_CODES = /CERT|SSL|TLS|SELF_SIGNED/i;

export function mapOllamaError(error: unknown, transport: OllamaTransport, context: OllamaErrorContext): BackendError {
  if (error instanceof BackendError) return error;
  const { host } = context;
  const model = context.model ?? '';
  const raw = describeRaw(error);

  if (transport.inStreamError !== undefined) {
    return new BackendError('server', `Ollama failed while answering: ${transport.inStreamError}`, 200, raw);
  }
  if (error instanceof MalformedStreamError) {
    return new BackendError('malformed', `Ollama at ${host} sent an answer that could not be read.`, 200, `bad line: ${error.line.slice(0, 200)}`);
  }
  if (error instanceof StreamEndedEarlyError) {
    return new BackendError('server', `Ollama at ${host} ended the answer before it was complete.`, 200, raw);
  }

  const status = responseStatus(error);
  if (status !== undefined) {
    const text = error instanceof Error ? error.message : String(error);
    if (status === 404) {
      // Ollama's own 404s name the model; a bare "404 page not found" is some other server.
      if (/model/i.test(text) && context.operation !== 'list' && context.operation !== 'version') {
        return new BackendError('modelMissing', `Model ${model} is not installed on Ollama at ${host}. Run: ollama pull ${model}`, status, text);
      }
      return new BackendError('config', `The server at ${host} does not answer like Ollama (404: ${text}). Check ${HOST_SETTING}.`, status, text);
    }
    if (status === 401 || status === 403) {
      return new BackendError('config', `Ollama at ${host} refused access (${status}: ${text}). Check ${HOST_SETTING} or the proxy in front of Ollama.`, status, text);
    }
    if (status === 429) return new BackendError('rateLimited', `Ollama at ${host} asks to slow down (429): ${text}`, status, text);
    if (status === 503) return new BackendError('server', `Ollama at ${host} is busy (503): ${text}`, status, text);
    if (status >= 500) return new BackendError('server', `Ollama at ${host} failed (${status}): ${text}`, status, text);
    return new BackendError('badRequest', `Ollama rejected the request (${status}): ${text}`, status, text);
  }

  if (error instanceof SyntaxError) {
    return new BackendError('malformed', `Ollama at ${host} sent an answer that could not be read.`, undefined, raw);
  }
  if (!transport.responded) {
    const codes = errorCodes(error);
    const tls = codes.find((code) => TLS_CODES.test(code));
    if (tls) return new BackendError('unreachable', `Could not connect securely to Ollama at ${host} (${tls}). Check its certificate or ${HOST_SETTING}.`, undefined, raw);
    return new BackendError('unreachable', `Ollama is not reachable at ${host}. Start it with \`ollama serve\` or set ${HOST_SETTING}.`, undefined, raw);
  }
  return new BackendError('server', `Ollama at ${host} closed the connection in the middle of the answer.`, undefined, raw);
}

/** The `ollama` client's ResponseError (not exported by the package): `.status_code`. */
function responseStatus(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const candidate = error as { name?: unknown; status_code?: unknown };
  return candidate.name === 'ResponseError' && typeof candidate.status_code === 'number' ? candidate.status_code : undefined;
}

/** Error codes along the cause chain: fetch wraps ECONNREFUSED & co. in `cause` (and AggregateError). */
function errorCodes(error: unknown, depth = 0): string[] {
  if (!error || typeof error !== 'object' || depth > 4) return [];
  const candidate = error as { code?: unknown; cause?: unknown; errors?: unknown };
  const codes = typeof candidate.code === 'string' ? [candidate.code] : [];
  codes.push(...errorCodes(candidate.cause, depth + 1));
  if (Array.isArray(candidate.errors)) for (const inner of candidate.errors) codes.push(...errorCodes(inner, depth + 1));
  return codes;
}

function describeRaw(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const codes = errorCodes(error);
  const cause = error.cause instanceof Error ? `; cause: ${error.cause.message}` : '';
  return `${error.name}: ${error.message}${cause}${codes.length ? ` [${[...new Set(codes)].join(', ')}]` : ''}`;
}
