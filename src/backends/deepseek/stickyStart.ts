// Keeps a DeepSeek FIM prompt starting where the previous one started, so that DeepSeek's prompt
// cache (whole 64-token units of a prefix it has seen) keeps hitting when the engine's window
// moves down the file. The engine starts its window on a line grid and moves it by one grid step
// as the cursor moves down; each move changes the prompt's first byte, and the whole prompt is
// billed at the cache-miss price. Here the lines the window just dropped are put back from the
// previous prompt (they lie above the window, ahead of the text that matched), until the prompt
// is twice the engine's: then the window's own start is taken, and one full miss pays for many
// moves. Cache hits cost a fiftieth of misses, so the longer prompt costs less than the misses.
//
// The lines put back are the previous prompt's: they are sent only when the new window's start
// is found, whole lines, inside the previous prompt (so the text in between agrees); a prompt
// with a different repository block, or a window that moved up or elsewhere, starts afresh.
import type { CompletionRequest } from '../../engine/types';

/** Characters of the new window's start that must match inside the previous prompt. */
const ANCHOR_CHARS = 512;
/** The window with the lines put back may grow to this many times the engine's window. */
const GROWTH = 2;

export class StickyStart {
  private last: { readonly block: string; readonly current: string } | undefined;

  /** The prefix to send for `request` (its repository block kept first and unchanged). */
  prefixFor(request: CompletionRequest): string {
    const offset = Math.min(request.context?.prefixOffset ?? 0, request.prefix.length);
    const block = request.prefix.slice(0, offset);
    const window = request.prefix.slice(offset);
    const current = block === this.last?.block ? withEarlierStart(this.last.current, window) : window;
    this.last = { block, current };
    return block + current;
  }

  /** Forget the previous prompt (another document, a reset). */
  reset(): void {
    this.last = undefined;
  }
}

/** `window` preceded by the lines of `previous` above the place where `window` starts, when that place is found. */
export function withEarlierStart(previous: string, window: string): string {
  if (window.length < ANCHOR_CHARS || previous.length < ANCHOR_CHARS) return window;
  const at = previous.indexOf(window.slice(0, ANCHOR_CHARS));
  if (at <= 0 || previous[at - 1] !== '\n') return window;
  // The matched text must be the same all the way to the previous prompt's end but for its last
  // line (the one being typed): otherwise the file changed in between.
  const overlap = previous.slice(at);
  const settled = overlap.slice(0, Math.max(0, overlap.lastIndexOf('\n')));
  if (!window.startsWith(settled)) return window;
  const head = previous.slice(0, at);
  return head.length + window.length <= GROWTH * window.length ? head + window : window;
}
