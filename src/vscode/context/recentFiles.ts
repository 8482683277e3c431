// The files the person used last (made active or edited), most recent first: the fallback
// source of context where no language server tells where a name is defined.
import * as vscode from 'vscode';

const MAX_TRACKED = 20;

export class RecentFiles implements vscode.Disposable {
  private uris: vscode.Uri[] = [];
  private readonly disposables: vscode.Disposable[];

  constructor() {
    for (const editor of vscode.window.visibleTextEditors) this.touch(editor.document.uri);
    if (vscode.window.activeTextEditor) this.touch(vscode.window.activeTextEditor.document.uri);
    this.disposables = [
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.touch(editor.document.uri)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        // Only the front of the list matters: moving an edited file there is one comparison when it is already first.
        if (event.contentChanges.length > 0 && this.uris[0]?.toString() !== event.document.uri.toString()) this.touch(event.document.uri);
      }),
    ];
  }

  /** Most recent first, without `except` (the current document). */
  list(except: vscode.Uri): vscode.Uri[] {
    const skip = except.toString();
    return this.uris.filter((uri) => uri.toString() !== skip);
  }

  private touch(uri: vscode.Uri): void {
    if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote' && uri.scheme !== 'vscode-vfs') return;
    const key = uri.toString();
    this.uris = [uri, ...this.uris.filter((other) => other.toString() !== key)].slice(0, MAX_TRACKED);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
