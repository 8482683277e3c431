// Chooses what of other files goes into the prompt, under a character budget, in order of
// value: definitions of names used near the cursor (from language services), what the person
// changed in other files in the last minutes, then the files
// the current file imports (outlined when large), then the files the workspace index says
// define what the code near the cursor uses, then the windows of recently used files that
// share the most identifiers with the code around the cursor. Whole lines only.
import type { PreparedFile, PreparedMaterial } from './contextMaterial';
import { cutAtLines, cutOutline } from './outline';
import type { Chunk } from './similarity';

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
/** Share of the budget recent edits in other files may take. */
const EDITS_SHARE = 0.2;
/** Shares of what is left that imports, then the APIs of recent files, may take (unused shares pass on). */
const IMPORTS_SHARE = 0.6;
const RECENT_API_SHARE = 0.6;
const TRANSITIVE_SHARE = 0.5;
const RELATED_SHARE = 0.6;
/** An import gets at least this much of the budget when it is outlined. */
const MIN_IMPORT_CHARS = 400;
/** A recent file's API counts as used near the cursor from this weight of its names on (about two telling names). */
const MIN_API_SCORE = 4;
/** Recent files given as outlines of their API at most. */
const MAX_API_FILES = 3;
/** A window of a recent file must share at least this much (weighted) with the cursor's surroundings. */
const MIN_SIMILARITY = 0.04;
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

  // 1. Definitions of names near the cursor, up to their share.
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

  // 1b. What the person changed in other files in the last minutes, newest first, up to its share.
  let editsLeft = Math.floor(budget * EDITS_SHARE);
  for (const edit of material.edits) {
    const text = cutAtLines(edit.text.split('\n'), Math.min(editsLeft, room(edit.path)));
    if (text.trim() === '') continue;
    editsLeft -= text.length;
    take(edit.path, edit.languageId, { startLine: edit.line, text });
  }

  // 2. Imported files: whole when small, else their outline; their share split evenly.
  const imports = material.imports.filter((file) => !chosen.has(file.path));
  takeOutlines(imports, Math.floor(left * IMPORTS_SHARE));

  // 3. What the imports import (the types their functions return), in what is left of their share.
  takeOutlines(material.transitive.filter((file) => !chosen.has(file.path)), Math.floor(left * TRANSITIVE_SHARE));

  // 3b. Files the workspace index says define what the code near the cursor uses (their used members first).
  takeOutlines(material.related.filter((file) => !chosen.has(file.path)), Math.floor(left * RELATED_SHARE));

  // 4. Recent files whose API the code around the cursor already calls, most telling first.
  const apiScore = (file: PreparedFile) => {
    let score = 0;
    for (const name of file.declared) if (query.has(name)) score += material.weights.get(name) ?? 1;
    return score;
  };
  const users = material.recent
    .filter((file) => !chosen.has(file.path))
    .map((file) => ({ file, score: apiScore(file) }))
    .filter((entry) => entry.score >= MIN_API_SCORE)
    .sort((a, b) => b.score - a.score || a.file.path.localeCompare(b.file.path))
    .slice(0, MAX_API_FILES)
    .map((entry) => entry.file);
  takeOutlines(users, Math.floor(left * RECENT_API_SHARE));

  // 5. Windows of recent files most like the code around the cursor.
  const given = new Set(chosen.keys());
  const scored = similarWindows(material, query)
    .filter((entry) => !given.has(entry.chunk.path))
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

  /**
   * Each file whole when small, else its outline, within `share`: small files take what they
   * need and the rest flows to the large ones (water-filling), taken in the given order.
   */
  function takeOutlines(files: readonly PreparedFile[], share: number): void {
    const sizes = files.map((file) => fullOutlineSize(file));
    const caps = waterFill(sizes, share - files.reduce((n, file) => n + file.path.length + FILE_OVERHEAD, 0));
    files.forEach((file, index) => {
      const cap = Math.min(room(file.path), Math.max(caps[index], Math.min(MIN_IMPORT_CHARS, room(file.path))));
      const text = cutOutline(file.outline, cap, query);
      if (text.trim() !== '') take(file.path, file.languageId, { startLine: 0, text });
    });
  }
}

/** What a file costs whole, or as its full outline when that is shorter. */
function fullOutlineSize(file: PreparedFile): number {
  const outline = file.outline.lines.reduce((n, line) => n + line.length + 1, 0);
  return Math.min(file.text.length, outline);
}

/** Shares of `total` for `sizes`: each gets its size up to a common level, the level as high as the total allows. */
export function waterFill(sizes: readonly number[], total: number): number[] {
  const order = sizes.map((size, index) => ({ size, index })).sort((a, b) => a.size - b.size);
  const caps = new Array<number>(sizes.length).fill(0);
  let left = Math.max(0, total);
  order.forEach(({ size, index }, rank) => {
    const level = Math.floor(left / (order.length - rank));
    caps[index] = Math.min(size, level);
    left -= caps[index];
  });
  return caps;
}

/**
 * Windows scored by weighted Jaccard similarity (each identifier weighted by how telling it is),
 * visiting through the inverted index only the windows that share a name with the query.
 */
function similarWindows(material: PreparedMaterial, query: ReadonlySet<string>): { chunk: Chunk; score: number }[] {
  const shared = new Map<number, number>();
  let queryWeight = 0;
  for (const word of query) {
    const weight = material.weights.get(word);
    if (weight === undefined) continue;
    queryWeight += weight;
    for (const index of material.postings.get(word) ?? []) shared.set(index, (shared.get(index) ?? 0) + weight);
  }
  const out: { chunk: Chunk; score: number }[] = [];
  for (const [index, weight] of shared) {
    const score = weight / (queryWeight + material.chunkWeights[index] - weight);
    if (score >= MIN_SIMILARITY) out.push({ chunk: material.recentChunks[index], score });
  }
  return out;
}
