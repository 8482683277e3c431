// The completion engine, as the editor layer sees it: a completion for a keystroke (the
// pipeline in completionPipeline.ts), the speculative requests (the next line's at Enter, the
// prediction when a completion is shown), the editors' lifecycle, and the answers to what the
// status bar asks (is a failure blocking requests, how long is the back-off, how slow is it).
import { AdaptiveDebounce } from './adaptiveDebounce';
import { RepoContext } from './context/repoContext';
import { CompletionCache } from './completionCache';
import { CompletionPipeline } from './completionPipeline';
import { EditorRequests } from './editorRequests';
import type { CompletionInput, EngineCompletion, EngineDependencies, EngineSettings, EngineStats } from './engineTypes';
import type { BackendError } from './errors';
import { FailureGate } from './failureGate';
import { FirstTokenDeadline } from './firstTokenDeadline';
import { InFlightReuse } from './inFlightReuse';
import type { EnterIndentRules } from './predictedDocument';
import { planPrediction, Predictor } from './prediction';
import { multilineAfterAccept, promptFor } from './promptForPlace';
import { RequestBookkeeping } from './requestBookkeeping';
import { RollingWindow } from './rollingStats';
import { ServerSpeed, type ServerSpeedFacts } from './serverSpeed';
import { CacheWarmer } from './cacheWarmer';
import { PromptBudget } from './promptBudget';

export { DEFAULT_ENGINE_SETTINGS } from './engineTypes';
export type { CompletionInput, CompletionSource, EngineCompletion, EngineDependencies, EngineEvents, EngineSettings, EngineStats, RequestEndInfo } from './engineTypes';

/** What an Enter inserts: a line break and the new line's indentation. */
const NEWLINE_AND_INDENT = /^\r?\n[ \t]*$/;

/** Whether an edit's inserted text is an Enter (the only edit prefetchAfterEdit acts on). */
export function isEnterEdit(insertedText: string): boolean {
  return NEWLINE_AND_INDENT.test(insertedText);
}

/** For a prefetch, which nobody cancels: superseding or the request's own limits end it. */
const NEVER_CANCELLED = new AbortController().signal;

export class CompletionEngine {
  readonly cache: CompletionCache;
  readonly debounce = new AdaptiveDebounce();
  /** Other files' snippets ahead of the current one, stable while the person types in one place. */
  readonly repoContext = new RepoContext();
  /** The completion that would follow a shown one, requested before it is accepted. */
  readonly predictions: Predictor;
  readonly stats: EngineStats = { keystrokes: 0, requests: 0, abortedRequests: 0, cacheHits: 0, typedAheadHits: 0, inFlightReuses: 0, errors: 0 };
  private readonly gate = new FailureGate();
  private readonly latencies = new RollingWindow(50);
  /** The first-token deadline, learnt from the server's recent first tokens. */
  private readonly firstTokens = new FirstTokenDeadline();
  /** The local server's prompt and generation speed, and what its cache should hold. */
  private readonly serverSpeed = new ServerSpeed();
  private readonly warmer: CacheWarmer;
  /** Window and other files sized for a local server's prompt speed. */
  private readonly promptBudget = new PromptBudget();
  private readonly editors = new EditorRequests();
  private readonly requests: RequestBookkeeping;
  private readonly pipeline: CompletionPipeline;
  private readonly now: () => number;

  constructor(private readonly deps: EngineDependencies) {
    this.now = deps.now ?? (() => performance.now());
    this.cache = new CompletionCache(deps.cacheLimits ?? { maxEntries: 1000, maxBytes: 8 * 1024 * 1024 });
    this.predictions = new Predictor(this.cache);
    const { cache, stats, gate, latencies, firstTokens, serverSpeed, debounce, repoContext, predictions, editors, now } = this;
    const log = deps.log;
    const requests = new RequestBookkeeping({ cache, stats, gate, latencies, firstTokens, serverSpeed, log, events: deps.events, now, onRequestStart: () => this.warmer.cancel() });
    const settings = () => this.settingsForServer();
    this.warmer = new CacheWarmer({ backend: deps.backend, settings, repoContext, serverSpeed, requests, log });
    const reuse = new InFlightReuse({ cache, stats, debounce, firstTokens, now, log });
    this.requests = requests;
    this.pipeline = new CompletionPipeline({ backend: deps.backend, settings, log, now, stats, cache, debounce, gate, repoContext, predictions, reuse, requests, editors });
  }

  /** Returns a completion for the cursor, or undefined. Never throws. */
  async provide(input: CompletionInput, cancel: AbortSignal): Promise<EngineCompletion | undefined> {
    try {
      return await this.pipeline.findCompletion(input, cancel);
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
    void this.pipeline.findCompletion(input, NEVER_CANCELLED, true).catch((error: unknown) => {
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
      const settings = this.settingsForServer();
      if (!backend || !settings.speculative || (backend.billedPerToken && !settings.speculativeWhenBilled)) return;
      // First lines of an answer still streaming: that request brings the rest, and the accept's document is not known yet.
      if (shown.partial || this.gate.isBlocked(this.now())) return;
      const kvCached = backend.servesFromKvCache === true;
      const shownPrefix = promptFor(input, settings, this.repoContext, kvCached).window.prefix;
      const plan = planPrediction(input.document, input.position, shown, rules, (place) => promptFor({ ...input, ...place }, settings, this.repoContext, kvCached));
      const target = plan.target;
      if (target.binary || this.predictions.alreadyPredicted(input.editorKey, target.window)) return;
      // An answer already cached (typed ahead of an earlier, longer one) needs no request.
      if (this.cache.get(backend.model, target.window.prefix, target.window.suffix)) return;
      const request = this.requests.startRequest(backend, target.window, multilineAfterAccept(target.window, settings), settings, target.repo);
      this.predictions.track(input.editorKey, { request, plan, shownPrefix });
      this.deps.log.trace(`request #${request.id} predicts the completion after accepting the one shown`);
      void request.finished.then(() => {
        this.predictions.finished(request);
        this.requests.recordRequestEnd(request, input.editorKey);
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
    this.editors.abortAll();
    this.predictions.dropAll();
  }

  /** The editor closed: abort its request and forget it. */
  closeEditor(editorKey: string): void {
    this.editors.close(editorKey);
    this.predictions.drop(editorKey);
    this.repoContext.forget(editorKey);
  }

  get openEditorCount(): number {
    return this.editors.openCount;
  }

  dispose(): void {
    this.editors.abortAll();
    this.predictions.dropAll();
    this.editors.clear();
    this.cache.clear();
    this.repoContext.clear();
  }

  /** The failure that stops all requests until the user acts (no key, key rejected, ...), if any. */
  blockingError(): BackendError | undefined {
    return this.gate.blockingError;
  }

  /** Milliseconds left before requests resume after a transient failure; 0 when not backing off. */
  backoffLeftMs(now: number = this.now()): number {
    return this.gate.backoffLeftMs(now);
  }

  /** The median time of recent answered requests, start to end; undefined before the first. */
  medianLatencyMs(): number | undefined {
    return this.latencies.median();
  }

  /** How many recent answered requests medianLatencyMs() is taken over. */
  latencySampleCount(): number {
    return this.latencies.count;
  }

  /** Another backend or model: its predecessor's latencies and first-token times say nothing about it. */
  forgetLatencyHistory(): void {
    this.latencies.clear();
    this.firstTokens.clear();
    this.serverSpeed.clear();
    this.promptBudget.clear();
  }

  /** The settings, with the prompt sized for a local server's measured speed (promptBudget.ts). */
  private settingsForServer(): EngineSettings {
    const settings = this.deps.settings();
    if (!this.deps.backend()?.reportsTimings) return settings;
    const before = this.promptBudget.tokensPerSecond;
    const fitted = this.promptBudget.fit(settings, this.serverSpeed.facts().promptTokensPerSecond);
    if (this.promptBudget.tokensPerSecond !== before && fitted !== settings) {
      this.deps.log.info(`prompt sized for the server's ${Math.round(this.promptBudget.tokensPerSecond ?? 0)} prompt tokens/s: window ${fitted.maxChars} chars, other files ${fitted.otherFilesMaxChars} chars`);
    }
    return fitted;
  }

  /**
   * The editor is idle at this place (a file just opened, the cursor moved): a local server is
   * sent the prompt ahead of the next keystroke when most of it is new to its cache (cacheWarmer.ts).
   */
  warmServerCache(input: CompletionInput): boolean {
    try {
      return this.warmer.warm(input);
    } catch (error) {
      this.deps.log.error(`warming the prompt cache failed unexpectedly: ${String(error)}`);
      return false;
    }
  }

  /** The local server's speed and cache reuse, as it reported them (status tooltip). */
  serverSpeedFacts(): ServerSpeedFacts {
    return this.serverSpeed.facts();
  }
}
