// One next-edit request, editor-free: the window around the cursor and the recent edits go to
// the model in its format; the answer comes back as the edits worth showing. The editor layer
// (src/vscode/nextEdit) and the bench (test/bench/nextEditBench.ts) both go through here.
import type { ChatMessage } from '../refactor/buildRefactorPrompt';
import type { CursorPosition, TokenUsage } from '../types';
import type { RecordedEdit } from './editHistory';
import type { LineHunk } from './lineHunks';
import { proposedEdits, type NextEditAnswer } from './nextEditAnswer';
import type { NextEditFormat } from './nextEditFormats';
import { buildNextEditMessages, editWindowAt, type EditWindow } from './nextEditPrompt';

/** Sends the messages to the next-edit model and returns its whole answer. */
export type NextEditModel = (messages: readonly ChatMessage[], signal: AbortSignal) => Promise<NextEditAnswer & { readonly usage?: TokenUsage }>;

export interface NextEditQuery {
  readonly file: string;
  readonly lineCount: number;
  /** Read for the window's lines only. */
  readonly lineText: (line: number) => string;
  readonly cursor: CursorPosition;
  /** Recorded edits, oldest first. */
  readonly edits: readonly RecordedEdit[];
}

export interface NextEditResult {
  readonly window: EditWindow;
  readonly edits: LineHunk[];
  readonly usage?: TokenUsage;
}

export async function askForNextEdits(format: NextEditFormat, model: NextEditModel, query: NextEditQuery, signal: AbortSignal): Promise<NextEditResult> {
  const window = editWindowAt(query.lineCount, query.lineText, query.cursor.line, query.cursor.character);
  const messages = buildNextEditMessages({ format, file: query.file, edits: query.edits, window });
  const answer = await model(messages, signal);
  return { window, edits: proposedEdits(format, answer, window, query.edits), ...(answer.usage ? { usage: answer.usage } : {}) };
}
