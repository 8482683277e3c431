// The edits one answer proposed, shown one at a time: the first at or below the cursor first.
// Accepting one moves the rest by the lines it added or removed; an edit whose lines the
// person changed meanwhile is dropped rather than applied over their work.
import type { LineHunk } from './lineHunks';

export class NextEditSuggestions {
  private pending: LineHunk[];

  constructor(edits: readonly LineHunk[], cursorLine: number) {
    // From the cursor down first, then wrapping to those above: the order a person reads in.
    const below = edits.filter((edit) => edit.start + Math.max(edit.oldLines.length, 1) > cursorLine);
    const above = edits.filter((edit) => !below.includes(edit));
    this.pending = [...below, ...above];
  }

  /** The edit to show now, if any still applies to the document. */
  current(lineText: (line: number) => string | undefined): LineHunk | undefined {
    while (this.pending.length > 0 && !stillApplies(this.pending[0], lineText)) this.pending.shift();
    return this.pending[0];
  }

  /** The shown edit was applied: the others below it move by its change in line count. */
  accepted(): void {
    const done = this.pending.shift();
    if (!done) return;
    const shift = done.newLines.length - done.oldLines.length;
    this.pending = this.pending.map((edit) => (edit.start >= done.start + done.oldLines.length ? { ...edit, start: edit.start + shift } : edit));
  }

  get remaining(): number {
    return this.pending.length;
  }
}

/** The document still holds the lines the edit replaces, where it replaces them. */
export function stillApplies(edit: LineHunk, lineText: (line: number) => string | undefined): boolean {
  return edit.oldLines.every((line, i) => lineText(edit.start + i) === line);
}

/**
 * The text an edit inserts at the cursor, when inserting it there is all the edit does: such an
 * edit is shown as ghost text, the way completions are. Undefined for any other edit.
 */
export function insertionAtCursor(edit: LineHunk, line: number, character: number): string | undefined {
  if (edit.start !== line || edit.oldLines.length !== 1 || edit.newLines.length === 0) return undefined;
  const old = edit.oldLines[0];
  const after = edit.newLines.join('\n');
  const head = old.slice(0, character);
  const tail = old.slice(character);
  if (after.length <= old.length || !after.startsWith(head) || !after.endsWith(tail)) return undefined;
  return after.slice(head.length, after.length - tail.length);
}
