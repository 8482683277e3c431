// Fills the workspace definition index (src/engine/context/definitionIndex.ts) in the
// background: once the layer may read other files, it lists the workspace's Python and
// JavaScript/TypeScript files, reads them a few at a time with pauses between batches (so the
// extension host stays responsive), and keeps names and line numbers only, in memory. Saves,
// creations and deletions update it file by file. Bounded by files and bytes; every file goes
// through readContextFile (workspace, real path, exclusion, size and binary rules).
import * as vscode from 'vscode';
import { DefinitionIndex } from '../../engine/context/definitionIndex';
import type { Logger } from '../../engine/types';
import type { SourceFile } from '../../engine/context/contextMaterial';
import { readContextFile, type ExcludedCheck } from './workspaceFiles';

export const INDEXING = {
  /** Files the index lists and reads at most, and the text it reads at most in all. */
  maxFiles: 10_000,
  maxBytes: 64 * 1024 * 1024,
  /** Files read per batch (at once), and the pause after each batch that leaves the host to other work. */
  batch: 32,
  pauseMs: 5,
  /** Quiet time before a build or a new listing starts (after the workspace opens, or a gathering asks). */
  startDelayMs: 500,
  /**
   * A file watcher can miss events (inotify limits, watcher exclusions, remote file systems):
   * when gathering, the files are listed again after this long at least (or 20 times what the
   * last listing took), and only new files are read.
   */
  relistMs: 10_000,
} as const;

const SOURCE_GLOB = '**/*.{py,pyi,js,jsx,mjs,cjs,ts,tsx,mts,cts}';
const SOURCE_FILE = /\.(?:py|pyi|js|jsx|mjs|cjs|ts|tsx|mts|cts)$/;
const SKIPPED_PATH = /(?:^|\/)(?:node_modules|\.git|\.hg|\.svn|dist|out|build|\.venv|venv|__pycache__|site-packages|\.tox|\.mypy_cache)\//;
/** Folders of dependencies and build output: their definitions are not the workspace's. */
const SKIPPED_FOLDERS = '**/{node_modules,.git,.hg,.svn,dist,out,build,.venv,venv,__pycache__,site-packages,.tox,.mypy_cache}/**';

export interface IndexerDependencies {
  /** Whether other files may be read now (the layer is on, the workspace may share them): checked when a build starts and on each update. */
  readonly enabled: () => boolean;
  readonly isExcluded: ExcludedCheck;
  readonly log: Logger;
  /** The index has new content: the active editor's material may gather again. */
  readonly onUpdated: () => void;
}

/** What the last full build (not a new listing) did: the log line's figures, for a test or a report. */
export interface IndexBuild {
  readonly files: number;
  readonly bytes: number;
  /** From the listing's start to the last file read (the start delay not counted). */
  readonly ms: number;
}

export class WorkspaceIndexer implements vscode.Disposable {
  readonly index = new DefinitionIndex();
  /** The last full build that ran to its end; undefined until one has. */
  lastBuild: IndexBuild | undefined;
  /** Where each indexed path is (a multi-root workspace's paths carry their folder's name). */
  private readonly uris = new Map<string, vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  private building: vscode.CancellationTokenSource | undefined;
  private built = false;
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private listedAt = 0;
  private listingMs = 0;
  private bytesRead = 0;
  /** Files listed that may not be read (excluded, too large, binary, outside through a link): not tried again on a new listing. */
  private unreadable: vscode.Uri[] = [];
  private readonly queued = new Map<string, vscode.Uri>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly deps: IndexerDependencies) {
    const watcher = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.queue(uri)),
      watcher.onDidChange((uri) => this.queue(uri)),
      watcher.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidSaveTextDocument((document) => this.queue(document.uri)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
    );
    this.ensureBuilt();
  }

  /** The URI of an indexed workspace-relative path. */
  uriOf(path: string): vscode.Uri | undefined {
    return this.uris.get(path);
  }

  /** Starts the build if it has not run (or was cancelled) and the layer may read files now. */
  ensureBuilt(): void {
    if (this.building || !this.deps.enabled()) return;
    if (this.built && Date.now() - this.listedAt < Math.max(INDEXING.relistMs, 20 * this.listingMs)) return;
    // Later, not now: the gathering that asked is reading files for a request that may be waiting.
    if (this.startTimer !== undefined) return;
    this.startTimer = setTimeout(() => {
      this.startTimer = undefined;
      if (this.building || !this.deps.enabled()) return;
      void this.build().catch((error: unknown) => this.deps.log.warn(`context: indexing the workspace failed: ${String(error)}`));
    }, INDEXING.startDelayMs);
  }

  /** Drops the index and builds it again from a new listing (the workspace folders changed). */
  rebuild(): void {
    this.building?.cancel();
    this.building = undefined;
    this.built = false;
    this.index.clear();
    this.uris.clear();
    this.unreadable = [];
    this.bytesRead = 0;
    this.ensureBuilt();
  }

  private async build(): Promise<void> {
    const source = new vscode.CancellationTokenSource();
    this.building = source;
    const started = Date.now();
    const refresh = this.built;
    let uris = await vscode.workspace.findFiles(SOURCE_GLOB, SKIPPED_FOLDERS, INDEXING.maxFiles, source.token);
    this.listedAt = Date.now();
    this.listingMs = this.listedAt - started;
    if (refresh) {
      // Listed again: files gone are dropped, and only files not seen yet are read below.
      const listed = new Set(uris.map((uri) => uri.toString()));
      for (const uri of [...this.uris.values()]) if (!listed.has(uri.toString())) this.forget(uri);
      const known = new Set([...this.uris.values(), ...this.unreadable].map((uri) => uri.toString()));
      uris = uris.filter((uri) => !known.has(uri.toString()));
    }
    // Shallow files first: when the byte bound stops the build, the package's own files are in.
    uris.sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.path.localeCompare(b.path));
    let files = 0;
    for (let at = 0; at < uris.length && this.bytesRead < INDEXING.maxBytes; at += INDEXING.batch) {
      if (source.token.isCancellationRequested) break;
      const batch = uris.slice(at, at + INDEXING.batch);
      const reads = await this.readBatch(batch);
      batch.forEach((uri, i) => {
        const read = reads[i];
        if (!read) {
          this.unreadable.push(uri);
          return;
        }
        this.index.set(read.path, read.languageId, read.text);
        this.uris.set(read.path, uri);
        this.bytesRead += read.text.length;
        files++;
      });
      await new Promise((resolve) => setTimeout(resolve, INDEXING.pauseMs));
    }
    if (this.building !== source) return;
    this.building = undefined;
    if (source.token.isCancellationRequested) return;
    this.built = true;
    if (!refresh) {
      this.lastBuild = { files, bytes: this.bytesRead, ms: Date.now() - started };
      this.deps.log.info(`context: indexed the definitions of ${files} workspace files (${Math.round(this.bytesRead / 1024)} KB read, ${this.index.size} kept) in ${this.lastBuild.ms} ms, listed in ${this.listingMs} ms`);
    }
    if (!refresh || files > 0) this.deps.onUpdated();
  }

  /**
   * A file created, changed or saved: read later, with the others that come meanwhile, in
   * batches (a checkout or a clone changes hundreds of files at once, while a file being opened
   * needs the host for its first request).
   */
  private queue(uri: vscode.Uri): void {
    if (!this.built || !SOURCE_FILE.test(uri.path) || SKIPPED_PATH.test(uri.path)) return;
    this.queued.set(uri.toString(), uri);
    if (this.flushTimer === undefined) this.flushTimer = setTimeout(() => void this.flush(), INDEXING.startDelayMs);
  }

  private async flush(): Promise<void> {
    const uris = [...this.queued.values()];
    this.queued.clear();
    try {
      if (!this.deps.enabled()) return;
      for (let at = 0; at < uris.length; at += INDEXING.batch) {
        const batch = uris.slice(at, at + INDEXING.batch);
        const reads = await this.readBatch(batch);
        batch.forEach((uri, i) => {
          const read = reads[i];
          if (!read) return this.forget(uri);
          this.index.set(read.path, read.languageId, read.text);
          this.uris.set(read.path, uri);
        });
        await new Promise((resolve) => setTimeout(resolve, INDEXING.pauseMs));
      }
    } finally {
      this.flushTimer = undefined;
      if (this.queued.size > 0) this.flushTimer = setTimeout(() => void this.flush(), INDEXING.startDelayMs);
    }
  }

  /**
   * A batch's files read at once: each file takes a real-path check, a stat and a read, and one
   * after the other they leave the disk and the thread pool idle while the host waits (5,000
   * files then took over 20 s); together, a batch costs about what one file did.
   */
  private readBatch(uris: readonly vscode.Uri[]): Promise<(SourceFile | undefined)[]> {
    return Promise.all(uris.map((uri) => readContextFile(uri, this.deps.isExcluded)));
  }

  /** A file deleted, or a folder (its files go with it). */
  private forget(uri: vscode.Uri): void {
    const path = vscode.workspace.asRelativePath(uri, false);
    for (const indexed of [...this.uris.keys()]) {
      if (indexed !== path && !indexed.startsWith(`${path}/`)) continue;
      this.index.remove(indexed);
      this.uris.delete(indexed);
    }
  }

  dispose(): void {
    if (this.startTimer !== undefined) clearTimeout(this.startTimer);
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.queued.clear();
    this.building?.cancel();
    for (const d of this.disposables) d.dispose();
  }
}
