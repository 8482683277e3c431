// Where the person changed other files in the last minutes: the line ranges of their edits,
// kept in the document's current line numbers (a later edit above shifts them), merged when
// they touch, newest first. What the person just changed elsewhere is what the code being
// typed most likely uses (a function just added, a parameter just renamed), so its lines go
// into the block before older material. The editor layer turns the ranges into text.

/** An edited range of one document, in its current lines (`endLine` inclusive). */
export interface EditedRange {
  readonly key: string;
  readonly startLine: number;
  readonly endLine: number;
  /** When it was last changed. */
  readonly at: number;
}

/** Edits older than this are no longer "what the person just did". */
export const RECENT_EDIT_MAX_AGE_MS = 10 * 60_000;
/** Ranges kept at most (the oldest dropped first). */
const MAX_RANGES = 32;
/** Ranges this close (in lines) are one hunk. */
const MERGE_GAP = 3;

export class RecentEditLog {
  private ranges: EditedRange[] = [];

  /**
   * An edit of `key` replaced lines `startLine..oldEndLine` with `newLineCount` lines. Ranges
   * below it move by the difference; one it touches grows to take it in.
   */
  noteEdit(key: string, startLine: number, oldEndLine: number, newLineCount: number, now: number): void {
    const delta = newLineCount - (oldEndLine - startLine + 1);
    const endLine = startLine + Math.max(0, newLineCount - 1);
    let merged: EditedRange = { key, startLine, endLine, at: now };
    const kept: EditedRange[] = [];
    for (const range of this.ranges) {
      if (range.key !== key) {
        kept.push(range);
        continue;
      }
      // Lines of the range after the edit move with it; lines inside the edit are the edit's.
      const shifted = range.startLine > oldEndLine ? { ...range, startLine: range.startLine + delta, endLine: range.endLine + delta } : range.endLine > oldEndLine ? { ...range, endLine: range.endLine + delta } : range;
      if (shifted.endLine + MERGE_GAP >= merged.startLine && shifted.startLine - MERGE_GAP <= merged.endLine) {
        merged = { key, startLine: Math.min(shifted.startLine, merged.startLine), endLine: Math.max(shifted.endLine, merged.endLine), at: now };
      } else {
        kept.push(shifted);
      }
    }
    this.ranges = [merged, ...kept].slice(0, MAX_RANGES);
  }

  /** The document is gone (closed, deleted): its ranges mean nothing any more. */
  forget(key: string): void {
    this.ranges = this.ranges.filter((range) => range.key !== key);
  }

  /** Ranges of other documents than `exceptKey`, changed within `maxAgeMs`, newest first. */
  recent(exceptKey: string, now: number, maxAgeMs = RECENT_EDIT_MAX_AGE_MS): EditedRange[] {
    return this.ranges.filter((range) => range.key !== exceptKey && now - range.at <= maxAgeMs).sort((a, b) => b.at - a.at);
  }
}
