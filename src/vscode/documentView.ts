// Adapts a VS Code TextDocument to the engine's line-by-line view. lineAt() returns the
// extension host's own line string (no copy of the document), so this stays O(1) per line.
import * as vscode from 'vscode';
import type { DocumentView } from '../engine/types';

export function documentView(document: vscode.TextDocument): DocumentView {
  return {
    lineCount: document.lineCount,
    lineText: (line) => document.lineAt(line).text,
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  };
}

/** The engine speaks `\n`; a CRLF document gets its own line endings back. */
export function toDocumentEol(text: string, eol: '\n' | '\r\n'): string {
  return eol === '\n' ? text : text.replace(/\r?\n/g, '\r\n');
}
