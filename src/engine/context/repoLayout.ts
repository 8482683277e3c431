// DeepSeek Coder's repository layout: each file headed by a comment with its path, a file after
// the files it imports, the file being written last. The model was pre-trained on exactly this
// concatenation, so it reads a name defined above as something it may call.
import type { ContextSnippet } from '../types';
import { importCandidates, type ImportStatement } from './imports';
import { lineComment } from './languageSyntax';
import type { ChosenFile } from './selectSnippets';

export interface RenderedContext {
  /** The block that leads the FIM prefix: other files, then the current file's path header. */
  readonly rendered: string;
  /** The same files in the same order, one snippet each (pieces of a file joined). */
  readonly snippets: readonly ContextSnippet[];
}

/** Files in dependency order; among files free to go next, the least valuable first, so the most valuable stand nearest the cursor. */
export function orderByImports(files: readonly ChosenFile[], importsByPath: ReadonlyMap<string, readonly ImportStatement[]>): ChosenFile[] {
  const index = new Map(files.map((file, i) => [file.path, i]));
  // dependsOn[i]: the chosen files that file i imports.
  const dependsOn = files.map((file) => {
    const deps = new Set<number>();
    for (const statement of importsByPath.get(file.path) ?? []) {
      for (const candidate of importCandidates(file.path, statement, file.languageId)) {
        const at = index.get(candidate);
        if (at !== undefined && at !== index.get(file.path)) deps.add(at);
      }
    }
    return deps;
  });
  const placed = new Set<number>();
  const order: ChosenFile[] = [];
  while (order.length < files.length) {
    let next = -1;
    for (let i = files.length - 1; i >= 0; i--) {
      if (placed.has(i)) continue;
      if ([...dependsOn[i]].every((dep) => placed.has(dep))) {
        next = i;
        break;
      }
    }
    // An import cycle: place the least valuable file of it first.
    if (next < 0) for (let i = files.length - 1; i >= 0 && next < 0; i--) if (!placed.has(i)) next = i;
    placed.add(next);
    order.push(files[next]);
  }
  return order;
}

/** A file's pieces in file order, an elision comment where lines were left out between them. */
function fileBody(file: ChosenFile): string {
  const pieces = [...file.pieces].sort((a, b) => a.startLine - b.startLine);
  const parts: string[] = [];
  let nextLine = 0;
  for (const piece of pieces) {
    if (piece.startLine > nextLine || (parts.length > 0 && piece.startLine !== nextLine)) parts.push(lineComment(file.languageId, '...'));
    // Trailing blank lines would only widen the gap before the next file's header.
    const text = piece.text.trimEnd();
    parts.push(text);
    nextLine = piece.startLine + text.split('\n').length;
  }
  return parts.join('\n');
}

export function renderRepoBlock(ordered: readonly ChosenFile[], current: { path: string; languageId: string }): RenderedContext {
  const snippets: ContextSnippet[] = ordered.map((file) => ({ path: file.path, text: fileBody(file) }));
  let rendered = '';
  for (let i = 0; i < ordered.length; i++) {
    rendered += `${lineComment(ordered[i].languageId, ordered[i].path)}\n${snippets[i].text}\n\n`;
  }
  rendered += `${lineComment(current.languageId, current.path)}\n`;
  return { rendered, snippets };
}
