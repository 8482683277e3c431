// The orchestrator: from a keystroke to a completion, in order of cost.
//   1. the cache (exact prompt, or an earlier prompt the typing still matches): no request;
//   2. the editor's in-flight request, when its answer can still match: wait for it;
//   3. otherwise an adaptive debounce, then one new request (the editor's previous one is
//      aborted, so at most one request per editor is in flight).
// A cancelled keystroke stops waiting but leaves its request alive for a short grace period:
// the next keystroke usually adopts it. Only requests that can no longer match are aborted.
import { AdaptiveDebounce } from './adaptiveDebounce';
import { sleep } from './abortableSleep';
import { RepoContext, type ContextBlock, type ContextFile } from './context/repoContext';
import { planInsert } from './closingCharacters';
import { CompletionCache } from './completionCache';
import { isMultilinePosition, type MultilineSetting } from './completionMode';
import { BackendError } from './errors';
import { FailureGate } from './failureGate';
import { FirstTokenDeadline } from './firstTokenDeadline';
import { fimStopSequences } from './fimTemplate';
import { PendingRequest } from './pendingRequest';
import type { EnterIndentRules } from './predictedDocument';
import { planPrediction, Predictor, type PredictionMatch } from './prediction';
import { postprocess, type FilterContext } from './postprocess';
import { buildPromptWindow, withoutSpecialTokens, type PromptWindow } from './promptWindow';
import { RollingWindow } from './rollingStats';
import type { CompletionBackend, CursorPosition, DocumentView, Logger, TokenUsage } from './types';

export interface EngineSettings {
  readonly maxChars: number;
  readonly suffixShare: number;
  readonly multiline: MultilineSetting;
  readonly maxLines: number;
  readonly maxTokens: number;
  readonly temperature: number;
  readonly debounceMs: number;
  readonly minDebounceMs: number;
  readonly requestTimeoutMs: number;
  readonly maxGenerationMs: number;
  /** Speculative requests: the next line's at Enter (local backends only) and the prediction on show. Off = none at all. */
  readonly speculative: boolean;
  /** Predict on show also on a backend billed per token (the DeepSeek API); local backends always may. */
  readonly speculativeWhenBilled: boolean;
  /** Characters of other files laid out ahead of the current one (repository-level context); 0 = off. */
  readonly otherFilesMaxChars: number;
}

export const DEFAULT_ENGINE_SETTINGS: EngineSettings = {
  maxChars: 6000,
  suffixShare: 0.15,
  multiline: 'auto',
  maxLines: 16,
  maxTokens: 256,
  temperature: 0.1,
  debounceMs: 200,
  speculative: true,
  speculativeWhenBilled: false,
  minDebounceMs: 0,
  requestTimeoutMs: 20_000,
  maxGenerationMs: 5000,
  otherFilesMaxChars: 12000,
};

export interface CompletionInput {
  /** Identifies the editor (document) so each has at most one request in flight. */
  readonly editorKey: string;
  readonly document: DocumentView;
  readonly position: CursorPosition;
  /** The user asked explicitly (no debounce). */
  readonly explicit?: boolean;
  /** The document's workspace-relative path and language: heads it in the repository layout. None for untitled documents. */
  readonly file?: ContextFile;
}

export type CompletionSource = 'cache' | 'typed-ahead' | 'in-flight' | 'network';

export interface EngineCompletion {
  /** The completion, `\n`-separated (the editor layer converts to the document's line ending). */
  readonly insertText: string;
  /** Characters after the cursor that the insert replaces (closing brackets and quotes). */
  readonly replaceLength: number;
  readonly source: CompletionSource;
  /** A partial answer (the first lines of a multi-line completion still streaming). */
  readonly partial: boolean;
  /** The id of the request whose answer this is (cache entries remember it). */
  readonly origin?: number;
}

export interface EngineEvents {
  /** A request started or ended: drives the busy indicator. */
  onBusyChange?(busy: boolean): void;
  onRequestEnd?(info: RequestEndInfo): void;
  onUsage?(usage: TokenUsage): void;
  /** A request finished after its first lines were shown: the editor may refresh the ghost text. */
  onLateCompletion?(editorKey: string): void;
}

export interface RequestEndInfo {
  readonly id: number;
  readonly outcome: 'ok' | 'aborted' | 'error';
  readonly latencyMs: number;
  readonly firstTokenMs: number | undefined;
  readonly error?: BackendError;
  readonly chars: number;
}

export interface EngineStats {
  keystrokes: number;
  requests: number;
  abortedRequests: number;
  cacheHits: number;
  typedAheadHits: number;
  inFlightReuses: number;
  errors: number;
}

export interface EngineDependencies {
  readonly backend: () => CompletionBackend | undefined;
  readonly settings: () => EngineSettings;
  readonly log: Logger;
  readonly events?: EngineEvents;
  readonly now?: () => number;
  readonly cacheLimits?: { maxEntries: number; maxBytes: number };
}

/** How long an unwaited request lives, in typing gaps, before it is aborted. */
const GRACE_GAPS = 3;
const MIN_GRACE_MS = 150;
const MAX_GRACE_MS = 600;
/** A multi-line answer whose first lines are complete is shown after at most this much more waiting. */
const FIRST_LINES_GRACE_MS = 0;

/** Pause between aborting a superseded request and sending its successor. */
const SUPERSEDE_PAUSE_MS = 20;

/** What an Enter inserts: a line break and the new line's indentation. */
const NEWLINE_AND_INDENT = /^\r?\n[ \t]*$/;

/** Whether an edit's inserted text is an Enter (the only edit prefetchAfterEdit acts on). */
export function isEnterEdit(insertedText: string): boolean {
  return NEWLINE_AND_INDENT.test(insertedText);
}

/** For a prefetch, which nobody cancels: superseding or the request's own limits end it. */
const NEVER_CANCELLED = new AbortController().signal;

/** The awaited request's answer diverged from what the user typed. */
const MISMATCH = Symbol('mismatch');

interface EditorState {
  current: PendingRequest | undefined;
  /** Counts the editor's keystrokes: only the newest waiting one may start a request. */
  latestCall: number;
}

export class CompletionEngine {
  readonly cache: CompletionCache;
  readonly debounce = new AdaptiveDebounce();
  readonly gate = new FailureGate();
  readonly latencies = new RollingWindow(50);
  /** The first-token deadline, learnt from the server's recent first tokens. */
  readonly firstTokens = new FirstTokenDeadline();
  /** Other files' snippets ahead of the current one, stable while the person types in one place. */
  readonly repoContext = new RepoContext();
  /** The completion that would follow a shown one, requested before it is accepted. */
  readonly predictions: Predictor;
  readonly stats: EngineStats = { keystrokes: 0, requests: 0, abortedRequests: 0, cacheHits: 0, typedAheadHits: 0, inFlightReuses: 0, errors: 0 };
  private readonly editors = new Map<string, EditorState>();
  private busyCount = 0;
  private readonly now: () => number;

  constructor(private readonly deps: EngineDependencies) {
    this.now = deps.now ?? (() => performance.now());
    this.cache = new CompletionCache(deps.cacheLimits ?? { maxEntries: 1000, maxBytes: 8 * 1024 * 1024 });
    this.predictions = new Predictor(this.cache);
  }

  /** Returns a completion for the cursor, or undefined. Never throws. */
  async provide(input: CompletionInput, cancel: AbortSignal): Promise<EngineCompletion | undefined> {
    try {
      return await this.provideUnsafe(input, cancel);
    } catch (error) {
      this.deps.log.error(`completion failed unexpectedly: ${String(error)}`);
      return undefined;
    }
  }

  /**
   * An edit, seen as it happens: VS Code asks for a completion only after its own debounce
   * (50 ms). An Enter (a newline and the new line's indentation) is where a person pauses, so
   * the request for the new line starts at once; the provider call that follows is served by
   * it (in-flight reuse) or, if the person typed something else meanwhile, supersedes it.
   * Never on a backend billed per token, and not with `speculative` off.
   */
  prefetchAfterEdit(input: CompletionInput, insertedText: string): void {
    if (!isEnterEdit(insertedText)) return;
    const backend = this.deps.backend();
    if (!backend || backend.billedPerToken || !this.deps.settings().speculative) return;
    void this.provideUnsafe(input, NEVER_CANCELLED, true).catch((error: unknown) => {
      this.deps.log.error(`prefetch failed unexpectedly: ${String(error)}`);
    });
  }

  /**
   * A completion is on screen: request, in the background, the one that would follow its
   * accept (prediction.ts), so the provider call after the accept is served from the cache.
   * Local backends by default; billed ones only with `speculativeWhenBilled`; none with
   * `speculative` off. Never touches the editor's current request.
   */
  predictAfterShow(input: CompletionInput, shown: EngineCompletion, rules: EnterIndentRules = {}): void {
    try {
      this.predictions.noteShown(shown.origin);
      const backend = this.deps.backend();
      const settings = this.deps.settings();
      if (!backend || !settings.speculative || (backend.billedPerToken && !settings.speculativeWhenBilled)) return;
      // First lines of an answer still streaming: that request brings the rest, and the accept's document is not known yet.
      if (shown.partial || this.gate.isBlocked(this.now())) return;
      const shownPrefix = this.promptFor(input, settings).window.prefix;
      const plan = planPrediction(input.document, input.position, shown, rules, (place) => this.promptFor({ ...input, ...place }, settings));
      const target = plan.target;
      if (target.binary || this.predictions.alreadyPredicted(input.editorKey, target.window)) return;
      // An answer already cached (typed ahead of an earlier, longer one) needs no request.
      if (this.cache.get(backend.model, target.window.prefix, target.window.suffix)) return;
      const request = this.startRequest(backend, target.window, this.multilineAfterAccept(target.window, settings), settings, target.repo);
      this.predictions.track(input.editorKey, { request, plan, shownPrefix });
      this.deps.log.trace(`request #${request.id} predicts the completion after accepting the one shown`);
      void request.finished.then(() => {
        this.predictions.finished(request);
        this.onRequestFinished(request, input.editorKey);
      });
    } catch (error) {
      this.deps.log.error(`prediction failed unexpectedly: ${String(error)}`);
    }
  }

  /** The user accepted a completion: the next one is likely wanted at once. */
  noteAccepted(): void {
    this.debounce.noteAccepted(this.now());
  }

  /** Settings, key or backend changed: forget failures and cached answers from another model. */
  reset(): void {
    this.gate.reset();
    for (const state of this.editors.values()) state.current?.abort();
    this.predictions.dropAll();
  }

  /** The editor closed: abort its request and forget it. */
  closeEditor(editorKey: string): void {
    this.editors.get(editorKey)?.current?.abort();
    this.editors.delete(editorKey);
    this.predictions.drop(editorKey);
    this.repoContext.forget(editorKey);
  }

  get openEditorCount(): number {
    return this.editors.size;
  }

  dispose(): void {
    for (const state of this.editors.values()) state.current?.abort();
    this.predictions.dropAll();
    this.editors.clear();
    this.cache.clear();
    this.repoContext.clear();
  }

  private async provideUnsafe(input: CompletionInput, cancel: AbortSignal, prefetch = false): Promise<EngineCompletion | undefined> {
    const backend = this.deps.backend();
    if (!backend || cancel.aborted) return undefined;
    const settings = this.deps.settings();
    const started = this.now();
    // A prefetch is the same keystroke the provider call after it will report.
    if (!prefetch) {
      this.stats.keystrokes++;
      this.debounce.noteKeystroke(started);
    }

    const { window, repo, binary } = this.promptFor(input, settings);
    if (binary) return undefined;
    // A prediction made for another document than this one is dropped (aborted if running).
    this.predictions.keepIfOnTheWay(input.editorKey, window.prefix, window.suffix, backend.model);
    // Right after an accept that ends a line, what comes next is the next line(s): ask for them,
    // so that one answer serves the Enter and the pause after it from the typed-ahead cache.
    // (The same holds where a shown completion's accept was predicted to end the line.)
    const afterAccept = this.debounce.acceptedWithin(started, 1000) || this.predictions.isAcceptedLineEnd(input.editorKey, window);
    const multiline = afterAccept ? this.multilineAfterAccept(window, settings) : isMultilinePosition(window.linePrefix, window.lineSuffix, settings.multiline);
    const context: FilterContext = {
      linePrefix: window.linePrefix,
      lineSuffix: window.lineSuffix,
      suffixBelow: suffixBelowCursorLine(window),
      multiline,
      maxLines: settings.maxLines,
    };
    const model = backend.model;

    // 1. Cache.
    const hit = this.cache.get(model, window.prefix, window.suffix);
    if (hit) {
      const served = this.finish(hit.remainder, context, hit.exact ? 'cache' : 'typed-ahead', false, hit.origin);
      if (served) {
        if (hit.exact) this.stats.cacheHits++;
        else this.stats.typedAheadHits++;
        this.deps.log.trace(`cache hit (${served.source}) at ${input.position.line + 1}:${input.position.character + 1}`);
        return served;
      }
    }

    const state = this.editorState(input.editorKey);
    const call = ++state.latestCall;

    // 2. The in-flight request, if its answer can still match.
    const current = state.current;
    // A request silent past the server's habit is not waited on by a keystroke that moved on from it.
    const movedPastSilent = current !== undefined && current.firstTokenAt === undefined && window.prefix !== current.request.prefix && this.firstTokens.isSilent(this.now() - current.startedAt);
    if (current && !current.done && !movedPastSilent && current.canServe(window.prefix, window.suffix, model)) {
      this.deps.log.trace(`request #${current.id} may still match: waiting for it`);
      const served = await this.await(current, window, context, cancel, input.editorKey, 'in-flight');
      if (served !== MISMATCH) {
        if (served) this.stats.inFlightReuses++;
        return served;
      }
      // Its answer turned out to diverge from what was typed: ask again.
    }

    // 2b. The prediction made when the last completion was shown, if it is for this document.
    const predicted = this.predictions.match(input.editorKey, window, model);
    if (predicted) {
      const served = await this.servePrediction(predicted, window, context, cancel, input.editorKey);
      if (served !== MISMATCH) return served;
    }
    if (current && !current.done) {
      // Let the superseded request wind down first, so the server never has two from one editor.
      current.abort();
      await current.finished;
      if (state.current === current) state.current = undefined;
      // The client side is done at once, but the server sees the connection close a moment
      // later: a short pause keeps it from ever holding two requests from this editor.
      if (!(await sleep(SUPERSEDE_PAUSE_MS, cancel))) return undefined;
    }

    // 3. A new request, after the debounce, unless a back-off is running.
    if (this.gate.isBlocked(this.now())) return undefined;
    const delay = input.explicit ? 0 : this.debounce.delayMs(window.linePrefix, started, { minMs: settings.minDebounceMs, maxMs: settings.debounceMs });
    if (delay > 0 && !(await sleep(delay, cancel))) return undefined;
    if (cancel.aborted || this.gate.isBlocked(this.now())) return undefined;
    // Keystrokes that waited together (on a silent request, a back-off) do not all ask at once.
    if (call !== state.latestCall) return undefined;

    const request = this.startRequest(backend, window, multiline, settings, repo);
    state.current = request;
    void request.finished.then(() => this.onRequestFinished(request, input.editorKey));
    const served = await this.await(request, window, context, cancel, input.editorKey, 'network');
    return served === MISMATCH ? undefined : served;
  }

  private startRequest(backend: CompletionBackend, window: PromptWindow, multiline: boolean, settings: EngineSettings, repo: ContextBlock | undefined): PendingRequest {
    this.stats.requests++;
    this.setBusy(+1);
    const request = new PendingRequest(
      {
        model: backend.model,
        prefix: window.prefix,
        suffix: window.suffix,
        maxTokens: settings.maxTokens,
        temperature: settings.temperature,
        stop: fimStopSequences(!multiline),
        ...(repo ? { context: { snippets: repo.snippets, prefixOffset: repo.prefixOffset, filePath: repo.filePath } } : {}),
      },
      backend,
      {
        firstTokenTimeoutMs: this.firstTokens.deadlineMs(settings.requestTimeoutMs),
        maxGenerationMs: settings.maxGenerationMs,
        maxChars: Math.max(4096, settings.maxTokens * 16),
        maxLineBreaks: multiline ? settings.maxLines : 0,
      },
      this.now,
    );
    this.deps.log.debug(`request #${request.id} sent to ${backend.label} (${backend.model}): prefix ${window.prefix.length} chars, suffix ${window.suffix.length} chars, ${multiline ? 'multi-line' : 'single-line'}`);
    // Which other files went into the prompt: paths only, never their content.
    if (repo) this.deps.log.debug(`request #${request.id} context: ${repo.snippets.length === 0 ? 'no other files' : repo.snippets.map((s) => `${s.path} (${s.text.length} chars)`).join(', ')}`);
    return request;
  }

  /** Waits for the request (or for its first complete lines when multi-line), then serves it. */
  private async await(
    request: PendingRequest,
    window: PromptWindow,
    context: FilterContext,
    cancel: AbortSignal,
    editorKey: string,
    source: CompletionSource,
  ): Promise<EngineCompletion | undefined | typeof MISMATCH> {
    const typed = window.prefix.slice(request.prefix.length);
    request.adoptWaiter();
    let early = false;
    const ready = await new Promise<boolean>((resolve) => {
      const check = () => {
        if (cancel.aborted) return finish(false);
        if (request.done) return finish(true);
        if (!request.canServe(window.prefix, window.suffix, request.request.model)) return finish(true);
        if (earlyTimer === undefined && context.multiline && hasCompleteLines(request.text, typed)) {
          // Give a fast stream a moment to finish; a slow one shows its first lines now.
          earlyTimer = setTimeout(() => {
            early = !request.done;
            finish(true);
          }, FIRST_LINES_GRACE_MS);
        }
      };
      let earlyTimer: ReturnType<typeof setTimeout> | undefined;
      const unsubscribe = request.onProgress(check);
      const onCancel = () => finish(false);
      cancel.addEventListener('abort', onCancel, { once: true });
      function finish(value: boolean) {
        if (earlyTimer !== undefined) clearTimeout(earlyTimer);
        unsubscribe();
        cancel.removeEventListener('abort', onCancel);
        resolve(value);
      }
      check();
    });
    request.releaseWaiter(this.graceMs());
    if (!ready) return undefined;
    // A failed request's partial text is not shown: the stream was cut or garbled.
    if (request.outcome === 'error') return undefined;
    if (early) request.servedPartially = true;
    if (!request.text.startsWith(typed)) return MISMATCH;
    let remainder = request.text.slice(typed.length);
    if (early && !request.done) remainder = remainder.slice(0, remainder.lastIndexOf('\n'));
    const served = this.finish(remainder, context, source, early && !request.done, request.id);
    if (served) this.deps.log.trace(`served request #${request.id}${early ? ' (first lines)' : ''} to ${editorKey}`);
    return served;
  }

  private onRequestFinished(request: PendingRequest, editorKey: string): void {
    this.setBusy(-1);
    const latencyMs = Math.round(this.now() - request.startedAt);
    const firstTokenMs = request.firstTokenAt === undefined ? undefined : Math.round(request.firstTokenAt - request.startedAt);
    const state = this.editors.get(editorKey);
    if (state?.current === request) state.current = undefined;
    if (firstTokenMs !== undefined) this.firstTokens.record(firstTokenMs);
    if (request.outcome === 'ok') {
      this.gate.noteSuccess();
      this.latencies.push(latencyMs);
      if (request.text !== '') this.cache.set(request.request.model, request.prefix, request.request.suffix, request.text);
      this.deps.log.info(`request #${request.id}: ${request.text.length} chars in ${latencyMs} ms (first token ${firstTokenMs ?? '-'} ms)`);
      if (request.servedPartially) this.deps.events?.onLateCompletion?.(editorKey);
    } else if (request.outcome === 'aborted') {
      this.stats.abortedRequests++;
      this.deps.log.trace(`request #${request.id}: aborted after ${latencyMs} ms`);
    } else if (request.error) {
      this.stats.errors++;
      this.gate.noteFailure(request.error, this.now());
      const detail = request.error.detail ? ` (${request.error.detail})` : '';
      this.deps.log.warn(`request #${request.id}: ${request.error.kind}: ${request.error.message}${detail}`);
    }
    if (request.usage) this.deps.events?.onUsage?.(request.usage);
    this.deps.events?.onRequestEnd?.({
      id: request.id,
      outcome: request.outcome ?? 'error',
      latencyMs,
      firstTokenMs,
      error: request.error,
      chars: request.text.length,
    });
  }

  private finish(raw: string, context: FilterContext, source: CompletionSource, partial: boolean, origin?: number): EngineCompletion | undefined {
    const text = postprocess(raw, context);
    if (text === '') return undefined;
    const plan = planInsert(text, context.lineSuffix);
    return { insertText: plan.insertText, replaceLength: plan.replaceLength, source, partial, origin };
  }

  /** The prompt for a place: the file's window, led by other files' snippets when there are any. */
  private promptFor(input: CompletionInput, settings: EngineSettings): { window: PromptWindow; repo: ContextBlock | undefined; binary: boolean } {
    const fileWindow = buildPromptWindow(input.document, input.position, { maxChars: settings.maxChars, suffixShare: settings.suffixShare });
    // NUL bytes mean a binary file opened as text: nothing sensible to complete, nothing to send.
    const binary = fileWindow.prefix.includes('\u0000') || fileWindow.suffix.includes('\u0000');
    // Other files lead the prefix, so the cache, in-flight reuse and the request all see the
    // prompt as sent; the block is stable while the person types here, so they still match.
    const repo = binary ? undefined : this.repoContext.blockFor(input.editorKey, input.file, input.document, input.position, settings.otherFilesMaxChars);
    // Special tokens spelled in the text (this file's or another's) are neutralised here, where the prompt is made.
    const window: PromptWindow = withoutSpecialTokens(repo ? { ...fileWindow, prefix: repo.rendered + fileWindow.prefix } : fileWindow);
    return { window, repo, binary };
  }

  /** Multi-line where the position calls for it, and at a line's end as right after an accept. */
  private multilineAfterAccept(window: PromptWindow, settings: EngineSettings): boolean {
    return (
      isMultilinePosition(window.linePrefix, window.lineSuffix, settings.multiline) ||
      (settings.multiline === 'auto' && window.lineSuffix.trim() === '' && window.linePrefix.trim() !== '')
    );
  }

  /**
   * Serves a provider call from the editor's running prediction: the same prompt (or typed
   * ahead of it) waits for its stream like any in-flight request; the predicted prompt after
   * the Enter, which the request's own does not extend, waits for its end and is served from
   * the cache.
   */
  private async servePrediction(
    match: PredictionMatch,
    window: PromptWindow,
    context: FilterContext,
    cancel: AbortSignal,
    editorKey: string,
  ): Promise<EngineCompletion | undefined | typeof MISMATCH> {
    const request = match.prediction.request;
    if (match.kind === 'same') {
      const served = await this.await(request, window, context, cancel, editorKey, 'in-flight');
      if (served) this.stats.inFlightReuses++;
      return served;
    }
    if (!(await untilDone(request, cancel))) return undefined;
    const hit = this.cache.get(request.request.model, window.prefix, window.suffix);
    if (!hit) return MISMATCH;
    const served = this.finish(hit.remainder, context, hit.exact ? 'cache' : 'typed-ahead', false, hit.origin);
    if (served) this.stats.cacheHits++;
    return served;
  }

  private graceMs(): number {
    const gap = this.debounce.typingGapMs() ?? 200;
    return Math.min(MAX_GRACE_MS, Math.max(MIN_GRACE_MS, gap * GRACE_GAPS));
  }

  private editorState(editorKey: string): EditorState {
    let state = this.editors.get(editorKey);
    if (!state) {
      state = { current: undefined, latestCall: 0 };
      this.editors.set(editorKey, state);
    }
    return state;
  }

  private setBusy(delta: number): void {
    const wasBusy = this.busyCount > 0;
    this.busyCount += delta;
    const isBusy = this.busyCount > 0;
    if (wasBusy !== isBusy) this.deps.events?.onBusyChange?.(isBusy);
  }

  // ---- what the editor layer may ask ----------------------------------------------------

  /** The failure that stops requests until the user acts (no key, key rejected, empty balance), if any. */
  blockingError(): BackendError | undefined { return this.gate.blockingError; }
  /** Milliseconds left in the current back-off after a transient failure; 0 when not backing off. */
  backoffLeftMs(now: number = this.now()): number { return this.gate.backoffLeftMs(now); }
  medianLatencyMs(): number | undefined { return this.latencies.median(); }
  latencySampleCount(): number { return this.latencies.count; }
  /** Another backend or model: its predecessor's latencies and first tokens say nothing about it. */
  forgetLatencyHistory(): void { this.latencies.clear(); this.firstTokens.clear(); }
}

/** The suffix window without the rest of the cursor line. */
function suffixBelowCursorLine(window: PromptWindow): string {
  const newline = window.suffix.indexOf('\n');
  return newline < 0 ? '' : window.suffix.slice(newline + 1);
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

