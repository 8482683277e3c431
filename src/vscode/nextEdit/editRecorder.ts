// Records the person's edits into the edit history. Per keystroke only two line numbers move
// (DirtyLines); when typing pauses, the changed lines are read once and compared with the
// document as it was at the last pause, and the hunk is kept. The copy of "as it was" is taken
// when an editor becomes active and kept up to date at each pause, in memory only, for the
// documents recordable now (never an excluded file).
import * as vscode from 'vscode';
import { DirtyLines } from '../../engine/nextEdit/dirtyLines';
import type { EditHistory } from '../../engine/nextEdit/editHistory';
import { trimmedHunk } from '../../engine/nextEdit/lineHunks';

export interface EditRecorderDeps {
  readonly history: EditHistory;
  /** Whether edits of this document may be recorded (next edits on, file sendable). */
  readonly recordable: (document: vscode.TextDocument) => boolean;
  readonly fileLabel: (document: vscode.TextDocument) => string;
  readonly pauseMs: () => number;
  /** Typing paused after edits of this document (its hunk, if any, is in the history now). */
  readonly onPause: (document: vscode.TextDocument) => void;
}

/** More lines than this changed at once (a paste, a format, a checkout): not a hint, and not worth the copy. */
const MAX_BLOCK_LINES = 200;

export class EditRecorder implements vscode.Disposable {
  private readonly before = new Map<string, string[]>();
  private readonly dirty = new Map<string, DirtyLines>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly deps: EditRecorderDeps) {
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.remember(editor.document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.onChange(event)),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document)),
    ];
    const active = vscode.window.activeTextEditor;
    if (active) this.remember(active.document);
  }

  /** Keeps the document's text as it is now, as the base its next edits are compared with. */
  remember(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.before.has(key)) return;
    if (!this.deps.recordable(document)) return;
    this.before.set(key, document.getText().split(/\r?\n/));
  }

  forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    this.before.delete(key);
    this.dirty.delete(key);
    this.deps.history.forgetFile(this.deps.fileLabel(document));
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    if (event.contentChanges.length === 0) return;
    const key = event.document.uri.toString();
    if (!this.before.has(key)) return;
    let dirty = this.dirty.get(key);
    if (!dirty) this.dirty.set(key, (dirty = new DirtyLines()));
    // Bottom first: each change's lines then still mean what they meant before the event.
    const changes = [...event.contentChanges].sort((a, b) => b.range.start.line - a.range.start.line);
    for (const change of changes) {
      dirty.note({ startLine: change.range.start.line, endLine: change.range.end.line, insertedLineBreaks: countLineBreaks(change.text) });
    }
    if (this.timer) clearTimeout(this.timer);
    const document = event.document;
    this.timer = setTimeout(() => this.settle(document), this.deps.pauseMs());
  }

  /** Reads the changed lines once, keeps the hunk, and brings the base up to date. */
  settle(document: vscode.TextDocument): void {
    this.timer = undefined;
    const key = document.uri.toString();
    const base = this.before.get(key);
    const block = this.dirty.get(key)?.take();
    if (!base || !block || document.isClosed) return;
    if (!this.deps.recordable(document)) {
      this.forget(document);
      return;
    }
    if (block.newEnd - block.start > MAX_BLOCK_LINES || block.oldEnd - block.start > MAX_BLOCK_LINES || block.newEnd >= document.lineCount) {
      // Too big to be a hint, or out of step with the document: start again from what is there now.
      this.before.set(key, document.getText().split(/\r?\n/));
      this.deps.onPause(document);
      return;
    }
    const newLines: string[] = [];
    for (let line = block.start; line <= block.newEnd; line++) newLines.push(document.lineAt(line).text);
    const oldLines = base.slice(block.start, block.oldEnd + 1);
    base.splice(block.start, block.oldEnd - block.start + 1, ...newLines);
    const hunk = trimmedHunk(block.start, oldLines, newLines);
    if (hunk) this.deps.history.add(this.deps.fileLabel(document), hunk, Date.now());
    this.deps.onPause(document);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
