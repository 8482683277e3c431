// A next edit that only inserts text at the cursor is shown as ghost text, like a completion:
// VS Code's own Tab accepts it (one undo step) and Escape hides it. This provider answers only
// while the next-edit controller holds such an edit for this document and position.
import * as vscode from 'vscode';

export const NEXT_EDIT_INLINE_ACCEPTED_COMMAND = 'deepseekFim.internal.nextEditInlineAccepted';

export class NextEditInline implements vscode.InlineCompletionItemProvider {
  constructor(private readonly insertionAt: (document: vscode.TextDocument, position: vscode.Position) => string | undefined) {}

  provideInlineCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.InlineCompletionItem[] | undefined {
    const text = this.insertionAt(document, position);
    if (text === undefined) return undefined;
    const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    return [new vscode.InlineCompletionItem(text.replace(/\n/g, eol), new vscode.Range(position, position), { title: vscode.l10n.t('Accepted'), command: NEXT_EDIT_INLINE_ACCEPTED_COMMAND })];
  }
}
