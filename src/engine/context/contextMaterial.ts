// The raw material of repository-level context, as the editor layer gathers it (definitions
// from language services, the files the current file imports, recently used files), and its
// preparation: outlines, line windows and import lists are computed once when material
// arrives, so choosing snippets on a keystroke only scores and copies.
import { parseImports, type ImportStatement } from './imports';
import { chunksOf, type Chunk } from './similarity';

/** A file of the workspace, as text (the gatherer reads at most a bounded size). */
export interface SourceFile {
  /** Workspace-relative, `/`-separated. */
  readonly path: string;
  readonly languageId: string;
  readonly text: string;
}

/** Where a name used near the cursor is defined in another file: the definition's own lines. */
export interface DefinitionSnippet extends SourceFile {
  readonly name: string;
  /** First line of `text` in its file (0-based), for ordering pieces of one file. */
  readonly line: number;
}

export interface ContextMaterial {
  readonly definitions: readonly DefinitionSnippet[];
  /** Files the current file imports, in import order. */
  readonly imports: readonly SourceFile[];
  /** Recently viewed or edited files, most recent first. */
  readonly recent: readonly SourceFile[];
}

export const EMPTY_MATERIAL: ContextMaterial = { definitions: [], imports: [], recent: [] };

/** Lines of a file's head read for its imports (they sit at the top in every language handled). */
const IMPORT_SCAN_CHARS = 16_000;
/** Windows scored per keystroke at most: keeps a far cursor move's re-selection under a millisecond. */
const MAX_CHUNKS = 400;

export interface PreparedFile extends SourceFile {
  readonly imports: readonly ImportStatement[];
}

export interface PreparedMaterial {
  readonly definitions: readonly DefinitionSnippet[];
  readonly imports: readonly PreparedFile[];
  readonly recentChunks: readonly Chunk[];
  /** Every file whose imports are known, by path: for dependency order. */
  readonly importsByPath: ReadonlyMap<string, readonly ImportStatement[]>;
}

export function prepareMaterial(material: ContextMaterial, currentPath: string | undefined): PreparedMaterial {
  const importsByPath = new Map<string, readonly ImportStatement[]>();
  const withImports = (file: SourceFile): PreparedFile => {
    const imports = parseImports(file.languageId, file.text.slice(0, IMPORT_SCAN_CHARS));
    importsByPath.set(file.path, imports);
    return { ...file, imports };
  };
  const imports = material.imports.filter((file) => file.path !== currentPath).map(withImports);
  const importPaths = new Set(imports.map((file) => file.path));
  const recentChunks: Chunk[] = [];
  for (const file of material.recent) {
    if (file.path === currentPath || importPaths.has(file.path) || recentChunks.length >= MAX_CHUNKS) continue;
    withImports(file);
    recentChunks.push(...chunksOf(file.path, file.languageId, file.text, 20, 10, MAX_CHUNKS - recentChunks.length));
  }
  return { definitions: material.definitions.filter((d) => d.path !== currentPath), imports, recentChunks, importsByPath };
}
