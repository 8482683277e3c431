// Why completions feel bad, said in the status bar's tooltip instead of silence: most recent
// requests time out, or the median answer is slow. Counts request outcomes itself; the
// latencies' median comes from the engine, which keeps them.
import type { BackendErrorKind } from '../../engine/errors';
import type { ServerSpeedFacts } from '../../engine/serverSpeed';
import { english, type Translate } from '../../engine/translate';

/** Outcomes remembered for the time-out share: enough to see a trend, few enough to recover from it. */
const RECENT_LIMIT = 20;
/** Below this many requests (or latency samples) there is no trend to speak of. */
const MIN_SAMPLES = 4;
const SLOW_MEDIAN_MS = 2000;
/** Below these a local server's own figures explain the slowness (a laptop GPU reads 300-2,000 prompt tokens/s). */
const SLOW_PROMPT_TOKENS_PER_SECOND = 300;
const SLOW_GENERATION_TOKENS_PER_SECOND = 10;

export interface LatencyFigures {
  readonly medianMs: number | undefined;
  readonly samples: number;
}

export class LatencyHealth {
  private last: number | undefined;
  private recentRequests = 0;
  private recentTimeouts = 0;

  /** The latest successful request's latency, in ms. */
  get lastLatencyMs(): number | undefined {
    return this.last;
  }

  noteSuccess(latencyMs: number): void {
    this.recentRequests = Math.min(RECENT_LIMIT, this.recentRequests + 1);
    this.last = latencyMs;
    this.recentTimeouts = Math.max(0, this.recentTimeouts - 1);
  }

  /** A request that ended without an answer (not one the editor aborted). */
  noteFailure(kind: BackendErrorKind | undefined): void {
    this.recentRequests = Math.min(RECENT_LIMIT, this.recentRequests + 1);
    if (kind === 'timeout') this.recentTimeouts = Math.min(RECENT_LIMIT, this.recentTimeouts + 1);
  }

  /** Another backend or model: the old one's record says nothing about the new one. */
  forget(): void {
    this.last = undefined;
    this.recentRequests = 0;
    this.recentTimeouts = 0;
  }

  /**
   * The likely cause when completions are slow or time out; undefined when they are fine. With a
   * local server's own figures (`server`), the cause is named from them: prompts read slowly (a
   * large model, the CPU, a long prompt read cold) or answers written slowly.
   */
  hint(latency: LatencyFigures, backendIsOllama: boolean, t: Translate = english, server?: ServerSpeedFacts): string | undefined {
    if (this.recentRequests >= MIN_SAMPLES && this.recentTimeouts / this.recentRequests > 0.5) {
      return t('Most requests time out: the server may be overloaded, or the model is too large for this machine. Try a smaller model or raise deepseekFim.requestTimeoutMs.');
    }
    const median = latency.medianMs;
    if (median !== undefined && latency.samples >= MIN_SAMPLES && median > SLOW_MEDIAN_MS) {
      const seconds = (median / 1000).toFixed(1);
      const reads = server?.promptTokensPerSecond;
      const writes = server?.generationTokensPerSecond;
      if (reads !== undefined && reads < SLOW_PROMPT_TOKENS_PER_SECOND) {
        return t('Completions are slow (median {0} s): the server reads prompts at only {1} tokens/s, so every prompt it has not cached costs seconds (a large model, or the CPU). Try a smaller model, or lower deepseekFim.context.maxChars and deepseekFim.context.otherFilesMaxChars.', seconds, Math.round(reads));
      }
      if (writes !== undefined && writes < SLOW_GENERATION_TOKENS_PER_SECOND) {
        return t('Completions are slow (median {0} s): the server writes only {1} tokens/s (a large model, or the CPU). Try a smaller model.', seconds, Math.round(writes));
      }
      return backendIsOllama
        ? t('Completions are slow (median {0} s): a large model running on the CPU, or a remote Ollama over a slow network? Try deepseek-coder:1.3b-base.', seconds)
        : t('Completions are slow (median {0} s): the network or the API is slow right now.', seconds);
    }
    return undefined;
  }
}
