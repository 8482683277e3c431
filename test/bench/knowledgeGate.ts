// Why repository context matters, as a model: a model cannot write a name it has never seen.
// The gated oracle knows the file being typed, as the benchmark's oracle does, but it cuts its
// answer before the first name that the rest of the current file never uses and another file
// of the project defines, unless that name appears somewhere in its request (in other files'
// snippets, or typed by the person already, which puts it in the prefix).
import type { CompletionRequest } from '../../src/engine/types';
import { OracleModel, type ModelTiming } from './oracleModel';

const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

const KEYWORDS = new Set(
  (
    'if else for while do return function def class const let var new this self true false null None True False undefined ' +
    'import from export as in is not and or of try catch except finally with yield await async break continue pass lambda ' +
    'raise throw super typeof instanceof delete switch case default elif global nonlocal assert type interface enum extends ' +
    'implements public private protected static readonly get set void'
  ).split(' '),
);

/**
 * Names every model knows from the language and its standard library (list, dict, string and
 * array methods, common attribute words): a sibling file that also defines one does not make
 * it unknowable.
 */
const COMMON_NAMES = new Set(
  (
    'append extend pop insert remove items keys values get update copy clear join split strip lstrip rstrip replace ' +
    'startswith endswith lower upper format encode decode find index count sort reverse read write close flush open seek ' +
    'tell add discard setdefault splitlines partition value name sub match search group push map filter reduce forEach ' +
    'slice splice concat trim includes indexOf entries length then catch finally test exec toString valueOf has delete ' +
    'message error options data input type key id result args kwargs text line lines size parse compare raw loose'
  ).split(' '),
);

/** Names a file defines: functions, classes, module-level assignments, attributes, interface and class members. */
export function definedNames(text: string, languageId: string): Set<string> {
  const out = new Set<string>();
  const add = (name: string | undefined) => {
    if (name && name.length > 2 && !KEYWORDS.has(name) && !COMMON_NAMES.has(name)) out.add(name);
  };
  if (languageId === 'python') {
    for (const m of text.matchAll(/^\s*(?:async\s+)?(?:def|class)\s+(\w+)/gm)) add(m[1]);
    for (const m of text.matchAll(/^(\w+)\s*=/gm)) add(m[1]);
    for (const m of text.matchAll(/self\.(\w+)\s*=/g)) add(m[1]);
  } else {
    for (const m of text.matchAll(/^\s*(?:export\s+)?(?:default\s+)?(?:declare\s+)?(?:async\s+)?(?:function|class|interface|type|const|let|var|enum)\s+(\w+)/gm)) add(m[1]);
    for (const m of text.matchAll(/^\s+(?:(?:readonly|private|public|protected|static|async)\s+)*(\w+)\??\s*[:(<]/gm)) add(m[1]);
  }
  return out;
}

/**
 * The text with comments and string literals blanked out (same length, line breaks kept), so
 * that only names used as code are gated: a word in a comment is prose, not a call.
 */
export function codeOnly(text: string, languageId: string): string {
  const python = languageId === 'python';
  const out: string[] = [];
  let i = 0;
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) out.push(text[k] === '\n' ? '\n' : ' ');
  };
  while (i < text.length) {
    const c = text[i];
    if ((python && c === '#') || (!python && c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? text.length : end;
      blank(i, stop);
      i = stop;
    } else if (!python && c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const stop = end < 0 ? text.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || (!python && c === '`')) {
      const triple = python && text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let k = i + close.length;
      while (k < text.length && !text.startsWith(close, k)) {
        if (text[k] === '\\') k++;
        else if (!triple && c !== '`' && text[k] === '\n') break;
        k++;
      }
      const stop = Math.min(text.length, k + close.length);
      blank(i, stop);
      i = stop;
    } else {
      out.push(c);
      i++;
    }
  }
  return out.join('');
}

function tokens(text: string): Set<string> {
  return new Set(text.match(IDENTIFIER) ?? []);
}

/** What the gate knows of one file of a project: its code-only lines, and the names it and its siblings define. */
export interface GateFacts {
  /** Aliases the file gives to modules from outside the project. */
  readonly externalModules: ReadonlySet<string>;
  readonly codeLines: readonly string[];
  readonly lines: readonly string[];
  readonly own: ReadonlySet<string>;
  readonly definedElsewhere: ReadonlySet<string>;
}

/** `projectRoots`: the top-level package or folder names of the project (`email`): imports of those are the project's own. */
export function gateFacts(fileText: string, languageId: string, otherFiles: readonly string[], projectRoots: ReadonlySet<string>): GateFacts {
  const definedElsewhere = new Set<string>();
  for (const other of otherFiles) for (const name of definedNames(other, languageId)) definedElsewhere.add(name);
  return {
    externalModules: externalModules(fileText, languageId, projectRoots),
    codeLines: codeOnly(fileText, languageId).split('\n'),
    lines: fileText.split('\n'),
    own: definedNames(fileText, languageId),
    definedElsewhere,
  };
}

/**
 * The names typing `region` needs from other files: used there as code, defined in a sibling,
 * used nowhere else in this file. Two kinds of use need nothing from a sibling, and are left
 * out: a name the region binds itself (a local variable, a parameter: the person coins it),
 * and an attribute of a module from outside the project (`quopri.decodestring`: the standard
 * library, which a model knows from training).
 */
export function gatedNames(facts: GateFacts, region: { start: number; end: number }): Set<string> {
  const inside = facts.codeLines.slice(region.start, region.end).join('\n');
  const elsewhere = tokens([...facts.lines.slice(0, region.start), ...facts.lines.slice(region.end)].join('\n'));
  const bound = boundNames(inside);
  const external = externalUses(inside, facts.externalModules);
  const gated = new Set<string>();
  for (const name of tokens(inside)) {
    if (!facts.definedElsewhere.has(name) || elsewhere.has(name) || facts.own.has(name) || KEYWORDS.has(name) || name.length <= 2) continue;
    if (bound.has(name) || external.has(name)) continue;
    gated.add(name);
  }
  return gated;
}

/** Names a piece of code binds: assignments, loop variables, parameters, `as` names. */
function boundNames(code: string): Set<string> {
  const out = new Set<string>();
  for (const m of code.matchAll(/(?:^|[\s,(])(?:const|let|var)?\s*([A-Za-z_$][\w$]*)\s*=(?!=)/gm)) out.add(m[1]);
  for (const m of code.matchAll(/\bfor\s*\(?\s*(?:const|let|var)?\s*([A-Za-z_$][\w$]*)\s+(?:in|of)\b/g)) out.add(m[1]);
  for (const m of code.matchAll(/\bas\s+([A-Za-z_$][\w$]*)/g)) out.add(m[1]);
  return out;
}

/** Names used only as attributes of an outside module (`quopri.decodestring`). */
function externalUses(code: string, modules: ReadonlySet<string>): Set<string> {
  const viaModule = new Set<string>();
  const otherwise = new Set<string>();
  for (const m of code.matchAll(/([A-Za-z_$][\w$]*)?(\.)?\b([A-Za-z_$][\w$]*)/g)) {
    if (m[2] && m[1] && modules.has(m[1])) viaModule.add(m[3]);
    else otherwise.add(m[3]);
  }
  return new Set([...viaModule].filter((name) => !otherwise.has(name)));
}

/** Aliases of modules from outside the project: `import quopri`, `import x.y as z`, `const fs = require('fs')`. */
function externalModules(text: string, languageId: string, projectRoots: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (languageId === 'python') {
    for (const m of text.matchAll(/^[ \t]*import[ \t]+([\w.]+)(?:[ \t]+as[ \t]+(\w+))?/gm)) {
      if (!projectRoots.has(m[1].split('.')[0])) out.add(m[2] ?? m[1].split('.')[0]);
    }
  } else {
    for (const m of text.matchAll(/\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*require\(\s*['"]([^'".][^'"]*)['"]\s*\)/g)) out.add(m[1]);
    for (const m of text.matchAll(/\bimport\s+(?:\*\s+as\s+)?([A-Za-z_$][\w$]*)\s+from\s+['"]([^'".][^'"]*)['"]/g)) out.add(m[1]);
  }
  return out;
}

/** The oracle with the knowledge gate. */
export class GatedOracle extends OracleModel {
  /** Answers cut by the gate. */
  cuts = 0;
  private readonly code: string;

  constructor(
    text: string,
    languageId: string,
    timing: ModelTiming,
    now: () => number,
    private readonly gated: ReadonlySet<string>,
    model?: string,
  ) {
    super(text, timing, now, model);
    this.code = gated.size > 0 ? codeOnly(text, languageId) : text;
  }

  override answerFor(request: CompletionRequest, cursor: number): string {
    const answer = super.answerFor(request, cursor);
    if (this.gated.size === 0 || answer === '') return answer;
    // The identifier the cursor is in the middle of counts: the model must finish it.
    const before = /[\w$]*$/.exec(this.code.slice(Math.max(0, cursor - 64), cursor))?.[0] ?? '';
    const span = before + this.code.slice(cursor, cursor + answer.length);
    let known: Set<string> | undefined;
    for (const match of span.matchAll(IDENTIFIER)) {
      const name = match[0];
      const end = (match.index ?? 0) + name.length;
      if (end <= before.length || !this.gated.has(name)) continue;
      known ??= tokens(request.prefix + '\n' + request.suffix);
      if (known.has(name)) continue;
      this.cuts++;
      return answer.slice(0, Math.max(0, (match.index ?? 0) - before.length));
    }
    return answer;
  }
}
