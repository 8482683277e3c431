// Why completions feel bad, said in the status bar's tooltip instead of silence: most recent
// requests time out, or the median answer is slow. Counts request outcomes itself; the
// latencies' median comes from the engine, which keeps them.
import type { BackendErrorKind } from '../../engine/errors';
import { english, type Translate } from '../../engine/translate';

/** Outcomes remembered for the time-out share: enough to see a trend, few enough to recover from it. */
const RECENT_LIMIT = 20;
/** Below this many requests (or latency samples) there is no trend to speak of. */
const MIN_SAMPLES = 4;
const SLOW_MEDIAN_MS = 2000;

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

  /** The likely cause when completions are slow or time out; undefined when they are fine. */
  hint(latency: LatencyFigures, backendIsOllama: boolean, t: Translate = english): string | undefined {
    if (this.recentRequests >= MIN_SAMPLES && this.recentTimeouts / this.recentRequests > 0.5) {
      return t('Most requests time out: the server may be overloaded, or the model is too large for this machine. Try a smaller model or raise deepseekFim.requestTimeoutMs.');
    }
    const median = latency.medianMs;
    if (median !== undefined && latency.samples >= MIN_SAMPLES && median > SLOW_MEDIAN_MS) {
      const seconds = (median / 1000).toFixed(1);
      return backendIsOllama
        ? t('Completions are slow (median {0} s): a large model running on the CPU, or a remote Ollama over a slow network? Try deepseek-coder:1.3b-base.', seconds)
        : t('Completions are slow (median {0} s): the network or the API is slow right now.', seconds);
    }
    return undefined;
  }
}
