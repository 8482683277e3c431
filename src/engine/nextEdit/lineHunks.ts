// A hunk is a run of whole lines replaced by others: the unit of the edit history and of the
// edits a model proposes. Diffs are by lines, trimmed of the lines both sides share.

export interface LineHunk {
  /** First line of the hunk (0-based), in the document as it was before the hunk. */
  readonly start: number;
  readonly oldLines: readonly string[];
  readonly newLines: readonly string[];
}

/** The one hunk that turns `oldLines` into `newLines` (both starting at line `start`), or undefined when equal. */
export function trimmedHunk(start: number, oldLines: readonly string[], newLines: readonly string[]): LineHunk | undefined {
  let head = 0;
  while (head < oldLines.length && head < newLines.length && oldLines[head] === newLines[head]) head++;
  let tail = 0;
  while (tail < oldLines.length - head && tail < newLines.length - head && oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]) tail++;
  if (head === oldLines.length && head === newLines.length) return undefined;
  return { start: start + head, oldLines: oldLines.slice(head, oldLines.length - tail), newLines: newLines.slice(head, newLines.length - tail) };
}

/**
 * The separate hunks that turn `oldLines` into `newLines`, top to bottom, by a longest common
 * subsequence of lines (windows are tens of lines, so the quadratic table is small).
 * Line numbers are those of `oldLines`, offset by `start`.
 */
export function lineHunks(start: number, oldLines: readonly string[], newLines: readonly string[]): LineHunk[] {
  const n = oldLines.length;
  const m = newLines.length;
  const table: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i][j] = oldLines[i] === newLines[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const hunks: LineHunk[] = [];
  let i = 0;
  let j = 0;
  let open: { start: number; oldLines: string[]; newLines: string[] } | undefined;
  const close = () => {
    if (open) hunks.push(open);
    open = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && oldLines[i] === newLines[j]) {
      close();
      i++;
      j++;
    } else {
      open ??= { start: start + i, oldLines: [], newLines: [] };
      if (j < m && (i >= n || table[i][j + 1] >= table[i + 1][j])) open.newLines.push(newLines[j++]);
      else open.oldLines.push(oldLines[i++]);
    }
  }
  close();
  return hunks;
}

/** Whether a hunk changes more than whitespace. */
export function changesMoreThanWhitespace(hunk: LineHunk): boolean {
  const squeeze = (lines: readonly string[]) => lines.join('\n').replace(/\s+/g, '');
  return squeeze(hunk.oldLines) !== squeeze(hunk.newLines);
}

/**
 * Keystrokes a person spends to make the hunk by hand: per changed line, the characters typed
 * between the parts the line keeps, plus two for selecting and deleting a run (a double-click
 * or Shift+Ctrl+Arrow, then Delete). Lines added or removed count as typed or as two keys.
 */
export function hunkKeystrokes(hunk: LineHunk): number {
  const paired = Math.min(hunk.oldLines.length, hunk.newLines.length);
  let keys = 0;
  for (let i = 0; i < paired; i++) keys += lineKeystrokes(hunk.oldLines[i], hunk.newLines[i]);
  for (let i = paired; i < hunk.newLines.length; i++) keys += hunk.newLines[i].length + 1;
  if (hunk.oldLines.length > paired) keys += 2;
  return keys;
}

function lineKeystrokes(before: string, after: string): number {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const deleted = before.length - head - tail;
  const typed = after.length - head - tail;
  return typed + (deleted > 0 ? 2 : 0);
}
