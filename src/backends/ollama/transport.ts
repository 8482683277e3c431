// How every request to Ollama travels (completion, chat, list, pull, version): the `ollama`
// client's host and headers, and a fetch for the client that classifies what the client would
// blur. The client skips NDJSON lines it cannot parse (with a console.warn) and turns an
// in-stream `{"error"}` line into a plain Error: this fetch sees the lines first, so each failure
// gets its own kind instead of a guess from an error message. No request follows a redirect.
import { withoutRedirects } from '../noRedirects';
import { LineSplitter } from '../../engine/lineSplitter';
import { OLLAMA_AUTHORIZATION_ENV, OLLAMA_HOST_SETTING } from '../endpointPolicy';

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
    this.baseFetch = withoutRedirects(baseFetch, 'Ollama', OLLAMA_HOST_SETTING);
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
