// Streams in OpenAI's wire format through the `openai` client, turned into the engine's events.
// Shared by every server that speaks it (DeepSeek's hosted FIM and chat, vLLM, SGLang, TGI,
// LM Studio, llama.cpp's /v1): the chunk loop, the abort rules, the finish-reason mapping and the
// "ended before it was complete" check live here once, for completions and chat alike.
import type OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { Completion, CompletionCreateParamsStreaming, CompletionUsage } from 'openai/resources/completions';
import { BackendError } from '../engine/errors';
import { shownText } from '../engine/untrustedText';
import type { StreamEvent, TokenUsage } from '../engine/types';

/** OpenAI's usage plus DeepSeek's prompt cache split (absent from openai's types; other servers omit it). */
interface DeepSeekUsage extends CompletionUsage {
  prompt_cache_hit_tokens?: number;
  prompt_cache_miss_tokens?: number;
}

/** A streamed chat delta as DeepSeek sends it: `reasoning_content` is not in openai's types. */
type ChatDelta = ChatCompletionChunk.Choice.Delta & { reasoning_content?: string | null };

/** A streamed chunk of either endpoint: completion choices carry `text`, chat choices a `delta`; `choices` may be empty on the usage-only chunk some servers send last. */
interface WireChunk {
  /** The model that answered, as the server names it (DeepSeek: the successor of a retired name). */
  readonly model?: string;
  readonly usage?: DeepSeekUsage | null;
  readonly choices?: readonly { readonly finish_reason?: string | null; readonly text?: string; readonly delta?: ChatDelta }[];
}

/** The engine's events, plus a chat model's reasoning (sent before its answer). */
type WireEvent = StreamEvent | { readonly type: 'reasoning'; readonly text: string };

interface StreamReading {
  /** Maps anything the client throws (the request or the body) to the Error to throw; logs it. */
  readonly fail: (error: unknown) => Error;
  /** The error for a stream that ended without a finish_reason. */
  readonly endedEarly: () => BackendError;
}

/** An Error named 'AbortError', as CompletionBackend promises on abort. */
export function abortError(): Error {
  const error = new Error('The request was aborted.');
  error.name = 'AbortError';
  return error;
}

/**
 * Sends a streamed `POST …/completions` and yields text as it arrives, then one `done` with the
 * finish reason and the usage the server reported. Never retries (the user has typed on by then).
 */
export async function* streamCompletion(client: OpenAI, params: CompletionCreateParamsStreaming, signal: AbortSignal, options: { readonly fail: (error: unknown) => Error; readonly serverName: string }): AsyncGenerator<StreamEvent> {
  let stream: AsyncIterable<Completion>;
  let response: Response;
  try {
    ({ data: stream, response } = await client.completions.create(params, { signal, maxRetries: 0 }).withResponse());
  } catch (error) {
    throw options.fail(error);
  }
  // A 200 that is not a stream: a server answering an unknown route with a JSON error (LM Studio
  // does, for a base URL without /v1). The client would read it as an empty stream.
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) throw await notAStream(response, options.serverName);
  const endedEarly = () =>
    new BackendError('malformed', `${options.serverName}'s answer ended before it was complete: completions back off and try again shortly.`, undefined, 'stream ended without a finish_reason');
  for await (const event of readOpenAiStream(stream, signal, { fail: options.fail, endedEarly })) {
    if (event.type !== 'reasoning') yield event;
  }
}

/**
 * Reads a stream of completion or chat chunks: text (and reasoning) as it arrives, then one
 * `done` with the finish reason and the usage the server reported.
 */
export async function* readOpenAiStream(stream: AsyncIterable<WireChunk>, signal: AbortSignal, reading: StreamReading): AsyncGenerator<WireEvent> {
  let finishReason: string | undefined;
  let usage: DeepSeekUsage | undefined;
  let model: string | undefined;
  const iterator = stream[Symbol.asyncIterator]();
  try {
    while (true) {
      let next: IteratorResult<WireChunk>;
      try {
        next = await iterator.next();
      } catch (error) {
        throw reading.fail(error);
      }
      if (next.done) break;
      const chunk = next.value;
      if (chunk.usage) usage = chunk.usage;
      if (typeof chunk.model === 'string' && chunk.model) model = chunk.model;
      const choice = chunk.choices?.[0];
      if (!choice) continue;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      if (choice.delta?.reasoning_content) yield { type: 'reasoning', text: choice.delta.reasoning_content };
      const text = choice.text ?? choice.delta?.content;
      if (text) yield { type: 'text', text };
    }
  } finally {
    // Reached on a normal end, an error, or the consumer leaving early: in the last case the
    // client's stream aborts its HTTP request when it is closed.
    try {
      await iterator.return?.();
    } catch {
      // Closing an already failed stream: nothing more to learn.
    }
  }
  // The client ends a stream quietly when its signal aborts: that is still an abort.
  if (signal.aborted) throw abortError();
  if (finishReason === undefined) throw reading.endedEarly();
  const tokenUsage = usage ? toTokenUsage(usage, model) : undefined;
  yield { type: 'done', finishReason: finishKind(finishReason), ...(tokenUsage ? { usage: tokenUsage } : {}) };
}

/** The error for a 200 whose body is not a stream of completions, quoting what the server said (as text, capped). */
async function notAStream(response: Response, serverName: string): Promise<BackendError> {
  const body = await response.text().catch(() => '');
  let said = body;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    if (typeof parsed.error === 'string') said = parsed.error;
    else if (parsed.error && typeof parsed.error === 'object' && typeof (parsed.error as { message?: unknown }).message === 'string') said = (parsed.error as { message: string }).message;
  } catch {
    // Not JSON: quote the start of the body.
  }
  const quoted = said.trim() === '' ? 'an empty answer' : `"${shownText(said, 200)}"`;
  return new BackendError(
    'config',
    `${serverName} answered ${quoted} instead of completions: check the server's base URL in settings (OpenAI-compatible servers such as LM Studio and vLLM serve under /v1).`,
    response.status,
    `content-type ${response.headers.get('content-type') ?? 'none'}`,
  );
}

/** OpenAI's finish reasons, and TGI's own words for the same ends ("eos_token", "stop_sequence"). */
function finishKind(reason: string): 'stop' | 'length' | 'other' {
  if (reason === 'stop' || reason === 'eos_token' || reason === 'stop_sequence') return 'stop';
  return reason === 'length' ? 'length' : 'other';
}

/** The server's usage in the engine's terms; the cache split only when the server gave it. */
function toTokenUsage(usage: DeepSeekUsage, model: string | undefined): TokenUsage {
  const hit = finite(usage.prompt_cache_hit_tokens);
  const miss = finite(usage.prompt_cache_miss_tokens);
  const prompt = finite(usage.prompt_tokens) ?? (hit ?? 0) + (miss ?? 0);
  return {
    promptTokens: prompt,
    completionTokens: finite(usage.completion_tokens) ?? 0,
    ...(hit !== undefined ? { promptCacheHitTokens: hit } : {}),
    ...(miss !== undefined ? { promptCacheMissTokens: miss } : {}),
    ...(model !== undefined ? { model } : {}),
  };
}

function finite(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
