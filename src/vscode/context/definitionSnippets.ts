// Definitions of the names around the cursor that live in other files, from the language
// services VS Code already runs (the definition provider of each language's extension). Asked
// on idle with a small time budget, never on the keystroke path; a slow or absent language
// server only means fewer snippets.
import * as vscode from 'vscode';
import type { DefinitionSnippet } from '../../engine/context/contextMaterial';
import { definitionLines } from '../../engine/context/definitionText';
import { readContextFile, type ExcludedCheck } from './workspaceFiles';

/** Names looked up per gathering at most, nearest the cursor first. */
const MAX_NAMES = 8;
/** The whole lookup's time budget: the language server may be busy or starting. */
const LOOKUP_BUDGET_MS = 400;
/** Lines above the cursor whose names are looked up. */
const LINES_ABOVE = 3;

const NAME = /[A-Za-z_$][\w$]*/g;

/** Positions of distinct names on the cursor line and the few above it, nearest first. */
export function namesNearCursor(document: vscode.TextDocument, position: vscode.Position): vscode.Position[] {
  const seen = new Set<string>();
  const out: vscode.Position[] = [];
  for (let line = position.line; line >= Math.max(0, position.line - LINES_ABOVE) && out.length < MAX_NAMES; line--) {
    const text = document.lineAt(line).text.slice(0, 2000);
    const matches = [...text.matchAll(NAME)].reverse();
    for (const match of matches) {
      const name = match[0];
      if (name.length < 2 || seen.has(name)) continue;
      seen.add(name);
      out.push(new vscode.Position(line, (match.index ?? 0) + 1));
      if (out.length >= MAX_NAMES) break;
    }
  }
  return out;
}

export async function definitionSnippets(
  document: vscode.TextDocument,
  position: vscode.Position,
  isExcluded: ExcludedCheck,
  token: vscode.CancellationToken,
): Promise<DefinitionSnippet[]> {
  const deadline = Date.now() + LOOKUP_BUDGET_MS;
  const snippets: DefinitionSnippet[] = [];
  const seen = new Set<string>();
  for (const at of namesNearCursor(document, position)) {
    const left = deadline - Date.now();
    if (left <= 0 || token.isCancellationRequested) break;
    const locations = await withTimeout(
      Promise.resolve(vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, at)),
      left,
    );
    for (const location of locations ?? []) {
      const uri = 'targetUri' in location ? location.targetUri : location.uri;
      const range = 'targetUri' in location ? location.targetRange : location.range;
      if (uri.toString() === document.uri.toString()) continue;
      const key = `${uri.toString()}:${range.start.line}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const file = await readContextFile(uri, isExcluded);
      if (!file) continue;
      const text = definitionLines(file.text, range.start.line);
      if (text === '') continue;
      snippets.push({ path: file.path, languageId: file.languageId, text, line: range.start.line, name: document.getText(document.getWordRangeAtPosition(at)) });
    }
  }
  return snippets;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}
