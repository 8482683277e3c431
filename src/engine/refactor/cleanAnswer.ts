// Turns a chat model's answer into the text that replaces the user's selection.
//
// Chat models wrap code in markdown fences and prose, and indent it their own way. What goes
// into the file must be the code alone, at the selection's indentation, in the file's tabs or
// spaces, with the selection's own blank lines around it kept as they were. All text here is
// `\n`-separated: the editor layer converts to and from the document's line endings.

/** The selection as the editor sees it. */
export interface SelectionContext {
  /** The selected text, `\n` line ends. */
  readonly text: string;
  /** The text of the selection's first line before the selection start. */
  readonly linePrefix: string;
}

/**
 * The selection split into what the model rewrites (`core`) and what stays as it is: blank
 * lines selected at the start and the end (`leading`, `trailing`).
 */
export interface SelectionShape {
  readonly leading: string;
  readonly core: string;
  readonly trailing: string;
  /** What precedes the core on its first line in the document ('' when the core starts a line). */
  readonly firstLinePrefix: string;
  /** The core starts after code on its line (e.g. the right-hand side of an assignment). */
  readonly startsAfterCode: boolean;
  /**
   * The core as the model is shown it: its first line carries the indentation that line has in
   * the document, so that every line of it is at its true indentation and the model can answer
   * in the same shape (a selection that starts after the indentation would otherwise look
   * dedented on its first line only).
   */
  readonly promptText: string;
}

export interface CleanOptions {
  /** The editor's indentation unit ('\t' or some spaces): used when the selection shows none. */
  readonly indentUnit?: string;
}

export interface CleanedAnswer {
  /** The rewritten code alone, re-indented; '' when the answer held no code. */
  readonly code: string;
  /** The exact text to put in place of the selection (meaningless when `code` is ''). */
  readonly replacement: string;
}

export function shapeSelection(selection: SelectionContext): SelectionShape {
  const text = toLf(selection.text);
  const leading = /^(?:[ \t]*\n)*/.exec(text)?.[0] ?? '';
  const rest = text.slice(leading.length);
  const trailing = trailingBlankRun(rest);
  const core = rest.slice(0, rest.length - trailing.length);
  // Selected blank lines at the start put the core at the beginning of a line of its own.
  const firstLinePrefix = leading === '' ? toLf(selection.linePrefix) : '';
  const startsAfterCode = firstLinePrefix.trim() !== '';
  const promptText = (startsAfterCode ? leadingWhitespace(firstLinePrefix) : firstLinePrefix) + core;
  return { leading, core, trailing, firstLinePrefix, startsAfterCode, promptText };
}

/** Cleans the answer and fits it into the selection's place. */
export function cleanAnswer(answer: string, selection: SelectionContext, options: CleanOptions = {}): CleanedAnswer {
  const shape = shapeSelection(selection);
  const extracted = extractCode(answer);
  if (extracted === '') return { code: '', replacement: '' };
  const lines = reindent(extracted.split('\n'), shape.promptText.split('\n'), options.indentUnit);
  // The document already holds the first line's prefix: the first line starts after it.
  if (shape.startsAfterCode) lines[0] = lines[0].trimStart();
  else if (lines[0].startsWith(shape.firstLinePrefix)) lines[0] = lines[0].slice(shape.firstLinePrefix.length);
  else lines[0] = lines[0].trimStart();
  const code = lines.join('\n');
  return { code, replacement: shape.leading + code + shape.trailing };
}

/**
 * The code in a chat answer: the largest fenced block (the first of equals), or, without
 * fences, the whole answer; a leading <think>...</think> block (reasoning models served by
 * Ollama) is dropped, and blank lines around the code are trimmed.
 */
export function extractCode(answer: string): string {
  const text = stripThinking(toLf(answer));
  const lines = text.split('\n');
  const blocks = fencedBlocks(lines);
  const best = blocks.reduce<string[] | undefined>((found, block) => (found === undefined || weight(block) > weight(found) ? block : found), undefined);
  if (best && weight(best) > 0) return trimBlankLines(best);
  // No fenced code (or only empty fences): the answer is the code, minus stray fence lines.
  return trimBlankLines(lines.filter((line) => !FENCE_LINE.test(line)));
}

// ---- fences ---------------------------------------------------------------------------------

/** An opening fence: three or more backticks or tildes, an optional info string (no backticks). */
const OPENING_FENCE = /^[ \t]*(`{3,}|~{3,})([^`]*)$/;
const FENCE_LINE = /^[ \t]*(`{3,}|~{3,})[^`]*$/;

/** The contents of every fenced block; an unclosed block (cut-off answer) runs to the end. */
function fencedBlocks(lines: readonly string[]): string[][] {
  const blocks: string[][] = [];
  let open: { marker: string; content: string[] } | undefined;
  for (const line of lines) {
    if (open) {
      if (isClosingFence(line, open.marker)) {
        blocks.push(open.content);
        open = undefined;
      } else {
        open.content.push(line);
      }
      continue;
    }
    const match = OPENING_FENCE.exec(line);
    if (match) open = { marker: match[1], content: [] };
  }
  if (open) blocks.push(open.content);
  return blocks;
}

function isClosingFence(line: string, opening: string): boolean {
  const match = /^[ \t]*(`{3,}|~{3,})[ \t]*$/.exec(line);
  return !!match && match[1][0] === opening[0] && match[1].length >= opening.length;
}

/** How much code a block holds: its non-whitespace characters. */
function weight(block: readonly string[]): number {
  let count = 0;
  for (const line of block) count += line.replace(/\s+/g, '').length;
  return count;
}

function stripThinking(text: string): string {
  const match = /^\s*<think>/.exec(text);
  if (!match) return text;
  const end = text.indexOf('</think>', match[0].length);
  // An unclosed thinking block is all thinking: no code came.
  return end < 0 ? '' : text.slice(end + '</think>'.length);
}

function trimBlankLines(lines: readonly string[]): string {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return trimEndSpacesAndTabs(lines.slice(start, end).join('\n'));
}

/** Trailing spaces and tabs removed, by a walk back from the end (a regex retried them from each space). */
function trimEndSpacesAndTabs(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(0, end);
}

// ---- indentation ----------------------------------------------------------------------------

/**
 * Moves the answer's lines from their common indentation to the original's, and turns the
 * indentation inside the block into the original's kind (tabs or spaces).
 */
function reindent(answerLines: readonly string[], originalLines: readonly string[], indentUnit: string | undefined): string[] {
  const answerBase = commonIndent(answerLines);
  const originalBase = commonIndent(originalLines);
  const target = targetIndentKind(originalLines, originalBase, indentUnit);
  const relatives = answerLines.filter((line) => line.trim() !== '').map((line) => leadingWhitespace(line).slice(answerBase.length));
  const answerUsesTabs = relatives.some((rel) => rel.includes('\t'));
  const answerSpaceUnit = smallestPositive(relatives.filter((rel) => !rel.includes('\t')).map((rel) => rel.length)) ?? 4;
  return answerLines.map((line) => {
    if (line.trim() === '') return '';
    const indent = leadingWhitespace(line);
    const relative = indent.slice(answerBase.length);
    return originalBase + convertIndent(relative, answerUsesTabs, answerSpaceUnit, target) + line.slice(indent.length);
  });
}

type IndentKind = { readonly tabs: true } | { readonly tabs: false; readonly width: number } | undefined;

/** Tabs or spaces (and how many per level), as the original selection shows, else the editor's unit. */
function targetIndentKind(originalLines: readonly string[], originalBase: string, indentUnit: string | undefined): IndentKind {
  const indents = originalLines.filter((line) => line.trim() !== '').map(leadingWhitespace);
  const unitWidth = indentUnit && /^ +$/.test(indentUnit) ? indentUnit.length : undefined;
  if (indents.some((indent) => indent.includes('\t'))) return { tabs: true };
  if (indents.some((indent) => indent.includes(' '))) {
    const steps = indents.map((indent) => indent.length - originalBase.length);
    return { tabs: false, width: unitWidth ?? smallestPositive(steps) ?? 4 };
  }
  if (indentUnit === '\t') return { tabs: true };
  if (unitWidth !== undefined) return { tabs: false, width: unitWidth };
  return undefined;
}

function convertIndent(relative: string, answerUsesTabs: boolean, answerSpaceUnit: number, target: IndentKind): string {
  if (target === undefined || relative === '') return relative;
  if (target.tabs && !answerUsesTabs) {
    // Whole levels become tabs; a remainder (alignment) stays spaces.
    const width = relative.length;
    return '\t'.repeat(Math.floor(width / answerSpaceUnit)) + ' '.repeat(width % answerSpaceUnit);
  }
  if (!target.tabs && answerUsesTabs) return relative.replace(/\t/g, ' '.repeat(target.width));
  return relative;
}

/** The longest whitespace prefix shared by every non-blank line. */
function commonIndent(lines: readonly string[]): string {
  let common: string | undefined;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const indent = leadingWhitespace(line);
    if (common === undefined) {
      common = indent;
      continue;
    }
    let i = 0;
    while (i < common.length && i < indent.length && common[i] === indent[i]) i++;
    common = common.slice(0, i);
    if (common === '') break;
  }
  return common ?? '';
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

function smallestPositive(values: readonly number[]): number | undefined {
  let smallest: number | undefined;
  for (const value of values) if (value > 0 && (smallest === undefined || value < smallest)) smallest = value;
  return smallest;
}

/** Newlines and whitespace-only lines at the end of the text ('' when it ends in code). */
function trailingBlankRun(text: string): string {
  let cut = text.length;
  let i = text.length;
  while (i > 0) {
    const c = text[i - 1];
    if (c === '\n') cut = i - 1;
    else if (c !== ' ' && c !== '\t') break;
    i--;
  }
  return text.slice(cut);
}

function toLf(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
