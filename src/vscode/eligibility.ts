// Which documents get completions. Output, log, search-editor and SCM input documents never
// do; excluded files (secrets) never do and their content is never sent; languages can be
// switched off; multi-cursor edits are left alone rather than risk a corrupt edit (VS Code
// would insert the one answer, meant for the first cursor, at every cursor).
//
// Read-only documents: VS Code itself never asks an inline-completion provider in a read-only
// editor (seen in VS Code 1.139 with files.readonlyInclude and with a read-only file system):
// its trigger needs a writable editor, and nobody types there. The check below covers
// read-only file systems, the one case an extension can see.
// Mirroring files.readonlyInclude here would be wrong: VS Code does not tell extensions when
// the user makes such a file writable for the session, and completions would stay blocked.
// test/host/documents.test.ts checks both.
import * as vscode from 'vscode';
import { readEnableMap, readExcludeGlobs } from './config';

/** Schemes of documents a person edits as code. */
const EDITABLE_SCHEMES = new Set(['file', 'untitled', 'vscode-notebook-cell', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);

/** Whether documents of this URI scheme are code a person edits (not output, search or SCM input). */
export function isEditableScheme(scheme: string): boolean {
  return EDITABLE_SCHEMES.has(scheme);
}

export type Ineligible = 'scheme' | 'language' | 'excluded' | 'readonly' | 'multiCursor';

export function isLanguageEnabled(languageId: string, map = readEnableMap()): boolean {
  if (languageId in map) return map[languageId] === true;
  return map['*'] !== false;
}

export function isExcluded(document: vscode.TextDocument, globs = readExcludeGlobs()): boolean {
  if (globs.length === 0) return false;
  if (document.uri.scheme !== 'file' && document.uri.scheme !== 'vscode-remote') return false;
  return globs.some((pattern) => vscode.languages.match({ pattern }, document) > 0);
}

/**
 * Whether a file that is not open (an import, a definition's file) is excluded. VS Code
 * matches document selectors on the URI and language; the language is unknown here, and no
 * exclusion pattern names one.
 */
export function isExcludedUri(uri: vscode.Uri, globs = readExcludeGlobs()): boolean {
  if (globs.length === 0) return false;
  const probe = { uri, languageId: '', fileName: uri.fsPath, isUntitled: false } as unknown as vscode.TextDocument;
  return globs.some((pattern) => vscode.languages.match({ pattern }, probe) > 0);
}

export function whyIneligible(document: vscode.TextDocument): Ineligible | undefined {
  if (!isEditableScheme(document.uri.scheme)) return 'scheme';
  if (!isLanguageEnabled(document.languageId)) return 'language';
  if (isExcluded(document)) return 'excluded';
  if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false) return 'readonly';
  const editor = vscode.window.activeTextEditor;
  if (editor && editor.document === document && editor.selections.length > 1) return 'multiCursor';
  return undefined;
}
