// The person's recent edits, per file, as small line hunks: what the next-edit model is told
// they just did. In memory only, bounded in count, size and age; an edit that continues the
// last one (typing on in the same lines) is merged into it rather than added.
import type { LineHunk } from './lineHunks';

export interface RecordedEdit {
  /** Workspace-relative path (or the document's name), for the prompt. */
  readonly file: string;
  readonly hunk: LineHunk;
  /** Date.now()-style time of the last change merged in. */
  readonly at: number;
}

export interface EditHistoryLimits {
  readonly maxEdits: number;
  /** Older edits are dropped. */
  readonly maxAgeMs: number;
  /** A hunk with more lines than this on either side is too big to be a hint: not kept. */
  readonly maxHunkLines: number;
  /** A change this soon after the last one, in its lines, is merged into it. */
  readonly mergeWithinMs: number;
}

export const DEFAULT_EDIT_HISTORY_LIMITS: EditHistoryLimits = { maxEdits: 8, maxAgeMs: 5 * 60_000, maxHunkLines: 40, mergeWithinMs: 30_000 };

export class EditHistory {
  private edits: RecordedEdit[] = [];

  constructor(private readonly limits: EditHistoryLimits = DEFAULT_EDIT_HISTORY_LIMITS) {}

  add(file: string, hunk: LineHunk, now: number): void {
    if (hunk.oldLines.length > this.limits.maxHunkLines || hunk.newLines.length > this.limits.maxHunkLines) return;
    const last = this.edits[this.edits.length - 1];
    const merged = last && last.file === file && now - last.at <= this.limits.mergeWithinMs ? mergeHunks(last.hunk, hunk) : undefined;
    if (merged === null) this.edits.pop();
    else if (merged) this.edits[this.edits.length - 1] = { file, hunk: merged, at: now };
    if (merged === undefined) this.edits.push({ file, hunk, at: now });
    this.prune(now);
  }

  /** The edits still fresh, oldest first. */
  recent(now: number): readonly RecordedEdit[] {
    this.prune(now);
    return this.edits;
  }

  /** A file became excluded or was closed: nothing of it stays. */
  forgetFile(file: string): void {
    this.edits = this.edits.filter((edit) => edit.file !== file);
  }

  clear(): void {
    this.edits = [];
  }

  private prune(now: number): void {
    this.edits = this.edits.filter((edit) => now - edit.at <= this.limits.maxAgeMs).slice(-this.limits.maxEdits);
  }
}

/**
 * `next` merged into `last` when it changes only lines `last` produced (typing on in one place):
 * the merged hunk, null when the two cancel out, undefined when `next` is elsewhere.
 */
export function mergeHunks(last: LineHunk, next: LineHunk): LineHunk | null | undefined {
  const offset = next.start - last.start;
  if (offset < 0 || offset + next.oldLines.length > last.newLines.length) return undefined;
  // A pure insertion right after the hunk also continues it (Enter at the end of a changed line).
  if (next.oldLines.length === 0 && offset > last.newLines.length) return undefined;
  const newLines = [...last.newLines.slice(0, offset), ...next.newLines, ...last.newLines.slice(offset + next.oldLines.length)];
  if (newLines.length === last.oldLines.length && newLines.every((line, i) => line === last.oldLines[i])) return null;
  return { start: last.start, oldLines: last.oldLines, newLines };
}
