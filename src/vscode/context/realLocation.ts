// Where a file really is: a folder inside the workspace may be a symbolic link to a folder
// outside it (a checkout of another project, a home directory), and the README promises that
// only files inside the workspace folders are read for context. So a file is read only when
// its real path, links resolved, is inside the real path of a workspace folder.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Real paths of the workspace folders, resolved once each (a folder's own link is followed once). */
const folderRoots = new Map<string, Promise<string | undefined>>();

function realRoot(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  const key = folder.uri.fsPath;
  let root = folderRoots.get(key);
  if (!root) {
    root = fs.realpath(key).catch(() => undefined);
    folderRoots.set(key, root);
  }
  return root;
}

/**
 * The file's real location when it is inside a workspace folder (as a `file` URI), else
 * undefined. Files of other schemes (a virtual workspace) have no links to follow and are
 * given back as they are.
 */
export async function realLocationInWorkspace(uri: vscode.Uri): Promise<vscode.Uri | undefined> {
  if (uri.scheme !== 'file') return uri;
  let real: string;
  try {
    real = await fs.realpath(uri.fsPath);
  } catch {
    return undefined;
  }
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const root = await realRoot(folder);
    if (root !== undefined && (real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep))) return vscode.Uri.file(real);
  }
  return undefined;
}
