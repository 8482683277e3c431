// Each open editor's request in flight (at most one: a new request supersedes the editor's
// previous one) and a count of its keystrokes, so that of several keystrokes that waited
// together (on a silent request, a back-off) only the newest sends a request.
import type { PendingRequest } from './pendingRequest';

export interface EditorState {
  current: PendingRequest | undefined;
  /** Counts the editor's keystrokes: only the newest waiting one may start a request. */
  latestCall: number;
}

export class EditorRequests {
  private readonly editors = new Map<string, EditorState>();

  /** The editor's state, created at its first keystroke. */
  stateOf(editorKey: string): EditorState {
    let state = this.editors.get(editorKey);
    if (!state) {
      state = { current: undefined, latestCall: 0 };
      this.editors.set(editorKey, state);
    }
    return state;
  }

  /** The request ended: it is no longer its editor's request in flight. */
  noteEnded(request: PendingRequest, editorKey: string): void {
    const state = this.editors.get(editorKey);
    if (state?.current === request) state.current = undefined;
  }

  abortAll(): void {
    for (const state of this.editors.values()) state.current?.abort();
  }

  /** The editor closed: abort its request and forget it. */
  close(editorKey: string): void {
    this.editors.get(editorKey)?.current?.abort();
    this.editors.delete(editorKey);
  }

  /** Forgets every editor (their requests should have been aborted first). */
  clear(): void {
    this.editors.clear();
  }

  get openCount(): number {
    return this.editors.size;
  }
}
