// The first request for a file just opened waits a moment for its other-files block. The
// editor layer starts gathering as the editor becomes active, but reading imports and asking
// the workspace index takes some milliseconds, and the first keystroke's request would
// otherwise go out with no other file at all (and set the prompt cache's prefix without them).
// The wait is bounded: a slow disk costs at most FIRST_MATERIAL_WAIT_MS once per file. A local
// server makes the wait worth more: a first prompt without the block fills its KV cache with a
// prefix the next prompt (with the block) does not share, so the whole prompt is read twice.
import { sleep } from '../abortableSleep';

/** How long the first request of a file waits for its material at most. */
export const FIRST_MATERIAL_WAIT_MS = 300;

export class FirstMaterialWait {
  private readonly pending = new Map<string, { readonly arrived: Promise<void>; readonly resolve: () => void }>();

  /** The editor layer is gathering for an editor that has no material yet. */
  expect(editorKey: string): void {
    if (this.pending.has(editorKey)) return;
    let resolve: () => void = () => undefined;
    const arrived = new Promise<void>((done) => (resolve = done));
    this.pending.set(editorKey, { arrived, resolve });
  }

  /** The material arrived (or the editor is gone): whoever waits goes on. */
  settle(editorKey: string): void {
    this.pending.get(editorKey)?.resolve();
    this.pending.delete(editorKey);
  }

  isPending(editorKey: string): boolean {
    return this.pending.has(editorKey);
  }

  /**
   * Resolves when the editor's material is in (true), after `maxMs` or when `signal` aborts
   * (false); only the first wait is bounded by the timer, later requests do not wait again.
   */
  async wait(editorKey: string, signal: AbortSignal, maxMs = FIRST_MATERIAL_WAIT_MS): Promise<boolean> {
    const entry = this.pending.get(editorKey);
    if (!entry) return true;
    let arrived = false;
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([entry.arrived.then(() => (arrived = true)), sleep(maxMs, stop.signal)]);
    } finally {
      stop.abort();
      signal.removeEventListener('abort', onAbort);
      // Waited once: a gatherer that never delivers must not hold every keystroke.
      if (this.pending.get(editorKey) === entry) this.pending.delete(editorKey);
    }
    return arrived;
  }

  clear(): void {
    for (const key of [...this.pending.keys()]) this.settle(key);
  }
}
