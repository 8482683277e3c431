// Shows one proposed edit the VS Code way: the lines it replaces marked as removed, the new
// text after them as an insertion, and a hint at the cursor saying what Tab does. A context key
// gives Tab and Escape to the next edit only while one is shown.
import * as vscode from 'vscode';
import type { LineHunk } from '../../engine/nextEdit/lineHunks';
import { ContextKeys } from '../contextKeys';
import { NEXT_EDIT_SHOWN_KEY } from './nextEditSettings';

/** Longest shown piece of a new line: a decoration cannot wrap. */
const MAX_SHOWN_CHARS = 120;

export class NextEditView implements vscode.Disposable {
  private readonly removed = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
    isWholeLine: true,
  });
  private readonly inserted = vscode.window.createTextEditorDecorationType({
    after: { backgroundColor: new vscode.ThemeColor('diffEditor.insertedTextBackground'), margin: '0 0 0 1em' },
  });
  private readonly hint = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorGhostText.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
  });
  private readonly keys = new ContextKeys();
  private shownIn: vscode.TextEditor | undefined;

  show(editor: vscode.TextEditor, edit: LineHunk): void {
    this.clearDecorations();
    this.shownIn = editor;
    const document = editor.document;
    const removed: vscode.Range[] = edit.oldLines.map((_, i) => document.lineAt(edit.start + i).range);
    // The new text stands after the last replaced line, or after the line above an insertion.
    const anchorLine = edit.oldLines.length > 0 ? edit.start + edit.oldLines.length - 1 : Math.max(0, edit.start - 1);
    const anchor = document.lineAt(Math.min(anchorLine, document.lineCount - 1)).range.end;
    const inserted: vscode.DecorationOptions = {
      range: new vscode.Range(anchor, anchor),
      renderOptions: { after: { contentText: shownText(edit) } },
    };
    editor.setDecorations(this.removed, removed);
    editor.setDecorations(this.inserted, [inserted]);
    this.showHint(editor, edit);
    this.keys.set(NEXT_EDIT_SHOWN_KEY, true);
  }

  /** Whether the cursor is on the edit's lines (Tab then accepts rather than jumps). */
  static cursorAt(editor: vscode.TextEditor, edit: LineHunk): boolean {
    const line = editor.selection.active.line;
    return line >= edit.start && line < edit.start + Math.max(1, edit.oldLines.length);
  }

  /** The hint follows the cursor: "Tab to go to line N" away from the edit, "Tab to accept" on it. */
  showHint(editor: vscode.TextEditor, edit: LineHunk): void {
    const cursor = editor.selection.active;
    const end = editor.document.lineAt(cursor.line).range.end;
    const text = NextEditView.cursorAt(editor, edit)
      ? vscode.l10n.t('Tab: accept the edit · Esc: dismiss')
      : vscode.l10n.t('Tab: go to the next edit (line {0}) · Esc: dismiss', edit.start + 1);
    editor.setDecorations(this.hint, [{ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } }]);
  }

  hide(): void {
    this.clearDecorations();
    this.shownIn = undefined;
    this.keys.set(NEXT_EDIT_SHOWN_KEY, false);
  }

  private clearDecorations(): void {
    const editor = this.shownIn;
    if (!editor) return;
    for (const type of [this.removed, this.inserted, this.hint]) editor.setDecorations(type, []);
  }

  dispose(): void {
    this.hide();
    this.removed.dispose();
    this.inserted.dispose();
    this.hint.dispose();
  }
}

/** The new lines on one line: a line break shown as ⏎, long text cut with an ellipsis. */
function shownText(edit: LineHunk): string {
  const text = edit.newLines.length === 0 ? vscode.l10n.t('(delete these lines)') : edit.newLines.map((line) => line.trim()).join(' ⏎ ');
  return text.length > MAX_SHOWN_CHARS ? `${text.slice(0, MAX_SHOWN_CHARS - 1)}…` : ` ${text} `;
}
