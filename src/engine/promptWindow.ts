// Builds the prefix/suffix windows around the cursor under a character budget.
//
// Cost: only lines inside the window are read (plus at most one grid's worth above it), so a
// keystroke in a 20 MB file costs what one in a 20 KB file does. Long lines are cut at
// character level; cuts never split a UTF-16 surrogate pair.
//
// Stability: the prefix window's first line snaps to a grid of lines, so while the user types
// in one region the prompt's beginning stays byte-identical. That is what lets DeepSeek bill
// most prompt tokens at the cache-hit price, and what lets our own typed-ahead cache match.
import { neutraliseSpecialTokens } from './fimTemplate';
import type { CursorPosition, DocumentView } from './types';

export interface PromptWindowOptions {
  /** Budget for prefix and suffix together, in UTF-16 code units. */
  readonly maxChars: number;
  /** Largest share of the budget the suffix may take (0..0.5). */
  readonly suffixShare: number;
  /** The prefix window starts on a multiple of this many lines (stability for caching). */
  readonly lineGrid?: number;
  /**
   * How far past its budget the prefix may grow, as a share of the budget, before its start moves
   * down to the next grid line (default a quarter). Every move makes a server read the whole
   * window again: for a local server's KV cache a window that grows longer and moves rarely is
   * cheaper than a small one that moves often.
   */
  readonly growth?: number;
  /**
   * When no line of `lineGrid` is near enough, try grids half as coarse down to this many lines
   * before giving up on a grid (default: `lineGrid`, no finer grid). A coarse grid and a small
   * budget (a long-lined file, a prompt sized for a slow server) would otherwise leave the start
   * unsnapped, moving with every line typed: a cold read of the window at every line.
   */
  readonly minLineGrid?: number;
}

export interface PromptWindow {
  /** Text before the cursor, lines joined with `\n`. */
  readonly prefix: string;
  /** Text after the cursor, lines joined with `\n`. */
  readonly suffix: string;
  /** Text of the cursor line before the cursor (may be cut on a very long line). */
  readonly linePrefix: string;
  /** Text of the cursor line after the cursor (may be cut on a very long line). */
  readonly lineSuffix: string;
  /** First document line whose text is in the prefix. */
  readonly prefixStartLine: number;
}

const DEFAULT_LINE_GRID = 32;
const DEFAULT_GROWTH = 0.25;
/** Long single lines are cut on this grid, for the same stability reason as the line grid. */
const CHAR_GRID = 256;

export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Moves a cut forward if it would land between the two halves of a surrogate pair. */
export function safeStart(text: string, start: number): number {
  if (start > 0 && start < text.length && isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))) {
    return start + 1;
  }
  return start;
}

/** Moves a cut backward if it would land between the two halves of a surrogate pair. */
export function safeEnd(text: string, end: number): number {
  if (end > 0 && end < text.length && isLowSurrogate(text.charCodeAt(end)) && isHighSurrogate(text.charCodeAt(end - 1))) {
    return end - 1;
  }
  return end;
}

export function buildPromptWindow(doc: DocumentView, position: CursorPosition, options: PromptWindowOptions): PromptWindow {
  const maxChars = Math.max(16, Math.floor(options.maxChars));
  const grid = Math.max(1, Math.floor(options.lineGrid ?? DEFAULT_LINE_GRID));
  const line = Math.min(Math.max(0, position.line), Math.max(0, doc.lineCount - 1));
  const lineText = doc.lineCount > 0 ? doc.lineText(line) : '';
  const character = safeEnd(lineText, Math.min(Math.max(0, position.character), lineText.length));

  const suffixBudget = Math.floor(maxChars * Math.min(0.5, Math.max(0, options.suffixShare)));
  const { suffix, lineSuffix } = buildSuffix(doc, line, lineText, character, suffixBudget);

  const prefixBudget = maxChars - suffix.length;
  const growth = Math.max(0, options.growth ?? DEFAULT_GROWTH);
  const minGrid = Math.max(1, Math.min(grid, Math.floor(options.minLineGrid ?? grid)));
  const { prefix, linePrefix, startLine } = buildPrefix(doc, line, lineText, character, prefixBudget, { grid, minGrid, growth });
  return { prefix, suffix, linePrefix, lineSuffix, prefixStartLine: startLine };
}

function buildSuffix(doc: DocumentView, line: number, lineText: string, character: number, budget: number) {
  const restEnd = safeEnd(lineText, Math.min(lineText.length, character + budget));
  const lineSuffix = lineText.slice(character, restEnd);
  const parts = [lineSuffix];
  let used = lineSuffix.length;
  if (restEnd === lineText.length) {
    for (let next = line + 1; next < doc.lineCount; next++) {
      const text = doc.lineText(next);
      if (used + 1 + text.length > budget) break;
      parts.push(text);
      used += 1 + text.length;
    }
  }
  return { suffix: parts.join('\n'), lineSuffix };
}

interface Snapping {
  readonly grid: number;
  readonly minGrid: number;
  readonly growth: number;
}

function buildPrefix(doc: DocumentView, line: number, lineText: string, character: number, budget: number, snapping: Snapping) {
  if (character > budget) {
    // The cursor line alone exceeds the budget (minified code): cut inside the line.
    const rawStart = Math.ceil((character - budget) / CHAR_GRID) * CHAR_GRID;
    const start = safeStart(lineText, Math.min(rawStart, character));
    const linePrefix = lineText.slice(start, character);
    return { prefix: linePrefix, linePrefix, startLine: line };
  }
  const linePrefix = lineText.slice(0, character);

  // Walk up while whole lines fit.
  let used = linePrefix.length;
  let fitStart = line;
  while (fitStart > 0) {
    const text = doc.lineText(fitStart - 1);
    if (used + text.length + 1 > budget) break;
    used += text.length + 1;
    fitStart--;
  }

  const startLine = fitStart > 0 ? snapStart(doc, fitStart, line, budget * snapping.growth, snapping) : fitStart;

  const parts: string[] = [];
  for (let l = startLine; l < line; l++) parts.push(doc.lineText(l));
  parts.push(linePrefix);
  return { prefix: parts.join('\n'), linePrefix, startLine };
}

/**
 * The window's first line, snapped to the grid. Prefer the grid line at or above the fit (the
 * window grows by at most one grid step past the budget, bounded by `allowed` characters);
 * otherwise the grid line below it (the window shrinks instead, and stays put until the fit
 * passes that line). When that line is past the cursor, the finest grid from `grid` down to
 * `minGrid` that has a line between the fit and the cursor. Reads at most the lines between
 * the fit and the grid line above it.
 */
function snapStart(doc: DocumentView, fitStart: number, line: number, allowed: number, { grid, minGrid }: Snapping): number {
  const below = Math.floor(fitStart / grid) * grid;
  let extra = 0;
  for (let l = below; l < fitStart && extra <= allowed; l++) extra += doc.lineText(l).length + 1;
  if (extra <= allowed) return below;
  for (let g = grid; g >= minGrid; g = Math.floor(g / 2)) {
    const above = Math.ceil(fitStart / g) * g;
    if (above <= line) return above;
    if (g === minGrid) break;
  }
  return fitStart;
}

/**
 * The window with every special token in its text neutralised (see neutraliseSpecialTokens):
 * what the model sees of the document can then never change the prompt's structure. Lengths
 * are kept, so positions computed on the window stay right.
 */
export function withoutSpecialTokens(window: PromptWindow): PromptWindow {
  return {
    ...window,
    prefix: neutraliseSpecialTokens(window.prefix),
    suffix: neutraliseSpecialTokens(window.suffix),
    linePrefix: neutraliseSpecialTokens(window.linePrefix),
    lineSuffix: neutraliseSpecialTokens(window.lineSuffix),
  };
}
