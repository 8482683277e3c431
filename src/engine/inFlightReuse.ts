// In-flight reuse: a keystroke whose prompt extends that of a request still streaming is served
// by that request instead of a new one, as long as what was typed matches what the answer has
// produced or may still produce. The decisions around it live here:
//   - can the request serve this keystroke at all (running, can still match, not silent past
//     the server's habit once the typing has moved on from it);
//   - waiting for it, and serving the first complete lines of a multi-line answer while the
//     rest still streams (the request then reports a late completion when it ends);
//   - the grace period: a keystroke that stops waiting leaves the request alive a little while,
//     because the next keystroke usually adopts it;
//   - giving up: the answer turned out to diverge from what was typed (the MISMATCH signal), so
//     the caller asks afresh.
// The prediction made on show is an in-flight request too, and is served the same way.
import type { AdaptiveDebounce } from './adaptiveDebounce';
import type { CompletionCache } from './completionCache';
import type { CompletionSource, EngineCompletion, EngineStats } from './engineTypes';
import type { FirstTokenDeadline } from './firstTokenDeadline';
import type { PendingRequest } from './pendingRequest';
import type { FilterContext } from './postprocess';
import type { PredictionMatch } from './prediction';
import { toCompletion } from './promptForPlace';
import type { PromptWindow } from './promptWindow';
import type { Logger } from './types';

/** How long an unwaited request lives, in typing gaps, before it is aborted. */
const GRACE_GAPS = 3;
const MIN_GRACE_MS = 150;
const MAX_GRACE_MS = 600;
/** A multi-line answer whose first lines are complete is shown after at most this much more waiting. */
const FIRST_LINES_GRACE_MS = 0;

/** The awaited request's answer diverged from what the user typed: ask again. */
export const MISMATCH = Symbol('mismatch');

/** A completion, nothing to show (cancelled, failed, or empty after filtering), or MISMATCH. */
export type ReuseResult = EngineCompletion | undefined | typeof MISMATCH;

/** How a wait on a request ended: the caller stopped waiting, the answer is ready, or only its first lines are. */
type WaitOutcome = 'cancelled' | 'ready' | 'first-lines';

export interface InFlightReuseDependencies {
  readonly cache: CompletionCache;
  readonly stats: EngineStats;
  /** Knows the person's typing gaps, which set the grace period. */
  readonly debounce: AdaptiveDebounce;
  /** Knows how long this server usually takes to its first token. */
  readonly firstTokens: FirstTokenDeadline;
  readonly now: () => number;
  readonly log: Logger;
}

export class InFlightReuse {
  constructor(private readonly deps: InFlightReuseDependencies) {}

  /** Should a keystroke with this prompt wait for the request rather than send its own? */
  canServe(request: PendingRequest | undefined, window: PromptWindow, model: string): request is PendingRequest {
    if (request === undefined || request.done || this.movedPastSilent(request, window)) return false;
    return request.canServe(window.prefix, window.suffix, model);
  }

  /**
   * Waits for the request (or for its first complete lines when multi-line), then serves what
   * it answered beyond the typed characters. On cancel the request is left alive for the grace
   * period instead of aborted.
   */
  async waitAndServe(request: PendingRequest, window: PromptWindow, context: FilterContext, cancel: AbortSignal, editorKey: string, source: CompletionSource): Promise<ReuseResult> {
    const typed = window.prefix.slice(request.prefix.length);
    request.adoptWaiter();
    const outcome = await this.waitForAnswer(request, window, typed, context.multiline, cancel);
    const early = outcome === 'first-lines';
    // Once its first lines are shown, the rest of the answer is on its way to the same place (it
    // is shown when it ends): the request runs on until then, or until the editor's next request
    // supersedes it, instead of being given up after the grace period.
    request.releaseWaiter(early && request.text.startsWith(typed) ? undefined : this.graceMs());
    if (outcome === 'cancelled') return undefined;
    // A failed request's partial text is not shown: the stream was cut or garbled.
    if (request.outcome === 'error') return undefined;
    if (early) request.servedPartially = true;
    if (!request.text.startsWith(typed)) return MISMATCH;
    let remainder = request.text.slice(typed.length);
    if (early && !request.done) remainder = remainder.slice(0, remainder.lastIndexOf('\n'));
    const served = toCompletion(remainder, context, source, early && !request.done, request.id);
    if (served) this.deps.log.trace(`served request #${request.id}${early ? ' (first lines)' : ''} to ${editorKey}`);
    return served;
  }

  /**
   * Serves a provider call from the editor's running prediction: the same prompt (or typed
   * ahead of it) waits for its stream like any in-flight request; the predicted prompt after
   * the Enter, which the request's own does not extend, waits for its end and is served from
   * the cache.
   */
  async serveFromPrediction(match: PredictionMatch, window: PromptWindow, context: FilterContext, cancel: AbortSignal, editorKey: string): Promise<ReuseResult> {
    const request = match.prediction.request;
    if (match.kind === 'same') {
      const served = await this.waitAndServe(request, window, context, cancel, editorKey, 'in-flight');
      // MISMATCH is truthy: only a completion counts as served.
      if (served && served !== MISMATCH) this.deps.stats.inFlightReuses++;
      return served;
    }
    if (!(await untilDone(request, cancel))) return undefined;
    const hit = this.deps.cache.get(request.request.model, window.prefix, window.suffix);
    if (!hit) return MISMATCH;
    const served = toCompletion(hit.remainder, context, hit.exact ? 'cache' : 'typed-ahead', false, hit.origin);
    if (served && hit.exact) this.deps.stats.cacheHits++;
    else if (served) this.deps.stats.typedAheadHits++;
    return served;
  }

  /** How long a request nobody waits on lives before it is aborted: a few of the person's typing gaps. */
  graceMs(): number {
    const gap = this.deps.debounce.typingGapMs() ?? 200;
    return Math.min(MAX_GRACE_MS, Math.max(MIN_GRACE_MS, gap * GRACE_GAPS));
  }

  /** A request silent past the server's habit is not waited on by a keystroke that moved on from it. */
  private movedPastSilent(request: PendingRequest, window: PromptWindow): boolean {
    return request.firstTokenAt === undefined && window.prefix !== request.request.prefix && this.deps.firstTokens.isSilent(this.deps.now() - request.startedAt, request.expectedPromptMs);
  }

  /** Resolves when the answer is ready to serve (ended, or can no longer match), its first lines are, or the caller cancels. */
  private waitForAnswer(request: PendingRequest, window: PromptWindow, typed: string, multiline: boolean, cancel: AbortSignal): Promise<WaitOutcome> {
    return new Promise<WaitOutcome>((resolve) => {
      let firstLinesTimer: ReturnType<typeof setTimeout> | undefined;
      const check = () => {
        if (cancel.aborted) return stopWaiting('cancelled');
        if (request.done) return stopWaiting('ready');
        if (!request.canServe(window.prefix, window.suffix, request.request.model)) return stopWaiting('ready');
        if (firstLinesTimer === undefined && multiline && hasCompleteLines(request.text, typed)) {
          // Give a fast stream a moment to finish; a slow one shows its first lines now.
          firstLinesTimer = setTimeout(() => stopWaiting(request.done ? 'ready' : 'first-lines'), FIRST_LINES_GRACE_MS);
        }
      };
      const unsubscribe = request.onProgress(check);
      const onCancel = () => stopWaiting('cancelled');
      cancel.addEventListener('abort', onCancel, { once: true });
      function stopWaiting(outcome: WaitOutcome) {
        if (firstLinesTimer !== undefined) clearTimeout(firstLinesTimer);
        unsubscribe();
        cancel.removeEventListener('abort', onCancel);
        resolve(outcome);
      }
      check();
    });
  }
}

/** Does the streamed text, after what the user typed, hold a complete non-blank line? */
function hasCompleteLines(text: string, typed: string): boolean {
  if (!text.startsWith(typed)) return false;
  const rest = text.slice(typed.length);
  const lastBreak = rest.lastIndexOf('\n');
  return lastBreak > 0 && rest.slice(0, lastBreak).trim() !== '';
}

/** Resolves true when the request has ended (and its answer is cached), false if the signal aborts first. */
async function untilDone(request: PendingRequest, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  // The cache is filled by the request's own finished handlers, which were attached first.
  const ended = await Promise.race([request.finished.then(() => true as const), aborted]);
  signal.removeEventListener('abort', onAbort);
  return ended;
}
