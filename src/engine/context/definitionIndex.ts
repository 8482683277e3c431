// The workspace's definitions, by name: what each file defines (classes, functions, methods,
// attributes set on self/this, module constants, exports), found by a line scan, kept in
// memory as names and line numbers only (no file text). The editor layer fills it in the
// background and asks it, on idle, which files define the names used near the cursor: in a
// window just opened, with no recent files and no language server, that is how a method of a
// class defined two folders away reaches the prompt.
import { languageFamily, type LanguageFamily } from './languageSyntax';

export type DefinitionKind = 'class' | 'function' | 'method' | 'attribute' | 'constant' | 'export';

export interface IndexedDefinition {
  readonly name: string;
  /** 0-based line of the first definition of the name in its file. */
  readonly line: number;
  readonly kind: DefinitionKind;
}

/** Lines of a file scanned at most, and definitions kept per file: a generated file says little. */
const MAX_LINES = 20_000;
const MAX_DEFINITIONS_PER_FILE = 2_000;

const NOT_NAMES = new Set(['if', 'for', 'while', 'switch', 'catch', 'return', 'constructor', 'self', 'this', 'function', 'super', 'get', 'set', 'new', 'else']);

const PY_RULES: readonly (readonly [RegExp, DefinitionKind | 'def'])[] = [
  [/^\s*class\s+(\w+)/, 'class'],
  [/^(\s*)(?:async\s+)?def\s+(\w+)/, 'def'],
  [/^([A-Za-z_]\w*)\s*(?::[^=]*)?=(?!=)/, 'constant'],
];
const SCRIPT_RULES: readonly (readonly [RegExp, DefinitionKind | 'def'])[] = [
  [/^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?class\s+(\w+)/, 'class'],
  [/^\s*export\s+(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?:function\*?|const|let|var|interface|type|enum)\s+(\w+)/, 'export'],
  [/^\s*(?:async\s+)?function\*?\s+(\w+)/, 'function'],
  [/^(?:const|let|var)\s+(\w+)\s*=/, 'constant'],
  [/^(?:module\.)?exports\.(\w+)\s*=/, 'export'],
  [/^\s*(?:interface|type|enum)\s+(\w+)/, 'class'],
  [/^\s+(?:(?:public|private|protected|static|async|readonly|override|abstract|get|set)\s+)*\*?(\w+)\s*(?:<[^>]*>)?\([^)]*\)?\s*(?::[^{=]*)?\{?\s*$/, 'method'],
  [/^\s+(?:(?:public|private|protected|static|readonly|declare)\s+)*(\w+)\??\s*:/, 'attribute'],
];
const PY_ATTRIBUTE = /\bself\.(\w+)\s*(?::[^=]*)?=(?!=)/g;
const THIS_ATTRIBUTE = /\bthis\.(\w+)\s*=(?!=)/g;

/** What a file defines, first occurrence of each name, in file order. */
export function definitionsIn(text: string, languageId: string): IndexedDefinition[] {
  const family = languageFamily(languageId);
  if (family !== 'python' && family !== 'script') return [];
  const rules = family === 'python' ? PY_RULES : SCRIPT_RULES;
  const attribute = family === 'python' ? PY_ATTRIBUTE : THIS_ATTRIBUTE;
  const found = new Map<string, IndexedDefinition>();
  const add = (name: string | undefined, line: number, kind: DefinitionKind) => {
    if (!name || name.length < 3 || NOT_NAMES.has(name) || found.has(name) || found.size >= MAX_DEFINITIONS_PER_FILE) return;
    found.set(name, { name, line, kind });
  };
  const lines = text.split('\n', MAX_LINES);
  lines.forEach((line, index) => {
    for (const [pattern, kind] of rules) {
      const match = pattern.exec(line);
      if (!match) continue;
      if (kind === 'def') add(match[2], index, match[1] === '' ? 'function' : 'method');
      else add(match[1], index, kind);
      break;
    }
    if (line.includes('self.') || line.includes('this.')) for (const match of line.matchAll(attribute)) add(match[1], index, 'attribute');
  });
  return [...found.values()];
}

/** A file the index suggests for the code near the cursor, and the names of that code it defines. */
export interface RelatedFile {
  readonly path: string;
  readonly names: readonly string[];
  readonly score: number;
}

/** A name defined in more files than this share of the index (and at least a few) tells nothing. */
const COMMON_SHARE = 0.05;
const COMMON_MIN = 4;
/** A file is suggested when it defines this many of the names near the cursor, or a class they name. */
const MIN_NAMES = 2;

interface IndexedFile {
  readonly family: LanguageFamily;
  readonly definitions: readonly IndexedDefinition[];
  readonly classes: ReadonlySet<string>;
}

export class DefinitionIndex {
  private readonly files = new Map<string, IndexedFile>();
  private readonly byName = new Map<string, Set<string>>();

  get size(): number {
    return this.files.size;
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** Indexes (or re-indexes) a file. */
  set(path: string, languageId: string, text: string): void {
    this.remove(path);
    const definitions = definitionsIn(text, languageId);
    const classes = new Set(definitions.filter((d) => d.kind === 'class').map((d) => d.name));
    this.files.set(path, { family: languageFamily(languageId), definitions, classes });
    for (const definition of definitions) {
      let paths = this.byName.get(definition.name);
      if (!paths) this.byName.set(definition.name, (paths = new Set()));
      paths.add(path);
    }
  }

  remove(path: string): void {
    const old = this.files.get(path);
    if (!old) return;
    this.files.delete(path);
    for (const definition of old.definitions) {
      const paths = this.byName.get(definition.name);
      paths?.delete(path);
      if (paths?.size === 0) this.byName.delete(definition.name);
    }
  }

  clear(): void {
    this.files.clear();
    this.byName.clear();
  }

  definitionsOf(path: string): readonly IndexedDefinition[] {
    return this.files.get(path)?.definitions ?? [];
  }

  /**
   * Files of the current file's language family that define the names used near the cursor,
   * most telling first (a name few files define counts more), at most `limit`, never the
   * current file. Ties go by path, so the same question gives the same answer.
   */
  relatedFiles(usedNearCursor: ReadonlySet<string>, currentPath: string, languageId: string, limit: number): RelatedFile[] {
    const family = languageFamily(languageId);
    const common = Math.max(COMMON_MIN, this.files.size * COMMON_SHARE);
    const scores = new Map<string, { names: string[]; score: number; classes: number }>();
    for (const name of usedNearCursor) {
      const paths = this.byName.get(name);
      if (!paths || paths.size > common) continue;
      const weight = Math.log(1 + this.files.size / paths.size);
      for (const path of paths) {
        if (path === currentPath || this.files.get(path)?.family !== family) continue;
        let entry = scores.get(path);
        if (!entry) scores.set(path, (entry = { names: [], score: 0, classes: 0 }));
        entry.names.push(name);
        entry.score += weight;
        if (this.files.get(path)?.classes.has(name)) entry.classes++;
      }
    }
    return [...scores]
      .filter(([, entry]) => entry.names.length >= MIN_NAMES || entry.classes > 0)
      .map(([path, { names, score }]) => ({ path, names, score }))
      .sort((a, b) => b.score - a.score || a.path.localeCompare(b.path))
      .slice(0, limit);
  }
}
