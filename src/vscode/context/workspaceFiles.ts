// Which files the context layer may read, and reading them: inside a workspace folder (its
// real path too, links resolved), not excluded (on either path), not too large, not binary. Every path that leads a file's content into a prompt
// passes through here.
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { ContextFile } from '../../engine/context/repoContext';
import type { SourceFile } from '../../engine/context/contextMaterial';
import { languageIdForPath } from '../../engine/context/languageSyntax';
import { realLocationInWorkspace } from './realLocation';

/** Larger files are not read into context (a generated bundle, a data dump). */
export const MAX_CONTEXT_FILE_BYTES = 256 * 1024;
/** Bytes checked for a NUL, the mark of a binary file. */
const BINARY_SNIFF_BYTES = 8192;

export type ExcludedCheck = (uri: vscode.Uri) => boolean;

/** The document's workspace-relative path and language, or undefined outside every workspace folder. */
export function contextFileOf(document: vscode.TextDocument): ContextFile | undefined {
  const uri = document.uri.scheme === 'vscode-notebook-cell' ? document.uri.with({ scheme: 'file', fragment: '' }) : document.uri;
  if (!vscode.workspace.getWorkspaceFolder(uri)) return undefined;
  return { path: vscode.workspace.asRelativePath(uri, false), languageId: document.languageId };
}

/** The workspace folder's URI for a workspace-relative path of the folder that holds `from`. */
export function uriInFolderOf(from: vscode.Uri, relativePath: string): vscode.Uri | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(from);
  if (!folder) return undefined;
  // asRelativePath prefixes the folder name in a multi-root workspace.
  const prefix = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/` : '';
  const inFolder = relativePath.startsWith(prefix) ? relativePath.slice(prefix.length) : relativePath;
  return vscode.Uri.joinPath(folder.uri, ...inFolder.split('/'));
}

/** An open document's text, or the file's, when it may go into context; undefined otherwise. */
export async function readContextFile(uri: vscode.Uri, isExcluded: ExcludedCheck, languageId?: string): Promise<SourceFile | undefined> {
  if (!vscode.workspace.getWorkspaceFolder(uri) || isExcluded(uri)) return undefined;
  // Through a link, the file may really be outside the workspace, or somewhere excluded.
  const real = await realLocationInWorkspace(uri);
  if (!real || (real.toString() !== uri.toString() && isExcluded(real))) return undefined;
  const path = vscode.workspace.asRelativePath(uri, false);
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
  if (open) {
    const text = sourceText(open);
    return text === undefined ? undefined : { path, languageId: open.languageId, text };
  }
  try {
    const bytes = await readSmallFile(uri);
    if (!bytes) return undefined;
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return undefined;
    const text = new TextDecoder('utf-8').decode(bytes).replace(/\r\n?/g, '\n');
    return { path, languageId: languageId ?? languageIdForPath(path), text };
  } catch {
    return undefined;
  }
}

/**
 * The file's bytes when it is a file of at most MAX_CONTEXT_FILE_BYTES. A `file` URI is read
 * with Node's fs, on the machine the extension host runs on, where the file is: through
 * vscode.workspace.fs a stat and a read each went through the workbench (7 ms each in
 * code-server, so indexing 5,000 files took over 15 s). Other schemes go through VS Code.
 */
async function readSmallFile(uri: vscode.Uri): Promise<Uint8Array | undefined> {
  if (uri.scheme === 'file') {
    const stat = await fs.stat(uri.fsPath);
    return stat.isFile() && stat.size <= MAX_CONTEXT_FILE_BYTES ? fs.readFile(uri.fsPath) : undefined;
  }
  const stat = await vscode.workspace.fs.stat(uri);
  return stat.type === vscode.FileType.File && stat.size <= MAX_CONTEXT_FILE_BYTES ? vscode.workspace.fs.readFile(uri) : undefined;
}

/** An open document's text if small enough and not binary (line endings as `\n`). */
function sourceText(document: vscode.TextDocument): string | undefined {
  // Measured in lines first: getText() of a huge document is a copy we do not want.
  if (document.lineCount > 20_000) return undefined;
  const text = document.getText();
  if (text.length > MAX_CONTEXT_FILE_BYTES || text.slice(0, BINARY_SNIFF_BYTES).includes('\u0000')) return undefined;
  return document.eol === vscode.EndOfLine.CRLF ? text.replace(/\r\n/g, '\n') : text;
}
