// Tells the engine when the editor is idle at a place, so that a local server can read the
// prompt for it before the next keystroke (engine/cacheWarmer.ts decides whether that is worth a
// request): a file just opened or brought to the front, the cursor moved elsewhere. Typing
// restarts the wait, so nothing is sent while the person types.
import * as vscode from 'vscode';
import type { CompletionEngine } from '../engine/completionEngine';
import { contextFileOf } from './context/workspaceFiles';
import { documentView } from './documentView';

/** How long the editor must be still before its prompt is warmed. */
const IDLE_MS = 500;

export class CacheWarmUp implements vscode.Disposable {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly engine: CompletionEngine,
    /** Completions may be requested for this document now, ahead of a keystroke (not blocked, not manual mode). */
    private readonly mayRequestAhead: (document: vscode.TextDocument) => boolean,
  ) {
    // Only the active editor counts: other documents (output channels, virtual files) change on their own.
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.soon()),
      vscode.window.onDidChangeTextEditorSelection((event) => event.textEditor === vscode.window.activeTextEditor && this.soon()),
      vscode.workspace.onDidChangeTextDocument((event) => event.document === vscode.window.activeTextEditor?.document && this.soon()),
    ];
    this.soon();
  }

  private soon(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.warm(), IDLE_MS);
  }

  private warm(): void {
    this.timer = undefined;
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.selections.length !== 1 || !this.mayRequestAhead(editor.document)) return;
    const document = editor.document;
    const position = editor.selection.active;
    this.engine.warmServerCache({
      editorKey: document.uri.toString(),
      document: documentView(document),
      position: { line: position.line, character: position.character },
      explicit: false,
      file: contextFileOf(document),
    });
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
