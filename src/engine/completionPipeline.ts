// From a keystroke to a completion, in order of cost:
//   1. the cache (exact prompt, or an earlier prompt the typing still matches): no request;
//   2. the editor's in-flight request, when its answer can still match: wait for it
//      (inFlightReuse.ts), then the prediction made when the last completion was shown;
//   3. otherwise an adaptive debounce, then one new request (the editor's previous one is
//      aborted, so at most one request per editor is in flight).
// A cancelled keystroke stops waiting but leaves its request alive for a short grace period:
// the next keystroke usually adopts it. Only requests that can no longer match are aborted.
import type { AdaptiveDebounce } from './adaptiveDebounce';
import { sleep } from './abortableSleep';
import type { CompletionCache } from './completionCache';
import { isMultilinePosition } from './completionMode';
import { FIRST_MATERIAL_WAIT_MS } from './context/firstMaterial';
import type { RepoContext } from './context/repoContext';
import type { EditorRequests } from './editorRequests';
import type { CompletionInput, EngineCompletion, EngineSettings, EngineStats } from './engineTypes';
import type { FailureGate } from './failureGate';
import { MISMATCH, type InFlightReuse } from './inFlightReuse';
import type { FilterContext } from './postprocess';
import type { Predictor } from './prediction';
import { filterContextFor, multilineAfterAccept, promptFor, toCompletion } from './promptForPlace';
import type { PromptWindow } from './promptWindow';
import type { RequestBookkeeping } from './requestBookkeeping';
import type { CompletionBackend, CursorPosition, Logger } from './types';

/** Pause between aborting a superseded request and sending its successor. */
const SUPERSEDE_PAUSE_MS = 20;

/** The engine's parts the pipeline draws on (the engine owns them). */
export interface PipelineParts {
  readonly backend: () => CompletionBackend | undefined;
  readonly settings: () => EngineSettings;
  readonly log: Logger;
  readonly now: () => number;
  readonly stats: EngineStats;
  readonly cache: CompletionCache;
  readonly debounce: AdaptiveDebounce;
  readonly gate: FailureGate;
  readonly repoContext: RepoContext;
  readonly predictions: Predictor;
  readonly reuse: InFlightReuse;
  readonly requests: RequestBookkeeping;
  readonly editors: EditorRequests;
}

export class CompletionPipeline {
  constructor(private readonly parts: PipelineParts) {}

  /** The cheapest source that can answer this keystroke, or a new request. A prefetch is not counted as a keystroke. */
  async findCompletion(input: CompletionInput, cancel: AbortSignal, prefetch = false): Promise<EngineCompletion | undefined> {
    const { stats, debounce, gate, predictions, reuse, requests, now } = this.parts;
    const backend = this.parts.backend();
    if (!backend || cancel.aborted) return undefined;
    const settings = this.parts.settings();
    const started = now();
    // A prefetch is the same keystroke the provider call after it will report.
    if (!prefetch) {
      stats.keystrokes++;
      debounce.noteKeystroke(started);
    }

    // A file just opened: its first request waits (bounded) for the other files' block.
    if (this.parts.repoContext.firstMaterial.isPending(input.editorKey)) {
      const arrived = await this.parts.repoContext.firstMaterial.wait(input.editorKey, cancel);
      if (cancel.aborted) return undefined;
      if (!arrived) this.parts.log.debug(`context: other files not gathered within ${FIRST_MATERIAL_WAIT_MS} ms: the first request goes without them`);
    }
    const { window, repo, binary } = promptFor(input, settings, this.parts.repoContext, backend.servesFromKvCache === true);
    if (binary) return undefined;
    // A prediction made for another document than this one is dropped (aborted if running).
    predictions.keepIfOnTheWay(input.editorKey, window.prefix, window.suffix, backend.model);
    const multiline = this.wantsMultiline(input.editorKey, window, settings, started);
    const context = filterContextFor(window, multiline, settings);
    const model = backend.model;

    // 1. The cache.
    const cached = this.serveFromCache(model, window, context, input.position);
    if (cached) return cached;

    const state = this.parts.editors.stateOf(input.editorKey);
    const call = ++state.latestCall;

    // 2. The in-flight request, if its answer can still match.
    const current = state.current;
    if (reuse.canServe(current, window, model)) {
      this.parts.log.trace(`request #${current.id} may still match: waiting for it`);
      const served = await reuse.waitAndServe(current, window, context, cancel, input.editorKey, 'in-flight');
      if (served !== MISMATCH) {
        if (served) stats.inFlightReuses++;
        return served;
      }
      // Its answer turned out to diverge from what was typed: ask again.
    }

    // 2b. The prediction made when the last completion was shown, if it is for this document.
    const predicted = predictions.match(input.editorKey, window, model);
    if (predicted) {
      const served = await reuse.serveFromPrediction(predicted, window, context, cancel, input.editorKey);
      if (served !== MISMATCH) return served;
    }

    // 3. A new request. The superseded one winds down first, so the server never has two from one editor.
    if (current && !current.done) {
      current.abort();
      await current.finished;
      if (state.current === current) state.current = undefined;
      // The client side is done at once, but the server sees the connection close a moment
      // later: a short pause keeps it from ever holding two requests from this editor.
      if (!(await sleep(SUPERSEDE_PAUSE_MS, cancel))) return undefined;
    }
    // Then the debounce, unless a back-off is running.
    if (gate.isBlocked(now())) return undefined;
    const delay = input.explicit ? 0 : debounce.delayMs(window.linePrefix, started, { minMs: settings.minDebounceMs, maxMs: settings.debounceMs });
    if (delay > 0 && !(await sleep(delay, cancel))) return undefined;
    if (cancel.aborted || gate.isBlocked(now())) return undefined;
    // Keystrokes that waited together (on a silent request, a back-off) do not all ask at once.
    if (call !== state.latestCall) return undefined;

    const request = requests.startRequest(backend, window, multiline, settings, repo);
    state.current = request;
    void request.finished.then(() => {
      this.parts.editors.noteEnded(request, input.editorKey);
      requests.recordRequestEnd(request, input.editorKey);
    });
    const served = await reuse.waitAndServe(request, window, context, cancel, input.editorKey, 'network');
    return served === MISMATCH ? undefined : served;
  }

  /**
   * Right after an accept that ends a line, what comes next is the next line(s): ask for them,
   * so that one answer serves the Enter and the pause after it from the typed-ahead cache.
   * (The same holds where a shown completion's accept was predicted to end the line.)
   */
  private wantsMultiline(editorKey: string, window: PromptWindow, settings: EngineSettings, now: number): boolean {
    const afterAccept = this.parts.debounce.acceptedWithin(now, 1000) || this.parts.predictions.isAcceptedLineEnd(editorKey, window);
    return afterAccept ? multilineAfterAccept(window, settings) : isMultilinePosition(window.linePrefix, window.lineSuffix, settings.multiline);
  }

  /** An answer cached for this prompt, or for an earlier one the typing still matches. */
  private serveFromCache(model: string, window: PromptWindow, context: FilterContext, position: CursorPosition): EngineCompletion | undefined {
    const hit = this.parts.cache.get(model, window.prefix, window.suffix);
    if (!hit) return undefined;
    const served = toCompletion(hit.remainder, context, hit.exact ? 'cache' : 'typed-ahead', false, hit.origin);
    if (!served) return undefined;
    if (hit.exact) this.parts.stats.cacheHits++;
    else this.parts.stats.typedAheadHits++;
    this.parts.log.trace(`cache hit (${served.source}) at ${position.line + 1}:${position.character + 1}`);
    return served;
  }
}
