// The next-edit prompt: the recorded edits as diffs, then the editable window around the cursor,
// in the format of the model in use (nextEditFormats.ts). The fixed text comes first and the
// window last, so a server's prompt cache (DeepSeek's, llama.cpp's) reuses the start.
import type { ChatMessage } from '../refactor/buildRefactorPrompt';
import type { RecordedEdit } from './editHistory';
import type { NextEditFormat } from './nextEditFormats';

/** The editable region: whole lines [start, end) of the document, and the cursor in it. */
export interface EditWindow {
  readonly start: number;
  readonly lines: readonly string[];
  /** The cursor, relative to the window's first line. */
  readonly cursorLine: number;
  readonly cursorCharacter: number;
}

export interface NextEditPromptInput {
  readonly format: NextEditFormat;
  readonly file: string;
  readonly edits: readonly RecordedEdit[];
  readonly window: EditWindow;
}

/** Lines above and below the cursor that the model may rewrite. */
export const WINDOW_LINES_ABOVE = 10;
export const WINDOW_LINES_BELOW = 30;

/** The window around the cursor, from a line reader (only the window's lines are read). */
export function editWindowAt(lineCount: number, lineText: (line: number) => string, cursorLine: number, cursorCharacter: number): EditWindow {
  const start = Math.max(0, cursorLine - WINDOW_LINES_ABOVE);
  const end = Math.min(lineCount, cursorLine + WINDOW_LINES_BELOW + 1);
  const lines: string[] = [];
  for (let line = start; line < end; line++) lines.push(lineText(line));
  return { start, lines, cursorLine: cursorLine - start, cursorCharacter };
}

export function buildNextEditMessages(input: NextEditPromptInput): ChatMessage[] {
  const { format, window } = input;
  const edits = input.edits.length > 0 ? input.edits.map((edit) => fill(format.editTemplate, { file: edit.file, diff: format.diffStyle === 'unified' ? unifiedDiff(edit) : originalUpdated(edit) })).join('\n\n') : format.noEdits;
  const region = window.lines.map((line, i) => (i === window.cursorLine && format.cursor ? line.slice(0, window.cursorCharacter) + format.cursor + line.slice(window.cursorCharacter) : line)).join('\n');
  const user = fill(format.template, { edits, file: input.file, region });
  return [...(format.system ? [{ role: 'system' as const, content: format.system }] : []), { role: 'user', content: user }];
}

/** One recorded edit as unified-diff lines (1-based line numbers, as diff tools print them). */
export function unifiedDiff(edit: RecordedEdit): string {
  const { start, oldLines, newLines } = edit.hunk;
  return [`@@ -${start + 1},${oldLines.length} +${start + 1},${newLines.length} @@`, ...oldLines.map((l) => `-${l}`), ...newLines.map((l) => `+${l}`)].join('\n');
}

/** One recorded edit as the lines before and after it, in two labelled blocks. */
export function originalUpdated(edit: RecordedEdit): string {
  return ['original:', ...edit.hunk.oldLines, 'updated:', ...edit.hunk.newLines].join('\n');
}

/** Fills {name} placeholders in one pass, so text that itself holds "{file}" is never filled again. */
function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
