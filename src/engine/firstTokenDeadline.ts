// How long to wait for a server's first token, learnt from the server itself. A fixed timeout
// (the setting, 20 s by default) lets one silent request hold the line for all that time while
// the person types on; a server that usually starts answering in 300 ms is clearly not going to
// answer after a few times that. So the deadline follows the recent first-token times (a few
// times their 90th percentile, with a floor for a server that is briefly slower), and a request
// with no first token past twice that p90 counts as silent: a keystroke that has moved on from
// it asks afresh instead of waiting.
import { RollingWindow } from './rollingStats';

/** Recent first tokens taken into account. */
const SAMPLES = 20;
/** Fewer samples than this: too little is known, the setting alone decides. */
const MIN_SAMPLES = 5;
/** The deadline is this many times the recent p90... */
const DEADLINE_MULTIPLIER = 3;
/** ...and never shorter than this (a cold cache, a longer prompt). */
export const DEADLINE_FLOOR_MS = 1500;
/** A request with no first token after twice the p90, and at least this long, is silent. */
const SILENT_MULTIPLIER = 2;
export const SILENT_FLOOR_MS = 500;

export class FirstTokenDeadline {
  private readonly recent = new RollingWindow(SAMPLES);

  /** A first token arrived this long after the request started. */
  record(firstTokenMs: number): void {
    if (Number.isFinite(firstTokenMs) && firstTokenMs >= 0) this.recent.push(firstTokenMs);
  }

  /** A new backend or model: what the old one did says nothing. */
  clear(): void {
    this.recent.clear();
  }

  private p90(): number | undefined {
    return this.recent.count >= MIN_SAMPLES ? this.recent.quantile(0.9) : undefined;
  }

  /**
   * How long the next request may wait for its first token: never longer than the setting.
   * `promptMs`: what the server should need for the prompt tokens its cache lacks (a cold
   * prompt on a laptop: seconds), on top of its habit (first tokens are recorded without it).
   */
  deadlineMs(settingMs: number, promptMs = 0): number {
    const p90 = this.p90();
    if (p90 === undefined) return settingMs;
    return Math.min(settingMs, Math.max(DEADLINE_FLOOR_MS, Math.ceil(DEADLINE_MULTIPLIER * p90)) + DEADLINE_MULTIPLIER * promptMs);
  }

  /** Whether a request still without a first token after elapsedMs is silent beyond this server's habit and its expected prompt time. */
  isSilent(elapsedMs: number, promptMs = 0): boolean {
    const p90 = this.p90();
    return p90 !== undefined && elapsedMs > Math.max(SILENT_FLOOR_MS, SILENT_MULTIPLIER * p90) + SILENT_MULTIPLIER * promptMs;
  }
}
