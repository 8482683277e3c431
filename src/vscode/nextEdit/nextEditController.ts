// Next-edit suggestions in the editor: after a pause that follows an edit, asks the model for
// the next edit around the cursor (same send rules as completions), shows the first one, and
// answers Tab (go there, then accept as one undo step) and Escape (dismiss). The other edits of
// the same answer follow one by one without asking again.
import * as vscode from 'vscode';
import { isAbortError } from '../../engine/errors';
import { EditHistory } from '../../engine/nextEdit/editHistory';
import type { LineHunk } from '../../engine/nextEdit/lineHunks';
import { nextEditFormatFor } from '../../engine/nextEdit/nextEditFormats';
import { askForNextEdits } from '../../engine/nextEdit/nextEditRequest';
import { NextEditSuggestions, insertionAtCursor } from '../../engine/nextEdit/nextEditSuggestions';
import type { Logger, TokenUsage } from '../../engine/types';
import type { Controller } from '../controller';
import { EditRecorder } from './editRecorder';
import { nextEditModel } from './nextEditModel';
import { nextEditSupported, readNextEditSettings, type NextEditSettings } from './nextEditSettings';
import { NextEditView } from './nextEditView';

export interface NextEditDeps {
  readonly controller: Controller;
  readonly log: Logger;
  /** DeepSeek's token usage of next-edit requests, counted apart from completion's. */
  readonly onDeepSeekUsage?: (usage: TokenUsage) => void;
}

export class NextEditController implements vscode.Disposable {
  private readonly history = new EditHistory();
  private readonly view = new NextEditView();
  private readonly recorder: EditRecorder;
  private suggestions: { editor: vscode.TextEditor; list: NextEditSuggestions } | undefined;
  private inFlight: AbortController | undefined;
  /** Our own accept is an edit too: it must not dismiss the edits still to come. */
  private applying = false;
  /** The edit shown as ghost text at the cursor (VS Code's Tab accepts it), with what it inserts. */
  private inline: { edit: LineHunk; text: string } | undefined;
  private readonly loggedFailures = new Set<string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: NextEditDeps) {
    this.recorder = new EditRecorder({
      history: this.history,
      recordable: (document) => this.mayUse(document, readNextEditSettings()),
      fileLabel: (document) => vscode.workspace.asRelativePath(document.uri, false),
      pauseMs: () => readNextEditSettings().pauseMs,
      onPause: (document) => void this.onPause(document),
    });
    this.subscriptions = [
      this.recorder,
      this.view,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length === 0 || this.applying) return;
        // VS Code inserting our ghost text is the accept: move on at once, so that a quick
        // second Tab already finds the next edit (the item's command comes later, and then finds nothing to do).
        if (this.isInlineAccept(event)) return this.inlineAccepted();
        if (event.document === this.suggestions?.editor.document) this.dismiss();
        // Typing on makes an answer still on its way stale.
        this.inFlight?.abort();
      }),
      vscode.window.onDidChangeActiveTextEditor(() => this.dismiss()),
      // Turned on (or a file no longer excluded): the active file's edits count from now on.
      vscode.workspace.onDidChangeConfiguration((event) => {
        const editor = vscode.window.activeTextEditor;
        if (event.affectsConfiguration('deepseekFim') && editor) this.recorder.remember(editor.document);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => this.onSelection(event)),
    ];
  }

  /** Same rules as completions: the backend, the key, snooze, trust, exclusion and scheme. */
  private mayUse(document: vscode.TextDocument, settings: NextEditSettings): boolean {
    if (!settings.enabled || !nextEditSupported(settings.backend)) return false;
    if (settings.useDeepSeek && !this.deps.controller.keys.current) return false;
    if (this.deps.controller.snoozedUntil()) return false;
    // A failure that stops completions until the user acts (an empty balance, a rejected key) stops next edits too.
    if (this.deps.controller.engine.blockingError()) return false;
    return this.deps.controller.sendPolicy.whyUnsendable(document, settings.useDeepSeek) === undefined;
  }

  private async onPause(document: vscode.TextDocument): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document !== document || editor.selections.length > 1) return;
    if (this.suggestions && this.suggestions.list.remaining > 0) return;
    const settings = readNextEditSettings();
    if (!this.mayUse(document, settings)) return;
    const file = vscode.workspace.asRelativePath(document.uri, false);
    const edits = this.history.recent(Date.now()).filter((edit) => edit.file === file);
    if (edits.length === 0) return;
    this.inFlight?.abort();
    const abort = (this.inFlight = new AbortController());
    const version = document.version;
    const cursor = editor.selection.active;
    try {
      const result = await askForNextEdits(
        nextEditFormatFor(settings.model),
        nextEditModel(settings, this.deps.controller.keys.current, this.deps.log),
        { file, lineCount: document.lineCount, lineText: (line) => document.lineAt(line).text, cursor, edits },
        abort.signal,
      );
      if (settings.useDeepSeek && result.usage) this.deps.onDeepSeekUsage?.(result.usage);
      this.deps.log.debug(`next edit: ${result.edits.length} edit(s) proposed for ${file}`);
      // The person typed on, or left: what the model saw is not what is there.
      if (abort.signal.aborted || document.version !== version || vscode.window.activeTextEditor !== editor) return;
      if (result.edits.length === 0) return;
      this.suggestions = { editor, list: new NextEditSuggestions(result.edits, cursor.line) };
      this.showCurrent();
    } catch (error) {
      if (abort.signal.aborted || isAbortError(error)) return;
      this.logFailureOnce(error);
    } finally {
      if (this.inFlight === abort) this.inFlight = undefined;
    }
  }

  /** Tab: to the edit when the cursor is elsewhere, else accept it (one undo step). */
  async tab(): Promise<void> {
    const shown = this.currentEdit();
    if (!shown) return this.dismiss();
    const { editor, edit } = shown;
    if (!NextEditView.cursorAt(editor, edit)) {
      const target = new vscode.Position(edit.start, firstChangedCharacter(edit));
      editor.selection = new vscode.Selection(target, target);
      editor.revealRange(new vscode.Range(target, target), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      // At the edit now: an insertion there becomes ghost text, anything else keeps its diff.
      this.showCurrent();
      return;
    }
    await this.accept(editor, edit);
  }

  private async accept(editor: vscode.TextEditor, edit: LineHunk): Promise<void> {
    const document = editor.document;
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const start = new vscode.Position(edit.start, 0);
    const endLine = edit.start + edit.oldLines.length;
    const atEnd = endLine >= document.lineCount;
    const end = atEnd ? document.lineAt(document.lineCount - 1).range.end : new vscode.Position(endLine, 0);
    let text = edit.newLines.map((line) => line + eol).join('');
    if (atEnd && edit.oldLines.length > 0) text = text.slice(0, Math.max(0, text.length - eol.length));
    this.applying = true;
    try {
      const applied = await editor.edit((builder) => builder.replace(new vscode.Range(start, end), text), { undoStopBefore: true, undoStopAfter: true });
      if (!applied) return this.dismiss();
    } finally {
      this.applying = false;
    }
    this.suggestions?.list.accepted();
    const last = edit.start + Math.max(0, edit.newLines.length - 1);
    const cursor = document.lineAt(Math.min(last, document.lineCount - 1)).range.end;
    editor.selection = new vscode.Selection(cursor, cursor);
    this.showCurrent();
  }

  dismiss(): void {
    this.suggestions = undefined;
    this.inline = undefined;
    this.view.hide();
  }

  /** For the ghost-text provider: what the edit held for this place inserts, if it is shown as ghost text. */
  insertionAt(document: vscode.TextDocument, position: vscode.Position): string | undefined {
    const inline = this.inline;
    if (!inline || this.suggestions?.editor.document !== document) return undefined;
    return inline.edit.start === position.line ? insertionAtCursor(inline.edit, position.line, position.character) : undefined;
  }

  /** VS Code inserted the ghost text: the next edit of the answer follows. */
  inlineAccepted(): void {
    if (!this.inline) return;
    this.inline = undefined;
    this.suggestions?.list.accepted();
    this.showCurrent();
  }

  /**
   * The change is VS Code putting our ghost text in: the edit's lines now read as it proposed.
   * Judged by the result, not the change's shape (VS Code may replace more than the insertion).
   */
  private isInlineAccept(event: vscode.TextDocumentChangeEvent): boolean {
    const inline = this.inline;
    if (!inline || event.document !== this.suggestions?.editor.document) return false;
    const { start, newLines } = inline.edit;
    if (start + newLines.length > event.document.lineCount) return false;
    return newLines.every((line, i) => event.document.lineAt(start + i).text === line);
  }

  private currentEdit(): { editor: vscode.TextEditor; edit: LineHunk } | undefined {
    const shown = this.suggestions;
    if (!shown || shown.editor.document.isClosed) return undefined;
    const document = shown.editor.document;
    const edit = shown.list.current((line) => (line < document.lineCount ? document.lineAt(line).text : undefined));
    return edit ? { editor: shown.editor, edit } : undefined;
  }

  private showCurrent(): void {
    const shown = this.currentEdit();
    if (!shown) return this.dismiss();
    const cursor = shown.editor.selection.active;
    const text = shown.editor.selection.isEmpty ? insertionAtCursor(shown.edit, cursor.line, cursor.character) : undefined;
    if (text === undefined) {
      this.inline = undefined;
      this.view.show(shown.editor, shown.edit);
      return;
    }
    // At the cursor and only an insertion: ghost text, which VS Code shows when asked.
    this.inline = { edit: shown.edit, text };
    this.view.hide();
    void vscode.commands.executeCommand('editor.action.inlineSuggest.trigger');
  }

  private onSelection(event: vscode.TextEditorSelectionChangeEvent): void {
    // Ghost text follows VS Code's own rules; the hint follows the cursor.
    if (this.inline) return;
    const shown = this.currentEdit();
    if (shown && event.textEditor === shown.editor) this.view.showHint(shown.editor, shown.edit);
  }

  private logFailureOnce(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (this.loggedFailures.has(message)) return;
    this.loggedFailures.add(message);
    this.deps.log.warn(`next edit: the request failed: ${message}`);
  }

  dispose(): void {
    this.inFlight?.abort();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** Where the edit's first line starts to differ: the cursor lands on the change itself. */
function firstChangedCharacter(edit: LineHunk): number {
  const before = edit.oldLines[0];
  const after = edit.newLines[0];
  if (before === undefined || after === undefined) return 0;
  let i = 0;
  while (i < before.length && i < after.length && before[i] === after[i]) i++;
  return i;
}
