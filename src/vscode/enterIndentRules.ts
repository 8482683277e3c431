// How the editor showing a document indents the line an Enter opens: its indentation unit
// (spaces or a tab, from the editor's own options, which follow the file when VS Code detects
// its indentation) and the language, for the engine's prediction of the document after Enter.
import * as vscode from 'vscode';
import type { EnterIndentRules } from '../engine/predictedDocument';

export function enterIndentRules(document: vscode.TextDocument): EnterIndentRules {
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
  const options = editor?.options;
  if (!options) return { languageId: document.languageId };
  // Resolved options are numbers and booleans; the string forms ("auto", "tabSize") are only for setting them.
  const size = typeof options.indentSize === 'number' ? options.indentSize : typeof options.tabSize === 'number' ? options.tabSize : 4;
  const indentUnit = options.insertSpaces === false ? '\t' : ' '.repeat(size);
  return { indentUnit, languageId: document.languageId };
}
