// One streamed Ollama request (generate, chat, pull), read the same way for all three. Each gets
// its own client and guarded fetch (see OllamaTransport):
//  - the caller's signal reaches the fetch itself, so a request still waiting for its first
//    token (Ollama sends no headers before it) is cancelled too; once streaming, the stream's
//    own abort() cancels it. `ollama.abort()` would cancel every stream of a shared instance.
//  - a per-request instance also keeps the client's list of ongoing streams from growing:
//    it forgets a stream only when it ends with `done`, never when it is aborted.
import { Ollama, type AbortableAsyncIterator } from 'ollama';
import { abortError } from './errors';
import { OllamaTransport, StreamEndedEarlyError } from './transport';

export interface OllamaStreamRequest<Part extends object> {
  /** The server's host and headers (see clientConfig). */
  readonly server: { readonly host: string; readonly headers?: Record<string, string> };
  readonly signal: AbortSignal;
  /** For tests and proxies; the global fetch otherwise. */
  readonly fetch?: typeof fetch;
  /** Sends the request. */
  open(client: Ollama): Promise<AbortableAsyncIterator<Part>>;
  /** The part that ends the stream: `done`, or a pull's `success`. */
  isLast(part: Part): boolean;
  /** The Error to throw for a failure that is not an abort (mapped, and logged where wanted). */
  fail(error: unknown, transport: OllamaTransport): Error;
  /** Called when the request ends in an abort. */
  onAbort?(): void;
}

/** Yields the stream's parts up to and including the last one; an abort throws abortError(). */
export async function* readOllamaStream<Part extends object>(request: OllamaStreamRequest<Part>): AsyncGenerator<Part, void, undefined> {
  const { signal } = request;
  if (signal.aborted) throw abortError();
  const transport = new OllamaTransport(request.fetch ?? fetch, { signal, streaming: true });
  const client = new Ollama({ ...request.server, fetch: transport.fetch });
  let stream: AbortableAsyncIterator<Part> | undefined;
  let ended = false;
  const onAbort = () => stream?.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    stream = await request.open(client);
    // The signal may have fired while the headers were on their way.
    if (signal.aborted) throw abortError();
    for await (const part of stream) {
      if (request.isLast(part)) {
        ended = true;
        yield part;
        return;
      }
      yield part;
    }
    // The client throws when a stream ends without its last line; this is only a backstop.
    throw new StreamEndedEarlyError();
  } catch (error) {
    // Whatever the abort broke on its way (fetch, body read) is an abort, not a failure.
    if (signal.aborted) {
      request.onAbort?.();
      throw abortError();
    }
    throw request.fail(error, transport);
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Cancelled, failed, or the consumer stopped reading: free the server.
    if (!ended) stream?.abort();
  }
}

/** How an answer ended, from Ollama's `done_reason`. */
export function ollamaFinishReason(reason: string | undefined | null): 'stop' | 'length' | 'other' {
  return reason === 'stop' || reason === 'length' ? reason : 'other';
}
