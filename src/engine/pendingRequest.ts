// One request to the backend, shared by every keystroke its answer still matches.
//
// It remembers the prompt it was sent for and the text streamed so far, so a later keystroke
// can tell whether the answer can still serve it (the typed characters match what it has
// produced or may still produce). Waiters can stop waiting without killing the request; the
// request itself is aborted only when nobody can use it any more.
import { BackendError, isAbortError } from './errors';
import { SPECIAL_TOKENS } from './fimTemplate';
import { safeEnd } from './promptWindow';
import type { CompletionBackend, CompletionRequest, ServerTimings, TokenUsage } from './types';

export type RequestOutcome = 'ok' | 'aborted' | 'error';

export interface RequestLimits {
  /** No first token after this long: the request is cancelled as a timeout. */
  readonly firstTokenTimeoutMs: number;
  /** Still streaming after this long: cut, and what arrived is used. */
  readonly maxGenerationMs: number;
  /** Enough text: stop reading (protects against a 10 MB answer). */
  readonly maxChars: number;
  /** Stop once the answer holds this many line breaks (0 = stop at the first). */
  readonly maxLineBreaks: number;
  /** What the server should need for the prompt before its first token (see serverSpeed.ts), when known. */
  readonly expectedPromptMs?: number;
}

let nextId = 1;

export class PendingRequest {
  readonly id = nextId++;
  readonly startedAt: number;
  /** Raw text so far, cut at the first special token. */
  text = '';
  done = false;
  outcome: RequestOutcome | undefined;
  error: BackendError | undefined;
  usage: TokenUsage | undefined;
  /** The server's own account of the work, from its last event. */
  timings: ServerTimings | undefined;
  firstTokenAt: number | undefined;
  /** Provider calls currently waiting on this request. */
  waiters = 0;
  /** Some waiter was served only the first lines: the rest should be shown when it ends. */
  servedPartially = false;
  private readonly controller = new AbortController();
  /** The last prefix found to start with this request's prefix. */
  private extendedBy: string | undefined;
  private stoppedEarly = false;
  private listeners = new Set<() => void>();
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  readonly finished: Promise<void>;

  constructor(
    readonly request: CompletionRequest,
    backend: CompletionBackend,
    private readonly limits: RequestLimits,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
    this.finished = this.run(backend);
  }

  /** What the server should need for the prompt before its first token, 0 when not known. */
  get expectedPromptMs(): number {
    return this.limits.expectedPromptMs ?? 0;
  }

  get prefix(): string {
    return this.request.prefix;
  }

  /** Can this request's answer still serve a prompt with the given prefix (same suffix and model)? */
  canServe(prefix: string, suffix: string, model: string): boolean {
    if (this.outcome === 'error' || this.outcome === 'aborted') return false;
    if (suffix !== this.request.suffix || model !== this.request.model) return false;
    // A waiter asks again on every chunk with the same prefix: compare the whole prompt (other
    // files' snippets included) once per prefix, not once per chunk.
    if (prefix !== this.extendedBy) {
      if (!prefix.startsWith(this.request.prefix)) return false;
      this.extendedBy = prefix;
    }
    const typed = prefix.slice(this.request.prefix.length);
    // The answer ends before any of its stop sequences: typed text holding one (Enter after a
    // single-line request) can never be served by it, so nobody should wait for it.
    if (this.request.stop.some((stop) => stop !== '' && typed.includes(stop))) return false;
    if (this.text.startsWith(typed)) return this.text.length > typed.length || !this.done;
    return !this.done && typed.startsWith(this.text);
  }

  /** Calls back whenever text arrives or the request ends. Returns an unsubscribe function. */
  onProgress(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Abort the HTTP request (superseded, timed out, or nobody waits any more). */
  abort(): void {
    this.clearGrace();
    if (!this.done) this.controller.abort();
  }

  /**
   * A waiter left: abort after a grace period unless another keystroke adopts the request. With
   * no grace period the request runs on to its end (or until superseded or out of time).
   */
  releaseWaiter(graceMs: number | undefined): void {
    this.waiters = Math.max(0, this.waiters - 1);
    if (this.waiters > 0 || this.done || graceMs === undefined) return;
    this.clearGrace();
    this.graceTimer = setTimeout(() => this.abort(), graceMs);
  }

  adoptWaiter(): void {
    this.waiters++;
    this.clearGrace();
  }

  private clearGrace(): void {
    if (this.graceTimer !== undefined) clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
  }

  private stopEarly(): void {
    this.stoppedEarly = true;
    this.controller.abort();
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private async run(backend: CompletionBackend): Promise<void> {
    const firstTokenTimer = setTimeout(() => {
      this.error = new BackendError('timeout', `No answer within ${this.limits.firstTokenTimeoutMs} ms: the request was cancelled.`);
      this.controller.abort();
    }, this.limits.firstTokenTimeoutMs);
    const generationTimer = setTimeout(() => this.stopEarly(), this.limits.maxGenerationMs);
    try {
      for await (const event of backend.complete(this.request, this.controller.signal)) {
        if (event.type === 'done') {
          this.usage = event.usage;
          this.timings = event.timings;
          continue;
        }
        if (this.firstTokenAt === undefined) {
          this.firstTokenAt = this.now();
          clearTimeout(firstTokenTimer);
        }
        this.append(event.text);
        if (this.shouldStop()) {
          this.stopEarly();
          break;
        }
      }
      this.outcome = 'ok';
    } catch (error) {
      if (this.stoppedEarly && isAbortError(error)) {
        this.outcome = 'ok';
      } else if (this.error) {
        this.outcome = 'error';
      } else if (isAbortError(error)) {
        this.outcome = 'aborted';
      } else {
        this.outcome = 'error';
        this.error = error instanceof BackendError ? error : new BackendError('malformed', `Unexpected failure: ${String(error)}`);
      }
    } finally {
      clearTimeout(firstTokenTimer);
      clearTimeout(generationTimer);
      this.clearGrace();
      this.done = true;
      this.notify();
      this.listeners.clear();
    }
  }

  private append(chunk: string): void {
    const combined = this.text + chunk;
    // Cut at the first special token (it may arrive split across chunks: search the joint).
    let end = combined.length;
    for (const token of SPECIAL_TOKENS) {
      const at = combined.indexOf(token, Math.max(0, this.text.length - token.length));
      if (at >= 0 && at < end) end = at;
    }
    // The cap must not cut an emoji in half: accepting would write a broken character. Once
    // anything is cut the answer is complete: a later chunk would be joined to a cut text.
    const cut = safeEnd(combined, Math.min(end, this.limits.maxChars));
    this.text = combined.slice(0, cut);
    if (cut < combined.length) this.stoppedEarly = true;
    this.notify();
  }

  private shouldStop(): boolean {
    if (this.stoppedEarly || this.text.length >= this.limits.maxChars) return true;
    let breaks = 0;
    let at = this.text.indexOf('\n');
    // A leading newline (a block opened at the end of the cursor line) does not count.
    if (at === 0) at = this.text.indexOf('\n', 1);
    while (at >= 0) {
      if (breaks >= this.limits.maxLineBreaks) return true;
      breaks++;
      at = this.text.indexOf('\n', at + 1);
    }
    return false;
  }
}
