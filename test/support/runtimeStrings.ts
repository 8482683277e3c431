// The runtime strings as the tests read them: every `vscode.l10n.t('...')` / `t('...')` call in
// src/ (the pure modules take a `t` with the same shape), and the bundles in l10n/.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '../bench/benchStats';

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface TranslationCall {
  readonly file: string;
  readonly line: number;
  /** The key, when the first argument is a plain string literal. */
  readonly key?: string;
  /** What the first argument starts with, when it is not. */
  readonly dynamic?: string;
}

export const BUNDLE_FILES = ['l10n/bundle.l10n.json', 'l10n/bundle.l10n.zh-cn.json'] as const;

export function sourceFiles(dir = 'src'): SourceFile[] {
  const root = repoRoot();
  const walk = (path: string): string[] =>
    readdirSync(path, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(path, entry.name)) : entry.name.endsWith('.ts') ? [join(path, entry.name)] : []));
  return walk(join(root, dir)).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
}

/** A JavaScript string literal's value (single or double quotes, the escapes the sources use). */
function literalValue(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|.)/g, (_, escape: string) => {
    if (escape.startsWith('u')) return String.fromCodePoint(parseInt(escape.replace(/[u{}]/g, ''), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[escape] ?? escape;
  });
}

export function translationCalls(file: SourceFile): TranslationCall[] {
  const calls: TranslationCall[] = [];
  // Comment lines blanked (they quote calls as examples); the line numbers stay.
  const code = file.text.replace(/^\s*(\/\/|\/?\*).*$/gm, '');
  // `l10n.t(` or a bare `t(` (not `.t(`, not `split(`).
  for (const match of code.matchAll(/(?:\bl10n\.t|(?<![\w.$])t)\(\s*/g)) {
    const start = match.index + match[0].length;
    const line = code.slice(0, match.index).split('\n').length;
    const literal = /^(['"])((?:\\.|(?!\1)[^\\\n])*)\1/.exec(code.slice(start));
    if (literal) calls.push({ file: file.path, line, key: literalValue(literal[2]) });
    else calls.push({ file: file.path, line, dynamic: code.slice(start, start + 40) });
  }
  return calls;
}

export function readBundle(file: string): Record<string, string> {
  return JSON.parse(readFileSync(join(repoRoot(), file), 'utf8')) as Record<string, string>;
}

/** The {0}-style placeholders of a text, sorted, once each. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\d+\}/g)].map((m) => m[0]))].sort();
}
