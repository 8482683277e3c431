// The raw material of repository-level context, as the editor layer gathers it (definitions
// from language services, the files the current file imports, recently used files), and its
// preparation: outlines, line windows and import lists are computed once when material
// arrives, so choosing snippets on a keystroke only scores and copies.
import { importSections, parseImports, type ImportStatement } from './imports';
import { buildOutline, declaredNames, type Outline } from './outline';
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

/** Lines the person changed in another file in the last minutes, with a few around them. */
export interface EditedLines extends SourceFile {
  /** First line of `text` in its file (0-based). */
  readonly line: number;
}

export interface ContextMaterial {
  readonly definitions: readonly DefinitionSnippet[];
  /** Files the current file imports, in import order. */
  readonly imports: readonly SourceFile[];
  /** Files those import in turn (one hop further), where the types their functions return live. */
  readonly transitive?: readonly SourceFile[];
  /** Files the workspace index says define the names used near the cursor, most telling first. */
  readonly related?: readonly SourceFile[];
  /** Recently viewed or edited files, most recent first. */
  readonly recent: readonly SourceFile[];
  /** What the person changed elsewhere in the last minutes, newest first. */
  readonly edits?: readonly EditedLines[];
}

export const EMPTY_MATERIAL: ContextMaterial = { definitions: [], imports: [], recent: [] };

/** Windows scored per keystroke at most: keeps a far cursor move's re-selection under a millisecond. */
const MAX_CHUNKS = 1200;

export interface PreparedFile extends SourceFile {
  readonly outline: Outline;
  /** Names the file declares (functions, classes, members, constants): its API. */
  readonly declared: ReadonlySet<string>;
}

export interface PreparedMaterial {
  readonly definitions: readonly DefinitionSnippet[];
  readonly edits: readonly EditedLines[];
  readonly imports: readonly PreparedFile[];
  readonly transitive: readonly PreparedFile[];
  readonly related: readonly PreparedFile[];
  readonly recent: readonly PreparedFile[];
  readonly recentChunks: readonly Chunk[];
  /** How telling each identifier is (rarer across the windows = more telling). */
  readonly weights: ReadonlyMap<string, number>;
  /** For each identifier, the windows that hold it: scoring visits only windows that share a name. */
  readonly postings: ReadonlyMap<string, readonly number[]>;
  /** Each window's total identifier weight. */
  readonly chunkWeights: readonly number[];
  /** Every file whose imports are known, by path: for dependency order. */
  readonly importsByPath: ReadonlyMap<string, readonly ImportStatement[]>;
}

export function prepareMaterial(material: ContextMaterial, currentPath: string | undefined): PreparedMaterial {
  const importsByPath = new Map<string, readonly ImportStatement[]>();
  const prepare = (file: SourceFile): PreparedFile => {
    importsByPath.set(file.path, parseImports(file.languageId, importSections(file.text)));
    const outline = buildOutline(file.text, file.languageId);
    return { ...file, outline, declared: declaredNames(outline) };
  };
  const imports = material.imports.filter((file) => file.path !== currentPath).map(prepare);
  const importPaths = new Set(imports.map((file) => file.path));
  const transitive = (material.transitive ?? []).filter((file) => file.path !== currentPath && !importPaths.has(file.path)).map(prepare);
  for (const file of transitive) importPaths.add(file.path);
  const related = (material.related ?? []).filter((file) => file.path !== currentPath && !importPaths.has(file.path)).map(prepare);
  for (const file of related) importPaths.add(file.path);
  const recent: PreparedFile[] = [];
  const recentChunks: Chunk[] = [];
  for (const file of material.recent) {
    if (file.path === currentPath || importPaths.has(file.path) || recentChunks.length >= MAX_CHUNKS) continue;
    recent.push(prepare(file));
    recentChunks.push(...chunksOf(file.path, file.languageId, file.text, 20, 10, MAX_CHUNKS - recentChunks.length));
  }
  const weights = inverseFrequencies(recentChunks);
  const postings = new Map<string, number[]>();
  const chunkWeights = recentChunks.map((chunk, index) => {
    let total = 0;
    for (const word of chunk.identifiers) {
      total += weights.get(word) ?? 0;
      let list = postings.get(word);
      if (!list) postings.set(word, (list = []));
      list.push(index);
    }
    return total;
  });
  return { definitions: material.definitions.filter((d) => d.path !== currentPath), edits: (material.edits ?? []).filter((e) => e.path !== currentPath), imports, transitive, related, recent, recentChunks, weights, postings, chunkWeights, importsByPath };
}

/** log(1 + N / df) per identifier over the windows: a name in every window says little. */
function inverseFrequencies(chunks: readonly Chunk[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const chunk of chunks) for (const word of chunk.identifiers) df.set(word, (df.get(word) ?? 0) + 1);
  const weights = new Map<string, number>();
  for (const [word, count] of df) weights.set(word, Math.log(1 + chunks.length / count));
  return weights;
}
