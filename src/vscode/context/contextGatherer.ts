// Gathers the raw material of repository-level context for the active editor, off the
// keystroke path: when an editor becomes active, and when typing or cursor moves pause. It
// reads the files the document imports, the recently used files, and the definitions of the
// names near the cursor, then hands them to the engine, which decides what goes in a prompt.
import * as vscode from 'vscode';
import type { ContextMaterial, DefinitionSnippet, SourceFile } from '../../engine/context/contextMaterial';
import { IMPORT_SCAN, importCandidates, importSections, parseImports } from '../../engine/context/imports';
import { identifiersNearCursor, type RepoContext } from '../../engine/context/repoContext';
import type { Logger } from '../../engine/types';
import { definitionSnippets } from './definitionSnippets';
import { RecentEditsTracker } from './recentEditsTracker';
import { RecentFiles } from './recentFiles';
import { WorkspaceIndexer } from './workspaceIndexer';
import { contextFileOf, readContextFile, uriInFolderOf, type ExcludedCheck } from './workspaceFiles';

/** How often gathering runs and how much one gathering reads. */
const GATHERING = {
  /** Quiet time after an edit or a cursor move before gathering again. */
  idleMs: 600,
  /** Imports followed per file, candidate paths tried, and imported files read, at most. */
  maxImports: 16,
  maxCandidates: 96,
  maxImportedFiles: 8,
  /** Recent files read at most. */
  maxRecent: 16,
  /** Files read on the workspace index's word at most. */
  maxRelated: 4,
} as const;

export interface GathererDependencies {
  readonly context: RepoContext;
  /** Whether other files may be read for this document now (the layer is on, the workspace may send them). */
  readonly enabledFor: (document: vscode.TextDocument) => boolean;
  readonly isExcluded: ExcludedCheck;
  readonly log: Logger;
}

export class ContextGatherer implements vscode.Disposable {
  private readonly recent = new RecentFiles();
  private readonly edits = new RecentEditsTracker();
  private readonly indexer: WorkspaceIndexer;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private soon: ReturnType<typeof setTimeout> | undefined;
  private lastDefinitions: { key: string; snippets: DefinitionSnippet[] } | undefined;
  private running: vscode.CancellationTokenSource | undefined;
  /** The imports last resolved per document, by their import lines: resolving again is wasted stat calls. */
  private readonly importCache = new Map<string, { key: string; files: { imports: SourceFile[]; transitive: SourceFile[] } }>();

  constructor(private readonly deps: GathererDependencies) {
    this.indexer = new WorkspaceIndexer({
      enabled: () => {
        const document = vscode.window.activeTextEditor?.document;
        return document !== undefined && this.deps.enabledFor(document);
      },
      isExcluded: deps.isExcluded,
      log: deps.log,
      // The index is in: what the code near the cursor uses can now be found in files nobody
      // opened. Not at once: a gathering under way (a file just opened) is not cut short for it.
      onUpdated: () => this.schedule(GATHERING.idleMs),
    });
    this.disposables.push(
      this.indexer,
      this.recent,
      this.edits,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (!editor) return;
        // Said at once, before the gathering starts: a request that comes first waits for it.
        if (contextFileOf(editor.document) && this.deps.enabledFor(editor.document)) this.deps.context.expectMaterial(editor.document.uri.toString());
        this.gatherSoon();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.schedule(GATHERING.idleMs);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.schedule(GATHERING.idleMs);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.importCache.delete(document.uri.toString())),
    );
    this.gatherSoon();
  }

  /** Gathers again after `delayMs` of quiet (each call restarts the wait). */
  schedule(delayMs: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.gatherNow();
    }, delayMs);
  }

  /**
   * Gathers for a newly active editor at once: its first completion should already have its
   * context. Typing and cursor moves that follow do not hold it back (they restart only the
   * quiet-time wait).
   */
  private gatherSoon(): void {
    if (this.soon !== undefined) clearTimeout(this.soon);
    this.soon = setTimeout(() => {
      this.soon = undefined;
      this.gatherNow();
    }, 0);
  }

  private gatherNow(): void {
    void this.gather().catch((error: unknown) => this.deps.log.warn(`context: gathering failed: ${String(error)}`));
  }

  /** Gathers for the active editor now; resolves when the material is with the engine. */
  async gather(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const document = editor.document;
    const file = contextFileOf(document);
    if (!file || !this.deps.enabledFor(document)) return;
    this.deps.context.expectMaterial(document.uri.toString());
    this.indexer.ensureBuilt();
    this.running?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    const token = source.token;
    const started = Date.now();
    const { imports, transitive } = await this.importedFiles(document);
    if (token.isCancellationRequested) return;
    const related = await this.relatedFiles(editor, file.path, [...imports, ...transitive]);
    if (token.isCancellationRequested || vscode.window.activeTextEditor?.document !== document) return;
    const key = document.uri.toString();
    // A file just opened: its first request is waiting for this (at most 150 ms), and recent
    // files and a language server may take longer than that. Hand over the most telling part now.
    if (!this.deps.context.hasMaterial(key)) this.deps.context.setMaterial(key, { definitions: [], imports, transitive, related, recent: [] }, file.path);
    const recent: SourceFile[] = [];
    for (const uri of this.recent.list(document.uri).slice(0, GATHERING.maxRecent)) {
      const read = await readContextFile(uri, this.deps.isExcluded);
      if (read) recent.push(read);
    }
    if (token.isCancellationRequested) return;
    const edits = await this.edits.editedLines(document.uri, this.deps.isExcluded);
    if (token.isCancellationRequested || vscode.window.activeTextEditor?.document !== document) return;
    // The language server is asked once per document version and cursor line.
    const definitionsKey = `${key}@${document.version}:${editor.selection.active.line}`;
    const definitions =
      this.lastDefinitions?.key === definitionsKey ? this.lastDefinitions.snippets : await definitionSnippets(document, editor.selection.active, this.deps.isExcluded, token);
    if (!token.isCancellationRequested) this.lastDefinitions = { key: definitionsKey, snippets: definitions };
    if (token.isCancellationRequested || vscode.window.activeTextEditor?.document !== document) return;
    const material: ContextMaterial = { definitions, imports, transitive, related, recent, edits };
    this.deps.context.setMaterial(key, material, file.path);
    this.deps.log.trace(
      `context for ${file.path}: ${definitions.length} definitions, imports [${imports.map((f) => f.path).join(', ')}], their imports [${transitive.map((f) => f.path).join(', ')}], indexed [${related.map((f) => f.path).join(', ')}], ${edits.length} recent edits, ${recent.length} recent files (${Date.now() - started} ms)`,
    );
  }

  /** The files the document imports, and the files those import (one hop further), cached by the import lines. */
  private async importedFiles(document: vscode.TextDocument): Promise<{ imports: SourceFile[]; transitive: SourceFile[] }> {
    const file = contextFileOf(document);
    if (!file) return { imports: [], transitive: [] };
    const head = importLines(document);
    const key = parseImports(document.languageId, head)
      .map((s) => `${s.module}:${s.names.join(',')}`)
      .join(';');
    const cached = this.importCache.get(document.uri.toString());
    if (cached && cached.key === key) return cached.files;
    const budget = { candidates: GATHERING.maxCandidates };
    const imports = await this.resolveImports(document.uri, { path: file.path, languageId: document.languageId, text: head }, budget);
    const transitive: SourceFile[] = [];
    const known = new Set([file.path, ...imports.map((f) => f.path)]);
    for (const imported of imports) {
      for (const next of await this.resolveImports(document.uri, imported, budget)) {
        if (known.size >= GATHERING.maxImportedFiles + 1) break;
        if (known.has(next.path)) continue;
        known.add(next.path);
        transitive.push(next);
      }
    }
    const files = { imports, transitive };
    this.importCache.set(document.uri.toString(), { key, files });
    return files;
  }

  /** The files the workspace index says define the names used near the cursor (not those already gathered as imports). */
  private async relatedFiles(editor: vscode.TextEditor, currentPath: string, known: readonly SourceFile[]): Promise<SourceFile[]> {
    const document = editor.document;
    const view = { lineCount: document.lineCount, lineText: (line: number) => document.lineAt(line).text };
    const near = identifiersNearCursor(view, editor.selection.active);
    const files: SourceFile[] = [];
    for (const entry of this.indexer.index.relatedFiles(near, currentPath, document.languageId, GATHERING.maxRelated + known.length)) {
      if (files.length >= GATHERING.maxRelated) break;
      if (known.some((file) => file.path === entry.path)) continue;
      const uri = this.indexer.uriOf(entry.path);
      const read = uri ? await readContextFile(uri, this.deps.isExcluded) : undefined;
      if (read) files.push(read);
    }
    return files;
  }

  /** The workspace files `from` imports that exist and may be read, trying each import's candidate paths in order. */
  private async resolveImports(folderOf: vscode.Uri, from: SourceFile, budget: { candidates: number }): Promise<SourceFile[]> {
    const files: SourceFile[] = [];
    const seen = new Set<string>();
    for (const statement of parseImports(from.languageId, importSections(from.text)).slice(0, GATHERING.maxImports)) {
      for (const candidate of importCandidates(from.path, statement, from.languageId)) {
        if (budget.candidates-- <= 0) return files;
        if (seen.has(candidate)) break;
        const uri = uriInFolderOf(folderOf, candidate);
        if (!uri) continue;
        const read = await readContextFile(uri, this.deps.isExcluded);
        if (!read) continue;
        seen.add(read.path);
        files.push(read);
        break;
      }
    }
    return files;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.soon !== undefined) clearTimeout(this.soon);
    this.running?.cancel();
    for (const d of this.disposables) d.dispose();
  }
}

/** The document's head and, when long, its tail (see importSections), without copying the rest. */
function importLines(document: vscode.TextDocument): string {
  const end = document.lineAt(document.lineCount - 1).range.end;
  const length = document.offsetAt(end);
  if (length <= IMPORT_SCAN.headChars + IMPORT_SCAN.tailChars) return document.getText();
  const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(IMPORT_SCAN.headChars)));
  const tailStart = new vscode.Position(document.positionAt(length - IMPORT_SCAN.tailChars).line + 1, 0);
  return `${head}\n${document.getText(new vscode.Range(tailStart, end))}`;
}
