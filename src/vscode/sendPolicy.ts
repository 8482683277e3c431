// Whether a document's code may be sent to a model: one policy for completions, the refactor
// command and the commands that switch languages. Output, log, search-editor and SCM input
// documents never are; excluded files (secrets, on any scheme: see engine/exclusion.ts) never
// are; languages can be switched off; a hosted backend gets no code from an untrusted
// workspace (Restricted Mode) unless the user allowed it; multi-cursor edits are left alone
// rather than risk a corrupt edit (VS Code would insert the one answer, meant for the first
// cursor, at every cursor). The rules themselves are in model/sendRules.ts.
//
// Read-only documents: VS Code itself never asks an inline-completion provider in a read-only
// editor (seen in VS Code 1.139 with files.readonlyInclude and with a read-only file system):
// its trigger needs a writable editor, and nobody types there. The check below covers
// read-only file systems, the one case an extension can see.
// Mirroring files.readonlyInclude here would be wrong: VS Code does not tell extensions when
// the user makes such a file writable for the session, and completions would stay blocked.
// test/host/documents.test.ts checks both.
import * as vscode from 'vscode';
import { readExcludeGlobs } from './config';
import { exclusionPaths, isExcludedPath, platformIgnoresCase } from '../engine/exclusion';
import type { SettingsSnapshot } from './liveSettings';
import { isEditableScheme, isLanguageEnabled, isRestricted, mayShareOtherFiles, whyIneligibleByFacts, type Ineligible } from './model/sendRules';

export { isEditableScheme, type Ineligible } from './model/sendRules';

export class SendPolicy {
  constructor(private readonly settings: () => Pick<SettingsSnapshot, 'enableMap' | 'allowHostedInUntrusted'>) {}

  languageEnabled(languageId: string): boolean {
    return isLanguageEnabled(languageId, this.settings().enableMap);
  }

  /** Restricted Mode keeps this backend's requests back: it sends code away and the workspace is not trusted. */
  restricts(sendsCodeAway: boolean): boolean {
    return isRestricted({ sendsCodeAway, workspaceTrusted: vscode.workspace.isTrusted, allowHostedInUntrusted: this.settings().allowHostedInUntrusted });
  }

  /** Other files' content may go with a request to this backend. */
  sharesOtherFiles(sendsCodeAway: boolean): boolean {
    return mayShareOtherFiles({ sendsCodeAway, workspaceTrusted: vscode.workspace.isTrusted });
  }

  /**
   * Why no code of this document may go to the backend at all, whatever asks (the refactor
   * command checks this; completions also check languages, read-only files and cursors).
   */
  whyUnsendable(document: vscode.TextDocument, sendsCodeAway: boolean): 'scheme' | 'excluded' | 'restricted' | undefined {
    if (!isEditableScheme(document.uri.scheme)) return 'scheme';
    if (isExcluded(document)) return 'excluded';
    if (this.restricts(sendsCodeAway)) return 'restricted';
    return undefined;
  }

  /** Why completions must not be requested for the document, or undefined when they may. */
  whyIneligible(document: vscode.TextDocument): Ineligible | undefined {
    return whyIneligibleByFacts({
      scheme: document.uri.scheme,
      languageEnabled: this.languageEnabled(document.languageId),
      excluded: () => isExcluded(document),
      readonlyFileSystem: () => vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false,
      multiCursor: () => {
        const editor = vscode.window.activeTextEditor;
        return editor !== undefined && editor.document === document && editor.selections.length > 1;
      },
    });
  }
}

/** The URI whose path decides exclusion: a notebook cell's notebook, else the document's own. */
function exclusionUri(document: vscode.TextDocument): vscode.Uri {
  if (document.uri.scheme !== 'vscode-notebook-cell') return document.uri;
  const notebook = vscode.workspace.notebookDocuments.find((candidate) => candidate.getCells().some((cell) => cell.document === document));
  // A cell's URI carries its notebook's path; the notebook's own URI is the authority when known.
  return notebook?.uri ?? document.uri;
}

/** Whether the document matches deepseekFim.exclude (with the built-in secret files), whatever its scheme. */
export function isExcluded(document: vscode.TextDocument, globs = readExcludeGlobs(document.uri)): boolean {
  return isExcludedUri(exclusionUri(document), globs);
}

/**
 * Whether a URI (an open document's, or a file that is not open: an import, a definition's
 * file) is excluded, by its path whatever its scheme.
 */
export function isExcludedUri(uri: vscode.Uri, globs = readExcludeGlobs(uri)): boolean {
  const options = { caseInsensitive: platformIgnoresCase(process.platform) };
  return exclusionPaths(uri).some((path) => isExcludedPath(path, globs, options));
}
