// The benchmark's model: it always knows the right answer (the file's true continuation from the
// cursor) and takes a modelled time to say it, so what is measured is the engine's strategy,
// never the model's quality.
//
// Answer: from where the request's prefix ends in the file, the rest of the line when the stop
// list holds "\n" (one line); otherwise the rest of the line and the lines after it, up to the
// first blank line after some answer text (where a model would end the block) and at most
// `maxAnswerLines` lines.
// Any stop sequence ends the answer before it. Output is capped at the request's max_tokens.
// Latency: `firstTokenMs` to the first token, then `perTokenMs` per further token, tokens of
// `charsPerToken` UTF-16 code units. An abort stops the stream at once.
import type { CompletionBackend, CompletionRequest, ServerTimings, StreamEvent } from '../../src/engine/types';

export interface ModelTiming {
  readonly firstTokenMs: number;
  readonly perTokenMs: number;
  readonly charsPerToken: number;
  /** Lines in a multi-line answer, the cursor line's rest included. */
  readonly maxAnswerLines: number;
}

export const DEFAULT_MODEL_TIMING: ModelTiming = { firstTokenMs: 250, perTokenMs: 5, charsPerToken: 4, maxAnswerLines: 8 };

export interface OracleCall {
  readonly request: CompletionRequest;
  /** File offset of the cursor the request was made for. */
  readonly cursor: number;
  readonly answer: string;
  readonly startedAt: number;
  endedAt: number | undefined;
  /** The caller aborted it before the last token was sent. */
  aborted: boolean;
  /** Characters streamed before the end or the abort. */
  streamedChars: number;
}

export class OracleModel implements CompletionBackend {
  readonly label = 'Oracle';
  readonly calls: OracleCall[] = [];
  /** The replay's cursor: a request is never for a later place, so the search starts here. */
  cursorHint = 0;
  /** A modelled server (a laptop's KV cache and queue); none: the first token after timing.firstTokenMs. */
  server: ModelServer | undefined;
  /** Tells the engine the server keeps a KV cache (local servers); the hosted API's replays leave it off. */
  servesFromKvCache = false;

  /** A modelled local server reports its timings, as Ollama does. */
  get reportsTimings(): boolean {
    return this.server !== undefined;
  }

  constructor(
    readonly text: string,
    readonly timing: ModelTiming,
    private readonly now: () => number,
    readonly model = 'oracle-coder',
  ) {}

  /**
   * The file offset where `prefix` ends: where it ends at the cursor, or a little ahead of it (a
   * prediction asks about the document after an accept the person has not made yet), found by
   * one forward search from where it would start if it ended at the cursor; else searching
   * backwards. Undefined when the file never reads like that (a prediction's guess at an
   * indentation).
   */
  locate(prefix: string): number | undefined {
    const from = Math.max(0, Math.min(this.cursorHint, this.text.length) - prefix.length);
    let at = this.text.indexOf(prefix, from);
    if (at < 0) at = this.text.lastIndexOf(prefix, from);
    return at < 0 ? undefined : at + prefix.length;
  }

  /** The answer a perfect model gives for this request (before streaming limits). */
  answerFor(request: CompletionRequest, cursor: number): string {
    const singleLine = request.stop.includes('\n');
    const lineEnd = this.text.indexOf('\n', cursor);
    let end: number;
    if (singleLine || lineEnd < 0) {
      end = lineEnd < 0 ? this.text.length : lineEnd;
    } else {
      end = lineEnd;
      for (let lines = 1; lines < this.timing.maxAnswerLines; lines++) {
        if (end >= this.text.length) break;
        const next = this.text.indexOf('\n', end + 1);
        const nextEnd = next < 0 ? this.text.length : next;
        // A blank line after some answer text ends the block; leading blank lines do not.
        if (this.text.slice(end + 1, nextEnd).trim() === '' && this.text.slice(cursor, end).trim() !== '') break;
        end = nextEnd;
      }
    }
    let answer = this.text.slice(cursor, end);
    for (const stop of request.stop) {
      if (stop === '') continue;
      const at = answer.indexOf(stop);
      if (at >= 0) answer = answer.slice(0, at);
    }
    return answer.slice(0, request.maxTokens * this.timing.charsPerToken);
  }

  /** Milliseconds from the call to the last token of an answer this long. */
  latencyFor(chars: number): number {
    const tokens = Math.max(1, Math.ceil(chars / this.timing.charsPerToken));
    return this.timing.firstTokenMs + (tokens - 1) * this.timing.perTokenMs;
  }

  async *complete(request: CompletionRequest, signal: AbortSignal): AsyncIterable<StreamEvent> {
    // Other files' snippets lead the prefix; the file's own text starts after them.
    const located = this.locate(request.context ? request.prefix.slice(request.context.prefixOffset) : request.prefix);
    // A prompt the file never reads like: a model would answer something the person never sees.
    const cursor = located ?? this.text.length;
    const answer = located === undefined ? '' : this.answerFor(request, cursor);
    const call: OracleCall = { request, cursor, answer, startedAt: this.now(), endedAt: undefined, aborted: false, streamedChars: 0 };
    this.calls.push(call);
    let generation: Generation | undefined;
    try {
      generation = await this.untilFirstToken(request, signal);
      const size = this.timing.charsPerToken;
      for (let at = 0; at < answer.length; at += size) {
        if (at > 0) await wait(this.timing.perTokenMs, signal);
        const chunk = answer.slice(at, at + size);
        call.streamedChars += chunk.length;
        generation.noteToken(chunk);
        yield { type: 'text', text: chunk };
      }
      call.endedAt = this.now();
      const promptTokens = Math.ceil((request.prefix.length + request.suffix.length) / size);
      const completionTokens = Math.ceil(answer.length / size);
      const timings = generation.timings?.();
      yield { type: 'done', finishReason: 'stop', usage: { promptTokens, completionTokens }, ...(timings ? { timings } : {}) };
    } catch (error) {
      if (signal.aborted) call.aborted = true;
      throw error;
    } finally {
      // A consumer that stops reading early (it has enough lines) also cut the stream.
      if (call.endedAt === undefined && !call.aborted) call.aborted = true;
      generation?.end();
    }
  }

  /** Waits for the first token: a fixed time, unless a modelled server (laptopServer.ts) decides. */
  private async untilFirstToken(request: CompletionRequest, signal: AbortSignal): Promise<Generation> {
    if (this.server) return this.server.untilFirstToken(request, signal, this.timing);
    await wait(this.timing.firstTokenMs, signal);
    return { noteToken: () => undefined, end: () => undefined };
  }
}

/** A modelled server behind the oracle: decides when the first token comes. */
export interface ModelServer {
  untilFirstToken(request: CompletionRequest, signal: AbortSignal, timing: ModelTiming): Promise<Generation>;
}

/** A generation under way: its tokens as they are sent, and its end (answered, aborted or cut). */
export interface Generation {
  noteToken(text: string): void;
  end(): void;
  /** What a modelled local server reports at the end, as Ollama's done line does. */
  timings?(): ServerTimings;
}

export function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      const error = new Error('The operation was aborted.');
      error.name = 'AbortError';
      reject(error);
    };
    if (signal.aborted) return onAbort();
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
