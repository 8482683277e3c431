// Notes where the person edits files of the workspace (src/engine/context/recentEdits.ts keeps
// the ranges) and, when the gatherer asks, gives the edited lines of the other files with a
// few lines around them, newest first. The text is read only through readContextFile (the
// workspace, real-path, exclusion, size and binary rules), on idle.
import * as vscode from 'vscode';
import type { EditedLines } from '../../engine/context/contextMaterial';
import { RecentEditLog } from '../../engine/context/recentEdits';
import { readContextFile, type ExcludedCheck } from './workspaceFiles';

/** Hunks given at most, lines of context around each, and lines per hunk at most. */
const HUNKS = { max: 6, around: 2, maxLines: 40 } as const;

export class RecentEditsTracker implements vscode.Disposable {
  private readonly log = new RecentEditLog();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(event.document.uri)) return;
        const key = event.document.uri.toString();
        const now = Date.now();
        for (const change of event.contentChanges) {
          this.log.noteEdit(key, change.range.start.line, change.range.end.line, change.text.split('\n').length, now);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.log.forget(document.uri.toString())),
    ];
  }

  /** The lines recently edited in other documents than `current`, each with a little around it, newest first. */
  async editedLines(current: vscode.Uri, isExcluded: ExcludedCheck): Promise<EditedLines[]> {
    const out: EditedLines[] = [];
    const read = new Map<string, Awaited<ReturnType<typeof readContextFile>>>();
    for (const range of this.log.recent(current.toString(), Date.now())) {
      if (out.length >= HUNKS.max) break;
      if (!read.has(range.key)) read.set(range.key, await readContextFile(vscode.Uri.parse(range.key), isExcluded));
      const file = read.get(range.key);
      if (!file) continue;
      const lines = file.text.split('\n');
      const start = Math.max(0, range.startLine - HUNKS.around);
      const end = Math.min(lines.length - 1, range.endLine + HUNKS.around, start + HUNKS.maxLines - 1);
      const text = lines.slice(start, end + 1).join('\n');
      if (text.trim() !== '') out.push({ path: file.path, languageId: file.languageId, text, line: start });
    }
    return out;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
