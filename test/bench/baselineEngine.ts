// "The field's default strategy", the thing to beat: a fixed debounce (300 ms),
// a cache keyed on the exact prompt only, and a request tied to the editor's cancellation token,
// so every keystroke aborts the request in flight. It shares everything else with our engine:
// the same prompt window, multi-line decision, stop list, request code (PendingRequest), backend
// and post-processing chain, so a comparison measures the strategy alone.
import { planInsert } from '../../src/engine/closingCharacters';
import { isMultilinePosition } from '../../src/engine/completionMode';
import { DEFAULT_ENGINE_SETTINGS, type CompletionInput, type CompletionSource, type EngineCompletion, type EngineSettings } from '../../src/engine/completionEngine';
import { fimStopSequences } from '../../src/engine/fimTemplate';
import { PendingRequest } from '../../src/engine/pendingRequest';
import { postprocess, type FilterContext } from '../../src/engine/postprocess';
import { buildPromptWindow } from '../../src/engine/promptWindow';
import type { CompletionBackend } from '../../src/engine/types';
import { sleep } from '../../src/engine/abortableSleep';

export interface BaselineStats {
  keystrokes: number;
  requests: number;
  abortedRequests: number;
  cacheHits: number;
}

const DEFAULT_MAX_CACHE_ENTRIES = 1000;

export class BaselineEngine {
  readonly stats: BaselineStats = { keystrokes: 0, requests: 0, abortedRequests: 0, cacheHits: 0 };
  /** Exact (model, prefix, suffix) -> raw answer, oldest first (Map order) for eviction. */
  private readonly cache = new Map<string, string>();

  constructor(
    private readonly backend: CompletionBackend,
    private readonly debounceMs = 300,
    private readonly settings: EngineSettings = DEFAULT_ENGINE_SETTINGS,
    private readonly now: () => number = () => performance.now(),
    private readonly maxCacheEntries = DEFAULT_MAX_CACHE_ENTRIES,
  ) {}

  get cacheSize(): number {
    return this.cache.size;
  }

  /** The field's default has no accept signal. */
  noteAccepted(): void {}

  async provide(input: CompletionInput, cancel: AbortSignal): Promise<EngineCompletion | undefined> {
    if (cancel.aborted) return undefined;
    const settings = this.settings;
    this.stats.keystrokes++;
    const window = buildPromptWindow(input.document, input.position, { maxChars: settings.maxChars, suffixShare: settings.suffixShare });
    const multiline = isMultilinePosition(window.linePrefix, window.lineSuffix, settings.multiline);
    const context: FilterContext = {
      linePrefix: window.linePrefix,
      lineSuffix: window.lineSuffix,
      suffixBelow: window.suffix.includes('\n') ? window.suffix.slice(window.suffix.indexOf('\n') + 1) : '',
      multiline,
      maxLines: settings.maxLines,
    };
    const key = `${this.backend.model}\u0000${window.suffix}\u0000${window.prefix}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      return finish(cached, context, 'cache');
    }

    if (!input.explicit && !(await sleep(this.debounceMs, cancel))) return undefined;

    this.stats.requests++;
    const request = new PendingRequest(
      {
        model: this.backend.model,
        prefix: window.prefix,
        suffix: window.suffix,
        maxTokens: settings.maxTokens,
        temperature: settings.temperature,
        stop: fimStopSequences(!multiline),
      },
      this.backend,
      {
        firstTokenTimeoutMs: settings.requestTimeoutMs,
        maxGenerationMs: settings.maxGenerationMs,
        maxChars: Math.max(4096, settings.maxTokens * 16),
        maxLineBreaks: multiline ? settings.maxLines : 0,
      },
      this.now,
    );
    // The editor's token is the request's token: the next keystroke aborts it.
    const onCancel = () => request.abort();
    cancel.addEventListener('abort', onCancel, { once: true });
    try {
      await request.finished;
    } finally {
      cancel.removeEventListener('abort', onCancel);
    }
    if (request.outcome === 'aborted') this.stats.abortedRequests++;
    if (request.outcome !== 'ok') return undefined;
    if (request.text !== '') this.remember(key, request.text);
    if (cancel.aborted) return undefined;
    return finish(request.text, context, 'network');
  }

  dispose(): void {
    this.cache.clear();
  }

  private remember(key: string, text: string): void {
    this.cache.delete(key);
    this.cache.set(key, text);
    if (this.cache.size > this.maxCacheEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

function finish(raw: string, context: FilterContext, source: CompletionSource): EngineCompletion | undefined {
  const text = postprocess(raw, context);
  if (text === '') return undefined;
  const plan = planInsert(text, context.lineSuffix);
  return { insertText: plan.insertText, replaceLength: plan.replaceLength, source, partial: false };
}

