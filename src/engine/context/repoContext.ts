// The context block of each editor, kept stable while the person types in one place.
//
// DeepSeek's prompt cache and Ollama's KV cache reuse a prompt's longest unchanged beginning,
// and the block is that beginning: if it changed with every keystroke, every request would pay
// for the whole prompt again. So snippets are chosen from state that changes slowly: material
// the editor layer gathers on idle, and an anchor (the cursor line and the identifiers around
// it when the block was built). The block is rebuilt only when the cursor moves far from the
// anchor, the file or budget changes, or new material arrives; new material is scored against
// the old anchor, so the block changes only when the material really did.
import type { CursorPosition, DocumentView, RequestContext } from '../types';
import { FirstMaterialWait } from './firstMaterial';
import { EMPTY_MATERIAL, prepareMaterial, type ContextMaterial, type PreparedMaterial } from './contextMaterial';
import { orderByImports, renderRepoBlock } from './repoLayout';
import { selectSnippets } from './selectSnippets';
import { identifiersOf } from './similarity';

export interface ContextFile {
  /** Workspace-relative, `/`-separated. */
  readonly path: string;
  readonly languageId: string;
}

/** A request's context: the rendered block to put before the prefix, and its structured form. */
export interface ContextBlock extends RequestContext {
  readonly rendered: string;
}

/** A cursor this many lines from the anchor is somewhere else: choose snippets for it afresh. */
const FAR_LINES = 40;
/**
 * The cursor's surroundings whose identifiers pick similar code in other files: lines above and
 * below, and the characters read at most (a minified file has few, very long lines).
 */
const QUERY_WINDOW = { linesAbove: 20, linesBelow: 5, maxChars: 4000 } as const;

interface EditorMaterial {
  readonly material: ContextMaterial;
  prepared: PreparedMaterial | undefined;
  preparedFor: string | undefined;
  readonly version: number;
}

interface BuiltBlock {
  readonly block: ContextBlock;
  readonly path: string;
  readonly budget: number;
  readonly anchorLine: number;
  readonly query: ReadonlySet<string>;
  readonly materialVersion: number;
}

export class RepoContext {
  private readonly materials = new Map<string, EditorMaterial>();
  private readonly built = new Map<string, BuiltBlock>();
  private version = 0;
  /** Blocks built (not served from the anchor) since the start: for tests and the benchmark. */
  rebuilds = 0;
  /** A file just opened: its first request waits a moment for its material (see firstMaterial.ts). */
  readonly firstMaterial = new FirstMaterialWait();

  /**
   * New material for an editor (gathered on idle or when the editor became active). Prepared
   * here, off the keystroke path, when the document's path is given.
   */
  setMaterial(editorKey: string, material: ContextMaterial, currentPath?: string): void {
    const entry: EditorMaterial = { material, prepared: undefined, preparedFor: undefined, version: ++this.version };
    if (currentPath !== undefined) this.prepared(entry, currentPath);
    this.materials.set(editorKey, entry);
    this.firstMaterial.settle(editorKey);
  }

  hasMaterial(editorKey: string): boolean {
    return this.materials.has(editorKey);
  }

  /** The editor layer starts gathering for an editor: when it has no material yet, its first request may wait for it. */
  expectMaterial(editorKey: string): void {
    if (!this.materials.has(editorKey)) this.firstMaterial.expect(editorKey);
  }

  forget(editorKey: string): void {
    this.materials.delete(editorKey);
    this.built.delete(editorKey);
    this.firstMaterial.settle(editorKey);
  }

  clear(): void {
    this.materials.clear();
    this.built.clear();
    this.firstMaterial.clear();
  }

  /**
   * The block for a request at `position`, or undefined when the layer is off (`budget` 0) or
   * the document has no path. Cheap while the cursor stays near the anchor: a map lookup.
   */
  blockFor(editorKey: string, file: ContextFile | undefined, document: DocumentView, position: CursorPosition, budget: number): ContextBlock | undefined {
    if (!file || budget <= 0) return undefined;
    const entry = this.materials.get(editorKey);
    const materialVersion = entry?.version ?? 0;
    const last = this.built.get(editorKey);
    const sameTarget = last !== undefined && last.path === file.path && last.budget === budget;
    const near = sameTarget && Math.abs(position.line - last.anchorLine) <= FAR_LINES;
    if (near && last.materialVersion === materialVersion) return last.block;

    const query = near ? last.query : identifiersNearCursor(document, position);
    const anchorLine = near ? last.anchorLine : position.line;
    const prepared = entry ? this.prepared(entry, file.path) : prepareMaterial(EMPTY_MATERIAL, file.path);
    const chosen = selectSnippets(prepared, query, budget);
    const ordered = orderByImports(chosen, prepared.importsByPath);
    const { rendered, snippets } = renderRepoBlock(ordered, file);
    // Rebuilt with the same choice: hand back the old object, so identity means "unchanged".
    const block: ContextBlock =
      last && last.block.rendered === rendered ? last.block : { rendered, snippets, prefixOffset: rendered.length, filePath: file.path };
    this.rebuilds++;
    this.built.set(editorKey, { block, path: file.path, budget, anchorLine, query, materialVersion });
    return block;
  }

  private prepared(entry: EditorMaterial, currentPath: string): PreparedMaterial {
    if (!entry.prepared || entry.preparedFor !== currentPath) {
      entry.prepared = prepareMaterial(entry.material, currentPath);
      entry.preparedFor = currentPath;
    }
    return entry.prepared;
  }
}

/** The identifiers of the lines around the cursor (bounded): what the person works on. The gatherer asks the workspace index with the same. */
export function identifiersNearCursor(document: Pick<DocumentView, 'lineCount' | 'lineText'>, position: Pick<CursorPosition, 'line'>): Set<string> {
  return identifiersOf(queryText(document, position));
}

function queryText(document: Pick<DocumentView, 'lineCount' | 'lineText'>, position: Pick<CursorPosition, 'line'>): string {
  const parts: string[] = [];
  let used = 0;
  const first = Math.max(0, position.line - QUERY_WINDOW.linesAbove);
  const last = Math.min(document.lineCount - 1, position.line + QUERY_WINDOW.linesBelow);
  for (let line = first; line <= last && used < QUERY_WINDOW.maxChars; line++) {
    const text = document.lineText(line).slice(0, QUERY_WINDOW.maxChars - used);
    parts.push(text);
    used += text.length + 1;
  }
  return parts.join('\n');
}
