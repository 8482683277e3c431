// A large file reduced to what another file needs from it: its declarations (functions,
// classes and their members, types, constants) without the bodies. Whole lines only, in file
// order, so the model reads it as the file with its bodies elided.
import { languageFamily } from './languageSyntax';
import { pythonOutline } from './pythonOutline';

/** A file's outline, computed once when material arrives; cut to a budget per request. */
export interface Outline {
  readonly text: string;
  /** Declaration entries in file order (a multi-line signature is one entry), each with its rank (see rankOf). */
  readonly lines: readonly string[];
  readonly ranks: readonly number[];
  /** The name each entry declares, if any: entries naming what the code near the cursor uses are kept first. */
  readonly names: readonly (string | undefined)[];
}

export function buildOutline(text: string, languageId: string): Outline {
  const lines = languageFamily(languageId) === 'python' ? pythonOutline(text) : braceOutline(text);
  const pattern = languageFamily(languageId) === 'python' ? PY_DECLARED : BRACE_DECLARED;
  return { text, lines, ranks: lines.map(rankOf), names: lines.map((line) => declaredName(pattern, line)) };
}

/** The outline of `text`, at most `maxChars` long (whole lines); the text itself when it fits. */
export function outlineOf(text: string, languageId: string, maxChars: number): string {
  if (text.length <= maxChars) return maxChars <= 0 ? '' : text;
  return cutOutline(buildOutline(text, languageId), maxChars);
}

const NONE: ReadonlySet<string> = new Set();

/**
 * The outline cut to `maxChars`: the whole file when it fits, else all of its declarations
 * when they fit, else the most important ones first (types and functions before members and
 * constants), still in file order so it reads as the file does. Entries declaring a name in
 * `usedNearCursor` go first: the members other code reads.
 */
export function cutOutline(outline: Outline, maxChars: number, usedNearCursor: ReadonlySet<string> = NONE): string {
  if (maxChars <= 0) return '';
  if (outline.text.length <= maxChars) return outline.text;
  const all = outline.lines.reduce((n, line) => n + line.length + 1, 0) - 1;
  if (all <= maxChars) return outline.lines.join('\n');
  const keep = new Array<boolean>(outline.lines.length).fill(false);
  let used = 0;
  // -1: what the code near the cursor uses, kept before everything else.
  const rankAt = (i: number) => (usedNearCursor.has(outline.names[i] ?? '') ? -1 : outline.ranks[i]);
  for (const rank of [-1, 0, 1, 2]) {
    for (let i = 0; i < outline.lines.length; i++) {
      if (rankAt(i) !== rank) continue;
      const cost = outline.lines[i].length + 1;
      if (used + cost > maxChars + 1) continue;
      keep[i] = true;
      used += cost;
    }
  }
  return outline.lines.filter((_, i) => keep[i]).join('\n');
}

const PY_DECLARED = /^\s*(?:async\s+)?(?:def|class)\s+(\w+)|^\s*(?:self\.)?(\w+)\s*(?::[^=]*)?=/;
const BRACE_DECLARED = /\b(?:function|class|interface|type|enum|const|let|var|struct|trait|fn|func)\s+(\w+)|^\s+(?:this\.|(?:readonly|private|public|protected|static|async|abstract|override)\s+)*(\w+)\??\s*[:(<=]/;

/** The name a declaration line declares, if any (keywords and short names left out). */
function declaredName(pattern: RegExp, line: string): string | undefined {
  const match = pattern.exec(line);
  const name = match?.[1] ?? match?.[2];
  return name && name.length > 2 && !/^(?:if|for|while|switch|catch|return|constructor|self|this)$/.test(name) ? name : undefined;
}

/** The names an outline declares: what a caller of the file may use. */
export function declaredNames(outline: Outline): Set<string> {
  const names = new Set<string>();
  for (const name of outline.names) if (name !== undefined) names.add(name);
  return names;
}

const TYPE_DECLARATION = /^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:abstract\s+)?(?:class|interface|type|enum|struct|trait|impl)\b/;
const FUNCTION_DECLARATION = /^\s*(?:@|(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:def|function|fn|func)\b)/;
const METHOD_DECLARATION = /^\s+(?:(?:public|static|async|private|protected|override)\s+)*[A-Za-z_]\w*\s*(?:<[^>]*>)?\(.*\)[^;]*\{\s*$/;

/** 0: types (what code names most), 1: functions and methods, 2: members, attributes and constants. */
function rankOf(line: string): number {
  if (TYPE_DECLARATION.test(line)) return 0;
  if (FUNCTION_DECLARATION.test(line) || METHOD_DECLARATION.test(line)) return 1;
  return 2;
}

/** The first lines that fit in `maxChars` (lines joined with `\n`); never a partial line. */
export function cutAtLines(lines: readonly string[], maxChars: number): string {
  let used = 0;
  let count = 0;
  for (const line of lines) {
    const cost = line.length + (count > 0 ? 1 : 0);
    if (used + cost > maxChars) break;
    used += cost;
    count++;
  }
  return lines.slice(0, count).join('\n');
}

type BlockKind = 'keep' | 'members' | 'method' | 'skip';

const KEEP_BLOCK = /\b(?:interface|type|enum|struct|union|trait|namespace|module)\b/;
const MEMBERS_BLOCK = /\b(?:class|impl)\b/;
const TOP_DECLARATION = /^(?:export\s|declare\s|default\s|async\s|function\b|class\b|interface\b|type\b|enum\b|const\b|let\b|var\b|abstract\b|pub\b|fn\b|struct\b|impl\b|trait\b|func\b|typedef\b|#define\b|static\b|extern\b|[A-Za-z_][\w<>,\s*&:]*\s+\**[A-Za-z_]\w*\s*\()/;

/**
 * Brace languages: top-level declarations, every line of type-like blocks (interfaces, enums,
 * structs), member lines of classes, and no function bodies (their first and last lines stay).
 */
function braceOutline(text: string): string[] {
  const out: string[] = [];
  const stack: BlockKind[] = [];
  const fields = new Set<string>();
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const inside: BlockKind | 'top' = stack.length === 0 ? 'top' : stack[stack.length - 1];
    const { opens, closes } = braceBalance(line);
    let keep = false;
    if (trimmed === '') keep = false;
    else if (inside === 'top') keep = TOP_DECLARATION.test(trimmed) || /^[})\]]/.test(trimmed);
    else if (inside === 'keep' || inside === 'members') keep = true;
    else if (closes > opens) {
      // The last line of a body: kept (as its closing brace) when the scope it returns to is kept.
      const outer = stack.length - (closes - opens) - 1;
      keep = outer < 0 || stack[outer] === 'keep' || stack[outer] === 'members';
    } else if (inside === 'method') {
      // The fields a class's methods set (`this.operator = ...` in parse()) are its API, as Python's self attributes are.
      const field = /^this\.(\w+)\s*=(?!=)/.exec(trimmed);
      if (field && !fields.has(field[1])) {
        fields.add(field[1]);
        keep = true;
      }
    }
    if (keep) out.push(line);
    let kind: BlockKind;
    if (inside === 'skip') kind = 'skip';
    else if (inside === 'keep') kind = 'keep';
    else if (inside === 'members' || inside === 'method') kind = 'method';
    else if (KEEP_BLOCK.test(trimmed) && !/=>|\bfunction\b|\(/.test(trimmed)) kind = 'keep';
    else kind = MEMBERS_BLOCK.test(trimmed) ? 'members' : 'skip';
    if (kind === 'members') fields.clear();
    for (let i = 0; i < closes && stack.length > 0; i++) stack.pop();
    for (let i = 0; i < opens; i++) stack.push(kind);
  }
  return out;
}

/** Net braces of a line, ignoring those in strings and line comments (a rough, linear scan). */
function braceBalance(line: string): { opens: number; closes: number } {
  let opens = 0;
  let closes = 0;
  let quote = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92) i++;
      else if (c === quote) quote = 0;
      continue;
    }
    if (c === 34 || c === 39 || c === 96) quote = c;
    else if (c === 47 && line.charCodeAt(i + 1) === 47) break;
    else if (c === 123) opens++;
    else if (c === 125) {
      if (opens > 0) opens--;
      else closes++;
    }
  }
  return { opens, closes };
}
