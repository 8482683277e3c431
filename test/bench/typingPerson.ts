// The simulated person: how fast they type, where they pause, what a keystroke costs, and when
// they take the ghost text. Every random draw is a pure function of (seed, place in the file),
// so every strategy in a run sees exactly the same typing wherever it has to type.

export interface TypingProfile {
  /** Mean typing speed. */
  readonly charsPerSecond: number;
  /** Each gap is the mean gap times a uniform factor in [1 - jitter, 1 + jitter]. */
  readonly jitter: number;
  /** The pause after Enter, before the first character of a non-blank line, uniform in [min, max]. */
  readonly linePauseMinMs: number;
  readonly linePauseMaxMs: number;
  /** Ghost text must have been on screen this long before the person can take it. */
  readonly reactionMs: number;
  readonly seed: number;
}

export const DEFAULT_TYPING: TypingProfile = {
  charsPerSecond: 14,
  jitter: 0.4,
  linePauseMinMs: 300,
  linePauseMaxMs: 600,
  reactionMs: 0,
  seed: 20_260_907,
};

/** A uniform number in [0, 1) from (seed, stream, index): deterministic, well mixed. */
export function unitRandom(seed: number, stream: number, index: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 4294967296;
}

const GAP_STREAM = 1;
const PAUSE_STREAM = 2;

/** The gap before the keystroke that types the character at `offset` of the file. */
export function typingGapMs(profile: TypingProfile, offset: number): number {
  const mean = 1000 / profile.charsPerSecond;
  const factor = 1 - profile.jitter + 2 * profile.jitter * unitRandom(profile.seed, GAP_STREAM, offset);
  return mean * factor;
}

/** The pause before typing the first character of line `line` (after Enter and auto-indent). */
export function linePauseMs(profile: TypingProfile, line: number): number {
  const u = unitRandom(profile.seed, PAUSE_STREAM, line);
  return profile.linePauseMinMs + (profile.linePauseMaxMs - profile.linePauseMinMs) * u;
}

/** Leading spaces and tabs of a line: what the editor's auto-indent gives after Enter. */
export function indentationLength(line: string): number {
  let i = 0;
  while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
  return i;
}

/**
 * Keystrokes needed to type `text` by hand: one per character, one per Enter, none for the
 * indentation after a line break (the editor's auto-indent gives it).
 */
export function keystrokeCost(text: string): number {
  let cost = 0;
  let inIndentation = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      cost++;
      inIndentation = true;
      continue;
    }
    if (inIndentation && (code === 32 || code === 9)) continue;
    inIndentation = false;
    // The second half of a surrogate pair is part of the same keystroke.
    if (code >= 0xdc00 && code <= 0xdfff && i > 0) {
      const previous = text.charCodeAt(i - 1);
      if (previous >= 0xd800 && previous <= 0xdbff) continue;
    }
    cost++;
  }
  return cost;
}

export interface AcceptDecision {
  /** Characters of the ghost text taken (0 = keep typing). */
  readonly length: number;
  /** Keystrokes the accept costs: Tab for all of it, one "accept line" per line for a part. */
  readonly keystrokes: number;
  /** The whole item was accepted (VS Code then runs the item's command). */
  readonly full: boolean;
}

/**
 * The acceptance rule, the same for every strategy:
 * - the whole ghost text is a prefix of the true continuation: Tab takes all of it;
 * - otherwise the longest run of whole ghost lines that is still correct (ends where the ghost
 *   has a line break) is taken with "accept next line", one keystroke per line;
 * - otherwise the person ignores it and types on.
 */
export function decideAccept(ghost: string, truthFromCursor: string): AcceptDecision {
  if (ghost.length === 0) return { length: 0, keystrokes: 0, full: false };
  if (truthFromCursor.startsWith(ghost)) return { length: ghost.length, keystrokes: 1, full: true };
  let common = 0;
  const limit = Math.min(ghost.length, truthFromCursor.length);
  while (common < limit && ghost.charCodeAt(common) === truthFromCursor.charCodeAt(common)) common++;
  const lineEnd = ghost.lastIndexOf('\n', common);
  if (lineEnd <= 0) return { length: 0, keystrokes: 0, full: false };
  const taken = ghost.slice(0, lineEnd);
  if (taken.trim() === '') return { length: 0, keystrokes: 0, full: false };
  const lines = taken.split('\n').length;
  return { length: lineEnd, keystrokes: lines, full: false };
}
