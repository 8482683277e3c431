// Usage the hosted API bills but never reports. A request the client aborts after sending it
// (superseded by the next keystroke, timed out, or cut once it had enough lines) has had its
// prompt processed and is billed, but the usage arrives only in the stream's last chunk, which
// the client no longer reads. Such a request is estimated from its prompt size, at the tokens
// per character of recent requests whose usage did arrive, its cache hits from the prefix it
// shares with the prompts sent before it.
import type { CompletionBackend, CompletionRequest, StreamEvent, TokenUsage } from './types';
import { commonPrefixLength } from './commonPrefix';

/** Before any real usage: about 4 characters of code per token (DeepSeek's documented rough figure is 0.3 tokens per character of English). */
const DEFAULT_TOKENS_PER_CHAR = 0.25;
/** Requests whose real usage calibrates the tokens per character. */
const CALIBRATION_WINDOW = 30;
/** Earlier prompts an aborted one is compared with: the server's cache holds them. */
const PROMPTS_KEPT = 8;
/** DeepSeek's context cache stores and matches prompt prefixes in units of 64 tokens. */
const CACHE_UNIT_TOKENS = 64;

interface Sample {
  readonly chars: number;
  readonly promptTokens: number;
}

/** The text the server turns into prompt tokens, in its order: prompt, then suffix. */
function promptText(request: CompletionRequest): string {
  return `${request.prefix}\u0000${request.suffix}`;
}

export class UsageCalibration {
  private readonly samples: Sample[] = [];
  private readonly prompts: { readonly seq: number; readonly text: string }[] = [];
  private nextSeq = 0;

  /** A request left for the server; returns its place in the sending order. */
  sent(request: CompletionRequest): number {
    const seq = this.nextSeq++;
    this.prompts.push({ seq, text: promptText(request) });
    if (this.prompts.length > PROMPTS_KEPT) this.prompts.shift();
    return seq;
  }

  /** A request whose usage the API reported. */
  note(request: CompletionRequest, usage: TokenUsage): void {
    const chars = promptText(request).length - 1;
    if (!(chars > 0) || !(usage.promptTokens > 0)) return;
    this.samples.push({ chars, promptTokens: usage.promptTokens });
    if (this.samples.length > CALIBRATION_WINDOW) this.samples.shift();
  }

  get tokensPerChar(): number {
    const chars = this.samples.reduce((sum, sample) => sum + sample.chars, 0);
    const tokens = this.samples.reduce((sum, sample) => sum + sample.promptTokens, 0);
    return chars > 0 ? tokens / chars : DEFAULT_TOKENS_PER_CHAR;
  }

  /**
   * What a request (sent as number `seq`) that streamed `streamedChars` before it was cut was
   * most likely billed: its size in tokens at the recent rate; as cache hits, the whole cache
   * units it shares with a prompt sent before it (typing extends the previous prompt), the
   * rest as misses.
   */
  estimate(request: CompletionRequest, seq: number, streamedChars: number): TokenUsage {
    const text = promptText(request);
    const rate = this.tokensPerChar;
    const promptTokens = Math.max(1, Math.round((text.length - 1) * rate));
    let shared = 0;
    for (const earlier of this.prompts) if (earlier.seq < seq) shared = Math.max(shared, commonPrefixLength(earlier.text, text));
    const hit = Math.min(promptTokens, Math.floor((shared * rate) / CACHE_UNIT_TOKENS) * CACHE_UNIT_TOKENS);
    return {
      promptTokens,
      completionTokens: Math.round(streamedChars * rate),
      promptCacheHitTokens: hit,
      promptCacheMissTokens: promptTokens - hit,
    };
  }
}

export interface UnreportedUsageSink {
  /** The request is being sent; returns its place in the sending order. */
  sent(request: CompletionRequest): number;
  /** The API reported this request's usage (it is recorded elsewhere; used to calibrate). */
  reported(request: CompletionRequest, usage: TokenUsage): void;
  /** The request (number `seq`, sent at `sentAt` ms since the epoch) was sent and then aborted: billed, but no usage will come. */
  unreported(request: CompletionRequest, seq: number, streamedChars: number, sentAt: number): void;
}

/**
 * The backend, watched: every request sent that ends without usage because it was aborted is
 * told to the sink. A failure the server answered (an HTTP error) is not billed and not told.
 */
export function watchUnreportedUsage(backend: CompletionBackend, sink: UnreportedUsageSink): CompletionBackend {
  const watched: CompletionBackend = Object.create(backend) as CompletionBackend;
  Object.defineProperty(watched, 'complete', {
    value: (request: CompletionRequest, signal: AbortSignal) => watch(backend.complete(request, signal), request, signal, sink),
  });
  return watched;
}

async function* watch(events: AsyncIterable<StreamEvent>, request: CompletionRequest, signal: AbortSignal, sink: UnreportedUsageSink): AsyncGenerator<StreamEvent> {
  const seq = sink.sent(request);
  // Billed at the band in force when it was sent, which may have ended by the abort.
  const sentAt = Date.now();
  let streamed = 0;
  let reported = false;
  try {
    for await (const event of events) {
      if (event.type === 'text') streamed += event.text.length;
      else if (event.usage) {
        reported = true;
        sink.reported(request, event.usage);
      }
      yield event;
    }
  } finally {
    // Also reached when the reader stops early (enough lines): it aborts the signal first.
    if (!reported && signal.aborted) sink.unreported(request, seq, streamed, sentAt);
  }
}
