// Reads a next-edit model's answer: the rewritten region, from between the format's markers
// (or a code fence, or whole), compared line by line with the region it was shown. What comes
// out is the list of edits worth showing: none when the model changed nothing, only
// whitespace, or would undo what the person just did.
import type { RecordedEdit } from './editHistory';
import { changesMoreThanWhitespace, lineHunks, type LineHunk } from './lineHunks';
import type { NextEditFormat } from './nextEditFormats';
import type { EditWindow } from './nextEditPrompt';

export interface NextEditAnswer {
  readonly text: string;
  /** 'length': the answer was cut off, and a cut region would read as deleted lines. */
  readonly finishReason: 'stop' | 'length' | 'other';
}

/** The region the model wrote, as lines; undefined when the answer holds none. */
export function answerRegion(format: NextEditFormat, text: string): string[] | undefined {
  let body = text.replace(/\r\n/g, '\n');
  const opened = format.regionStart ? body.indexOf(format.regionStart) : -1;
  if (opened >= 0) body = body.slice(opened + format.regionStart.length);
  const closed = format.regionEnd ? body.indexOf(format.regionEnd) : -1;
  if (closed >= 0) body = body.slice(0, closed);
  else if (opened < 0) body = unfenced(body);
  if (format.cursor) body = body.split(format.cursor).join('');
  // The markers stand on lines of their own: the line breaks next to them are not the region's.
  body = body.replace(/^\n/, '').replace(/\n$/, '');
  return body.trim() === '' && opened < 0 ? undefined : body.split('\n');
}

/**
 * The edits the answer proposes, in document lines, top to bottom. Empty when the answer was
 * cut off, holds no region, or proposes nothing but whitespace or the undoing of a recent edit.
 */
export function proposedEdits(format: NextEditFormat, answer: NextEditAnswer, window: EditWindow, recent: readonly RecordedEdit[]): LineHunk[] {
  if (answer.finishReason === 'length') return [];
  const region = answerRegion(format, answer.text);
  if (!region) return [];
  return lineHunks(window.start, window.lines, region).filter((hunk) => changesMoreThanWhitespace(hunk) && !undoesRecentEdit(hunk, recent));
}

/** The model would put back what a recent edit replaced, at the same place. */
function undoesRecentEdit(hunk: LineHunk, recent: readonly RecordedEdit[]): boolean {
  return recent.some(({ hunk: done }) => done.start === hunk.start && sameLines(done.newLines, hunk.oldLines) && sameLines(done.oldLines, hunk.newLines));
}

function sameLines(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** The inside of the first fenced block, when the text has one (chat models often fence their code). */
function unfenced(text: string): string {
  const match = /```[^\n]*\n([\s\S]*?)\n?```/.exec(text);
  return match ? match[1] : text;
}
