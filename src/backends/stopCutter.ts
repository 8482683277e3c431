// Cuts a streamed completion at the first stop sequence, for servers that send the stop text
// itself (TGI ends a completion *with* the stop sequence it matched): the user must never see
// a FIM token or the newline that ended a one-line completion.

export class StopCutter {
  private held = '';
  private done = false;
  private readonly longest: number;

  constructor(private readonly stops: readonly string[]) {
    this.longest = Math.max(0, ...stops.map((s) => s.length));
  }

  /** True once a stop sequence was seen: nothing more is to be shown. */
  get stopped(): boolean {
    return this.done;
  }

  /** The part of `text` that is safe to show now; a possible start of a stop is held back. */
  push(text: string): string {
    if (this.done) return '';
    const buffer = this.held + text;
    let cut = -1;
    for (const stop of this.stops) {
      if (!stop) continue;
      const at = buffer.indexOf(stop);
      if (at >= 0 && (cut < 0 || at < cut)) cut = at;
    }
    if (cut >= 0) {
      this.done = true;
      this.held = '';
      return buffer.slice(0, cut);
    }
    // Hold back the longest tail that is the beginning of some stop.
    let keep = 0;
    for (let length = Math.min(this.longest - 1, buffer.length); length > 0; length--) {
      const tail = buffer.slice(buffer.length - length);
      if (this.stops.some((stop) => stop.startsWith(tail))) {
        keep = length;
        break;
      }
    }
    this.held = buffer.slice(buffer.length - keep);
    return buffer.slice(0, buffer.length - keep);
  }

  /** What was held back when the stream ended without a stop. */
  flush(): string {
    const rest = this.done ? '' : this.held;
    this.held = '';
    return rest;
  }
}
