// The files a file imports: its import statements parsed from text, and the workspace paths
// each may resolve to. Pure string work on the head of a file (the gatherer passes a bounded
// slice), so it can run on idle without touching the file system; the editor layer tries the
// candidates in order and keeps the first that exists.
import { languageFamily } from './languageSyntax';

/** One import: a module as written (`.utils`, `./utils.js`, `json`) and, for Python, the names taken from it. */
export interface ImportStatement {
  readonly module: string;
  readonly names: readonly string[];
}

const PY_FROM = /^[ \t]*from[ \t]+(\.*[\w.]*)[ \t]+import[ \t]+\(?([^#\n]*)/gm;
const PY_IMPORT = /^[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)/gm;
// `from '…'` (import/export), side-effect `import '…'`, `require('…')` and `import('…')`.
const SCRIPT_FROM = /\bfrom[ \t]*(['"])([^'"\n]+)\1/g;
const SCRIPT_BARE = /^[ \t]*import[ \t]*(['"])([^'"\n]+)\1/gm;
const SCRIPT_CALL = /\b(?:require|import)[ \t]*\([ \t]*(['"])([^'"\n]+)\1[ \t]*\)/g;
const C_INCLUDE = /^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm;
const RUST_MOD = /^[ \t]*(?:pub(?:\([^)\n]*\))?[ \t]+)?mod[ \t]+(\w+)[ \t]*;/gm;

/** Imports of workspace files (relative ones, and Python's dotted modules) in the given text. */
export function parseImports(languageId: string, text: string): ImportStatement[] {
  const found: ImportStatement[] = [];
  const seen = new Set<string>();
  const add = (module: string, names: readonly string[] = []) => {
    const key = `${module}\u0000${names.join(',')}`;
    if (module === '' || seen.has(key)) return;
    seen.add(key);
    found.push({ module, names });
  };
  switch (languageFamily(languageId)) {
    case 'python':
      for (const match of text.matchAll(PY_FROM)) {
        const names = match[2]
          .split(',')
          .map((part) => part.trim().split(/[ \t]+/)[0].replace(/[()]/g, ''))
          .filter((name) => /^\w+$/.test(name));
        add(match[1], names);
      }
      for (const match of text.matchAll(PY_IMPORT)) {
        for (const part of match[1].split(',')) add(part.trim().split(/[ \t]+/)[0]);
      }
      break;
    case 'script':
      for (const pattern of [SCRIPT_FROM, SCRIPT_BARE, SCRIPT_CALL]) {
        for (const match of text.matchAll(pattern)) if (match[2].startsWith('.')) add(match[2]);
      }
      break;
    case 'c':
      for (const match of text.matchAll(C_INCLUDE)) add(match[1]);
      break;
    case 'rust':
      for (const match of text.matchAll(RUST_MOD)) add(match[1]);
      break;
    default:
      break;
  }
  return found;
}

/** Characters of a file's head, and of its tail, read for its imports. */
export const IMPORT_SCAN = { headChars: 16_000, tailChars: 4_000 } as const;

/**
 * The parts of a file that hold its imports: the head, where every language handled puts them,
 * and the tail of a long file, where a Node module in an import cycle requires the module that
 * requires it (`module.exports = Range` first, `const Comparator = require('./comparator')`
 * after). Whole lines of the tail only.
 */
export function importSections(text: string): string {
  if (text.length <= IMPORT_SCAN.headChars + IMPORT_SCAN.tailChars) return text;
  const tail = text.slice(text.length - IMPORT_SCAN.tailChars);
  return `${text.slice(0, IMPORT_SCAN.headChars)}\n${tail.slice(tail.indexOf('\n') + 1)}`;
}

/** `a/b/../c` -> `a/c`; undefined when the path climbs above the workspace root. */
export function normalisePath(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) return undefined;
      out.pop();
    } else {
      out.push(part);
    }
  }
  return out.join('/');
}

function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function join(dir: string, rest: string): string | undefined {
  return normalisePath(dir === '' ? rest : `${dir}/${rest}`);
}

/** How many folders above the importing file an absolute Python module may be rooted at. */
const MAX_ANCESTORS = 6;

const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs'];

/**
 * Workspace paths an import may name, most likely first. `fromPath` is the importing file's
 * workspace-relative path (`/`-separated).
 */
export function importCandidates(fromPath: string, statement: ImportStatement, languageId: string): string[] {
  const dir = dirname(fromPath);
  const out: string[] = [];
  const push = (path: string | undefined) => {
    if (path !== undefined && path !== '' && path !== fromPath && !out.includes(path)) out.push(path);
  };
  switch (languageFamily(languageId)) {
    case 'python':
      for (const base of pythonModuleDirs(dir, statement.module)) {
        // `from pkg import mod` names a submodule or a name of the package: try both.
        for (const name of statement.names) push(join(base, `${name}.py`));
        if (base !== dir || statement.module.replace(/^\.+/, '') !== '') {
          push(`${base}.py`.replace(/^\.py$/, ''));
          push(join(base, '__init__.py'));
        }
      }
      break;
    case 'script': {
      const target = join(dir, statement.module);
      if (target === undefined) break;
      // TypeScript's ESM style imports `./utils.js` for `utils.ts`.
      const stem = target.replace(/\.(m|c)?js$/, '');
      if (stem !== target) for (const ext of ['.ts', '.tsx', '.mts', '.cts']) push(stem + ext);
      if (/\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/.test(target)) push(target);
      for (const ext of SCRIPT_EXTENSIONS) push(target + ext);
      for (const ext of ['.ts', '.tsx', '.js']) push(`${target}/index${ext}`);
      break;
    }
    case 'c':
      push(join(dir, statement.module));
      push(normalisePath(statement.module));
      break;
    case 'rust':
      push(join(dir, `${statement.module}.rs`));
      push(join(dir, `${statement.module}/mod.rs`));
      break;
    default:
      break;
  }
  return out;
}

/** Folders a Python module may live at: relative ones from the dots, absolute ones from each ancestor folder. */
function pythonModuleDirs(dir: string, module: string): string[] {
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  const rest = module.slice(dots).split('.').filter(Boolean).join('/');
  if (dots > 0) {
    let base: string | undefined = dir;
    for (let up = 1; up < dots && base !== undefined; up++) base = base === '' ? undefined : dirname(base);
    if (base === undefined) return [];
    const target = rest === '' ? base : join(base, rest);
    return target === undefined ? [] : [target];
  }
  const dirs: string[] = [];
  let ancestor = dir;
  for (let depth = 0; depth <= MAX_ANCESTORS; depth++) {
    const target = join(ancestor, rest);
    if (target !== undefined && !dirs.includes(target)) dirs.push(target);
    if (ancestor === '') break;
    ancestor = dirname(ancestor);
  }
  return dirs;
}

/**
 * The files a file imports, then the files those import (one hop further: a function imported
 * from `parse` returns a `SemVer` defined where `parse` imports it from), without repeats, at
 * most `limit` files, the direct ones first.
 */
export function nextHopImports<T>(direct: readonly T[], importsOf: (file: T) => readonly T[], limit: number): T[] {
  const out = direct.slice(0, limit);
  for (const file of direct) {
    for (const next of importsOf(file)) {
      if (out.length >= limit) return out;
      if (!out.includes(next)) out.push(next);
    }
  }
  return out;
}
