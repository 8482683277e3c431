// In-memory DocumentView for engine tests, with a counter of line reads to prove that the
// work per keystroke does not grow with the file.
import type { DocumentView } from '../../src/engine/types';

export interface CountingDocument extends DocumentView {
  readonly lines: string[];
  linesRead: number;
  /** Replace the whole text (keeps the same line ending). */
  setText(text: string): void;
}

export function textDocument(text: string): CountingDocument {
  const eol: '\n' | '\r\n' = text.includes('\r\n') ? '\r\n' : '\n';
  const doc: CountingDocument = {
    lines: text.split(/\r?\n/),
    linesRead: 0,
    eol,
    get lineCount() {
      return this.lines.length;
    },
    lineText(line: number) {
      this.linesRead++;
      return this.lines[line];
    },
    setText(next: string) {
      this.lines.splice(0, this.lines.length, ...next.split(/\r?\n/));
    },
  };
  return doc;
}

/** A document and cursor from text with a `|` marking the cursor. */
export function withCursor(marked: string): { doc: CountingDocument; position: { line: number; character: number } } {
  const at = marked.indexOf('|');
  if (at < 0) throw new Error('no cursor marker');
  const before = marked.slice(0, at);
  const text = before + marked.slice(at + 1);
  const lines = before.split(/\r?\n/);
  return { doc: textDocument(text), position: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}
