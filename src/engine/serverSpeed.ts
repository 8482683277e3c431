// How fast the local server reads prompts and writes answers, learnt from its own timings
// (Ollama's prompt_eval_count/prompt_eval_duration, llama-server's timings.prompt_n/prompt_ms),
// and how much of the next prompt it should still hold in its KV cache.
//
// Why: a first token comes after the server has processed every prompt token its cache lacks.
// A cold 3,000-token prompt on a laptop takes seconds; a keystroke within a line, milliseconds.
// A deadline learnt from first-token times alone gives the cold one up as silent and asks again
// (forever); this tells the deadline what the next request must pay before its first token,
// and tells the status bar the server's speed and how much of the prompt it reused.
//
// The mirror of the server's cache is the last prompt sent, in the order the layout sends it
// (head, suffix, written middle: fimRender.ts): its common prefix with the next one is what the
// server can keep. An estimate: another client or an eviction can empty the real cache.
import { commonPrefixLength } from './commonPrefix';
import { splitTypedLine } from './fimRender';
import { RollingWindow } from './rollingStats';
import type { CompletionRequest, ServerTimings } from './types';

/** Code runs at about this many characters per token in the FIM models' tokenizers. */
const CHARS_PER_TOKEN = 3.5;
/** A request that processed fewer prompt tokens says too little about the prompt speed. */
const MIN_TOKENS_FOR_SPEED = 32;
const SAMPLES = 10;

export interface ServerSpeedFacts {
  /** Prompt tokens processed per second (median of recent requests). */
  readonly promptTokensPerSecond: number | undefined;
  /** Tokens generated per second. */
  readonly generationTokensPerSecond: number | undefined;
  /** Of the last request's prompt, the share the server had cached (0..1), when it says. */
  readonly lastReusedShare: number | undefined;
  /** Prompt tokens the last request made the server process. */
  readonly lastProcessedTokens: number | undefined;
}

export class ServerSpeed {
  private readonly msPerPromptToken = new RollingWindow(SAMPLES);
  private readonly msPerGeneratedToken = new RollingWindow(SAMPLES);
  private lastSent: string | undefined;
  private last: ServerTimings | undefined;
  /** Prompt tokens per second, kept as they are learnt: the prompt budget asks at every keystroke. */
  private promptSpeed: number | undefined;
  /** The share of the last prompt sent that the one before it already held (the client's estimate). */
  private estimatedReuse: number | undefined;

  /** The prompt as the server lays it out, for comparing one request with the next. */
  static layoutKey(request: CompletionRequest): string {
    const { head, typed } = splitTypedLine(request.prefix);
    return `${head}\u0000${request.suffix}\u0000${typed}`;
  }

  /**
   * The milliseconds the server should need for this request's prompt before its first token:
   * undefined until its prompt speed is known. Call before noteSent.
   */
  expectedPromptMs(request: CompletionRequest): number | undefined {
    const msPerToken = this.msPerPromptToken.median();
    if (msPerToken === undefined) return undefined;
    const key = ServerSpeed.layoutKey(request);
    return Math.ceil(((key.length - this.sharedWithLast(key)) / CHARS_PER_TOKEN) * msPerToken);
  }

  /** The request went out: the server's cache will hold its prompt. */
  noteSent(request: CompletionRequest): void {
    const key = ServerSpeed.layoutKey(request);
    this.estimatedReuse = key.length === 0 ? undefined : this.sharedWithLast(key) / key.length;
    this.lastSent = key;
  }

  /**
   * The last prompt may not be what the server holds (a request dropped during its prompt, a
   * warm-up given up): expect the next one to be read whole. Too long a wait is safe; too
   * short a deadline would give a slow request up as failed.
   */
  forgetSent(): void {
    this.lastSent = undefined;
  }

  /** Characters of this request's prompt that the server should not hold yet. */
  uncachedChars(request: CompletionRequest): number {
    const key = ServerSpeed.layoutKey(request);
    return key.length - this.sharedWithLast(key);
  }

  private sharedWithLast(key: string): number {
    return this.lastSent === undefined ? 0 : commonPrefixLength(this.lastSent, key);
  }

  /** What the server reported at the end of a request. */
  record(timings: ServerTimings): void {
    this.last = timings;
    if (timings.promptTokens >= MIN_TOKENS_FOR_SPEED && timings.promptMs > 0) {
      this.msPerPromptToken.push(timings.promptMs / timings.promptTokens);
      this.promptSpeed = perSecond(this.msPerPromptToken);
    }
    if (timings.generatedTokens > 1 && timings.generationMs > 0) this.msPerGeneratedToken.push(timings.generationMs / timings.generatedTokens);
  }

  facts(): ServerSpeedFacts {
    const last = this.last;
    const cached = last?.cachedTokens;
    // The server's own count where it gives one (llama-server), else the estimate from the prompts sent (Ollama).
    const reported = last && cached !== undefined && cached + last.promptTokens > 0 ? cached / (cached + last.promptTokens) : undefined;
    return {
      promptTokensPerSecond: this.promptSpeed,
      generationTokensPerSecond: perSecond(this.msPerGeneratedToken),
      lastReusedShare: reported ?? this.estimatedReuse,
      lastProcessedTokens: last?.promptTokens,
    };
  }

  /** Another backend or model. */
  clear(): void {
    this.msPerPromptToken.clear();
    this.promptSpeed = undefined;
    this.msPerGeneratedToken.clear();
    this.lastSent = undefined;
    this.last = undefined;
    this.estimatedReuse = undefined;
  }
}

/** Per second from a window of milliseconds per token (its median). */
function perSecond(window: RollingWindow): number | undefined {
  const median = window.median();
  return median !== undefined && median > 0 ? 1000 / median : undefined;
}
