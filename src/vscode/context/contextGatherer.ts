// Gathers the raw material of repository-level context for the active editor, off the
// keystroke path: when an editor becomes active, and when typing or cursor moves pause. It
// reads the files the document imports, the recently used files, and the definitions of the
// names near the cursor, then hands them to the engine, which decides what goes in a prompt.
import * as vscode from 'vscode';
import type { ContextMaterial, SourceFile } from '../../engine/context/contextMaterial';
import { importCandidates, parseImports } from '../../engine/context/imports';
import type { RepoContext } from '../../engine/context/repoContext';
import type { Logger } from '../../engine/types';
import { definitionSnippets } from './definitionSnippets';
import { RecentFiles } from './recentFiles';
import { contextFileOf, readContextFile, uriInFolderOf, type ExcludedCheck } from './workspaceFiles';

/** Quiet time after an edit or a cursor move before gathering again. */
const IDLE_MS = 600;
/** Characters of the document's head scanned for imports. */
const IMPORT_SCAN_CHARS = 16_000;
/** Imports followed, and candidate paths tried, per gathering at most. */
const MAX_IMPORTS = 16;
const MAX_CANDIDATES = 64;
/** Recent files read per gathering at most. */
const MAX_RECENT = 16;

export interface GathererDependencies {
  readonly context: RepoContext;
  /** Whether other files may be read for this document now (the layer is on, the workspace may send them). */
  readonly enabledFor: (document: vscode.TextDocument) => boolean;
  readonly isExcluded: ExcludedCheck;
  readonly log: Logger;
}

export class ContextGatherer implements vscode.Disposable {
  private readonly recent = new RecentFiles();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: vscode.CancellationTokenSource | undefined;
  /** The imports last resolved per document, by their import lines: resolving again is wasted stat calls. */
  private readonly importCache = new Map<string, { key: string; files: SourceFile[] }>();

  constructor(private readonly deps: GathererDependencies) {
    this.disposables.push(
      this.recent,
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.schedule(0)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.schedule(IDLE_MS);
      }),
      vscode.window.onDidChangeTextEditorSelection((event) => {
        if (event.textEditor === vscode.window.activeTextEditor) this.schedule(IDLE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.importCache.delete(document.uri.toString())),
    );
    this.schedule(0);
  }

  /** Gathers again after `delayMs` of quiet (each call restarts the wait). */
  schedule(delayMs: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.gather().catch((error: unknown) => this.deps.log.warn(`context: gathering failed: ${String(error)}`));
    }, delayMs);
  }

  /** Gathers for the active editor now; resolves when the material is with the engine. */
  async gather(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const document = editor.document;
    const file = contextFileOf(document);
    if (!file || !this.deps.enabledFor(document)) return;
    this.running?.cancel();
    const source = new vscode.CancellationTokenSource();
    this.running = source;
    const token = source.token;
    const started = Date.now();
    const imports = await this.importedFiles(document);
    if (token.isCancellationRequested) return;
    const recent: SourceFile[] = [];
    for (const uri of this.recent.list(document.uri).slice(0, MAX_RECENT)) {
      const read = await readContextFile(uri, this.deps.isExcluded);
      if (read) recent.push(read);
    }
    if (token.isCancellationRequested) return;
    const definitions = await definitionSnippets(document, editor.selection.active, this.deps.isExcluded, token);
    if (token.isCancellationRequested || vscode.window.activeTextEditor?.document !== document) return;
    const material: ContextMaterial = { definitions, imports, recent };
    this.deps.context.setMaterial(document.uri.toString(), material, file.path);
    this.deps.log.trace(
      `context for ${file.path}: ${definitions.length} definitions, imports [${imports.map((f) => f.path).join(', ')}], ${recent.length} recent files (${Date.now() - started} ms)`,
    );
  }

  private async importedFiles(document: vscode.TextDocument): Promise<SourceFile[]> {
    const file = contextFileOf(document);
    if (!file) return [];
    const headEnd = document.positionAt(IMPORT_SCAN_CHARS);
    const head = document.getText(new vscode.Range(new vscode.Position(0, 0), headEnd));
    const statements = parseImports(document.languageId, head).slice(0, MAX_IMPORTS);
    const key = statements.map((s) => `${s.module}:${s.names.join(',')}`).join(';');
    const cached = this.importCache.get(document.uri.toString());
    if (cached && cached.key === key) return cached.files;
    const files: SourceFile[] = [];
    const seen = new Set<string>();
    let tried = 0;
    for (const statement of statements) {
      for (const candidate of importCandidates(file.path, statement, document.languageId)) {
        if (tried++ >= MAX_CANDIDATES) break;
        if (seen.has(candidate)) continue;
        const uri = uriInFolderOf(document.uri, candidate);
        if (!uri) continue;
        const read = await readContextFile(uri, this.deps.isExcluded);
        if (!read) continue;
        seen.add(read.path);
        files.push(read);
        break;
      }
    }
    this.importCache.set(document.uri.toString(), { key, files });
    return files;
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.running?.cancel();
    for (const d of this.disposables) d.dispose();
  }
}
