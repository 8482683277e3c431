// A large file reduced to what another file needs from it: its declarations (functions,
// classes and their members, types, constants) without the bodies. Whole lines only, in file
// order, so the model reads it as the file with its bodies elided.
import { languageFamily } from './languageSyntax';

/** The outline of `text`, at most `maxChars` long (whole lines); the text itself when it fits. */
export function outlineOf(text: string, languageId: string, maxChars: number): string {
  if (maxChars <= 0) return '';
  if (text.length <= maxChars) return text;
  const lines = languageFamily(languageId) === 'python' ? pythonOutline(text) : braceOutline(text);
  return cutAtLines(lines, maxChars);
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

const PY_DECLARATION = /^(?:@|def\s|async\s+def\s|class\s)/;
const PY_ASSIGNMENT = /^[A-Za-z_]\w*\s*(?::[^=]*)?=/;

function indentOf(line: string): number {
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  return i;
}

/** Decorators, def/class lines (with multi-line signatures), class attributes and module constants. */
function pythonOutline(text: string): string[] {
  const out: string[] = [];
  const lines = text.split('\n');
  // Indentation of the def whose body is being skipped, or -1.
  let skipDeeperThan = -1;
  let inSignature = false;
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const indent = indentOf(line);
    if (inSignature) {
      out.push(line);
      if (/:\s*(#.*)?$/.test(trimmed)) inSignature = false;
      continue;
    }
    if (skipDeeperThan >= 0) {
      if (indent > skipDeeperThan) continue;
      skipDeeperThan = -1;
    }
    const body = line.slice(indent);
    if (PY_DECLARATION.test(body)) {
      out.push(line);
      if (/^(?:async\s+)?def\s/.test(body)) {
        skipDeeperThan = indent;
        inSignature = !/:\s*(#.*)?$/.test(trimmed);
      }
      continue;
    }
    if (PY_ASSIGNMENT.test(body) && (indent === 0 || out.length > 0)) out.push(line);
  }
  return out;
}

type BlockKind = 'keep' | 'members' | 'skip';

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
      keep = outer < 0 || stack[outer] !== 'skip';
    }
    if (keep) out.push(line);
    const kind: BlockKind =
      inside === 'skip' ? 'skip' : inside === 'keep' ? 'keep' : KEEP_BLOCK.test(trimmed) && !/=>|\bfunction\b|\(/.test(trimmed) ? 'keep' : MEMBERS_BLOCK.test(trimmed) ? 'members' : 'skip';
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
