// Sending a request and keeping the books on it: the counters, the busy indicator, what the
// log says it sent, and on its end what it taught (latency, first-token time, the failure
// gate, the cache) and what the editor layer is told (usage, the end, a late completion).
import type { CompletionCache } from './completionCache';
import type { ContextBlock } from './context/repoContext';
import type { EngineEvents, EngineSettings, EngineStats } from './engineTypes';
import type { FailureGate } from './failureGate';
import type { FirstTokenDeadline } from './firstTokenDeadline';
import { fimStopSequences } from './fimTemplate';
import { PendingRequest } from './pendingRequest';
import type { PromptWindow } from './promptWindow';
import type { RollingWindow } from './rollingStats';
import type { ServerSpeed } from './serverSpeed';
import type { CompletionBackend, CompletionRequest, Logger } from './types';

export interface RequestBookkeepingDependencies {
  readonly cache: CompletionCache;
  readonly stats: EngineStats;
  readonly gate: FailureGate;
  readonly latencies: RollingWindow;
  readonly firstTokens: FirstTokenDeadline;
  readonly serverSpeed: ServerSpeed;
  readonly log: Logger;
  readonly events?: EngineEvents;
  readonly now: () => number;
  /** A request that matters is about to go out (a warm-up in progress gives way to it). */
  readonly onRequestStart?: () => void;
}

/** The request as every backend reads it, for a place's window and other files' block. */
export function wireRequest(backend: CompletionBackend, window: PromptWindow, multiline: boolean, settings: EngineSettings, repo: ContextBlock | undefined): CompletionRequest {
  return {
    model: backend.model,
    prefix: window.prefix,
    suffix: window.suffix,
    maxTokens: settings.maxTokens,
    temperature: settings.temperature,
    stop: fimStopSequences(!multiline),
    ...(repo ? { context: { snippets: repo.snippets, prefixOffset: repo.prefixOffset, filePath: repo.filePath } } : {}),
  };
}

export class RequestBookkeeping {
  /** Requests started and not yet ended, all editors and predictions together. */
  private running = 0;

  constructor(private readonly deps: RequestBookkeepingDependencies) {}

  /** Sends the prompt to the backend, with the limits the settings and the server's habits set. */
  startRequest(backend: CompletionBackend, window: PromptWindow, multiline: boolean, settings: EngineSettings, repo: ContextBlock | undefined): PendingRequest {
    this.deps.onRequestStart?.();
    this.deps.stats.requests++;
    this.changeRunning(+1);
    const wire = wireRequest(backend, window, multiline, settings, repo);
    // What the server must process before its first token: a cold prompt is slow, not silent.
    const expectedPromptMs = this.deps.serverSpeed.expectedPromptMs(wire);
    this.deps.serverSpeed.noteSent(wire);
    const request = new PendingRequest(
      wire,
      backend,
      {
        firstTokenTimeoutMs: this.deps.firstTokens.deadlineMs(settings.requestTimeoutMs, expectedPromptMs),
        maxGenerationMs: settings.maxGenerationMs,
        maxChars: Math.max(4096, settings.maxTokens * 16),
        maxLineBreaks: multiline ? settings.maxLines : 0,
        expectedPromptMs,
      },
      this.deps.now,
    );
    const log = this.deps.log;
    log.debug(`request #${request.id} sent to ${backend.label} (${backend.model}): prefix ${window.prefix.length} chars, suffix ${window.suffix.length} chars, ${multiline ? 'multi-line' : 'single-line'}`);
    // Which other files went into the prompt: paths only, never their content.
    if (repo) log.debug(`request #${request.id} context: ${repo.snippets.length === 0 ? 'no other files' : repo.snippets.map((s) => `${s.path} (${s.text.length} chars)`).join(', ')}`);
    return request;
  }

  /** The request ended (answered, aborted or failed): learn from it and tell the editor layer. */
  recordRequestEnd(request: PendingRequest, editorKey: string): void {
    const { stats, gate, log, events } = this.deps;
    this.changeRunning(-1);
    const latencyMs = Math.round(this.deps.now() - request.startedAt);
    const firstTokenMs = request.firstTokenAt === undefined ? undefined : Math.round(request.firstTokenAt - request.startedAt);
    // The server's habit without the prompt it had to process: that part is expected per request.
    if (request.timings) this.deps.serverSpeed.record(request.timings);
    // Ended before its first token: the server holds only part of its prompt, or none.
    else if (firstTokenMs === undefined) this.deps.serverSpeed.forgetSent();
    if (firstTokenMs !== undefined) this.deps.firstTokens.record(Math.max(0, firstTokenMs - (request.timings?.promptMs ?? 0)));
    if (request.outcome === 'ok') {
      gate.noteSuccess();
      this.deps.latencies.push(latencyMs);
      if (request.text !== '') this.deps.cache.set(request.request.model, request.prefix, request.request.suffix, request.text);
      log.info(`request #${request.id}: ${request.text.length} chars in ${latencyMs} ms (first token ${firstTokenMs ?? '-'} ms)`);
      // Its first lines were shown while it streamed: the editor may now show the rest.
      if (request.servedPartially) events?.onLateCompletion?.(editorKey);
    } else if (request.outcome === 'aborted') {
      stats.abortedRequests++;
      log.trace(`request #${request.id}: aborted after ${latencyMs} ms`);
    } else if (request.error) {
      stats.errors++;
      gate.noteFailure(request.error, this.deps.now());
      const detail = request.error.detail ? ` (${request.error.detail})` : '';
      log.warn(`request #${request.id}: ${request.error.kind}: ${request.error.message}${detail}`);
    }
    if (request.usage) events?.onUsage?.(request.usage);
    events?.onRequestEnd?.({ id: request.id, outcome: request.outcome ?? 'error', latencyMs, firstTokenMs, error: request.error, chars: request.text.length });
  }

  /** No request is running: the server's slot is free. */
  get idle(): boolean {
    return this.running === 0;
  }

  /** Drives the busy indicator: it changes only when the first request starts or the last one ends. */
  private changeRunning(delta: number): void {
    const wasBusy = this.running > 0;
    this.running += delta;
    const isBusy = this.running > 0;
    if (wasBusy !== isBusy) this.deps.events?.onBusyChange?.(isBusy);
  }
}
