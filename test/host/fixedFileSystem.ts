// A file system serving a few fixed files, as a remote-repository extension serves a
// repository (on vscode-vfs): writable (writes are accepted and dropped) or read-only (writes
// are refused and files say so), for the exclusion and read-only document tests.
import * as vscode from 'vscode';

export class FixedFileSystem implements vscode.FileSystemProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  /** `files` maps each path to its content. */
  constructor(
    private readonly files: ReadonlyMap<string, string>,
    private readonly options: { readonly readonly: boolean } = { readonly: false },
  ) {}

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const content = this.files.get(uri.path);
    if (content !== undefined) {
      const stat = { type: vscode.FileType.File, ctime: 0, mtime: 0, size: content.length };
      return this.options.readonly ? { ...stat, permissions: vscode.FilePermission.Readonly } : stat;
    }
    if (!this.options.readonly || [...this.files.keys()].some((path) => path.startsWith(`${uri.path.replace(/\/$/, '')}/`))) {
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    }
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const content = this.files.get(uri.path);
    if (content === undefined) throw vscode.FileSystemError.FileNotFound(uri);
    return new TextEncoder().encode(content);
  }

  createDirectory(uri: vscode.Uri): void {
    this.refuseWrites(uri);
  }

  writeFile(uri: vscode.Uri): void {
    this.refuseWrites(uri);
  }

  delete(uri: vscode.Uri): void {
    this.refuseWrites(uri);
  }

  rename(uri: vscode.Uri): void {
    this.refuseWrites(uri);
  }

  private refuseWrites(uri: vscode.Uri): void {
    if (this.options.readonly) throw vscode.FileSystemError.NoPermissions(uri);
  }
}
