// Chooses what of other files goes into the prompt, under a character budget, in order of
// value: definitions of names used near the cursor (from language services), then the files
// the current file imports (outlined when large), then the windows of recently used files that
// share the most identifiers with the code around the cursor. Whole lines only.
import type { PreparedMaterial } from './contextMaterial';
import { cutAtLines, outlineOf } from './outline';
import { jaccard, type Chunk } from './similarity';

/** A piece of a file: whole lines starting at `startLine`. */
export interface Piece {
  readonly startLine: number;
  readonly text: string;
}

/** One file's part of the context, in the order it was chosen (most valuable first). */
export interface ChosenFile {
  readonly path: string;
  readonly languageId: string;
  readonly pieces: Piece[];
}

/** Share of the budget definitions may take; the rest goes to imports and similar code. */
const DEFINITIONS_SHARE = 0.5;
/** An import gets at least this much of the budget when it is outlined. */
const MIN_IMPORT_CHARS = 400;
/** A window of a recent file must share at least this much with the cursor's surroundings. */
const MIN_SIMILARITY = 0.08;
/** What a file's header and separating blank line cost, roughly, in the rendered block. */
const FILE_OVERHEAD = 8;

export function selectSnippets(material: PreparedMaterial, query: ReadonlySet<string>, budget: number): ChosenFile[] {
  const chosen = new Map<string, ChosenFile>();
  let left = budget;
  const take = (path: string, languageId: string, piece: Piece): void => {
    let file = chosen.get(path);
    const overhead = file ? 1 : path.length + FILE_OVERHEAD;
    if (!file) {
      file = { path, languageId, pieces: [] };
      chosen.set(path, file);
    }
    file.pieces.push(piece);
    left -= piece.text.length + overhead;
  };
  const room = (path: string) => left - (chosen.has(path) ? 1 : path.length + FILE_OVERHEAD);

  // 1. Definitions, up to their share.
  let definitionsLeft = Math.floor(budget * DEFINITIONS_SHARE);
  const seenDefinitions = new Set<string>();
  for (const definition of material.definitions) {
    const key = `${definition.path}:${definition.line}`;
    if (seenDefinitions.has(key)) continue;
    seenDefinitions.add(key);
    const text = cutAtLines(definition.text.split('\n'), Math.min(definitionsLeft, room(definition.path)));
    if (text.trim() === '') continue;
    definitionsLeft -= text.length;
    take(definition.path, definition.languageId, { startLine: definition.line, text });
  }

  // 2. Imported files: whole when small, else their outline; the remaining budget split evenly.
  const imports = material.imports.filter((file) => !chosen.has(file.path));
  imports.forEach((file, index) => {
    const fair = Math.floor(left / (imports.length - index)) - file.path.length - FILE_OVERHEAD;
    const cap = Math.min(room(file.path), Math.max(fair, Math.min(MIN_IMPORT_CHARS, room(file.path))));
    const text = outlineOf(file.text, file.languageId, cap);
    if (text.trim() !== '') take(file.path, file.languageId, { startLine: 0, text });
  });

  // 3. Windows of recent files most like the code around the cursor.
  // Files already given (a definition, an import) are not given again in windows.
  const given = new Set(chosen.keys());
  const scored = material.recentChunks
    .filter((chunk) => !given.has(chunk.path))
    .map((chunk) => ({ chunk, score: jaccard(query, chunk.identifiers) }))
    .filter((entry) => entry.score >= MIN_SIMILARITY)
    .sort((a, b) => b.score - a.score || a.chunk.path.localeCompare(b.chunk.path) || a.chunk.startLine - b.chunk.startLine);
  const taken: Chunk[] = [];
  for (const { chunk } of scored) {
    if (left <= FILE_OVERHEAD) break;
    if (taken.some((other) => other.path === chunk.path && Math.abs(other.startLine - chunk.startLine) < 20)) continue;
    const text = cutAtLines(chunk.text.split('\n'), room(chunk.path));
    if (text.trim() === '') continue;
    taken.push(chunk);
    take(chunk.path, chunk.languageId, { startLine: chunk.startLine, text });
  }
  return [...chosen.values()];
}
