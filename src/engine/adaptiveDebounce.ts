// How long to wait after a keystroke before sending a request.
//
// A fixed 250-350 ms debounce (the field's default) plus the model's latency rarely fits
// between keystrokes, so nothing is ever shown. Instead: no wait at the natural pauses (after
// a space, a newline, punctuation, or an accept), where the person is about to look; mid-word,
// wait about one and a half of the person's usual gaps between keystrokes, so a request goes
// out only when they actually pause. Clamped by the settings.
import { RollingWindow } from './rollingStats';

export interface DebounceLimits {
  readonly minMs: number;
  readonly maxMs: number;
}

/** Gaps longer than this are pauses, not typing rhythm. */
const MAX_RHYTHM_GAP_MS = 1500;

export class AdaptiveDebounce {
  private readonly gaps = new RollingWindow(32);
  private lastKeystrokeAt: number | undefined;
  private acceptedAt: number | undefined;

  noteKeystroke(now: number): void {
    if (this.lastKeystrokeAt !== undefined) {
      const gap = now - this.lastKeystrokeAt;
      if (gap > 0 && gap < MAX_RHYTHM_GAP_MS) this.gaps.push(gap);
    }
    this.lastKeystrokeAt = now;
  }

  noteAccepted(now: number): void {
    this.acceptedAt = now;
  }

  /** Did the user accept a completion less than `ms` before `now`? */
  acceptedWithin(now: number, ms: number): boolean {
    return this.acceptedAt !== undefined && now - this.acceptedAt < ms;
  }

  /** The median recent gap between keystrokes, if known. */
  typingGapMs(): number | undefined {
    return this.gaps.median();
  }

  delayMs(linePrefix: string, now: number, limits: DebounceLimits): number {
    const clamp = (ms: number) => Math.round(Math.min(limits.maxMs, Math.max(limits.minMs, ms)));
    if (this.acceptedAt !== undefined && now - this.acceptedAt < 1000) return clamp(0);
    if (atWordBoundary(linePrefix)) return clamp(0);
    const gap = this.gaps.median();
    if (gap === undefined) return clamp(limits.maxMs / 2);
    return clamp(gap * 1.5);
  }
}

/** True after whitespace or punctuation, or at the start of a line. */
export function atWordBoundary(linePrefix: string): boolean {
  if (linePrefix.length === 0) return true;
  const last = linePrefix.charCodeAt(linePrefix.length - 1);
  // Letters, digits, `_` and `$` continue a word; everything else ends one.
  const isWordChar =
    (last >= 48 && last <= 57) || (last >= 65 && last <= 90) || (last >= 97 && last <= 122) || last === 95 || last === 36 || last > 127;
  return !isWordChar;
}
